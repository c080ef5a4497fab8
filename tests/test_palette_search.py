"""The palette's jump search: the work of a keystroke does not grow with the keystrokes
before it. Each key typed starts a search, and Textual leaves the one it replaces running:
a replaced search stops, and the list of targets (every stack, layer, problem and example)
is built once per palette, not once per key."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from test_tui_support import fixture_dirs, make_app

from layerscope.catalog import load_catalog
from layerscope.tui import palette
from layerscope.tui.palette import JumpProvider


async def hits_of(provider: JumpProvider, query: str) -> list[Any]:
    return [hit async for hit in provider.search(query)]


async def test_a_search_replaced_by_a_newer_one_stops(monkeypatch: pytest.MonkeyPatch) -> None:
    # The search lets the app run every YIELD_EVERY targets; at every one here, as between
    # every 500 of a big catalog's.
    monkeypatch.setattr(palette, "YIELD_EVERY", 1)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        provider = JumpProvider(app.screen)
        older = asyncio.ensure_future(hits_of(provider, "al"))
        await asyncio.sleep(0)  # the older search has started: the key after it is typed
        newer = asyncio.ensure_future(hits_of(provider, "alp"))
        old, new = await older, await newer
        assert old == []  # nobody reads it any more: it stopped without a hit
        assert any("Alpha" in str(hit.text) for hit in new)
        assert [str(hit.text) for hit in await hits_of(provider, "alp")] == [
            str(hit.text) for hit in new
        ]  # alone, the same search runs to its end


async def test_the_targets_are_built_once_per_palette_and_again_when_the_data_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built: list[bool] = []
    make = palette.targets

    def counted(app: Any, catalog: Any) -> Iterator[palette.Target]:
        built.append(app.ascii)
        return make(app, catalog)

    monkeypatch.setattr(palette, "targets", counted)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        provider = JumpProvider(app.screen)
        for query in ("e", "en", "eng", "engine t", "engine two"):
            hits = await hits_of(provider, query)
        assert built == [False]  # one list for every key typed
        assert "Alpha / Engine Two" in str(hits[0].text)
        unicode_help = hits[0].help

        app.ascii = True
        await pilot.pause()
        hits = await hits_of(provider, "engine two")
        assert built == [False, True]  # the symbols changed: built again, in ASCII
        assert hits[0].help != unicode_help and hits[0].help.isascii()

        app.catalog = load_catalog(fixture_dirs())  # what a reload does
        await pilot.pause()
        hits = await hits_of(provider, "engine two")
        assert built == [False, True, True]
        assert "Alpha / Engine Two" in str(hits[0].text)


async def test_each_key_finds_what_a_search_of_its_own_finds() -> None:
    """The searches of a palette build on each other; each finds what a palette opened
    for that query alone finds, in the same order, keys taken back included."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        typing = JumpProvider(app.screen)
        queries = ["e", "en", "eng", "engx", "eng", "engine", "engine t", "engine two", "o"]
        for query in queries:
            typed = [(hit.score, str(hit.text), hit.help) for hit in await hits_of(typing, query)]
            alone = JumpProvider(app.screen)
            fresh = [(hit.score, str(hit.text), hit.help) for hit in await hits_of(alone, query)]
            assert typed == fresh, query
            assert fresh or query == "engx", query


async def test_a_name_typed_in_full_comes_before_longer_names_that_contain_it(
    tmp_path: Any,
) -> None:
    from generate import block_yaml, stack

    data = stack(1, layers=2, examples=3, metrics=1)
    examples = data["layers"][0]["examples"]
    examples[0]["name"], examples[1]["name"] = "Probe 309", "Probe 3"  # the longer first
    (tmp_path / "gen.yaml").write_text(block_yaml(data), encoding="utf-8")
    app = make_app(load_catalog(fixture_dirs(tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        texts = [str(hit.text) for hit in await hits_of(JumpProvider(app.screen), "probe 3")]
        assert texts[0].endswith(" / Probe 3"), texts
        assert any(text.endswith(" / Probe 309") for text in texts[1:]), texts
