"""Behaviour tests of the drivers and problem-flow screens and the export dialog."""

from __future__ import annotations

import datetime
import io
import os
from pathlib import Path
from typing import Any

import msgspec
import pytest
from rich.console import Console
from rich.text import Text
from textual.app import App
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, RadioSet, Static
from textual.widgets.tree import TreeNode

from layerscope.analysis import progression
from layerscope.catalog import Catalog, SearchDir, load_catalog
from layerscope.model import Driver, Metric, Point, Stack
from layerscope.report import EXTENSIONS, View, render_view
from layerscope.tui.dialogs.export import ConfirmOverwrite, ExportModal
from layerscope.tui.screens.drivers import (
    MATCH_STYLE,
    CardLine,
    DimensionTable,
    DriverCard,
    DriversScreen,
)
from layerscope.tui.screens.flow import FlowScreen, FlowTree

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SIZE = (120, 40)


class Host(App[None]):
    """A bare app that shows one screen and records what it is dismissed with."""

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.shown = screen
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.shown, self.results.append)


@pytest.fixture
def markup_catalog() -> Catalog:
    """The fixture catalog plus the stack whose strings all look like markup."""
    return load_catalog(
        [SearchDir(FIXTURES / "catalog", "--data"), SearchDir(FIXTURES / "markup", "--data")]
    )


