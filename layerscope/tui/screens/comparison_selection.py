"""The comparison's selection: the keys and clicks that move it between levels and panes,
and the keys that open the selected level or layer.

:class:`ComparisonSelection` is a part of
:class:`~layerscope.tui.screens.comparison.ComparisonScreen`; the reactives it moves
(``selected_level``, ``pane``) and the cards it reads are declared there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on

from layerscope.report import View
from layerscope.tui.screens.base import ViewScreen
from layerscope.tui.widgets.cards import LayerCard, PaneHeader
from layerscope.tui.widgets.levels import LevelsView

if TYPE_CHECKING:
    from textual.reactive import reactive
    from textual.widgets import Tabs


class ComparisonSelection(ViewScreen):
    """Select a level and a pane by key or click; open what is selected."""

    selected_level: reactive[int | None]
    pane: reactive[int]
    stack_ids: list[str]
    levels: LevelsView | None
    _levels: list[int]

    # -- clicks -----------------------------------------------------------------------------

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        if event.tabs.id == "pane-tabs" and event.tab.id:
            self.pane = int(event.tab.id.removeprefix("tab-"))

    @on(LevelsView.Selected)
    def _card_selected(self, event: LevelsView.Selected) -> None:
        self.selected_level = event.card.level
        self.pane = event.card.index

    @on(LevelsView.Opened)
    def _card_opened(self, event: LevelsView.Opened) -> None:
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

    def action_open_level(self) -> None:
        """The selected level of every stack on show, side by side."""
        shown = self.app.stacks_on_show()
        if self.selected_level is not None and shown:
            self.app.open_view(View("level", shown, level=self.selected_level))

    def selected_card(self) -> LayerCard | None:
        """The card at the selected level in the current pane."""
        if self.levels is None:
            return None
        level, pane = self.selected_level, self.pane
        return next((c for c in self.levels.cards if (c.level, c.index) == (level, pane)), None)

    def action_open_layer(self) -> None:
        """Drill into the selected layer of the current pane."""
        card = self.selected_card()
        if card is None:
            return
        if card.record is None:
            self.notify(f"{card.stack.title} has no layer at level {card.level}", markup=False)
            return
        self.app.open_layer(card.stack.id, card.record.id)
