"""URLs on screen: hyperlinks (OSC 8) in the terminal's output, and never broken inside
themselves when the width is short of them (cut, still linking to the whole URL)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from test_tui_layer import DocumentApp
from test_tui_support import make_app, screen_text
from textual.pilot import Pilot

from layerscope.report import document as doc
from layerscope.report.document import Span, line
from layerscope.tui.launch import Start

LONG = "https://example.org/reports/2025/a-long-path-to-the-annual-report-of-the-lab.html"
OSC8 = re.compile(r"\x1b\]8;id=[^;]*;([^\x1b]*)\x1b\\")


def terminal_output(app: Any) -> str:
    """What the app writes to the terminal for its whole screen (escape codes and all)."""
    update = app.screen._compositor.render_update(full=True)
    return str(update.render_segments(app.console))


def assert_unbroken(text: str, url: str) -> None:
    """No line shows a piece of ``url`` without its start (a URL wrapped mid-way)."""
    pieces = {url[i : i + 6] for i in range(10, len(url) - 6)}
    pieces = {piece for piece in pieces if set(piece) & set("/-.")}  # not a word of prose
    for row in text.splitlines():
        if any(piece in row for piece in pieces):
            assert url[:12] in row, row


async def settle(pilot: Pilot[None]) -> None:
    for _ in range(3):
        await pilot.pause()


async def test_urls_on_the_layer_screen_are_hyperlinks() -> None:
    app = make_app(start=Start(("alpha", "beta"), layer=("alpha", "base")))
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        links = set(OSC8.findall(terminal_output(app)))
        stack = app.catalog.stack("alpha")
        example = stack.layers[0].examples[0]
        source = stack.source("s1")
        assert source is not None
        assert {example.url, source.url} <= links


def _long_url_document() -> doc.Document:
    url = (line(Span(LONG, "url", link=LONG)),)
    table = doc.Table(
        (doc.Column(line("Name")), doc.Column(line("Note"))),
        ((((line("One"),)), (line("A note."), *url)),),
        key="examples",
    )
    sources = doc.Numbered(((line(Span("Annual report", "strong")), url[0] + (Span(" x"),)),))
    return doc.Document("links", (table, sources))


@pytest.mark.parametrize("width", [40, 60])
async def test_a_url_longer_than_its_column_is_cut_not_broken(width: int) -> None:
    app = DocumentApp(_long_url_document())
    async with app.run_test(size=(width, 20)) as pilot:
        await settle(pilot)
        text = screen_text(app)  # type: ignore[arg-type]
        assert text.count(LONG[:12]) == 2  # in the table and in the list
        assert_unbroken(text, LONG)
        # The part on show still links to the whole URL.
        assert LONG in OSC8.findall(terminal_output(app))
