"""What-if in the app: ``w`` on a handling tries its next outcome (listed alternatives
first), every screen says so in its header and recomputes, ``W`` lists the changes with
remove and reset, an export made meanwhile says it is not the data's verdict, and no data
file is ever written.

The fixture is the gamma stack (tests/fixtures/verdict/gamma.yaml), worked out by hand:
its verdict is *mixed*; L2 Lift reads Leaky as *worsened*, with one listed alternative,
*mitigated*, which alone makes the verdict *capability progression*. At L2, Leaky (high),
Locked (high) and Pricey (low) are open: 3 open, 2 high; reading Leaky as *solved*
closes it: 2 open, 1 high.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from test_tui_support import FIXTURES, fixture_dirs, make_app, notices, screen_text
from textual.pilot import Pilot
from textual.widgets import OptionList

from layerscope.analysis.whatif import Change
from layerscope.report import View, render_document, render_view
from layerscope.report.document import Heading, plain
from layerscope.report.views.whatif import what_if_document
from layerscope.tui.app import LayerscopeApp
from layerscope.tui.dialogs.whatif import WhatIfScreen, outcome_cycle
from layerscope.tui.launch import Start
from layerscope.tui.screens.comparison import ComparisonScreen
from layerscope.tui.screens.layer import LayerScreen
from layerscope.tui.widgets.cards import PaneHeader
from layerscope.tui.widgets.document import DocumentView
from layerscope.tui.widgets.tables import SortableTable

VERDICT = FIXTURES / "verdict"
SIZE = (80, 24)
LEAKY = ("gamma", "lift", "leaky")


def gamma_app(*dirs: Path) -> LayerscopeApp:
    """The fixture catalog and gamma (or gamma from ``dirs``), comparing alpha and gamma."""
    source = fixture_dirs(*(dirs or (VERDICT,)))
    return make_app(source, start=Start(("alpha", "gamma")))


async def settle(pilot: Pilot[None], times: int = 3) -> None:
    for _ in range(times):
        await pilot.pause()


def addresses(app: LayerscopeApp) -> SortableTable:
    """The layer screen's table of handlings (a new widget when the document is made anew)."""
    return app.screen.query_one(DocumentView).table("addresses")


async def on_leaky(pilot: Pilot[None], app: LayerscopeApp) -> None:
    """Open gamma's L2 Lift and put the addresses cursor on Leaky."""
    app.open_layer("gamma", "lift")
    await settle(pilot)
    assert addresses(app).select_row("leaky")
    await settle(pilot)
    assert app.screen.focused is addresses(app)


def row_text(table: SortableTable, key: str) -> str:
    from textual.widgets.data_table import RowKey

    return " ".join(cell.plain for cell in table.get_row(RowKey(key)))


def gamma_header(app: LayerscopeApp) -> str:
    comparison = app.comparison
    headers = list(comparison.query(PaneHeader).results(PaneHeader))
    return " ".join(plain(line) for line in headers[1].header.verdict)


def gamma_card(app: LayerscopeApp, level: int) -> list[str]:
    """What gamma's card at ``level`` says (its slot's head lines)."""
    from layerscope.tui.widgets.cards import LayerCard

    # The cards are drawn by one levels view, or are widgets of their own.
    levels = getattr(app.comparison, "levels", None)
    cards = levels.cards if levels is not None else app.comparison.query(LayerCard)
    card = next(c for c in cards if c.stack.id == "gamma" and c.level == level)
    return [plain(line) for line in card.slot.head]


# -- the outcome cycle --------------------------------------------------------------------------


