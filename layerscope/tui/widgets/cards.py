"""The pieces of the comparison screen: layer cards and pane headers.

Everything they show comes from the compare view's pieces
(:func:`layerscope.report.views.compare.compare_pieces`), the same ones the compare export
is made of: a card shows its slot's ``head``, a pane header its stack's name and verdict
(the strip of the selected level is :mod:`layerscope.tui.widgets.strip`). These widgets lay
the lines out, clip them and draw the selection and the filter's highlights; they compute
no content of their own. The cards are drawn by
:class:`~layerscope.tui.widgets.levels.LevelsView`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from layerscope.model import Layer, Stack
from layerscope.report.format import Glyphs, count, problem_name
from layerscope.report.views.compare import Slot, StackHeader
from layerscope.tui.widgets import highlight as text
from layerscope.tui.widgets.document import line_content

if TYPE_CHECKING:
    from layerscope.tui.widgets.levels import LevelsView

GUTTER = 3
"""Columns around a card's text: the selection mark and a space on the left, one on the right."""
EXTRA_LINES = 1
"""Lines a card may add to its head's, for a line that wraps (none when compact); more
where the view has rows to spare (:class:`~layerscope.tui.widgets.levels.LevelsView`)."""


def clip(content: Content, width: int, max_lines: int, g: Glyphs) -> list[Content]:
    """Wrap content to ``width`` and keep at most ``max_lines``, ending with an ellipsis."""
    if width <= 0 or max_lines <= 0:
        return []
    lines = content.wrap(width)
    if len(lines) > max_lines or any(line.cell_length > width for line in lines):
        lines = lines[:max_lines]
        room = max(width - cell_len(g.ellipsis), 0)
        lines[-1] = lines[-1].truncate(room).rstrip() + g.ellipsis
    return lines


def fit(lines: Sequence[Content], width: int, extra: int, g: Glyphs) -> list[Content]:
    """Each line on one row, clipped; ``extra`` more rows go to the first lines that wrap."""
    fitted: list[Content] = []
    for content in lines:
        wrapped = content.wrap(width) if width > 0 else []
        rows = min(max(len(wrapped), 1), 1 + extra)
        extra -= rows - 1
        fitted += clip(content, width, rows, g)
    return fitted


