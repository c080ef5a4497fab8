"""The detail panel: ``enter`` on a row of the layer screen, every field in full, its URL keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from test_tui_support import make_app, screen_text
from textual.pilot import Pilot
from textual.widgets import Input

from layerscope.report.document import Figure, Table, plain
from layerscope.report.format import glyphs
from layerscope.report.render.export import to_text
from layerscope.report.render.to_rich import to_rich
from layerscope.report.views.detail import detail_document
from layerscope.tui.dialogs.detail import DetailScreen
from layerscope.tui.launch import Start
from layerscope.tui.screens.layer import LayerScreen
from layerscope.tui.widgets.document import DocumentView

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
Compare = Callable[..., bool]


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Input, "cursor_blink", False)


def _app(layer: str = "base") -> Any:
    return make_app(start=Start(("alpha", "beta"), layer=("alpha", layer)))


async def _enter_on(pilot: Pilot[None], table: str, row: int = 0) -> DetailScreen:
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, LayerScreen)
    widget = screen.query_one(DocumentView).table(table)
    widget.focus()
    widget.move_cursor(row=row)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    detail = pilot.app.screen
    assert isinstance(detail, DetailScreen)
    return detail


def _text(screen: DetailScreen) -> str:
    doc = screen.query_one(DocumentView).document
    assert doc is not None
    return to_text(to_rich(doc), 200)


async def test_enter_on_an_example_shows_every_field_unbroken_urls_c_copies_and_b_opens(
    monkeypatch: Any,
) -> None:
    app = _app()
    copied: list[str] = []
    opened: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
        monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
        detail = await _enter_on(pilot, "examples")
        example = app.catalog.stack("alpha").layers[0].examples[0]
        assert (detail.kind, detail.key) == ("example", example.name), "the example at the cursor"
        text = _text(detail)
        for field in (example.name, example.org, example.note, example.url):
            assert field in text, f"the example's field {field!r}"
        source = app.catalog.stack("alpha").source(example.sources[0])
        assert source is not None
        for field in (source.title, source.publisher, source.url):
            assert field and field in text, f"its source's field {field!r}"
        links = detail.query_one(DocumentView).table("links")
        expected = list(links.block.row_keys)
        for row, url in enumerate(expected):
            cell = links.get_row_at(row)[0]
            assert url in cell.plain.replace("\n", ""), f"the URL {url}"
            assert url in cell.plain, f"one line: no break anywhere inside {url}"
        assert expected[0] == example.url, "the example's own URL first"
        await pilot.press("c")
        links.move_cursor(row=len(expected) - 1)
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        assert copied == [expected[0]], "c copies the URL at the cursor"
        assert opened == [expected[-1]], "b opens the URL at the cursor"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LayerScreen), "escape: back to the layer"


async def test_enter_on_a_metric_shows_its_definition_direction_and_history() -> None:
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        detail = await _enter_on(pilot, "metrics")
        metric = app.catalog.stack("alpha").layers[0].metrics[0]
        assert (detail.kind, detail.key) == ("metric", metric.id)
        text = _text(detail)
        assert metric.definition in text
        assert "Better: higher" in text
        doc = detail.query_one(DocumentView).document
        assert doc is not None
        figure = next(b for b in doc.blocks if isinstance(b, Figure))
        # One mark per point of history, in the characters and in the vector shapes.
        marks = sum(plain(ln).count(glyphs(False).bullet) for ln in figure.lines)
        assert marks == len(metric.series)
        assert detail.query_one("#history")  # drawn on screen


async def test_enter_on_a_handling_shows_the_note_and_outcome() -> None:
    app = _app("middle")
    async with app.run_test(size=(80, 24)) as pilot:
        detail = await _enter_on(pilot, "addresses", row=1)
        layer = app.catalog.stack("alpha").layers[1]
        handling = layer.addresses[1]
        assert (detail.kind, detail.key) == ("handling", f"{layer.id}/{handling.problem}")
        text = _text(detail)
        assert handling.note in text and handling.outcome in text


def test_the_detail_document_is_built_in_the_report() -> None:
    app = _app()
    stack = app.catalog.stack("alpha")
    doc = detail_document(stack, "source", "s1", glyphs(True))
    links = next(b for b in doc.blocks if isinstance(b, Table) and b.key == "links")
    source = stack.source("s1")
    assert source is not None and links.row_keys == (source.url,)
    with pytest.raises(LookupError):
        detail_document(stack, "metric", "no-such-metric", glyphs(False))


async def _metric_detail(pilot: Pilot[None]) -> None:
    await _enter_on(pilot, "metrics")
    pilot.app.clear_notifications()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_detail_snapshot(snap_compare: Compare, size: tuple[int, int]) -> None:
    assert snap_compare(_app(), terminal_size=size, run_before=_metric_detail)


async def test_enter_on_a_flow_handling_opens_it_in_full_and_on_a_problem_folds_it() -> None:
    from layerscope.tui.screens.flow import FlowScreen

    app = make_app(start=Start(("alpha", "beta")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f")
        for _ in range(4):
            await pilot.pause()
        flow = app.screen
        assert isinstance(flow, FlowScreen)
        tree = flow.trees[0]
        stack = app.catalog.stack("alpha")
        layer = next(la for la in stack.layers if la.addresses)
        handling = layer.addresses[0]
        assert flow.go_to_entry(f"{handling.problem}/{layer.id}")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, DetailScreen)
        assert (detail.stack_id, detail.kind) == ("alpha", "handling")
        assert detail.key == f"{layer.id}/{handling.problem}"
        assert handling.note and handling.note in _text(detail)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is flow
        assert flow.go_to_entry(handling.problem)
        await pilot.pause()
        node = tree.cursor_node
        assert node is not None and node.is_expanded
        await pilot.press("enter")  # a problem: folds, opens nothing
        await pilot.pause()
        assert app.screen is flow and not node.is_expanded


async def test_enter_on_a_source_of_the_layer_opens_it_in_full() -> None:
    from layerscope.report.views.layer import cited_sources
    from layerscope.tui.widgets.document import ItemList

    app = _app("top")  # cites two sources
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LayerScreen)
        sources = screen.query_one(ItemList)
        ids = cited_sources(screen.stack, screen.record)
        assert len(ids) >= 2 and len(sources.units) == len(ids)
        sources.focus()
        await pilot.press("down")
        await pilot.pause()
        assert sources.cursor == 1
        focus = glyphs(False).focus
        marked = [line for line in screen_text(app).splitlines() if focus in line]
        assert len(marked) == 1 and "[2]" in marked[0]
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, DetailScreen)
        assert (detail.kind, detail.key) == ("source", ids[1])
        source = app.catalog.stack("alpha").source(ids[1])
        assert source is not None
        text = _text(detail)
        for field in (source.title, source.publisher, source.url):
            assert field and field in text
