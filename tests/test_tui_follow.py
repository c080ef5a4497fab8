"""``f`` opens the flow on the stack and problem you came from."""

from __future__ import annotations

from test_tui_support import make_app

from layerscope.tui.launch import Start
from layerscope.tui.screens.comparison import ComparisonScreen
from layerscope.tui.screens.flow import FlowScreen
from layerscope.tui.screens.layer import LayerScreen
from layerscope.tui.widgets.document import DocumentView


async def test_f_from_a_handling_opens_its_stack_on_that_handling() -> None:
    app = make_app(start=Start(("alpha", "beta"), layer=("alpha", "middle")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        layer = app.screen
        assert isinstance(layer, LayerScreen)
        table = layer.query_one(DocumentView).table("addresses")
        table.focus()
        table.move_cursor(row=1)
        await pilot.pause()
        problem = table.cursor_key
        assert problem == layer.record.addresses[1].problem
        await pilot.press("f")
        for _ in range(4):
            await pilot.pause()
        flow = app.screen
        assert isinstance(flow, FlowScreen)
        assert flow.view.stacks[flow.active] == "alpha"
        tree = flow.trees[flow.active]
        assert tree.has_focus
        assert tree.cursor_node is not None
        assert tree.cursor_node.data == f"{problem}/{layer.record.id}"


async def test_f_from_the_comparison_opens_on_the_current_pane() -> None:
    app = make_app(start=Start(("alpha", "beta")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        comparison = app.screen
        assert isinstance(comparison, ComparisonScreen)
        await pilot.press("right")
        await pilot.pause()
        assert comparison.pane == 1
        await pilot.press("f")
        for _ in range(4):
            await pilot.pause()
        flow = app.screen
        assert isinstance(flow, FlowScreen)
        assert flow.active == 1 and flow.view.stacks[1] == "beta"
        assert flow.trees[1].has_focus


async def test_f_from_the_comparisons_first_pane_opens_on_the_first_stack() -> None:
    app = make_app(start=Start(("beta", "alpha")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f")
        for _ in range(4):
            await pilot.pause()
        flow = app.screen
        assert isinstance(flow, FlowScreen)
        assert flow.active == 0 and flow.view.stacks == ("beta", "alpha")