class LayerCard:
    """One stack's slot at one level, as :class:`~layerscope.tui.widgets.levels.LevelsView`
    draws it: the slot's head lines fitted to the card's width, and the filter's matches.

    Not a widget: the levels view draws every card itself (one widget for all of them keeps
    key presses cheap). :attr:`state` says how the card is drawn now.
    """

    def __init__(
        self,
        stack: Stack,
        layer: Layer | None,
        slot: Slot,
        glyphs: Glyphs,
        *,
        level: int,
        index: int,
    ) -> None:
        """A card for ``slot`` (``layer`` of ``stack``, or none) in pane ``index``."""
        self.stack = stack
        self.record = layer
        self.level = level
        self.index = index
        self.view: LevelsView | None = None
        """The view that draws the card (it knows the selection)."""
        self.pattern: re.Pattern[str] | None = None
        self.hits = 0
        self.hidden_hits: list[str] = []
        """Matching problems and examples (not visible on the card itself)."""
        self.version = 0
        """Goes up whenever the card's lines change."""
        self._fitted: tuple[tuple[object, ...], list[Content]] | None = None
        self.slot: Slot | None = None
        self.glyphs: Glyphs = glyphs
        self.show(slot, glyphs)

    def show(self, slot: Slot, glyphs: Glyphs) -> None:
        """Show this slot (a new reading of the same layer: reload, ASCII mode, a date).

        A slot like the one on show changes nothing: its fitted lines stay.
        """
        if self.slot == slot and self.glyphs == glyphs:
            return
        self.slot = slot
        self.glyphs = glyphs
        self._head = [line_content(line) for line in slot.head]
        self._changed()

    def _changed(self) -> None:
        self.version += 1
        self._fitted = None

    @property
    def state(self) -> Literal["current", "selected", ""]:
        """``current`` (selected level, current pane), ``selected`` (another pane) or ``""``."""
        view = self.view
        if view is None or view.selected_level != self.level:
            return ""
        return "current" if view.pane == self.index else "selected"

    # -- the filter -----------------------------------------------------------------------------

    def set_filter(self, pattern: re.Pattern[str] | None) -> int:
        """Highlight what matches; returns the number of matching items in this layer."""
        self.pattern = pattern
        self.hits = self._count_hits(pattern)
        self._changed()
        return self.hits

    def _count_hits(self, pattern: re.Pattern[str] | None) -> int:
        layer = self.record
        self.hidden_hits = []
        if pattern is None or layer is None:
            return 0
        hits = int(text.matches(pattern, layer.display_label, layer.name, layer.summary))
        problems = dict.fromkeys([*layer.introduces, *(h.problem for h in layer.addresses)])
        for pid in problems:
            name = problem_name(self.stack, pid)
            if text.matches(pattern, pid, name):
                self.hidden_hits.append(name)
        self.hidden_hits += [
            ex.name for ex in layer.examples if text.matches(pattern, ex.name, ex.org)
        ]
        return hits + len(self.hidden_hits)

    # -- lines ----------------------------------------------------------------------------------

    def lines(self, width: int, extra: int) -> list[Content]:
        """The card's text at ``width`` columns, with ``extra`` rows for head lines that
        wrap: the head, then what the filter found."""
        key = (width, extra)
        if self._fitted is None or self._fitted[0] != key:
            self._fitted = (key, self._fit(width, extra))
        return self._fitted[1]

    def _fit(self, width: int, extra: int) -> list[Content]:
        g = self.glyphs
        head = [text.mark(line, self.pattern) for line in self._head]
        lines = fit(head, width, extra, g)
        if self.pattern is not None and self.hits:
            found = Content.styled(f"/ {count(self.hits, 'match', 'matches')}", "bold reverse")
            names = [text.mark(Content(name), self.pattern) for name in self.hidden_hits]
            if names:
                found = Content.assemble(found, " ", Content(", ").join(names))
            lines += clip(found, width, 1, g)
        return lines


class PaneHeader(Widget):
    """A pane's header: the stack's name, then its verdict with the numbers behind it."""

    ALLOW_SELECT = False

    pane: reactive[int] = reactive(0)
    """The index of the current pane (bound from the screen)."""

    class Selected(Message):
        """The header was clicked: make its pane current."""

        def __init__(self, header: PaneHeader) -> None:
            self.header = header
            super().__init__()

    def __init__(self, header: StackHeader, glyphs: Glyphs, *, index: int, pane: int = 0) -> None:
        super().__init__(classes="-current" if pane == index else "")
        self.set_reactive(PaneHeader.pane, pane)
        self.index = index
        self.show(header, glyphs)

    def show(self, header: StackHeader, glyphs: Glyphs) -> None:
        """Show this header (a new reading: reload, ASCII mode)."""
        self.header = header
        self.glyphs = glyphs
        self._title = line_content(header.name).stylize_before("bold")
        self._verdict = Content("  ").join([line_content(line) for line in header.verdict])
        if self.is_mounted:
            self.refresh()

    def watch_pane(self, pane: int) -> None:
        self.set_class(pane == self.index, "-current")

    def render(self) -> Content:
        width = self.content_size.width
        g = self.glyphs
        marker = f"{g.pane} " if self.pane == self.index else " " * (cell_len(g.pane) + 1)
        title = Content.styled(marker, "bold $text-accent") + self._title
        lines = [*clip(title, width, 1, g), *clip(Content("  ") + self._verdict, width, 1, g)]
        return Content("\n").join(lines)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Selected(self))
