"""The footer of every screen: Textual's, made with the screen and remade only on a change.

Textual's ``Footer`` waits for the first frame to fill itself, then makes its keys again
whenever the screen's bindings are refreshed, even when nothing it shows has changed. This
one fills itself as the screen is made and makes its keys again only when what it shows
changes (a key, a description, a key enabled or not, ASCII key names). Measured on the
stress pair (``benchmarks/run.py``, S1): the first key press after start-up went from
50-85 ms to 22-24 ms CPU, because it no longer lays out and draws a new footer.

When the keys do not fit the width, the footer leaves keys out rather than cutting the
last ones off: the keys that are off (disabled) first, then from the end, so the screen's
own keys stay; ``? Help`` and ``^p Palette`` always stay. A key that is off says so in
words (``(off)``), not by a dimmer colour alone.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

KEPT_ACTIONS = frozenset({"help", "app.help", "command_palette", "app.command_palette"})
"""Actions whose keys the footer never leaves out."""
OFF = " (off)"


class ScreenFooter(Footer):
    """A compact-capable ``Footer`` that is ready at once and stays put when nothing changed."""

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        # Textual's flag for "the screen's bindings are known": they are, as the screen is
        # made, so the first frame has the keys.
        self._bindings_ready = True
        self._shown: tuple[object, ...] | None = None

    def _what_it_shows(self) -> tuple[object, ...]:
        app = self.app
        return tuple(
            (
                binding.key,
                binding.action,
                binding.description,
                enabled,
                tooltip,
                app.get_key_display(binding),
            )
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        )

    def compose(self) -> ComposeResult:
        self._shown = self._what_it_shows()
        self._widths: dict[Widget, int] = {}
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget._disabled and widget.description:
                widget.description += OFF
            yield widget
        self.call_after_refresh(self.fit)

    def on_resize(self) -> None:
        self.fit()

    def _units(self) -> list[list[Widget]]:
        # A group of keys and the label after it come and go together.
        units: list[list[Widget]] = []
        for child in self.children:
            if "-command-palette" in child.classes:
                continue
            if type(child).__name__ == "FooterLabel" and units:
                units[-1].append(child)
            else:
                units.append([child])
        return units

    def fit(self) -> None:
        """Show as many keys as the width holds, leaving out the least wanted first."""
        if not self.is_attached or not self.size.width:
            return
        units = self._units()
        widths = getattr(self, "_widths", {})
        for unit in units:
            for widget in unit:
                if widget not in widths and widget.display and widget.outer_size.width:
                    widths[widget] = widget.outer_size.width + widget.styles.margin.width
        if any(widget not in widths for unit in units for widget in unit):
            for unit in units:
                for widget in unit:
                    widget.display = True
            self.call_after_refresh(self.fit)  # measured once laid out
            return
        self._widths = widths
        palette = sum(
            w.outer_size.width + w.styles.margin.width
            for w in self.children
            if "-command-palette" in w.classes
        )
        room = self.size.width - palette

        def kept(unit: list[Widget]) -> bool:
            return any(isinstance(w, FooterKey) and w.action in KEPT_ACTIONS for w in unit)

        def off(unit: list[Widget]) -> bool:
            return all(isinstance(w, FooterKey) and w._disabled for w in unit)

        # Least wanted first: keys that are off, then from the end of the list.
        order = [u for u in reversed(units) if off(u) and not kept(u)]
        order += [u for u in reversed(units) if not off(u) and not kept(u)]
        shown = {id(u) for u in units}
        used = sum(widths[w] for u in units for w in u)
        for unit in order:
            if used <= room:
                break
            shown.discard(id(unit))
            used -= sum(widths[w] for w in unit)
        for unit in units:
            for widget in unit:
                widget.display = id(unit) in shown

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen and self._what_it_shows() == self._shown:
            return
        super().bindings_changed(screen)