async def test_w_cycles_the_outcome_listed_alternatives_first_and_is_in_the_help_and_palette(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from layerscope.tui.dialogs.help import keys_of
    from layerscope.tui.palette import binding_commands

    app = gamma_app()
    notices: list[str] = []
    notify = app.notify

    def spy(message: str, **kw: Any) -> None:
        if kw.get("title") == "What-if":
            notices.append(message)
        notify(message, **kw)

    monkeypatch.setattr(app, "notify", spy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        on_comparison = {row.id for row in keys_of(app.screen)}
        assert {"verdict", "what-if"} <= on_comparison and "what-if-cycle" not in on_comparison, (
            "the comparison's keys: the dialog, not the cycle"
        )
        await on_leaky(pilot, app)
        help_rows = {row.id: row for row in keys_of(app.screen)}
        assert help_rows["what-if-cycle"].keys == "w" and help_rows["what-if"].keys == "W", (
            "the layer's help lists w and W"
        )
        titles = [command.title for command in binding_commands(app, app.screen)]
        assert any("next outcome" in title for title in titles), "the palette has w"
        assert any("what-if changes" in title for title in titles), "the palette has W"
        assert "worsened" in row_text(addresses(app), "leaky"), "the data's reading"
        seen: list[str] = []
        for _ in range(4):
            await pilot.press("w")
            await settle(pilot)
            seen.append(app.what_if[0].outcome if app.what_if else "(data)")
            # The screen shows the changed records, the cursor and focus still on Leaky.
            table = addresses(app)
            assert app.screen.focused is table and table.cursor_key == "leaky", seen
            if app.what_if:
                assert app.what_if[0].outcome in row_text(table, "leaky"), seen
        # The listed alternative first, then the other outcomes, then the data's reading.
        assert seen == ["mitigated", "solved", "transferred", "(data)"], "the cycle's order"
        assert "worsened" in row_text(addresses(app), "leaky"), "back to the data's reading"
        assert len(notices) == 4, "each step is said"
        assert "(a listed alternative)" in notices[0] and "worsened → ◐ mitigated" in notices[0], (
            "the first step names the listed alternative"
        )
        assert "alternative" not in notices[1], "only the listed alternative says so"
        assert "back to ✗ worsened" in notices[-1], "the last step says it is back"
        # Run from the palette, the command acts on the handling at the cursor.
        command = next(c for c in binding_commands(app, app.screen) if "next outcome" in c.title)
        await command.callback()  # type: ignore[misc]
        await settle(pilot)
        assert app.what_if == (Change(*LEAKY, "mitigated"),), "the palette's w acts"


def test_the_cycle_lists_alternatives_first_and_every_outcome_once() -> None:
    from layerscope.catalog import load_catalog

    catalog = load_catalog(fixture_dirs(VERDICT))
    pricey = catalog.stacks["gamma"].layer("peak").addresses[1]  # type: ignore[union-attr]
    assert pricey.problem == "pricey"
    assert outcome_cycle(pricey) == ("solved", "transferred", "mitigated", "worsened")


async def test_w_elsewhere_than_a_handling_changes_nothing() -> None:
    app = gamma_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_layer("gamma", "lift")
        await settle(pilot)
        introduces = app.screen.query_one(DocumentView).table("introduces")
        introduces.focus()
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert app.what_if == ()
        warnings = [n for n in notices(app) if n.title == "What-if"]
        assert warnings and warnings[-1].severity == "warning"
        # The what-if key moved the focus to the handlings: pressed again, it works.
        assert app.screen.focused is app.screen.query_one(DocumentView).table("addresses")
        await pilot.press("w")
        await settle(pilot)
        assert len(app.what_if) == 1


async def test_w_on_a_handling_of_the_flow_tree() -> None:
    from layerscope.tui.screens.flow import FlowScreen

    app = gamma_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_view(View("flow", ("gamma",)))
        await settle(pilot)
        assert isinstance(app.screen, FlowScreen)
        tree = app.screen.trees[0]
        tree.focus()
        node = next(n for n in tree._tree_nodes.values() if n.data == "leaky/lift")
        tree.move_cursor(node)
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert app.what_if == (Change(*LEAKY, "mitigated"),)
        # The tree shows the change (it may be a new tree), its cursor still on the handling.
        tree = app.screen.trees[0]
        assert tree.has_focus and tree.cursor_node is not None
        assert tree.cursor_node.data == "leaky/lift"
        label = str(tree.cursor_node.label)
        assert "mitigated" in label and "worsened" not in label
        # The what-if section heads the screen; the pane still holds the stack's section.
        head = app.screen.query_one("#flow-head", DocumentView).document
        pane = app.screen.panes[0].document
        assert head is not None and pane is not None
        assert "What-if" in [plain(b.text) for b in head.blocks if isinstance(b, Heading)]
        assert isinstance(pane.blocks[0], Heading) and plain(pane.blocks[0].text) == "Gamma stack"


# -- every screen follows -------------------------------------------------------------------------


async def test_header_marker_and_the_comparison_follow_the_what_if() -> None:
    app = gamma_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "what-if" not in screen_text(app).splitlines()[0]
        assert gamma_header(app).startswith("mixed")
        assert gamma_card(app, 2)[2:] == ["✓1 ◐0 ↪1 ✗1 · 2 new problems", "carries 3 open, 2 high"]
        await on_leaky(pilot, app)
        await pilot.press("w")
        await settle(pilot)
        assert "what-if: 1 change" in screen_text(app).splitlines()[0]
        # The layer's own document lists the change at its top.
        shown = app.screen.query_one(DocumentView).document
        assert shown is not None
        assert "What-if" in [plain(b.text) for b in shown.blocks if isinstance(b, Heading)]
        await pilot.press("w")  # solved
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot, 5)
        assert isinstance(app.screen, ComparisonScreen)
        assert "what-if: 1 change" in screen_text(app).splitlines()[0]
        assert gamma_header(app).startswith("capability progression")
        assert gamma_card(app, 2)[2:] == ["✓2 ◐0 ↪1 ✗0 · 2 new problems", "carries 2 open, 1 high"]
        # A second change counts.
        app.what_if = (*app.what_if, Change("gamma", "peak", "pricey", "transferred"))
        await settle(pilot, 5)
        assert "what-if: 2 changes" in screen_text(app).splitlines()[0]


async def test_the_dialog_removes_one_change_and_resets_all_and_a_reload_drops_the_gone() -> None:
    app = gamma_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.what_if = (
            Change(*LEAKY, "mitigated"),
            Change("gamma", "peak", "pricey", "transferred"),
        )
        await settle(pilot)
        await pilot.press("W")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, WhatIfScreen), "W opens the dialog"
        options = dialog.query_one(OptionList)
        assert options.option_count == 2, "a row per change"
        assert "Pricey" in str(options.get_option_at_index(1).prompt), (
            "the second row is Pricey's change"
        )
        options.highlighted = 1
        await pilot.press("delete")
        await settle(pilot)
        assert app.what_if == (Change(*LEAKY, "mitigated"),), "delete removes that change"
        assert options.option_count == 1, "one row left"
        await pilot.press("r")
        await settle(pilot)
        assert app.what_if == () and options.option_count == 0, "r resets all"
        await pilot.press("escape")
        await settle(pilot, 5)
        assert isinstance(app.screen, ComparisonScreen), "escape: back to the comparison"
        assert "what-if" not in screen_text(app).splitlines()[0], "the header's marker goes"
        assert gamma_header(app).startswith("mixed"), "the data's verdict again"
        app.what_if = (Change(*LEAKY, "mitigated"),)
        await settle(pilot)
        from layerscope.catalog import load_catalog

        app.catalog = load_catalog(fixture_dirs())  # gamma is gone
        await settle(pilot)
        assert app.what_if == (), "a reload drops changes to what is gone"
        assert any("no longer has" in n.message for n in notices(app)), "and says so"