def screen_text(app: App[Any]) -> str:
    """The whole screen as plain text, as a terminal would show it."""
    console = Console(width=app.size.width, file=io.StringIO(), record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


def rendered(widget: DimensionTable, width: int = 110) -> str:
    """A dimension table as plain text."""
    console = Console(width=width, file=io.StringIO(), record=True)
    console.print(widget.render())
    return console.export_text()


def marked_in_card(card: DriverCard) -> list[str]:
    """The stretches of a card's text that the filter marks."""
    return [
        line.shown.plain[span.start : span.end]
        for line in card.query(CardLine)
        for span in line.shown.spans
        if span.style == MATCH_STYLE
    ]


def marked_in_table(table: DimensionTable) -> list[str]:
    """The stretches of the dimension table that the filter marks (shown reversed)."""
    console = Console(width=200, file=io.StringIO())
    return [
        segment.text
        for segment in console.render(table.render())
        if segment.style is not None and segment.style.reverse
    ]


def card_text(card: DriverCard) -> str:
    return card.text


def label(node: TreeNode[Any]) -> Text:
    """A node's label (always a Text in these trees)."""
    assert isinstance(node.label, Text)
    return node.label


def labels(tree: FlowTree) -> list[tuple[str, list[str]]]:
    """Each problem label with its children's labels."""
    return [
        (label(node).plain, [label(child).plain for child in node.children])
        for node in tree.root.children
    ]


def shown(widget: Widget) -> str:
    """The plain text of a Static."""
    assert isinstance(widget, Static)
    return str(widget.content)


def top(app: App[Any]) -> Screen[Any]:
    """The screen on top (a function, so each check looks again)."""
    return app.screen


def replace_stack(catalog: Catalog, stack: Stack) -> Catalog:
    """A copy of ``catalog`` where ``stack`` replaces the stack with its id."""
    stacks = dict(catalog.stacks)
    stacks[stack.id] = stack
    return Catalog(stacks=stacks, files=dict(catalog.files), dimensions=list(catalog.dimensions))


# -- drivers screen ------------------------------------------------------------------------


class TestDrivers:
    async def test_weights_as_bars_heaviest_first(self, fixture_catalog: Catalog) -> None:
        app = Host(DriversScreen(fixture_catalog, ["alpha", "beta"]))
        async with app.run_test(size=SIZE):
            alpha, beta = app.screen.query(DriverCard)
            text = card_text(alpha)
            assert text.startswith("Alpha stack\n")
            assert "\n" + "█" * 14 + "░" * 6 + " 0.70 Competition\n" in text
            assert "\n" + "█" * 6 + "░" * 14 + " 0.30 Money\n" in text
            assert text.index("Competition") < text.index("Money")
            assert "Rivals race on speed." in text
            assert "█" * 20 + " 1.00 Token economics" in card_text(beta)

    async def test_indicators_with_latest_value_and_date(self, fixture_catalog: Catalog) -> None:
        app = Host(DriversScreen(fixture_catalog, ["alpha", "beta"]))
        async with app.run_test(size=SIZE):
            alpha, beta = app.screen.query(DriverCard)
            assert "• Base speed · 10 ops/s · as of 2021-06" in card_text(alpha)
            assert "• Middle cost · 3–5 USD · as of 2022-02-01" in card_text(alpha)
            assert "• Chain throughput · 15 tx/s · as of 2025" in card_text(beta)
            # the indicator sits under its own driver
            text = card_text(alpha)
            assert text.index("Competition") < text.index("Base speed") < text.index("Money")

    async def test_dimension_answers_in_file_order(self, fixture_catalog: Catalog) -> None:
        app = Host(DriversScreen(fixture_catalog, ["beta", "alpha"]))
        async with app.run_test(size=SIZE):
            table = app.screen.query_one(DimensionTable)
            assert [(d.id, answers) for d, answers in table.rows()] == [
                ("layer-meaning", ("a settlement tier", "a capability tier")),
                ("competes-on", (None, "speed")),
            ]
            text = rendered(table, width=200)
            assert text.index("What a layer means") < text.index("What competes")
            row = next(line for line in text.splitlines() if "What competes" in line)
            assert "—" in row and "speed" in row
            assert row.index("—") < row.index("speed")  # beta's column comes first
            assert "What does moving up one layer mean?" in text
            assert "Beta stack" in text and "Alpha" in text

    async def test_long_answers_wrap(self, fixture_catalog: Catalog) -> None:
        beta = fixture_catalog.stack("beta")
        long = "settles " * 30
        catalog = replace_stack(
            fixture_catalog,
            msgspec.structs.replace(beta, profile={"layer-meaning": long.strip()}),
        )
        app = Host(DriversScreen(catalog, ["alpha", "beta"]))
        async with app.run_test(size=SIZE):
            text = rendered(app.screen.query_one(DimensionTable), width=80)
            assert max(len(line) for line in text.splitlines()) <= 80
            assert text.count("settles") == 30

    async def test_latest_value_comes_from_newest_series_point(
        self, fixture_catalog: Catalog
    ) -> None:
        beta = fixture_catalog.stack("beta")
        chain = beta.layers[0]
        metric: Metric = msgspec.structs.replace(
            chain.metrics[0], series=(Point(as_of="2026-01", value=42.5),)
        )
        chain = msgspec.structs.replace(chain, metrics=(metric,))
        stack = msgspec.structs.replace(beta, layers=(chain, *beta.layers[1:]))
        app = Host(DriversScreen(replace_stack(fixture_catalog, stack), ["beta"]))
        async with app.run_test(size=SIZE):
            text = card_text(app.screen.query_one(DriverCard))
            assert "Chain throughput · 42.5 tx/s · as of 2026-01" in text
            assert "15 tx/s" not in text

    async def test_tab_moves_between_stacks(self, fixture_catalog: Catalog) -> None:
        app = Host(DriversScreen(fixture_catalog, ["alpha", "beta"]))
        async with app.run_test(size=SIZE) as pilot:
            first, second = app.screen.query(DriverCard)
            assert app.screen.focused is first
            await pilot.press("tab")
            assert app.screen.focused is second
            await pilot.press("tab")
            assert app.screen.focused is first
            await pilot.press("shift+tab")
            assert app.screen.focused is second
            await pilot.press("h")
            assert app.screen.focused is first
            await pilot.press("l")
            assert app.screen.focused is second

    async def test_filter_highlights_and_counts(self, fixture_catalog: Catalog) -> None:
        screen = DriversScreen(fixture_catalog, ["alpha", "beta"])
        app = Host(screen)
        async with app.run_test(size=SIZE) as pilot:
            # Competition (through its description and its indicator) and competes-on
            assert screen.apply_filter("SPEED") == 2
            await pilot.pause()
            alpha, beta = screen.query(DriverCard)
            assert marked_in_card(alpha) == ["speed", "speed"]
            assert marked_in_card(beta) == []
            assert marked_in_table(screen.query_one(DimensionTable)) == ["speed"]
            assert screen.apply_filter("tier") == 1
            assert marked_in_table(screen.query_one(DimensionTable)) == ["tier", "tier"]
            assert screen.apply_filter("token") == 1
            assert marked_in_card(beta) == ["Token"]
            assert screen.apply_filter("nothing like this") == 0
            assert screen.apply_filter("") == 0
            assert marked_in_card(alpha) == marked_in_card(beta) == []
            assert marked_in_table(screen.query_one(DimensionTable)) == []

    async def test_update_catalog_rerenders(self, fixture_catalog: Catalog) -> None:
        screen = DriversScreen(fixture_catalog, ["alpha", "beta"])
        app = Host(screen)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("tab")
            beta = fixture_catalog.stack("beta")
            changed = msgspec.structs.replace(
                beta,
                drivers=(
                    Driver(id="tokens", name="Token prices", weight=0.5, indicators=("chain-tps",)),
                    Driver(id="tvl", name="Locked value", weight=0.5),
                ),
                profile={"competes-on": "fees"},
            )
            screen.update_catalog(replace_stack(fixture_catalog, changed))
            await pilot.pause()
            text = card_text(screen.query(DriverCard)[1])
            assert "Token prices" in text and "Locked value" in text
            assert "Token economics" not in text
            rows = dict((d.id, a) for d, a in screen.query_one(DimensionTable).rows())
            assert rows["competes-on"] == ("speed", "fees")
            assert rows["layer-meaning"] == ("a capability tier", None)
            assert screen.focused is screen.query(DriverCard)[1]  # selection kept

    async def test_update_catalog_keeps_a_stack_that_vanished(
        self, fixture_catalog: Catalog
    ) -> None:
        screen = DriversScreen(fixture_catalog, ["alpha", "beta"])
        app = Host(screen)
        async with app.run_test(size=SIZE) as pilot:
            broken = Catalog(
                stacks={"alpha": fixture_catalog.stack("alpha")},
                dimensions=list(fixture_catalog.dimensions),
            )
            screen.update_catalog(broken)
            await pilot.pause()
            assert "Token economics" in card_text(screen.query(DriverCard)[1])

    async def test_current_view(self, fixture_catalog: Catalog) -> None:
        screen = DriversScreen(fixture_catalog, ["beta", "alpha"])
        async with Host(screen).run_test(size=SIZE):
            view = screen.current_view()
            assert view == View("drivers", ("beta", "alpha"))
            assert view.path == "drivers beta alpha"

    async def test_cards_stack_vertically_when_narrow(self, markup_catalog: Catalog) -> None:
        screen = DriversScreen(markup_catalog, ["alpha", "beta", "markup"])
        async with Host(screen).run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert screen.has_class("-narrow")
            cards = list(screen.query(DriverCard))
            assert cards[0].region.x == cards[1].region.x
            assert cards[0].region.y < cards[1].region.y
            assert cards[0].region.width > 60
        wide = DriversScreen(markup_catalog, ["alpha", "beta"])
        async with Host(wide).run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert not wide.has_class("-narrow")
            first, second = wide.query(DriverCard)
            assert first.region.y == second.region.y

    async def test_markup_shows_literally(self, markup_catalog: Catalog) -> None:
        screen = DriversScreen(markup_catalog, ["markup", "alpha"])
        app = Host(screen)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert card_text(screen.query(DriverCard).first()).startswith(
                "[bold red]Markup[/] stack"
            )
            assert "[@click=app.quit]Q[/]" in rendered(screen.query_one(DimensionTable))
            text = screen_text(app)
            assert "[bold red]Markup[/] stack" in text
            assert "[@click=app.quit]Q[/]" in text

    def test_needs_one_to_four_stacks(self, fixture_catalog: Catalog) -> None:
        with pytest.raises(ValueError):
            DriversScreen(fixture_catalog, [])
        with pytest.raises(ValueError):
            DriversScreen(fixture_catalog, ["alpha"] * 5)


# -- problem-flow screen -------------------------------------------------------------------


class TestFlow:
    async def test_tree_shows_each_problem_with_handlings_and_status(
        self, fixture_catalog: Catalog
    ) -> None:
        screen = FlowScreen(fixture_catalog, ["alpha", "beta"])
        async with Host(screen).run_test(size=SIZE):
            alpha, beta = screen.query(FlowTree)
            assert labels(alpha) == [
                (
                    "Slow  high severity  ✓ solved",
                    [
                        "introduced at L1 Base engines",
                        "L2 Middle tools: ✓ solved — Caching removes the wait.",
                        "status at the top: ✓ solved",
                    ],
                ),
                (
                    "Fragile  medium severity  ✓ solved",
                    [
                        "introduced at L1 Base engines",
                        "L2 Middle tools: ◐ mitigated — Retries help but do not cure.",
                        "L3 Top agents: ✓ solved — Verification at the top.",
                        "status at the top: ✓ solved",
                    ],
                ),
                (
                    "Costly  low severity  ✓ solved",
                    [
                        "introduced at L2 Middle tools",
                        "L3 Top agents: ✓ solved — Cheaper hardware.",
                        "status at the top: ✓ solved",
                    ],
                ),
            ]
            assert labels(beta) == [
                (
                    "Congestion  high severity  ◐ mitigated",
                    [
                        "introduced at B1 Base chains",
                        "B2 Rollups: ↪ transferred into Fragmentation"
                        " — Load moves to many separate rollups.",
                        "B3 App chains: ◐ mitigated — Less load per chain.",
                        "status at the top: ◐ mitigated",
                    ],
                ),
                (
                    "Fragmentation  medium severity  ↪ transferred",
                    [
                        "introduced at B2 Rollups",
                        "B3 App chains: ↪ transferred into More fragmentation"
                        " — Every app gets its own chain.",
                        "status at the top: ↪ transferred into More fragmentation",
                    ],
                ),
                (
                    "More fragmentation  medium severity  ○ unaddressed",
                    ["introduced at B3 App chains", "status at the top: ○ unaddressed"],
                ),
            ]

    async def test_ascii_symbols(self, fixture_catalog: Catalog) -> None:
        screen = FlowScreen(fixture_catalog, ["beta"], ascii=True)
        app = Host(screen)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            (_, children), *_ = labels(screen.query_one(FlowTree))
            assert children[1] == (
                "B2 Rollups: > transferred into Fragmentation"
                " - Load moves to many separate rollups."
            )
            text = screen_text(app)
            assert "- Congestion  high severity  ~ mitigated" in text
            assert "|-- introduced at B1 Base chains" in text
            assert "problem transfer | progression index 0.17" in text
            assert not {"▼", "├", "└", "·", "↪"} & set(text)

    async def test_detail_shows_the_whole_label_and_the_description(
        self, fixture_catalog: Catalog
    ) -> None:
        screen = FlowScreen(fixture_catalog, ["alpha"])
        async with Host(screen).run_test(size=(60, 24)) as pilot:
            detail = screen.query_one(".flow-detail")
            assert not detail.display  # nothing selected yet
            await pilot.press("down")
            assert detail.display
            assert shown(detail) == "Slow  high severity  ✓ solved\nThe base is slow."
            await pilot.press("down", "down")
            assert shown(detail) == "L2 Middle tools: ✓ solved — Caching removes the wait."

    async def test_header_has_the_numbers_and_verdict(self, fixture_catalog: Catalog) -> None:
        screen = FlowScreen(fixture_catalog, ["alpha", "beta"])
        app = Host(screen)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            headers = [shown(h) for h in screen.query(".flow-header")]
            for stack_id, header in zip(["alpha", "beta"], headers, strict=True):
                result = progression(fixture_catalog.stack(stack_id))
                assert f"progression index {result.score.index:.2f}" in header
                assert f"transfer share {result.score.transfer_share:.0%}" in header
                assert f"{result.score.count} handlings" in header
                assert header.splitlines()[1].startswith(result.verdict)
            assert "index 0.88 · transfer share 0%" in headers[0]
            assert "capability progression" in headers[0]
            assert "index 0.17 · transfer share 67%" in headers[1]
            assert "problem transfer" in headers[1]
            assert "L2 0.75/0% · L3 1.00/0%" in headers[0]
            text = screen_text(app)
            assert "capability progression · progression index 0.88" in text
            assert "problem transfer · progression index 0.17" in text

    async def test_tab_moves_between_trees(self, fixture_catalog: Catalog) -> None:
        screen = FlowScreen(fixture_catalog, ["alpha", "beta"])
        async with Host(screen).run_test(size=SIZE) as pilot:
            first, second = screen.query(FlowTree)
            assert screen.focused is first
            await pilot.press("tab")
            assert screen.focused is second
            assert screen.active == 1
            await pilot.press("tab")
            assert screen.focused is first
            await pilot.press("shift+tab")
            assert screen.focused is second
            await pilot.press("h")
            assert screen.focused is first and screen.active == 0
            await pilot.press("l")
            assert screen.focused is second

    async def test_expand_and_collapse(self, fixture_catalog: Catalog) -> None:
        screen = FlowScreen(fixture_catalog, ["alpha", "beta"])
        async with Host(screen).run_test(size=SIZE) as pilot:
            tree = screen.query(FlowTree).first()
            slow = tree.root.children[0]
            assert slow.is_expanded
            await pilot.press("down")  # the cursor lands on the first problem
            assert tree.cursor_node is slow
            await pilot.press("space")
            assert not slow.is_expanded
            await pilot.press("enter")
            assert slow.is_expanded
            await pilot.press("minus")
            assert not any(node.is_expanded for node in tree.root.children)
            await pilot.press("plus")
            assert all(node.is_expanded for node in tree.root.children)

    async def test_filter_highlights_and_counts(self, fixture_catalog: Catalog) -> None:
        screen = FlowScreen(fixture_catalog, ["alpha", "beta"])
        async with Host(screen).run_test(size=SIZE) as pilot:
            alpha, beta = screen.query(FlowTree)
            # congestion (transferred into it), fragmentation, more fragmentation
            assert screen.apply_filter("Fragment") == 3
            await pilot.pause()
            assert alpha.matches == 0 and beta.matches == 3

            def highlighted(tree: FlowTree) -> set[str]:
                found = set()
                for node in tree.root.children:
                    for item in (node, *node.children):
                        text = label(item)
                        found |= {
                            text.plain[s.start : s.end]
                            for s in text.spans
                            if "reverse" in str(s.style)
                        }
                return found

            # Congestion matches through a handling: its name is marked so the match shows
            assert highlighted(beta) == {"Congestion", "Fragment", "fragment"}
            assert highlighted(alpha) == set()
            assert screen.apply_filter("retries") == 1
            assert highlighted(alpha) == {"Fragile", "Retries"}
            assert screen.apply_filter("") == 0
            assert highlighted(alpha) == highlighted(beta) == set()

    async def test_filter_expands_collapsed_matches(self, fixture_catalog: Catalog) -> None:
        screen = FlowScreen(fixture_catalog, ["alpha"])
        async with Host(screen).run_test(size=SIZE) as pilot:
            tree = screen.query_one(FlowTree)
            await pilot.press("minus")
            assert screen.apply_filter("caching") == 1
            assert tree.root.children[0].is_expanded
            assert not tree.root.children[1].is_expanded

    async def test_update_catalog_rerenders_and_keeps_state(self, fixture_catalog: Catalog) -> None:
        screen = FlowScreen(fixture_catalog, ["alpha", "beta"])
        async with Host(screen).run_test(size=SIZE) as pilot:
            await pilot.press("tab", "down", "space")  # collapse Congestion in beta
            beta_tree = screen.query(FlowTree)[1]
            assert not beta_tree.root.children[0].is_expanded
            screen.apply_filter("rollups")
            beta = fixture_catalog.stack("beta")
            rollup = beta.layers[1]
            handling = msgspec.structs.replace(rollup.addresses[0], note="Rollups batch it.")
            rollup = msgspec.structs.replace(rollup, addresses=(handling,))
            stack = msgspec.structs.replace(beta, layers=(beta.layers[0], rollup, beta.layers[2]))
            screen.update_catalog(replace_stack(fixture_catalog, stack))
            await pilot.pause()
            beta_tree = screen.query(FlowTree)[1]
            congestion = beta_tree.root.children[0]
            assert "B2 Rollups: ↪ transferred into Fragmentation — Rollups batch it." in [
                label(child).plain for child in congestion.children
            ]
            assert screen.focused is beta_tree
            assert beta_tree.cursor_node is congestion
            assert beta_tree.matches == 2  # the filter still applies
            assert congestion.is_expanded  # ... and shows its matches

    async def test_update_catalog_keeps_collapsed_problems(self, fixture_catalog: Catalog) -> None:
        screen = FlowScreen(fixture_catalog, ["alpha"])
        async with Host(screen).run_test(size=SIZE) as pilot:
            await pilot.press("down", "space")
            screen.update_catalog(fixture_catalog)
            await pilot.pause()
            tree = screen.query_one(FlowTree)
            assert [n.is_expanded for n in tree.root.children] == [False, True, True]

    async def test_current_view(self, fixture_catalog: Catalog) -> None:
        screen = FlowScreen(fixture_catalog, ["beta", "alpha"])
        async with Host(screen).run_test(size=SIZE):
            assert screen.current_view() == View("flow", ("beta", "alpha"))
            assert screen.current_view().path == "flow beta alpha"

    async def test_one_tree_at_a_time_when_narrow(self, markup_catalog: Catalog) -> None:
        screen = FlowScreen(markup_catalog, ["alpha", "beta", "markup"])
        app = Host(screen)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert screen.has_class("-narrow")
            panes = list(screen.query("FlowPane"))
            assert [pane.display for pane in panes] == [True, False, False]
            await pilot.press("tab")
            await pilot.pause()
            assert [pane.display for pane in panes] == [False, True, False]
            assert screen.focused is screen.query(FlowTree)[1]
            assert "Congestion" in screen_text(app)

    async def test_markup_shows_literally(self, markup_catalog: Catalog) -> None:
        screen = FlowScreen(markup_catalog, ["markup"])
        app = Host(screen)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            ((problem, children),) = labels(screen.query_one(FlowTree))
            assert problem.startswith("[blink]Problem[/blink]")
            assert children == [
                "introduced at L1 [reverse]Low[/reverse]",
                "L2 $variable and {braces} and [/]: ◐ mitigated — [on red]note[/]",
                "status at the top: ◐ mitigated",
            ]
            header = shown(screen.query_one(".flow-header"))
            assert header.startswith("[bold red]Markup[/] stack")
            text = screen_text(app)
            for literal in (
                "[blink]Problem[/blink]",
                "[on red]note[/]",
                "$variable and {braces} and [/]",
                "[bold red]Markup[/] stack",
            ):
                assert literal in text
            assert screen.apply_filter("[/]") == 1


# -- export dialog -------------------------------------------------------------------------


TODAY = datetime.date.today().isoformat()
VIEW = View("drivers", ("alpha", "beta"))


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


async def set_path(pilot: Any, modal: ExportModal, path: Path | str) -> None:
    modal.path_input.value = str(path)
    await pilot.pause()


class TestExport:
    async def test_default_path_and_text_format(
        self, fixture_catalog: Catalog, in_tmp: Path
    ) -> None:
        modal = ExportModal(VIEW, fixture_catalog)
        app = Host(modal)
        async with app.run_test(size=SIZE) as pilot:
            expected = f"./layerscope-drivers-alpha-beta-{TODAY}.{EXTENSIONS['text']}"
            assert modal.path_input.value == expected
            assert app.screen.focused is modal.path_input
            await pilot.press("enter")
            await pilot.pause()
            written = in_tmp / expected
            assert written.read_text("utf-8") == render_view(VIEW, fixture_catalog, "text")
            assert app.results == [Path(expected)]
            assert top(app) is not modal

    async def test_format_choice_sets_extension_and_content(
        self, fixture_catalog: Catalog, in_tmp: Path
    ) -> None:
        modal = ExportModal(VIEW, fixture_catalog)
        app = Host(modal)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("shift+tab")  # to the formats
            assert isinstance(app.screen.focused, RadioSet)
            await pilot.press("right", "right", "enter")  # text, ansi, md
            await pilot.pause()
            assert modal.format == "md"
            expected = f"./layerscope-drivers-alpha-beta-{TODAY}.{EXTENSIONS['md']}"
            assert modal.path_input.value == expected
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert (in_tmp / expected).read_text("utf-8") == render_view(
                VIEW, fixture_catalog, "md"
            )
            assert app.results == [Path(expected)]

    async def test_edited_path_keeps_its_extension(
        self, fixture_catalog: Catalog, in_tmp: Path
    ) -> None:
        modal = ExportModal(VIEW, fixture_catalog)
        app = Host(modal)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("ctrl+u", *"report.out")
            assert modal.path_input.value == "report.out"
            await pilot.press("shift+tab", "left", "enter")  # wraps round to svg
            await pilot.pause()
            assert modal.format == "svg"
            assert modal.path_input.value == "report.out"
            await pilot.click("#export-write")
            await pilot.pause()
            assert (in_tmp / "report.out").read_text("utf-8") == render_view(
                VIEW, fixture_catalog, "svg"
            )

    async def test_asks_before_overwriting(self, fixture_catalog: Catalog, tmp_path: Path) -> None:
        target = tmp_path / "report.txt"
        target.write_text("old", "utf-8")
        modal = ExportModal(VIEW, fixture_catalog)
        app = Host(modal)
        async with app.run_test(size=SIZE) as pilot:
            await set_path(pilot, modal, target)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(top(app), ConfirmOverwrite)
            await pilot.press("n")
            await pilot.pause()
            assert top(app) is modal
            assert target.read_text("utf-8") == "old"
            assert app.results == []
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(top(app), ConfirmOverwrite)
            await pilot.press("enter")  # the focused button is "keep it"
            await pilot.pause()
            assert top(app) is modal and target.read_text("utf-8") == "old"
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
            assert target.read_text("utf-8") == render_view(VIEW, fixture_catalog, "text")
            assert app.results == [target]

    async def test_missing_directory_is_an_inline_error(
        self, fixture_catalog: Catalog, tmp_path: Path
    ) -> None:
        target = tmp_path / "missing" / "report.txt"
        modal = ExportModal(VIEW, fixture_catalog)
        app = Host(modal)
        async with app.run_test(size=SIZE) as pilot:
            await set_path(pilot, modal, target)
            await pilot.press("enter")
            await pilot.pause()
            assert top(app) is modal
            assert "does not exist" in modal.error and str(tmp_path / "missing") in modal.error
            assert modal.query_one("#export-error").display
            assert not target.parent.exists()
            assert app.results == []
            await pilot.press("x")  # editing the path clears the error
            assert modal.error == ""

    async def test_write_error_leaves_the_old_file(
        self, fixture_catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        target = tmp_path / "report.txt"
        target.write_text("old", "utf-8")

        def refuse(path: Path, data: str | bytes) -> None:
            raise PermissionError(13, "Permission denied", str(path))

        monkeypatch.setattr("layerscope.tui.dialogs.export.write_atomic", refuse)
        modal = ExportModal(VIEW, fixture_catalog)
        app = Host(modal)
        async with app.run_test(size=SIZE) as pilot:
            await set_path(pilot, modal, target)
            await pilot.press("enter", "y")
            await pilot.pause()
            assert top(app) is modal
            assert "permission denied" in modal.error
            assert target.read_text("utf-8") == "old"
            assert app.results == []

    @pytest.mark.skipif(
        not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anywhere"
    )
    async def test_read_only_directory(self, fixture_catalog: Catalog, tmp_path: Path) -> None:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        modal = ExportModal(VIEW, fixture_catalog)
        app = Host(modal)
        try:
            async with app.run_test(size=SIZE) as pilot:
                await set_path(pilot, modal, locked / "report.txt")
                await pilot.press("enter")
                await pilot.pause()
                assert top(app) is modal
                assert "permission denied" in modal.error
        finally:
            locked.chmod(0o700)
        assert list(locked.iterdir()) == []

    async def test_a_directory_is_not_a_file(
        self, fixture_catalog: Catalog, tmp_path: Path
    ) -> None:
        modal = ExportModal(VIEW, fixture_catalog)
        app = Host(modal)
        async with app.run_test(size=SIZE) as pilot:
            await set_path(pilot, modal, tmp_path)
            await pilot.press("enter")
            await pilot.pause()
            assert top(app) is modal and "is a directory" in modal.error

    async def test_escape_cancels(self, fixture_catalog: Catalog, in_tmp: Path) -> None:
        modal = ExportModal(VIEW, fixture_catalog)
        app = Host(modal)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("escape")
            await pilot.pause()
            assert app.results == [None]
            assert top(app) is not modal
        assert list(in_tmp.iterdir()) == []

    async def test_unknown_stack_is_an_inline_error(
        self, fixture_catalog: Catalog, tmp_path: Path
    ) -> None:
        modal = ExportModal(View("drivers", ("alpha", "gone")), fixture_catalog)
        app = Host(modal)
        async with app.run_test(size=SIZE) as pilot:
            await set_path(pilot, modal, tmp_path / "x.txt")
            await pilot.press("enter")
            await pilot.pause()
            assert top(app) is modal and "gone" in modal.error
            assert not (tmp_path / "x.txt").exists()

    async def test_title_shows_the_view_literally(self, markup_catalog: Catalog) -> None:
        view = View("layer", ("markup",), "low")
        modal = ExportModal(view, markup_catalog)
        app = Host(modal)
        async with app.run_test(size=SIZE):
            assert view.path in shown(modal.query_one("#export-title"))
            slug = view.path.replace(" ", "-").replace("/", "-")
            assert modal.path_input.value.startswith(f"./layerscope-{slug}-{TODAY}.")
            assert isinstance(modal.query_one("#export-path"), Input)
