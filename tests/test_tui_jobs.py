"""The jobs the app is opened for, key by key at 80×24, on the shipped data.

Job (a): "what does crypto L2 introduce, and where does each problem end up" — from the
opening comparison of AI and crypto: ``right`` (the crypto pane), ``down`` (L2), ``enter``
(the layer), ``tab`` ``tab`` (its Introduces table, each problem with where it ends up
above), ``pagedown`` (the rest of the table): 6 keys.
"""

from __future__ import annotations

from pathlib import Path

from test_tui_support import make_app, screen_text

from layerscope.catalog import SearchDir, load_catalog
from layerscope.tui.launch import Start
from layerscope.tui.screens.layer import LayerScreen
from layerscope.tui.widgets.tables import SortableTable

DATA = Path(__file__).resolve().parent.parent / "data"
JOB_A = ("right", "down", "enter", "tab", "tab", "pagedown")


async def test_job_a_in_six_keys_at_80x24() -> None:
    catalog = load_catalog([SearchDir(DATA, "built-in")])
    app = make_app(catalog, start=Start(("ai", "crypto")))
    seen: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for n, key in enumerate(JOB_A):
            await pilot.press(key)
            for _ in range(3):
                await pilot.pause()
            if n >= len(JOB_A) - 2:  # the screens the check reads (each is a screenshot)
                seen.append(screen_text(app))
        screen = app.screen
        assert isinstance(screen, LayerScreen)
        assert (screen.stack.id, screen.record.level) == ("crypto", 2)
        focused = screen.focused
        assert isinstance(focused, SortableTable) and focused.block.key == "introduces"
        shown = "\n".join(seen[-2:])  # the table after tab tab, then a page on
        for key in focused.block.row_keys:
            row = focused.get_row(key)
            # The name wraps in its column: its first word starts the row's first line.
            problem, above = row[0].plain.split()[0], row[-1].plain.split("\n")[0]
            assert any(problem in line and above in line for line in shown.splitlines()), key
    assert len(JOB_A) <= 6