# -- exports and the data files -----------------------------------------------------------------


async def test_an_export_during_a_what_if_says_so_and_no_data_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(VERDICT, data)
    before = {p: p.read_bytes() for p in sorted(data.rglob("*")) if p.is_file()}
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    app = gamma_app(data)
    assert app.catalog.stacks["gamma"].layers  # gamma came from the copy
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await on_leaky(pilot, app)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, LayerScreen)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        written = list(out.glob("layerscope-*.txt"))
        assert len(written) == 1
        text = written[0].read_text()
        view = View("layer", ("gamma",), "lift")
        # The title as without a what-if, then the what-if heading and its warning first.
        title = render_view(view, app.catalog, "text", width=100).split("\n\n")[0].splitlines()
        lines = text.splitlines()
        assert lines[: len(title)] == title
        rest = [line for line in lines[len(title) :] if line.strip()]
        assert rest[0].startswith("What-if")
        assert rest[1].startswith("Not the data's verdict")
        assert "Leaky: ✗ worsened → ◐ mitigated" in rest[2]
        # Exactly what the what-if report of the same view and change writes.
        expected = render_document(
            what_if_document(view, app.catalog, [Change(*LEAKY, "mitigated")]), "text", width=100
        )
        assert text == expected
        await pilot.press("w", "w")
        await settle(pilot)
        app.what_if = ()
        await settle(pilot)
    # The same files (none added or removed), byte for byte.
    after = {p: p.read_bytes() for p in sorted(data.rglob("*")) if p.is_file()}
    assert after == before
