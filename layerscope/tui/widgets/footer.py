"""The footer of every screen: the screen's keys on one line, drawn by one widget.

Textual's ``Footer`` makes a widget per key (fifteen on the comparison) and makes them all
again whenever the screen's bindings are refreshed. Styling and laying out those widgets
cost about 150 ms CPU of the 330 ms an app took from start to its first frame at 80×24
(measured on the fixture catalog; ``benchmarks/run.py`` B1 shows the same gain). This footer
keeps Textual's ``Footer`` as the container (its docking, colours and CSS) and draws its keys
as one line of text, redrawn only when what it shows changes (a key, a description, a key
enabled or not, ASCII key names).

When the keys do not fit the width, the footer leaves keys out rather than cutting the last
ones off: the keys that are off (disabled) first, then from the end, so the screen's own
keys stay; ``? Help`` and ``^p Palette`` always stay. A key that is off says so in words
(``(off)``), not by a dimmer colour alone. A click on a key presses it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from typing import Any, ClassVar

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

KEPT_ACTIONS = frozenset({"help", "app.help", "command_palette", "app.command_palette"})
"""Actions whose keys the footer never leaves out."""
OFF = " (off)"


@dataclass(frozen=True)
class _Part:
    """A run of the line: a key (pressed on a click), its description, or a gap."""

    text: str
    role: str
    """``key``, ``description`` or ``gap``."""
    key: str = ""
    enabled: bool = True


@dataclass(frozen=True)
class _Unit:
    """Keys that come and go together: one key and its description, or a group of keys
    and the group's label."""

    parts: tuple[_Part, ...]
    kept: bool
    off: bool

    @property
    def width(self) -> int:
        return sum(cell_len(part.text) for part in self.parts)


class FooterKeys(Widget):
    """One line of keys; ``palette`` for the command palette's key alone."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "footer-keys--key",
        "footer-keys--description",
        "footer-keys--off",
    }
    ALLOW_SELECT = False

    def __init__(self, *, palette: bool = False) -> None:
        super().__init__(classes="-palette" if palette else "")
        self.palette = palette
        self._units: tuple[_Unit, ...] = ()
        self._regions: list[tuple[int, int, _Part]] = []

    def on_mount(self) -> None:
        self.update_keys()

    def update_keys(self) -> None:
        """Read the screen's keys again; redraw only when they changed."""
        units = tuple(self._read())
        if units != self._units:
            self._units = units
            self.refresh(layout=self.palette)
        if self.palette:
            self.display = bool(units)  # no palette on this screen: no divider either

    def _read(self) -> Iterator[_Unit]:
        app = self.app
        active = self.screen.active_bindings
        if self.palette:
            if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
                _node, binding, enabled, _tip = active[app.COMMAND_PALETTE_BINDING]
                yield self._single(binding, enabled)
            return
        by_action: dict[str, list[tuple[Binding, bool]]] = {}
        for _node, binding, enabled, _tip in active.values():
            if binding.show and binding.action != "command_palette":
                by_action.setdefault(binding.action, []).append((binding, enabled))
        firsts = [bindings[0] for bindings in by_action.values()]
        for group, members in groupby(firsts, lambda item: item[0].group):
            members_ = list(members)
            if group is not None and len(members_) > 1:
                yield self._group(group.description, members_)
            else:
                yield from (self._single(binding, enabled) for binding, enabled in members_)

    def _single(self, binding: Binding, enabled: bool) -> _Unit:
        display = self.app.get_key_display(binding)
        description = binding.description + ("" if enabled else OFF)
        parts = [_Part(display, "key", binding.key, enabled)]
        if description:
            parts.append(_Part(" " + description, "description", binding.key, enabled))
        if not self.palette:
            parts.append(_Part(" ", "gap"))
        return _Unit(tuple(parts), binding.action in KEPT_ACTIONS, not enabled)

    def _group(self, label: str, members: list[tuple[Binding, bool]]) -> _Unit:
        # Arrows run together (↑↓); key names (ASCII mode: up down) stand apart.
        parts = [_Part(" ", "gap")]
        for n, (binding, enabled) in enumerate(members):
            display = self.app.get_key_display(binding)
            if n and not (cell_len(display) == 1 and cell_len(parts[-1].text) == 1):
                parts.append(_Part(" ", "gap"))
            parts.append(_Part(display, "key", binding.key, enabled))
        parts += [_Part(" ", "gap"), _Part(label, "description"), _Part(" ", "gap")]
        kept = any(binding.action in KEPT_ACTIONS for binding, _ in members)
        off = not any(enabled for _, enabled in members)
        return _Unit(tuple(parts), kept, off)

    def _fitted(self, width: int) -> list[_Unit]:
        """The units that fit ``width``, leaving out the least wanted first."""
        units = list(self._units)
        used = sum(unit.width for unit in units)
        order = [u for u in reversed(units) if u.off and not u.kept]
        order += [u for u in reversed(units) if not u.off and not u.kept]
        dropped: set[int] = set()
        for unit in order:
            if used <= width:
                break
            dropped.add(id(unit))
            used -= unit.width
        return [unit for unit in units if id(unit) not in dropped]

    def get_content_width(self, container: Any, viewport: Any) -> int:
        return sum(unit.width for unit in self._units)

    def render(self) -> Content:
        styles = {
            role: self.get_visual_style(f"footer-keys--{role}")
            for role in ("key", "description", "off")
        }
        pieces: list[Content] = []
        self._regions = []
        x = 0
        for unit in self._fitted(self.size.width):
            for part in unit.parts:
                piece = Content(part.text)
                if part.role != "gap":
                    piece = piece.stylize(styles[part.role])
                    if not part.enabled:
                        piece = piece.stylize(styles["off"])
                    self._regions.append((x, x + cell_len(part.text), part))
                pieces.append(piece)
                x += cell_len(part.text)
        return Content.assemble(*pieces)

    def on_click(self, event: events.Click) -> None:
        for start, end, part in self._regions:
            if start <= event.x < end and part.key:
                event.stop()
                if part.enabled:
                    self.app.simulate_key(part.key)
                else:
                    self.app.bell()
                return


class ScreenFooter(Footer):
    """Textual's ``Footer`` as the container, its keys drawn by :class:`FooterKeys`."""

    def __init__(self, *, compact: bool = True) -> None:
        super().__init__(compact=compact)
        self._bindings_ready = True  # the screen's bindings are known as it is made

    def compose(self) -> ComposeResult:
        yield FooterKeys()
        yield FooterKeys(palette=True)

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            for keys in self.query(FooterKeys):
                keys.update_keys()
