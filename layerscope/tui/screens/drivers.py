"""The drivers screen: what drives each stack on show.

Per stack, a card with each driver's weight as a bar and its indicator metrics (latest
value and as-of date); below, the stacks' answers to the shared comparison dimensions side
by side, in the order of the dimensions file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

from rich import box
from rich.console import RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from layerscope.analysis import DriverView, dimension_answers, drivers, latest
from layerscope.catalog import Catalog
from layerscope.model import Dimension, Stack
from layerscope.report import View
from layerscope.report.format import bar, glyphs, quantity, sparkline

MAX_STACKS = 4
MIN_CARD_WIDTH = 38
"""Below this many cells per stack, the cards stack vertically instead of side by side."""

MATCH_STYLE = "bold reverse $accent"
"""Content style of filter matches (a theme variable, plus reverse so it is not colour alone)."""


def filter_pattern(text: str) -> re.Pattern[str] | None:
    """A case-insensitive literal pattern for the ``/`` filter; ``None`` for no filter."""
    text = text.strip()
    return re.compile(re.escape(text), re.IGNORECASE) if text else None


def driver_matches(view: DriverView, pattern: re.Pattern[str]) -> bool:
    """Whether a driver's name, id, description or an indicator's name matches."""
    texts = [view.driver.name, view.driver.id, view.driver.description]
    for indicator in view.indicators:
        texts.append(indicator.metric.name if indicator.metric else indicator.metric_id)
    return any(pattern.search(text) for text in texts)


def card_lines(stack: Stack, *, ascii: bool = False) -> list[tuple[Content, str]]:
    """The lines of one stack's card, each with its CSS class.

    Each driver is a bar, its weight and its name (bars first, so they line up whatever
    the names), then its description and its indicators with their latest values.
    """
    g = glyphs(ascii)
    views = drivers(stack)
    lines = [(Content(stack.name), "card-title")]
    if not views:
        lines.append((Content("No drivers recorded."), "card-note"))
    bullet = "- " if ascii else "• "
    for view in views:
        driver = view.driver
        lines.append(
            (
                Content.assemble(
                    (bar(driver.weight, g), "$primary"),
                    f" {driver.weight:.2f} ",
                    (driver.name, "bold"),
                ),
                "card-driver",
            )
        )
        if driver.description:
            lines.append((Content(" ".join(driver.description.split())), "card-note"))
        for indicator in view.indicators:
            metric = indicator.metric
            if metric is None:
                text = Content.assemble(bullet, indicator.metric_id, " (unknown metric)")
                lines.append((text, "card-indicator"))
                continue
            as_of, value = latest(metric)
            parts: list[str | tuple[str, str]] = [
                bullet,
                metric.name,
                g.sep,
                (quantity(value, metric.unit, g), "bold"),
                (f"{g.sep}as of {as_of}", "$text-muted"),
            ]
            if chart := sparkline(metric.series, g):
                parts.append(f"{g.sep}{chart}")
            lines.append((Content.assemble(*parts), "card-indicator"))
    return lines


def highlighted(content: Content, pattern: re.Pattern[str] | None) -> Content:
    """``content`` with what matches ``pattern`` marked."""
    return content if pattern is None else content.highlight_regex(pattern, style=MATCH_STYLE)


class CardLine(Static):
    """One line of a card (it may wrap); it keeps its text to re-highlight for the filter."""

    def __init__(self, content: Content, pattern: re.Pattern[str] | None, *, classes: str) -> None:
        self.base = content
        """The text without filter highlights."""
        self.shown = highlighted(content, pattern)
        """The text as shown."""
        super().__init__(self.shown, classes=classes, markup=False)

    def highlight(self, pattern: re.Pattern[str] | None) -> None:
        """Mark what matches ``pattern`` (``None`` clears)."""
        self.shown = highlighted(self.base, pattern)
        self.update(self.shown)


class DriverCard(Vertical, can_focus=True):
    """One stack's drivers: weight bars and indicator metrics. Focusable, so tab visits it."""

    DEFAULT_CSS = """
    DriverCard {
        width: 1fr;
        height: auto;
        padding: 0 1;
        margin: 0 1 0 0;
        border: round $panel;
        &:focus { border: round $accent; }
        & > .card-title { text-style: bold; }
        & > .card-driver { margin-top: 1; }
        & > .card-note { padding-left: 2; color: $text-muted; }
        & > .card-indicator { padding-left: 2; }
    }
    """

    def __init__(self, stack: Stack, *, ascii: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.stack = stack
        self.ascii = ascii
        self.matches = 0
        """How many of this stack's drivers match the current filter."""

    def compose(self) -> ComposeResult:
        for content, classes in card_lines(self.stack, ascii=self.ascii):
            yield CardLine(content, None, classes=classes)

    @property
    def text(self) -> str:
        """The card's text, one line per line (before wrapping)."""
        return "\n".join(line.base.plain for line in self.query(CardLine))

    def show(self, stack: Stack, pattern: re.Pattern[str] | None) -> None:
        """Show ``stack``, highlighting what matches ``pattern``."""
        self.matches = 0
        if pattern is not None:
            self.matches = sum(driver_matches(v, pattern) for v in drivers(stack))
        if stack is self.stack:
            for line in self.query(CardLine):
                line.highlight(pattern)
            return
        self.stack = stack
        self.remove_children()
        self.mount_all(
            CardLine(content, pattern, classes=classes)
            for content, classes in card_lines(stack, ascii=self.ascii)
        )


class DimensionTable(Widget):
    """The stacks' answers to the shared dimensions, side by side; long answers wrap."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "dimension-table--header",
        "dimension-table--question",
        "dimension-table--match",
    }
    DEFAULT_CSS = """
    DimensionTable {
        height: auto;
        margin: 0 1 1 0;
        & > .dimension-table--header { color: $primary; text-style: bold; }
        & > .dimension-table--question { color: $text-muted; }
        & > .dimension-table--match { color: $accent; text-style: bold reverse; }
    }
    """

    def __init__(
        self,
        dimensions: Sequence[Dimension],
        stacks: Sequence[Stack],
        *,
        ascii: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.dimensions = tuple(dimensions)
        self.stacks = tuple(stacks)
        self.ascii = ascii
        self.pattern: re.Pattern[str] | None = None

    def show(
        self,
        dimensions: Sequence[Dimension],
        stacks: Sequence[Stack],
        pattern: re.Pattern[str] | None,
    ) -> int:
        """Show new data and filter; return how many dimensions match ``pattern``."""
        self.dimensions = tuple(dimensions)
        self.stacks = tuple(stacks)
        self.pattern = pattern
        self.refresh(layout=True)
        if pattern is None:
            return 0
        return sum(
            any(pattern.search(t) for t in (dim.name, dim.id, dim.question, *answers) if t)
            for dim, answers in self.rows()
        )

    def rows(self) -> tuple[tuple[Dimension, tuple[str | None, ...]], ...]:
        """Each dimension in file order with each stack's answer (``None``: unanswered)."""
        return dimension_answers(self.dimensions, self.stacks)

    def _cell(self, text: str, style: Style | str = "") -> Text:
        cell = Text(text, style=style)
        if self.pattern is not None:
            cell.highlight_regex(
                self.pattern, self.get_component_rich_style("dimension-table--match", partial=True)
            )
        return cell

    def render(self) -> RenderableType:
        """A Rich table: one row per dimension, one column per stack."""
        header = self.get_component_rich_style("dimension-table--header", partial=True)
        question = self.get_component_rich_style("dimension-table--question", partial=True)
        if not self.dimensions:
            return Text("No shared dimensions are loaded.", style=question)
        table = Table(
            box=box.ASCII if self.ascii else box.ROUNDED,
            expand=True,
            header_style=header,
            show_lines=True,
        )
        table.add_column("Dimension", ratio=1)
        for stack in self.stacks:
            table.add_column(Text(stack.title), ratio=1)
        unanswered = glyphs(self.ascii).dash
        for dim, answers in self.rows():
            label = self._cell(dim.name, "bold")
            if dim.question:
                label.append("\n")
                label.append_text(self._cell(dim.question, question))
            cells = [
                self._cell(" ".join(answer.split())) if answer else Text(unanswered)
                for answer in answers
            ]
            table.add_row(label, *cells)
        return table


class DriversScreen(Screen[None]):
    """What drives each of the stacks on show, and how they answer the shared dimensions.

    Args:
        catalog: Where the stacks and dimensions come from.
        stack_ids: One to four stack ids.
        ascii: Use ASCII instead of Unicode bars and symbols.

    Raises:
        ValueError: no stacks, or more than four.
        layerscope.catalog.UnknownId: a stack id the catalog does not know.
    """

    AUTO_FOCUS = ""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "tab,l",
            "next_stack",
            "Next stack",
            tooltip="The next stack's drivers",
            id="drivers.next-stack",
        ),
        Binding(
            "shift+tab,h",
            "previous_stack",
            "Previous stack",
            tooltip="The previous stack's drivers",
            id="drivers.previous-stack",
        ),
        Binding(
            "j",
            "scroll('down')",
            "Scroll down",
            show=False,
            tooltip="Scroll down a line",
            id="drivers.scroll-down",
        ),
        Binding(
            "k",
            "scroll('up')",
            "Scroll up",
            show=False,
            tooltip="Scroll up a line",
            id="drivers.scroll-up",
        ),
    ]
    DEFAULT_CSS = """
    DriversScreen {
        #drivers-title { padding: 0 1; background: $panel; }
        #drivers-body { padding: 0 0 0 1; }
        .drivers-section { text-style: bold; color: $primary; margin-top: 1; }
        #driver-cards { height: auto; }
        &.-narrow #driver-cards { layout: vertical; }
    }
    """

    def __init__(self, catalog: Catalog, stack_ids: Sequence[str], *, ascii: bool = False) -> None:
        if not 1 <= len(stack_ids) <= MAX_STACKS:
            raise ValueError(f"the drivers screen shows 1 to {MAX_STACKS} stacks")
        super().__init__()
        self.catalog = catalog
        self.stack_ids = tuple(stack_ids)
        self.stacks = tuple(catalog.stack(sid) for sid in self.stack_ids)
        self.ascii = ascii
        self.filter_text = ""

    def compose(self) -> ComposeResult:
        names = " vs ".join(stack.name for stack in self.stacks)
        yield Static(Content.assemble(("Drivers", "bold"), "  ", names), id="drivers-title")
        with VerticalScroll(id="drivers-body", can_focus=False):
            yield Static("Driver weights and indicators", classes="drivers-section")
            with Horizontal(id="driver-cards"):
                for i, stack in enumerate(self.stacks):
                    yield DriverCard(stack, ascii=self.ascii, id=f"driver-card-{i}")
            yield Static("Shared dimensions", classes="drivers-section")
            yield DimensionTable(
                self.catalog.dimensions, self.stacks, ascii=self.ascii, id="dimension-table"
            )
        yield Footer()

    def on_mount(self) -> None:
        # Focus without scrolling: a tall card would otherwise scroll the headings away.
        self.cards[0].focus(scroll_visible=False)

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < MIN_CARD_WIDTH * len(self.stacks), "-narrow")

    @property
    def cards(self) -> list[DriverCard]:
        """The stack cards, in the order of the stacks."""
        return list(self.query(DriverCard))

    def _focus_card(self, step: int) -> None:
        cards = self.cards
        current = self.focused
        # With no card focused, either direction lands on the first card.
        index = cards.index(current) if isinstance(current, DriverCard) else -step
        cards[(index + step) % len(cards)].focus()

    def action_next_stack(self) -> None:
        """Move to the next stack's card."""
        self._focus_card(1)

    def action_previous_stack(self) -> None:
        """Move to the previous stack's card."""
        self._focus_card(-1)

    def action_scroll(self, direction: str) -> None:
        """Scroll the screen up or down one line."""
        body = self.query_one("#drivers-body", VerticalScroll)
        if direction == "up":
            body.scroll_up(animate=False)
        else:
            body.scroll_down(animate=False)

    def current_view(self) -> View:
        """The drivers view of the stacks on show."""
        return View("drivers", self.stack_ids)

    def update_catalog(self, catalog: Catalog) -> None:
        """Re-render from ``catalog``; a stack it no longer has keeps its last version."""
        self.catalog = catalog
        self.stacks = tuple(
            catalog.stacks.get(sid, old)
            for sid, old in zip(self.stack_ids, self.stacks, strict=True)
        )
        self.apply_filter(self.filter_text)

    def apply_filter(self, text: str) -> int:
        """Highlight drivers and dimensions that match ``text``; return how many do."""
        self.filter_text = text
        pattern = filter_pattern(text)
        count = 0
        for card, stack in zip(self.cards, self.stacks, strict=True):
            card.show(stack, pattern)
            count += card.matches
        table = self.query_one(DimensionTable)
        count += table.show(self.catalog.dimensions, self.stacks, pattern)
        return count
