"""The comparison screen: 2-4 stacks side by side, aligned by level.

Built from the compare view's pieces (:func:`~layerscope.report.views.compare.compare_pieces`),
the same the compare export is made of; the screen adds the selection (moved by
:mod:`layerscope.tui.screens.comparison_selection`), the panes and the strip of the selected
level.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Header, Static

from layerscope.catalog import Catalog
from layerscope.model import Stack
from layerscope.report import View
from layerscope.report.format import Glyphs, glyphs
from layerscope.report.views.compare import (
    ComparePieces,
    LevelRow,
    compare_inputs,
    compare_pieces,
)
from layerscope.tui.keys import COMPARISON_BINDINGS
from layerscope.tui.screens.comparison_selection import ComparisonSelection
from layerscope.tui.widgets import highlight as text
from layerscope.tui.widgets.cards import LayerCard, PaneHeader
from layerscope.tui.widgets.footer import ScreenFooter
from layerscope.tui.widgets.levels import CardRow, LevelsView
from layerscope.tui.widgets.strip import LevelStrip

if TYPE_CHECKING:
    from textual.widgets import Tabs

MIN_PANE_WIDTH = 28
"""Below this many columns per pane, the screen shows one pane at a time with tabs."""
COMPACT_HEIGHT = 30
"""Below this many rows, cards fit their head into its lines and the strip into three."""
SETTLE_DELAY = 0.1
"""Seconds after the last move before the strip shows the selected level."""


class ComparisonScreen(ComparisonSelection):
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
        self._fit_pending = False
        self.levels: LevelsView | None = None
        """The rows of cards (none while no stacks are on show)."""
        self.strip: LevelStrip | None = None
        """The selected level in each stack (none while no stacks are on show)."""
        self._built_from: tuple[Catalog, bool] | None = None
        self._made: tuple[object, ComparePieces] | None = None
        """The pieces on show and what they were made from."""
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
        # A new date mostly changes examples and metrics, which the pieces do not show.
        inputs = (tuple(compare_inputs(s) for s in self.stacks), self.app.ascii)
        if self._made is None or self._made[0] != inputs:
            self._made = (inputs, compare_pieces(self.stacks, self.glyphs))
        return self._made[1]

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
        self.levels, self.strip = None, None
        yield Header()
        if not stacks:
            yield Static(
                Content(
                    "No stacks loaded. Press ! to see what went wrong, or add stack files "
                    "with `layerscope new`."
                ),
                id="empty",
            )
            yield ScreenFooter(compact=True)
            return
        if self.narrow:
            yield self._pane_tabs()
        with Horizontal(id="pane-headers"):
            for i, header in enumerate(pieces.headers):
                yield PaneHeader(header, g, index=i, pane=self.pane).data_bind(
                    ComparisonScreen.pane
                )
        layers = [{layer.id: layer for layer in stack.layers} for stack in stacks]
        levels = [
            CardRow(
                row.level,
                [
                    LayerCard(stack, layers[i].get(slot.layer), slot, g, level=row.level, index=i)
                    for i, (stack, slot) in enumerate(zip(stacks, row.slots, strict=True))
                ],
            )
            for row in rows
        ]
        # The view's width is known now (the scrollbar's gutter is kept, see the stylesheet):
        # laid out before the first frame, not after it.
        self.levels = LevelsView(levels, width=self.app.size.width - 1, id="levels")
        self.levels.set_reactive(LevelsView.selected_level, self.selected_level)
        self.levels.set_reactive(LevelsView.pane, self.pane)
        self.levels.set_reactive(LevelsView.compact, self.compact)
        self.levels.set_reactive(LevelsView.narrow, self.narrow)
        yield self.levels.data_bind(
            ComparisonScreen.selected_level,
            ComparisonScreen.pane,
            ComparisonScreen.compact,
            ComparisonScreen.narrow,
        )
        self.strip = LevelStrip(len(stacks), g)
        self.strip.set_reactive(LevelStrip.compact, self.compact)
        self.strip.fill(pieces, g)
        self.strip.first_height(self.app.size.width)
        yield self.strip.data_bind(ComparisonScreen.compact)
        yield ScreenFooter(compact=True)

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
        if self._filter:
            self.apply_filter(self._filter)
        self._sync_strip()
        self._schedule_fit()
        self.call_after_refresh(self._scroll_to_selection)

    async def _rebuild(self) -> None:
        await self.recompose()
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

        A reload or a new date may add or drop levels and stacks: then the screen is made
        again. Otherwise (the ASCII toggle, a date or a reload that keeps every layer where
        it was) only what the cards, headers and strip say changes, in place: on the stress
        pair a step of the date no longer makes a hundred cards and their styles again.
        """
        catalog, ascii = self.app.shown_catalog, self.app.ascii
        built = self._built_from
        if built is not None and built[0] is catalog and built[1] == ascii:
            return  # what compose built (on mount) is current
        stacks = [catalog.stacks.get(sid) for sid in self.stack_ids]
        if built is None or self.levels is None or not self.levels.read(stacks):
            self.call_later(self._rebuild)  # layers came or went: the cards are made again
            return
        shown = self._made[1] if self._made is not None else None
        pieces = self._pieces()
        if pieces is not shown:
            g = self.glyphs
            headers = self.query(PaneHeader).results(PaneHeader)
            for header, widget in zip(pieces.headers, headers, strict=True):
                widget.show(header, g)
            self.levels.show(pieces, g)
            if self.strip is not None:
                self.strip.fill(pieces, g)
            self._schedule_fit()
        if self._filter:
            self.apply_filter(self._filter)  # it reads the cards' layers, now this reading's

    def apply_filter(self, text_: str) -> int:
        """Highlight layers whose text, problems or examples match; returns the matches."""
        self._filter = text_
        pattern = text.matcher(text_)
        if self.levels is None:
            return 0
        found = sum(card.set_filter(pattern) for card in self.levels.cards)
        self.levels.relayout()
        return found

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
        self.set_class(narrow, "-narrow")
        headers = self.query("#pane-headers")
        if narrow and headers and not self.query("#pane-tabs"):
            self.mount(self._pane_tabs(), before=headers.first())
        self.call_after_refresh(self._scroll_to_selection)

    def watch_pane(self, new: int) -> None:
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
        """The strip follows a moment after the selection stops: holding an arrow key
        skips the levels between."""
        if self._settle_timer is None:
            self.settle()
        else:
            self._settle_timer.reset()

    def settle(self) -> None:
        """Show the selected level in the strip, now.

        Called a moment after the last move (:data:`SETTLE_DELAY`); tests and snapshots
        call it to see the settled screen without waiting on a clock.
        """
        if self._settle_timer is not None:
            self._settle_timer.pause()
        self._sync_strip()

    def watch_bottom_up(self) -> None:
        self.call_later(self._rebuild)

    def _sync_strip(self) -> None:
        if self.strip is not None:
            self.strip.show(self.selected_level)

    def _schedule_fit(self) -> None:
        """Fit the strip once the layout has settled (once, however many ask)."""
        if not self._fit_pending:
            self._fit_pending = True
            self.call_after_refresh(self._fit_strip)

    def _fit_strip(self) -> None:
        """Fit the strip to its longest level and the rows the levels leave free."""
        self._fit_pending = False
        if self.strip is not None and self.strip.is_attached:
            self.strip.fit(self.levels)

    def _scroll_to_selection(self) -> None:
        if self.levels is not None:
            self.levels.scroll_to_level(self.selected_level)
