"""The comparison screen: 2-4 stacks side by side, aligned by level.

Built from the compare view's pieces (:func:`~layerscope.report.views.compare.compare_pieces`),
the same the compare export is made of; the screen adds the selection, the panes and the
strip of the selected level.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Footer, Header, Static

from layerscope.catalog import Catalog
from layerscope.model import Layer, Stack
from layerscope.report import View
from layerscope.report.format import Glyphs, glyphs
from layerscope.report.views.compare import ComparePieces, LevelRow, compare_pieces
from layerscope.tui.keys import COMPARISON_BINDINGS
from layerscope.tui.screens.base import ViewScreen
from layerscope.tui.widgets import highlight as text
from layerscope.tui.widgets.cards import LayerCard, PaneHeader, StripCell, strip_content

if TYPE_CHECKING:
    from textual.widgets import Tabs

MIN_PANE_WIDTH = 28
"""Below this many columns per pane, the screen shows one pane at a time with tabs."""
COMPACT_HEIGHT = 30
"""Below this many rows, cards fit their head into its lines and the strip into three."""
MAX_STRIP_LINES = 10
SETTLE_DELAY = 0.1
"""Seconds after the last move before the strip shows the selected level."""


class ComparisonScreen(ViewScreen):
    """Stacks side by side; the selected level is highlighted in every pane."""

    BINDINGS = COMPARISON_BINDINGS
    AUTO_FOCUS = None

    # The screen draws nothing itself: a change repaints only the widgets it concerns.
    selected_level: reactive[int | None] = reactive(None, repaint=False)
    """The selected level (the same in every pane)."""
    pane: reactive[int] = reactive(0, repaint=False)
    """The index of the current pane."""
    compact: reactive[bool] = reactive(False, repaint=False)
    """Short cards, for small terminals."""
    narrow: reactive[bool] = reactive(False, repaint=False)
    """One pane at a time, with tabs."""
    bottom_up: reactive[bool] = reactive(False, repaint=False)
    """The lowest level at the top (``layer_order: bottom-up``)."""

    def __init__(self, stack_ids: Sequence[str], *, level: int | None = None) -> None:
        """Compare ``stack_ids`` (unknown ids are left out), selecting ``level`` if given."""
        super().__init__()
        self.stack_ids = list(stack_ids)
        self._filter = ""
        self._levels: list[int] = []
        self._settle_timer: Timer | None = None
        self._settled: list[LayerCard] = []
        self._fit_pending = False
        self._fitted: tuple[object, ...] | None = None
        self._rows: dict[int, Horizontal] = {}
        self._scroll: VerticalScroll | None = None
        self._strip_cells: list[StripCell] = []
        self._built_from: tuple[Catalog, bool] | None = None
        self.set_reactive(ComparisonScreen.selected_level, level)

    @property
    def stacks(self) -> list[Stack]:
        """The stacks on show, in pane order."""
        return [self.app.shown_catalog.stacks[sid] for sid in self.stack_ids]

    @property
    def glyphs(self) -> Glyphs:
        """The glyphs of the app's symbols (ASCII or Unicode)."""
        return glyphs(self.app.ascii)

    # -- building ---------------------------------------------------------------------------

    def _pieces(self) -> ComparePieces:
        catalog = self.app.shown_catalog  # as of the app's date
        self.stack_ids = [sid for sid in self.stack_ids if sid in catalog.stacks]
        self._built_from = (catalog, self.app.ascii)
        return compare_pieces(self.stacks, self.glyphs)

    def _ordered(self, pieces: ComparePieces) -> tuple[LevelRow, ...]:
        return pieces.levels[::-1] if self.bottom_up else pieces.levels

    def compose(self) -> ComposeResult:
        self.set_reactive(ComparisonScreen.bottom_up, self.app.settings.layer_order == "bottom-up")
        pieces = self._pieces()
        stacks, rows, g = self.stacks, self._ordered(pieces), self.glyphs
        self._levels = [row.level for row in rows]
        if self.selected_level not in self._levels:
            # The first level (from the top of the screen) where the first stack has a layer.
            first = next((r.level for r in rows if r.slots and r.slots[0].layer), None)
            self.set_reactive(ComparisonScreen.selected_level, first)
        self.set_reactive(ComparisonScreen.pane, min(self.pane, max(len(stacks) - 1, 0)))
        self.sub_title = " vs ".join(s.title for s in stacks)
        # Screen classes first: set once children exist, they would restyle every one.
        self._layout_for(self.app.size.width, self.app.size.height)
        yield Header()
        if not stacks:
            yield Static(
                Content(
                    "No stacks loaded. Press ! to see what went wrong, or add stack files "
                    "with `layerscope new`."
                ),
                id="empty",
            )
            yield Footer(compact=True)
            return
        if self.narrow:
            yield self._pane_tabs()
        with Horizontal(id="pane-headers"):
            for i, header in enumerate(pieces.headers):
                yield PaneHeader(header, g, index=i, pane=self.pane).data_bind(
                    ComparisonScreen.pane
                )
        layers = [{layer.id: layer for layer in stack.layers} for stack in stacks]
        self._rows = {}
        with VerticalScroll(id="levels", can_focus=False) as self._scroll:
            for row in rows:
                with Horizontal(classes="level-row", id=f"level-{row.level}") as container:
                    self._rows[row.level] = container
                    for i, (stack, slot) in enumerate(zip(stacks, row.slots, strict=True)):
                        layer: Layer | None = layers[i].get(slot.layer)
                        yield LayerCard(
                            stack,
                            layer,
                            slot,
                            g,
                            level=row.level,
                            index=i,
                            selected_level=self.selected_level,
                            pane=self.pane,
                        ).data_bind(
                            ComparisonScreen.selected_level,
                            ComparisonScreen.pane,
                            ComparisonScreen.compact,
                        )
        self._strip_cells = [
            StripCell(i, g).data_bind(ComparisonScreen.compact) for i in range(len(stacks))
        ]
        self._fill_strip(pieces)
        with Horizontal(id="strip"):
            yield from self._strip_cells
        yield Footer(compact=True)

    def _fill_strip(self, pieces: ComparePieces) -> None:
        for i, cell in enumerate(self._strip_cells):
            header = pieces.headers[i]
            contents = {row.level: strip_content(header, row.slots[i]) for row in pieces.levels}
            cell.set_contents(contents, Content(""), self.glyphs)

    def _pane_tabs(self) -> Tabs:
        """The stacks as tabs, shown instead of side-by-side panes on narrow terminals.

        Only made when needed: most terminals are wide enough, and start-up is budgeted.
        """
        from textual.widgets import Tab, Tabs

        tabs = Tabs(
            *[Tab(Content(s.title), id=f"tab-{i}") for i, s in enumerate(self.stacks)],
            active=f"tab-{self.pane}",
            id="pane-tabs",
        )
        tabs.can_focus = False
        return tabs

    def on_mount(self) -> None:
        self._settle_timer = self.set_interval(SETTLE_DELAY, self.settle, pause=True)
        self._after_build()

    def _after_build(self) -> None:
        self._layout_for(self.size.width, self.size.height)
        row = self._rows.get(self.selected_level) if self.selected_level is not None else None
        self._settled = list(row.query(LayerCard).results(LayerCard)) if row else []
        if self._filter:
            self.apply_filter(self._filter)
        self._sync_strip()
        self._schedule_fit()
        self.call_after_refresh(self._scroll_to_selection)

    async def _rebuild(self) -> None:
        await self.recompose()
        self._fitted = None  # a new strip
        self._after_build()
        self.refresh_bindings()  # the new footer fills itself on this signal

    def set_stacks(self, stack_ids: Sequence[str]) -> None:
        """Show these stacks instead (keeping the selected level where possible)."""
        self.stack_ids = list(stack_ids)
        self.call_later(self._rebuild)

    def focus_stack(self, stack_id: str) -> None:
        """Make the pane of ``stack_id`` current (it must be on show)."""
        if stack_id in self.stack_ids:
            self.pane = self.stack_ids.index(stack_id)

    # -- the ViewScreen interface -------------------------------------------------------------

    def current_view(self) -> View:
        """A comparison of the stacks on show (one stack: that stack).

        Raises:
            ValueError: no stacks on show.
        """
        ids = tuple(self.stack_ids)
        return View("compare" if len(ids) > 1 else "stack", ids)

    def refresh_view(self) -> None:
        """Show the app's catalog and symbols: new pieces in place, or a rebuild.

        A reload may add or drop levels and stacks, so it rebuilds the screen; the ASCII
        toggle only changes what the cards, headers and strip say.
        """
        catalog, ascii = self.app.shown_catalog, self.app.ascii
        built = self._built_from
        if built is not None and built[0] is catalog and built[1] == ascii:
            return  # what compose built (on mount) is current
        if built is None or built[0] is not catalog:
            self.call_later(self._rebuild)
            return
        pieces = self._pieces()
        g = self.glyphs
        for header, widget in zip(
            pieces.headers, self.query(PaneHeader).results(PaneHeader), strict=True
        ):
            widget.show(header, g)
        for row in pieces.levels:
            container = self._rows.get(row.level)
            if container is not None:
                for card in container.query(LayerCard).results(LayerCard):
                    card.show(row.slots[card.index], g)
        self._fill_strip(pieces)
        self._fitted = None
        self._schedule_fit()

    def apply_filter(self, text_: str) -> int:
        """Highlight layers whose text, problems or examples match; returns the matches."""
        self._filter = text_
        pattern = text.matcher(text_)
        return sum(card.set_filter(pattern) for card in self.query(LayerCard))

    # -- reacting ---------------------------------------------------------------------------

    def on_resize(self) -> None:
        self._layout_for(self.size.width, self.size.height)
        self._schedule_fit()

    def _layout_for(self, width: int, height: int) -> None:
        count = max(len(self.stack_ids), 1)
        self.narrow = count > 1 and width // count < MIN_PANE_WIDTH
        self.compact = height < COMPACT_HEIGHT

    def watch_compact(self, compact: bool) -> None:
        self.set_class(compact, "-compact")
        self._schedule_fit()

    def watch_narrow(self, narrow: bool) -> None:
        for name in [c for c in self.classes if c.startswith("-show-")]:
            self.remove_class(name)
        if narrow:
            self.add_class(f"-show-{self.pane}")
        self.set_class(narrow, "-narrow")
        headers = self.query("#pane-headers")
        if narrow and headers and not self.query("#pane-tabs"):
            self.mount(self._pane_tabs(), before=headers.first())
        self.call_after_refresh(self._scroll_to_selection)

    def watch_pane(self, old: int, new: int) -> None:
        if self.narrow:  # a screen class restyles every widget: only when it matters
            self.set_class(False, f"-show-{old}")
            self.set_class(True, f"-show-{new}")
        self._settle_later()
        # While a rebuild is pending the old tabs may lack this pane; compose sets it then.
        found = self.query("#pane-tabs")
        if found:
            from textual.widgets import Tabs

            tabs = found.only_one(Tabs)
            if tabs.query(f"#tab-{new}"):
                tabs.active = f"tab-{new}"

    def watch_selected_level(self) -> None:
        self._scroll_to_selection()
        self._settle_later()

    def _settle_later(self) -> None:
        """The strip and the cards' classes follow a moment after the selection stops:
        holding an arrow key skips the levels between."""
        if self._settle_timer is None:
            self.settle()
        else:
            self._settle_timer.reset()

    def settle(self) -> None:
        """Show the selected level in the strip and give its cards their classes, now.

        Called a moment after the last move (:data:`SETTLE_DELAY`); tests and snapshots
        call it to see the settled screen without waiting on a clock.
        """
        if self._settle_timer is not None:
            self._settle_timer.pause()
        self._sync_strip()
        row = self._rows.get(self.selected_level) if self.selected_level is not None else None
        now = list(row.query(LayerCard).results(LayerCard)) if row is not None else []
        for card in {*self._settled, *now}:
            card.settle()
        self._settled = now

    def watch_bottom_up(self) -> None:
        self.call_later(self._rebuild)

    def _sync_strip(self) -> None:
        for cell in self._strip_cells:
            cell.show(self.selected_level)

    def _schedule_fit(self) -> None:
        """Fit the strip once the layout has settled (once, however many ask)."""
        if not self._fit_pending:
            self._fit_pending = True
            self.call_after_refresh(self._fit_strip)

    def _fit_strip(self) -> None:
        """Make the strip as tall as its longest level needs (3 lines when compact)."""
        self._fit_pending = False
        strips = self.query("#strip")
        if not strips:
            return
        cells = self._strip_cells
        key = (self.compact, tuple(self._levels), tuple(c.content_size.width for c in cells))
        if key == self._fitted:
            return
        self._fitted = key
        if self.compact:
            lines = 3
        else:
            lines = max((cell.lines_needed(cell.content_size.width) for cell in cells), default=1)
        strips.first().styles.height = min(max(lines, 3), MAX_STRIP_LINES) + 1

    def _scroll_to_selection(self) -> None:
        if self.selected_level is None:
            return
        # Widgets kept from compose: a DOM query on every key press adds up.
        row = self._rows.get(self.selected_level)
        if row is not None and self._scroll is not None and row.is_attached:
            self._scroll.scroll_to_widget(row, animate=False, immediate=True)

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        if event.tabs.id == "pane-tabs" and event.tab.id:
            self.pane = int(event.tab.id.removeprefix("tab-"))

    @on(LayerCard.Selected)
    def _card_selected(self, event: LayerCard.Selected) -> None:
        self.selected_level = event.card.level
        self.pane = event.card.index

    @on(LayerCard.Opened)
    def _card_opened(self, event: LayerCard.Opened) -> None:
        self.selected_level = event.card.level
        self.pane = event.card.index
        self.action_open_layer()

    @on(PaneHeader.Selected)
    def _header_selected(self, event: PaneHeader.Selected) -> None:
        self.pane = event.header.index

    # -- actions ----------------------------------------------------------------------------

    def _move_level(self, step: int) -> None:
        if not self._levels:
            return
        levels = self._levels
        current = levels.index(self.selected_level) if self.selected_level in levels else 0
        self.selected_level = levels[max(0, min(len(levels) - 1, current + step))]

    def action_level_up(self) -> None:
        """Select the level above (on screen)."""
        self._move_level(-1)

    def action_level_down(self) -> None:
        """Select the level below (on screen)."""
        self._move_level(1)

    def action_pane_left(self) -> None:
        """Make the pane to the left current."""
        if self.stack_ids:
            self.pane = (self.pane - 1) % len(self.stack_ids)

    def action_pane_right(self) -> None:
        """Make the pane to the right current."""
        if self.stack_ids:
            self.pane = (self.pane + 1) % len(self.stack_ids)

    def action_other_stack(self) -> None:
        """The same level in the next stack."""
        self.action_pane_right()

    def selected_card(self) -> LayerCard | None:
        """The card at the selected level in the current pane."""
        row = self._rows.get(self.selected_level) if self.selected_level is not None else None
        if row is None:
            return None
        return next(
            (c for c in row.query(LayerCard).results(LayerCard) if c.index == self.pane), None
        )

    def action_open_layer(self) -> None:
        """Drill into the selected layer of the current pane."""
        card = self.selected_card()
        if card is None:
            return
        if card.record is None:
            self.notify(f"{card.stack.title} has no layer at level {card.level}", markup=False)
            return
        self.app.open_layer(card.stack.id, card.record.id)
