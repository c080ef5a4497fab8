"""The screen stack: which screen shows which view, and the keys that open views.

:class:`Navigation` is a part of :class:`~layerscope.tui.app.LayerscopeApp`. The comparison
is always at the bottom of the stack; every other view opens over it (see
:meth:`Navigation.open_view`).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.command import CommandPalette
from textual.screen import ModalScreen, Screen

from layerscope.report import View
from layerscope.tui.screens.base import ViewScreen
from layerscope.tui.screens.comparison import ComparisonScreen

if TYPE_CHECKING:
    from textual.reactive import reactive

    from layerscope.catalog import Catalog
    from layerscope.tui.launch import Editions
    from layerscope.tui.screens.layer import LayerScreen

SWITCHED = frozenset({"drivers", "flow", "stack", "timeline", "verdict", "level"})
"""Kinds of view that replace one another on the screen stack rather than pile up."""


class Navigation(App[None]):
    """Open views on the screen stack, over the comparison."""

    catalog: reactive[Catalog]

    if TYPE_CHECKING:  # of the app's settings (layerscope.tui.app)

        def update_settings(self, **changes: Any) -> None: ...

    # -- screens --------------------------------------------------------------------------------

    @property
    def comparison(self) -> ComparisonScreen:
        """The comparison screen, always at the bottom of the stack."""
        base = self.screen_stack[0]
        assert isinstance(base, ComparisonScreen)
        return base

    def stacks_on_show(self) -> tuple[str, ...]:
        """The stacks being compared."""
        return tuple(self.comparison.stack_ids)

    def _pop_to_comparison(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def show_comparison(self, stack_ids: Sequence[str]) -> None:
        """Compare these stacks (and remember them as the last comparison)."""
        self._pop_to_comparison()
        self.comparison.set_stacks(stack_ids)
        self.update_settings(last_comparison=tuple(stack_ids))

    def jump_to_stack(self, stack_id: str) -> None:
        """Show a stack: make its pane current, adding it to the comparison if needed."""
        shown = list(self.stacks_on_show())
        if stack_id not in shown:
            if len(shown) < 4:
                shown.append(stack_id)
            else:
                shown[self.comparison.pane] = stack_id
            self.show_comparison(shown)
        else:
            self._pop_to_comparison()
        self.comparison.focus_stack(stack_id)

    def open_view(
        self, view: View, *, example: str | None = None, at: tuple[str, str | None] | None = None
    ) -> None:
        """Open the screen of a view: the one place that makes screens for views.

        A layer opens over the comparison (which selects it too); drivers, flow and stack
        views replace one another rather than pile up.

        Args:
            view: What to show.
            example: For a layer view, the example to put the cursor on (by name).
        """
        screen: ViewScreen
        if view.kind == "layer":
            from layerscope.tui.screens.layer import LayerScreen

            assert view.layer is not None
            stack, layer = self.catalog.layer(view.stacks[0], view.layer)
            self._pop_to_comparison()
            self._follow(stack.id, layer.level)
            self.push_screen(LayerScreen(view, example=example))
            return
        # Imported when first opened: start-up pays only for the comparison.
        if view.kind == "drivers":
            from layerscope.tui.screens.drivers import DriversScreen

            screen = DriversScreen(view)
        elif view.kind == "flow":
            from layerscope.tui.screens.flow import FlowScreen

            screen = FlowScreen(view, at=at)
        elif view.kind == "verdict":
            from layerscope.tui.screens.verdict import VerdictScreen

            screen = VerdictScreen(view)
        elif view.kind == "timeline":
            from layerscope.tui.screens.timeline import TimelineScreen

            screen = TimelineScreen(view)
        elif view.kind == "level":
            from layerscope.tui.screens.level import LevelScreen

            screen = LevelScreen(view)
        elif view.kind == "stack":
            from layerscope.tui.screens.stack import StackScreen

            screen = StackScreen(view)
        else:
            raise ValueError(f"no screen opens a {view.kind} view")
        current = self.screen
        with suppress(ValueError):  # a screen without a view of its own (a diff) stays
            if isinstance(current, ViewScreen) and current.current_view().kind in SWITCHED:
                self.switch_screen(screen)
                return
        self.push_screen(screen)

    def open_diff(self, editions: Editions) -> None:
        """Show what changed between two editions of a stack, over the comparison."""
        from layerscope.tui.screens.diff import DiffScreen

        self.push_screen(DiffScreen(editions))

    def open_layer(self, stack_id: str, layer_id: str, *, example: str | None = None) -> None:
        """Drill into a layer (from the comparison, the palette or the command line)."""
        self.open_view(View("layer", (stack_id,), layer_id), example=example)

    def _follow(self, stack_id: str, level: int) -> None:
        comparison = self.comparison
        if stack_id in comparison.stack_ids:
            comparison.focus_stack(stack_id)
            comparison.selected_level = level

    def on_layer_screen_moved(self, message: LayerScreen.Moved) -> None:
        self._follow(message.stack_id, message.level)

    def _screen_below_palette(self) -> Screen[Any]:
        """The current screen, looking through the command palette (it asks on its behalf)."""
        screens: list[Screen[Any]] = [
            s for s in self.screen_stack if not isinstance(s, CommandPalette)
        ]
        return screens[-1] if screens else self.screen

    async def action_back_or_quit(self) -> None:
        """Close the screen; on the first screen, quit."""
        screen = self.screen
        if isinstance(screen, ModalScreen):
            screen.dismiss(None)
        elif len(self.screen_stack) > 1:
            self.pop_screen()
        else:
            self.exit()

    def _open_for_stacks_on_show(self, kind: str) -> None:
        shown = self.stacks_on_show()
        if not shown:
            self.notify("No stacks to show", severity="warning")
            return
        self.open_view(View(kind, shown))  # type: ignore[arg-type]

    def action_drivers(self) -> None:
        """What drives the stacks on show."""
        self._open_for_stacks_on_show("drivers")

    def action_flow(self) -> None:
        """Each problem of the stacks on show through the layers, opened on the stack (and
        problem) of the screen it is asked from."""
        shown = self.stacks_on_show()
        if not shown:
            self.notify("No stacks to show", severity="warning")
            return
        self.open_view(View("flow", shown), at=self._flow_origin())

    def _flow_origin(self) -> tuple[str, str | None] | None:
        """The stack and flow entry to open the flow on: the layer screen's stack and the
        problem at its cursor (a handling of it, or its introduction), or the
        comparison's current pane."""
        from layerscope.tui.screens.layer import LayerScreen
        from layerscope.tui.widgets.tables import SortableTable

        screen = self._screen_below_palette()
        if isinstance(screen, ComparisonScreen):
            shown = self.stacks_on_show()
            return (shown[screen.pane], None) if 0 <= screen.pane < len(shown) else None
        if not isinstance(screen, LayerScreen):
            return None
        table, entry = screen.focused, None
        if isinstance(table, SortableTable) and (problem := table.cursor_key):
            if table.block.key == "addresses":
                entry = f"{problem}/{screen.record.id}"
            elif table.block.key == "introduces":
                entry = problem
        return screen.stack.id, entry

    def action_verdict(self) -> None:
        """How far the verdict of each stack on show holds."""
        self._open_for_stacks_on_show("verdict")

    def action_timeline(self) -> None:
        """The launches of the stacks on show by level, on one time axis."""
        self._open_for_stacks_on_show("timeline")

    def action_choose_stacks(self) -> None:
        """Choose 2-4 stacks to compare."""
        from layerscope.tui.dialogs.picker import PickerScreen

        def chosen(stack_ids: list[str] | None) -> None:
            if stack_ids:
                self.show_comparison(stack_ids)

        self.push_screen(PickerScreen(self.stacks_on_show()), chosen)
