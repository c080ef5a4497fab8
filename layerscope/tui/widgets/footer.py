"""The footer of every screen: Textual's, made with the screen and remade only on a change.

Textual's ``Footer`` waits for the first frame to fill itself, then makes its keys again
whenever the screen's bindings are refreshed, even when nothing it shows has changed. This
one fills itself as the screen is made and makes its keys again only when what it shows
changes (a key, a description, a key enabled or not, ASCII key names). Measured on the
stress pair (``benchmarks/run.py``, S1): the first key press after start-up went from
50-85 ms to 22-24 ms CPU, because it no longer lays out and draws a new footer.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


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
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen and self._what_it_shows() == self._shown:
            return
        super().bindings_changed(screen)
