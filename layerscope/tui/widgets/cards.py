"""The pieces of the comparison screen: layer cards, pane headers and the level strip."""

from __future__ import annotations

import re
from typing import ClassVar, Literal

from textual import events
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from layerscope.analysis import progression, score
from layerscope.model import Layer, Stack
from layerscope.tui.widgets import highlight as text

GUTTER = 3
"""Columns around a card's text: the selection bar and a space on the left, one on the right."""


def clip_lines(content: Content, width: int, max_lines: int) -> list[Content]:
    """Wrap content to ``width`` and keep at most ``max_lines``, ending with an ellipsis."""
    if width <= 0:
        return []
    lines = content.wrap(width)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].truncate(max(width - 1, 0)).rstrip() + "…"
    return lines


class LayerCard(Widget):
    """One layer of one stack at one level; an empty slot when the stack lacks the level.

    The selection is drawn by the card itself (a bar on the left and a background, from
    its component classes): moving it repaints two rows of cards without styling them
    again, which keeps key presses cheap. The ``-selected`` and ``-current`` classes
    follow once the selection settles (see :meth:`settle`).
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "layer-card--selected",
        "layer-card--current",
        "layer-card--bar-selected",
        "layer-card--bar-current",
    }

    # Bound from the screen; a change repaints the card only if its look changes.
    selected_level: reactive[int | None] = reactive(None, repaint=False)
    """The level selected on the screen."""
    pane: reactive[int] = reactive(0, repaint=False)
    """The index of the current pane."""
    compact: reactive[bool] = reactive(False, layout=True)
    """One line of summary instead of two (on small terminals)."""
    ascii: reactive[bool] = reactive(False)
    """ASCII symbols only."""

    class Selected(Message):
        """The card was clicked: select its level and pane."""

        def __init__(self, card: LayerCard) -> None:
            self.card = card
            super().__init__()

    class Opened(Message):
        """The card was double-clicked, or clicked while selected: drill in."""

        def __init__(self, card: LayerCard) -> None:
            self.card = card
            super().__init__()

    def __init__(
        self,
        stack: Stack,
        layer: Layer | None,
        level: int,
        index: int,
        *,
        selected_level: int | None = None,
        pane: int = 0,
    ) -> None:
        """A card for ``layer`` (or an empty slot) of ``stack`` in pane ``index``."""
        classes = [f"pane-{index}"] + ([] if layer else ["-empty"])
        if selected_level == level:
            classes += ["-selected", "-current"] if pane == index else ["-selected"]
        super().__init__(classes=" ".join(classes))
        self.set_reactive(LayerCard.selected_level, selected_level)
        self.set_reactive(LayerCard.pane, pane)
        self.stack = stack
        self.record = layer
        self.level = level
        self.index = index
        self.pattern: re.Pattern[str] | None = None
        self.hits = 0
        self.hidden_hits: list[str] = []
        """Matching problems and examples (not visible on the card itself)."""
        self._cache: tuple[tuple[object, ...], list[Content]] | None = None
        self._rendered: tuple[tuple[object, ...], Content] | None = None
        self._state = self.state

    @property
    def state(self) -> Literal["current", "selected", ""]:
        """``current`` (selected level, current pane), ``selected`` (another pane) or ``""``."""
        if self.selected_level != self.level:
            return ""
        return "current" if self.pane == self.index else "selected"

    def watch_selected_level(self) -> None:
        self._restate()

    def watch_pane(self) -> None:
        self._restate()

    def _restate(self) -> None:
        if self.state != self._state:
            self._state = self.state
            self.refresh()

    def settle(self) -> None:
        """Give the card the ``-selected`` / ``-current`` classes its state calls for.

        For styling hooks and queries; the screen calls this once the selection stops
        moving (styling a widget again costs more than repainting it).
        """
        state = self.state
        if self.has_class("-selected") == bool(state) and self.has_class("-current") == (
            state == "current"
        ):
            return
        names = set(self.classes) - {"-selected", "-current"}
        if state:
            names |= {"-selected", "-current"} if state == "current" else {"-selected"}
        self.set_classes(" ".join(sorted(names)))

    def set_filter(self, pattern: re.Pattern[str] | None) -> int:
        """Highlight what matches; returns the number of matching items in this layer."""
        self.pattern = pattern
        self.hits = self._count_hits(pattern)
        self.set_class(self.hits > 0, "-match")
        self.refresh(layout=True)
        return self.hits

    def _count_hits(self, pattern: re.Pattern[str] | None) -> int:
        layer = self.record
        self.hidden_hits = []
        if pattern is None or layer is None:
            return 0
        hits = int(text.matches(pattern, layer.display_label, layer.name, layer.summary))
        problems = dict.fromkeys([*layer.introduces, *(h.problem for h in layer.addresses)])
        for pid in problems:
            name = text.problem_name(self.stack, pid)
            if text.matches(pattern, pid, name):
                self.hidden_hits.append(name)
        self.hidden_hits += [
            ex.name for ex in layer.examples if text.matches(pattern, ex.name, ex.org)
        ]
        return hits + len(self.hidden_hits)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width - GUTTER))

    def render(self) -> Content:
        width = self.content_size.width
        lines = self._lines(width - GUTTER)
        state = self._state
        key = (state, width, id(lines))
        if self._rendered is None or self._rendered[0] != key:
            self._rendered = (key, self._decorate(lines, state, width))
        return self._rendered[1]

    def _decorate(self, lines: list[Content], state: str, width: int) -> Content:
        if not state:
            return Content("\n").join(Content("  ") + line for line in lines)
        bar = self.get_visual_style(f"layer-card--bar-{state}")
        background = self.get_visual_style(f"layer-card--{state}")
        mark = "█" if state == "current" else "▌"
        return Content("\n").join(
            Content.assemble(Content.styled(mark, bar), " ", line)
            .pad_right(max(0, width - line.cell_length - 2))
            .stylize_before(background)
            for line in lines
        )

    def _lines(self, width: int) -> list[Content]:
        # Selection changes repaint the card but not its text: wrap once per look.
        key = (width, self.pattern, self.hits, self.compact, self.ascii)
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, self._make_lines(width))
        return self._cache[1]

    def _make_lines(self, width: int) -> list[Content]:
        layer = self.record
        if layer is None:
            return [
                Content.styled(f"L{self.level}", "$text-disabled"),
                Content.styled(f"no layer at level {self.level}", "italic $text-disabled"),
            ]
        lines = clip_lines(text.layer_title(layer, self.pattern), width, 1)
        summary = text.marked(layer.summary, self.pattern, "$text-muted")
        lines += clip_lines(summary, width, 1 if self.compact else 2)
        counts = text.outcome_counts(score(layer.addresses).outcomes, ascii=self.ascii)
        introduced = len(layer.introduces)
        new = (
            "no new problems"
            if not introduced
            else f"+{introduced} new problem" + ("s" if introduced > 1 else "")
        )
        lines.append(
            Content.assemble(counts, (f"  {new}", "$text-muted")).truncate(width, ellipsis=True)
        )
        if self.pattern is not None and self.hits:
            found = "match" if self.hits == 1 else "matches"
            line = Content.styled(f"/ {self.hits} {found}", "bold reverse")
            if self.hidden_hits:
                names = [text.marked(name, self.pattern) for name in self.hidden_hits]
                line += Content(" ") + text.join(names)
            lines.append(line.truncate(width, ellipsis=True))
        return lines

    def on_click(self, event: events.Click) -> None:
        event.stop()
        if self.record is None:
            self.post_message(self.Selected(self))
        elif event.chain >= 2 or self.state == "current":
            self.post_message(self.Opened(self))
        else:
            self.post_message(self.Selected(self))


class PaneHeader(Widget):
    """A pane's header: the stack's name and its verdict with the numbers."""

    ALLOW_SELECT = False

    pane: reactive[int] = reactive(0)
    """The index of the current pane (bound from the screen)."""

    class Selected(Message):
        """The header was clicked: make its pane current."""

        def __init__(self, header: PaneHeader) -> None:
            self.header = header
            super().__init__()

    def __init__(self, stack: Stack, index: int, *, pane: int = 0) -> None:
        super().__init__(classes=f"pane-{index}" + (" -current" if pane == index else ""))
        self.set_reactive(PaneHeader.pane, pane)
        self.stack = stack
        self.index = index
        self._progression = progression(stack)

    def watch_pane(self, pane: int) -> None:
        self.set_class(pane == self.index, "-current")

    def render(self) -> Content:
        width = self.content_size.width
        marker = "▸ " if self.pane == self.index else "  "
        title = Content.assemble((marker, "bold $text-accent"), text.plain(self.stack.name, "bold"))
        verdict = Content("  ") + text.verdict(self._progression)
        return Content("\n").join(
            [title.truncate(width, ellipsis=True), verdict.truncate(width, ellipsis=True)]
        )

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Selected(self))


class StripCell(Widget):
    """The selected level in one stack: what its layer addresses and introduces."""

    ALLOW_SELECT = False

    def __init__(self, stack: Stack, index: int) -> None:
        super().__init__(classes=f"pane-{index}")
        self.stack = stack
        self.index = index
        self.record: Layer | None = None
        self.level: int | None = None
        self.ascii = False
        self._contents: dict[tuple[int | None, bool], Content] = {}

    def show(self, level: int | None, *, ascii: bool) -> None:
        """Show the stack's layer at ``level`` (or that it has none).

        Only a repaint: the strip's height is fitted once for every level (see
        :meth:`lines_needed`), so moving the selection never lays the screen out again.
        """
        self.level = level
        self.record = self._layer_at(level)
        self.ascii = ascii
        self.refresh()

    def _layer_at(self, level: int | None) -> Layer | None:
        return next((la for la in self.stack.layers if la.level == level), None)

    def lines_needed(self, levels: list[int], width: int) -> int:
        """The most lines any of these levels takes at this width."""
        if width <= 0:
            return 1
        return max(
            (len(self._content(level, self._layer_at(level)).wrap(width)) for level in levels),
            default=1,
        )

    def render(self) -> Content:
        return self._content(self.level, self.record)

    def _content(self, level: int | None, layer: Layer | None) -> Content:
        key = (level, self.ascii)
        if key not in self._contents:
            self._contents[key] = self._make_content(level, layer)
        return self._contents[key]

    def _make_content(self, level: int | None, layer: Layer | None) -> Content:
        stack = self.stack
        head = text.plain(stack.title, "bold")
        if layer is None:
            where = "no layers" if level is None else f"no layer at level {level}"
            return Content.assemble(head, ("  " + where, "italic $text-disabled"))
        lines = [Content.assemble(head, " ", text.layer_title(layer))]
        if layer.addresses:
            handled = [
                Content.assemble(
                    text.outcome(h.outcome, ascii=self.ascii, word=False),
                    " ",
                    text.plain(text.problem_name(stack, h.problem)),
                )
                for h in layer.addresses
            ]
            lines.append(Content.assemble(("addresses  ", "$text-muted"), text.join(handled)))
        else:
            lines.append(Content.styled("addresses  nothing from below", "$text-muted"))
        if layer.introduces:
            names = [text.plain(text.problem_name(stack, pid)) for pid in layer.introduces]
            lines.append(Content.assemble(("introduces ", "$text-muted"), text.join(names)))
        else:
            lines.append(Content.styled("introduces nothing new", "$text-muted"))
        return Content("\n").join(lines)
