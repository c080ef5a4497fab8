"""The HTML and SVG exports as their readers get them: a browser, an SVG renderer, the eye.

HTML: headless Chromium (Debian's, driven by Playwright for Python) loads the export of
``compare ai crypto`` and the verdict view at 420 and 1280 pixels, in light and dark: no
horizontal overflow of the page, no request to another host, every piece of text at WCAG
AA contrast on what is behind it. SVG: ``rsvg-convert`` renders it, and the ink in the
picture sits at the columns the text export has (spaces intact, nothing clipped).

These fail, never skip, when Chromium or rsvg-convert is missing, unless
``LAYERSCOPE_SKIP_BROWSER=1`` is set (for the browser tests).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from readers import COLUMN, PAD, SVG, XML_SPACE, ink_columns, png_rows, svg_lines, svg_runs
from rich.cells import cell_len

from layerscope import paths
from layerscope.catalog import Catalog, SearchDir, load_catalog
from layerscope.report import View, render_view
from layerscope.report.render.palette import SCHEMES, Palette, text_colours

# fmt: off
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--no-first-run", "--disable-component-update", "--disable-sync",
]
# fmt: on
ROW = 18.0
"""The SVG export's line height in pixels."""


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    """The shipped data only (no user data dir, no $LAYERSCOPE_PATH)."""
    return load_catalog([SearchDir(paths.builtin_data_dir(), "built-in")])


# --- contrast -------------------------------------------------------------------------


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # famously just short
    assert contrast("#ffffff", "#ffffff") == 1.0


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_every_text_colour_reads_at_aa_contrast(scheme: str) -> None:
    p: Palette = SCHEMES[scheme]
    behind = {"page": p.background, "header": p.stripe, **p.regions}
    low = [
        (name, ground, round(contrast(colour, fill), 2))
        for name, colour in text_colours(p).items()
        for ground, fill in behind.items()
        if contrast(colour, fill) < 4.5
    ]
    assert not low, f"{scheme}: below 4.5:1: {low}"
    # Outcomes stay apart from each other and from plain text (a second cue to the words).
    outcomes = [c for name, c in p.outcomes.items() if name != "unaddressed"]
    assert len({*outcomes, p.ink}) == len(outcomes) + 1


def test_light_and_dark_are_different_schemes() -> None:
    light, dark = SCHEMES["light"], SCHEMES["dark"]
    assert luminance(light.background) > 0.9 > 0.05 > luminance(dark.background)
    assert luminance(light.ink) < 0.05 < 0.8 < luminance(dark.ink)


# --- one self-contained file ----------------------------------------------------------

REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?(?!#|https?://example)|@import|@font-face""", re.I)


@pytest.mark.parametrize("kind", ["compare", "verdict"])
def test_html_refers_to_no_other_file(shipped: Catalog, kind: str) -> None:
    page = render_view(View(kind, ("ai", "crypto")), shipped, "html")
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b", page)
    assert re.findall(r"url\((?!#)", page) == []  # only the page's own patterns
    assert "@import" not in page and "@font-face" not in page
    # Links: the data's own sources (they are what a reader follows) and the page's anchors.
    for href in re.findall(r'href="([^"]*)"', page):
        assert href.startswith(("#", "https://", "http://", "mailto:")), href


# --- in a browser ---------------------------------------------------------------------


def chromium_or_fail() -> str:
    """Chromium's path, once Playwright and Chromium are there; else fail (or skip)."""
    problems = []
    if importlib.util.find_spec("playwright") is None:
        problems.append("Playwright for Python is not installed (pip install -e '.[test]')")
    chromium = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    chromium = chromium or shutil.which("chromium")
    if chromium is None:
        problems.append("chromium is not installed (apt-get install chromium)")
    if problems or chromium is None:
        message = "the browser test cannot run: " + "; ".join(problems)
        if os.environ.get("LAYERSCOPE_SKIP_BROWSER") == "1":
            pytest.skip(message)
        pytest.fail(message + " (set LAYERSCOPE_SKIP_BROWSER=1 to skip it)")
    return chromium


in_the_browser = pytest.mark.xdist_group("browser")
"""For the tests that load a page: in one worker, Chromium starts once (not once a worker,
about 1.6 s of CPU each)."""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = chromium_or_fail()
    from playwright.sync_api import sync_playwright

    # Playwright gives the browser a fresh temporary profile of its own (it refuses
    # --user-data-dir with launch()).
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def tab(browser: Any) -> Iterator[Any]:
    """One page for the module's loads: a fresh page for each costs twice the CPU. Each
    load sets its own window width and colour scheme and records its own requests."""
    page = browser.new_page()
    try:
        yield page
    finally:
        page.close()


@pytest.fixture(scope="module")
def pages(shipped: Catalog, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The HTML exports, written to files as a user would save them."""
    folder = tmp_path_factory.mktemp("exports")
    out = {}
    for kind in ("compare", "verdict"):
        path = folder / f"{kind}-ai-crypto.html"
        path.write_text(render_view(View(kind, ("ai", "crypto")), shipped, "html"), "utf-8")
        out[kind] = path
    return out


@contextmanager
def _open(tab: Any, path: Path, width: int, scheme: str) -> Iterator[tuple[Any, list[str]]]:
    """``path`` loaded in ``tab`` at ``width`` in ``scheme``; what the load requested
    (and any script error) while it is open."""
    tab.set_viewport_size({"width": width, "height": 900})
    tab.emulate_media(color_scheme=scheme)
    requested: list[str] = []

    def on_request(request: Any) -> None:
        requested.append(request.url)

    def on_error(exc: Any) -> None:
        requested.append(f"script error: {exc}")

    tab.on("request", on_request)
    tab.on("pageerror", on_error)
    try:
        tab.goto(path.as_uri())  # waits for the load event
        yield tab, requested
    finally:
        tab.remove_listener("request", on_request)
        tab.remove_listener("pageerror", on_error)


@in_the_browser
@pytest.mark.parametrize("width", [420, 1280])
@pytest.mark.parametrize("kind", ["compare", "verdict"])
def test_html_fits_the_window_and_fetches_nothing(
    tab: Any, pages: dict[str, Path], kind: str, width: int
) -> None:
    with _open(tab, pages[kind], width, "light") as (page, requested):
        scroll, inner = page.evaluate(
            "() => [document.scrollingElement.scrollWidth, window.innerWidth]"
        )
        assert inner == width
        assert scroll <= inner, f"the page scrolls sideways at {width}px: {scroll}"
        # Wide tables scroll inside their own box instead.
        boxes = page.evaluate(
            """() => [...document.querySelectorAll('.table')].map(
                 b => b.getBoundingClientRect().right)"""
        )
        assert boxes and max(boxes) <= width
        assert page.title() == f"{'Verdict' if kind == 'verdict' else 'Compare'}: AI · Crypto"
        if kind == "verdict":
            shown = page.evaluate(
                """() => [...document.querySelectorAll('figure svg')].map(
                     s => s.getBoundingClientRect().width)"""
            )
            assert shown and all(0 < w <= width for w in shown)
    elsewhere = [url for url in requested if urlsplit(url).scheme != "file"]
    assert not elsewhere, f"the page asked for more than itself: {elsewhere}"
    assert requested == [pages[kind].as_uri()]


CONTRAST_OF_TEXT = """() => {
  const parse = c => {
    const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(',').map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = c => {
    const f = v => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const behind = el => { for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0) return c; }
    return {r: 255, g: 255, b: 255, a: 1}; };
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (el.closest('svg') || el.closest('details:not([open]) > :not(summary)')) continue;
    const fg = parse(getComputedStyle(el).color), bg = behind(el);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    out.push({text: node.textContent.trim().slice(0, 30), ratio: (hi + 0.05) / (lo + 0.05),
              fg: getComputedStyle(el).color});
  }
  return {checked: out.length, background: getComputedStyle(document.body).backgroundColor,
          low: out.filter(o => o.ratio < 4.5)};
}"""


@in_the_browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", ["compare", "verdict"])
def test_html_text_reads_at_aa_contrast(
    tab: Any, pages: dict[str, Path], kind: str, scheme: str
) -> None:
    with _open(tab, pages[kind], 1280, scheme) as (page, _):
        found = page.evaluate(CONTRAST_OF_TEXT)
    assert found["checked"] > 50
    expected = SCHEMES[scheme].background
    rgb = tuple(int(expected[i : i + 2], 16) for i in (1, 3, 5))
    assert found["background"] == f"rgb({rgb[0]}, {rgb[1]}, {rgb[2]})"  # the scheme applied
    assert not found["low"], found["low"][:10]


def test_outcomes_show_symbol_and_word_in_html(shipped: Catalog) -> None:
    page = render_view(View("compare", ("ai", "crypto")), shipped, "html")
    spans = re.findall(r'<span class="o o-(\w+)">([^<]*)</span>', page)
    assert spans
    for role, text in spans:
        # An outcome in words ("✓ solved"), or a tally's count of it ("✓2").
        assert re.fullmatch(rf"\S+ {role}|\S\d+", text), (role, text)


# --- SVG --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compare_svg(shipped: Catalog) -> str:
    return render_view(View("compare", ("ai", "crypto")), shipped, "svg", width=100)


def test_svg_text_is_text_at_its_columns(shipped: Catalog, compare_svg: str) -> None:
    root = ET.fromstring(compare_svg)
    assert root.get(XML_SPACE) == "preserve"
    style = "".join(s.text or "" for s in root.iter(f"{SVG}style"))
    assert "@font-face" not in style and "url(" not in style and "http" not in style
    assert re.search(r"font-family:[^;}]*monospace", style)
    text = render_view(View("compare", ("ai", "crypto")), shipped, "text", width=100)
    rows = text.splitlines()
    # Every run of words is where the text export has it: its row from y, its column from x.
    seen = 0
    for x, y, run, _ in svg_runs(compare_svg):
        row = (y - PAD - ROW / 2 - 0.36 * 14) / ROW
        assert abs(row - round(row)) < 1e-6, (run, y)
        column = round((x - PAD) / COLUMN)
        line = rows[round(row)]
        before = line[: len(line)]
        at = next(i for i in range(len(before) + 1) if cell_len(before[:i]) >= column)
        assert line[at : at + len(run)] == run, (line, column, run)
        seen += 1
    assert seen > 100
    assert svg_lines(compare_svg) == [row for row in rows if row.strip()]


def rsvg_or_fail() -> str:
    found = shutil.which("rsvg-convert")
    if found is None:
        pytest.fail("rsvg-convert is not installed (apt-get install librsvg2-bin)")
    return found


def cut_at(svg: str, height: float) -> str:
    """``svg`` with its picture ending ``height`` pixels down (what is below is not drawn)."""
    width = float(ET.fromstring(svg).get("width", "0"))
    header = re.match(r"<svg [^>]*>", svg)
    assert header is not None
    top = re.sub(
        r'height="[^"]+" viewBox="[^"]+"',
        f'height="{height:g}" viewBox="0 0 {width:g} {height:g}"',
        header[0],
    )
    return top + svg[header.end() :]


def test_rsvg_draws_every_word_at_its_column(compare_svg: str, tmp_path: Path) -> None:
    rsvg = rsvg_or_fail()
    # The first rows are enough (and quick to read): title, summaries, the table's head.
    shown_rows = 16
    width = float(ET.fromstring(compare_svg).get("width", "0"))
    height = PAD + shown_rows * ROW
    source = tmp_path / "compare.svg"
    source.write_text(cut_at(compare_svg, height), "utf-8")
    picture = tmp_path / "compare.png"
    done = subprocess.run(
        [rsvg, str(source), "-o", str(picture)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    w, h, pixels = png_rows(picture.read_bytes())
    assert (w, h) == (round(width), round(height))
    checked = 0
    by_row: dict[float, list[tuple[float, str]]] = {}
    for x, y, run, _ in svg_runs(compare_svg):
        if y < height - ROW:
            by_row.setdefault(y, []).append((x, run))
    for y, runs in by_row.items():
        ink = ink_columns(pixels, round(y - 12), round(y + 4))
        runs.sort()
        for n, (x, run) in enumerate(runs):
            end = x + cell_len(run) * COLUMN
            drawn = [i for i in range(int(x) - 4, min(w, int(end) + 4)) if ink[i]]
            assert drawn, f"nothing drawn for {run!r}"
            if run[0].isalnum():
                assert abs(drawn[0] - x) <= 3, (run, x, drawn[0])
            assert drawn[-1] <= end + 2, f"{run!r} runs past its columns"
            if n + 1 < len(runs):  # the spaces up to the next run stay blank
                gap = range(int(end) + 2, int(runs[n + 1][0]) - 1)
                assert not any(ink[i] for i in gap), (run, runs[n + 1][1])
            checked += 1
    assert checked > 20


def test_rsvg_renders_the_figures(shipped: Catalog, tmp_path: Path) -> None:
    rsvg = rsvg_or_fail()
    svg = render_view(View("verdict", ("ai", "crypto")), shipped, "svg", width=100)
    # Drawn down to the last figure's bottom edge, not the text below it (half the time):
    # the figures are what this test is for.
    root = ET.fromstring(svg)
    clips = {clip.get("id"): clip.find(f"{SVG}rect") for clip in root.iter(f"{SVG}clipPath")}
    bottom = 0.0
    for chart in (g for g in root.iter(f"{SVG}g") if g.get("class") == "chart"):
        moved = re.fullmatch(r"translate\((\S+) (\S+)\)", chart.get("transform", ""))
        clip = clips.get(chart.get("clip-path", "")[len("url(#") : -1])
        assert moved is not None and clip is not None, chart.attrib
        bottom = max(bottom, float(moved[2]) + float(clip.get("height", "nan")))
    assert 0 < bottom < float(root.get("height", "0")), "no figure, or one past the end"
    source, picture = tmp_path / "verdict.svg", tmp_path / "verdict.png"
    source.write_text(cut_at(svg, bottom + PAD), "utf-8")
    done = subprocess.run([rsvg, str(source), "-o", str(picture)], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@in_the_browser
def test_svg_loads_nothing_in_a_browser(tab: Any, compare_svg: str, tmp_path: Path) -> None:
    path = tmp_path / "compare.svg"
    path.write_text(compare_svg, "utf-8")
    with _open(tab, path, 1280, "dark") as (page, requested):
        assert page.evaluate("() => document.documentElement.tagName") == "svg"
    assert requested == [path.as_uri()]
