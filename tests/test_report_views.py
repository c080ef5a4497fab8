"""The report API and what each view says, independent of any one format."""

from __future__ import annotations

import io
import re
from pathlib import Path

import msgspec
import pytest
from rich.console import Console

from layerscope.catalog import Catalog, SearchDir, UnknownId, load_catalog
from layerscope.report import (
    EXTENSIONS,
    FORMATS,
    View,
    build_document,
    format_for_path,
    render_view,
    view_renderable,
)
from layerscope.report.document import Span, safe_url
from layerscope.report.format import ASCII, UNICODE, bar, number, quantity, sparkline
from layerscope.report.render.to_markdown import escape, to_markdown

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog([SearchDir(FIXTURES / "catalog", "--data")])


def text(catalog: Catalog, view: View, width: int = 100) -> str:
    return render_view(view, catalog, "text", width=width)


# --- the API -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("view", "path"),
    [
        (View("stack", ("ai",)), "ai"),
        (View("layer", ("ai",), "reasoning"), "ai/reasoning"),
        (View("compare", ("ai", "crypto")), "compare ai crypto"),
        (View("drivers", ("ai", "crypto")), "drivers ai crypto"),
        (View("flow", ("ai",)), "flow ai"),
    ],
)
def test_view_path(view: View, path: str) -> None:
    assert view.path == path


@pytest.mark.parametrize(
    ("kind", "stacks", "layer"),
    [
        ("stack", (), None),
        ("stack", ("a", "b"), None),
        ("layer", ("a",), None),
        ("stack", ("a",), "l"),
        ("compare", ("a",), None),
        ("compare", ("a", "b", "c", "d", "e"), None),
        ("drivers", (), None),
        ("flow", ("a", "b", "c", "d", "e"), None),
        ("table", ("a",), None),
    ],
)
def test_view_rejects_what_it_cannot_show(
    kind: str, stacks: tuple[str, ...], layer: str | None
) -> None:
    with pytest.raises(ValueError):
        View(kind, stacks, layer)  # type: ignore[arg-type]


def test_views_are_values() -> None:
    assert View("compare", ("a", "b")) == View("compare", ("a", "b"))
    assert len({View("flow", ("a",)), View("flow", ("a",))}) == 1


def test_formats_and_extensions() -> None:
    assert FORMATS == ("text", "ansi", "md", "html", "svg")
    assert EXTENSIONS == {"text": "txt", "ansi": "ans", "md": "md", "html": "html", "svg": "svg"}
    assert [format_for_path(f"r.{ext}") for ext in EXTENSIONS.values()] == list(FORMATS)
    assert format_for_path("R.HTM") == "html"
    assert format_for_path("report") == "text"
    assert format_for_path("report.pdf", default="md") == "md"


def test_unknown_ids_raise_unknown_id(catalog: Catalog) -> None:
    with pytest.raises(UnknownId, match="did you mean 'alpha'"):
        render_view(View("compare", ("alpha", "alpah")), catalog, "text")
    with pytest.raises(UnknownId, match="known: base, middle, top"):
        view_renderable(View("layer", ("alpha",), "nope"), catalog)


def test_unknown_format_is_a_value_error(catalog: Catalog) -> None:
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        render_view(View("stack", ("alpha",)), catalog, "pdf")


def test_the_app_shows_what_the_export_writes(catalog: Catalog) -> None:
    for view in (View("compare", ("alpha", "beta")), View("layer", ("alpha",), "base")):
        console = Console(file=io.StringIO(), width=90, color_system=None, legacy_windows=False)
        console.print(view_renderable(view, catalog))
        shown = "\n".join(line.rstrip() for line in console.file.getvalue().split("\n"))  # type: ignore[attr-defined]
        assert shown == text(catalog, view, 90)


def test_layer_found_by_label_reports_under_its_id(catalog: Catalog) -> None:
    doc = build_document(View("layer", ("beta",), "B3"), catalog)
    assert doc.path == "beta/appchain"
    assert text(catalog, View("layer", ("beta",), "b3")).startswith("B3 App chains\n")


# --- what the views say --------------------------------------------------------------


def test_stack_view_lists_layers_top_down_with_verdict(catalog: Catalog) -> None:
    out = text(catalog, View("stack", ("alpha",)))
    assert out.index("L3 Top agents") < out.index("L2 Middle tools") < out.index("L1 Base engines")
    assert "Verdict: capability progression · index 0.88 · transfer share 0% · 4 handlings" in out
    assert "Thesis: Each layer solves the core problem of the layer below." in out
    assert "✓ solved Costly, from L2 Middle tools [1]" in out
    assert "Introduces: Slow, Fragile" in out


def test_compare_leaves_empty_slots_and_gives_verdicts(catalog: Catalog) -> None:
    out = text(catalog, View("compare", ("alpha", "beta")))
    rows = [line for line in out.splitlines() if re.match(r"\s+\d\s{3}", line)]
    assert [row.split()[0] for row in rows] == ["4", "3", "2", "1"]  # top level first
    assert re.search(r"— no layer at this level\s+B3 App chains", rows[0])
    assert re.search(r"L3 Top agents\s+— no layer at this level", rows[1])
    verdict = next(line for line in out.splitlines() if line.startswith("Verdict"))
    assert "capability progression" in verdict and "problem transfer" in verdict


def test_drivers_show_weights_dimensions_in_file_order_and_indicators(catalog: Catalog) -> None:
    out = text(catalog, View("drivers", ("alpha", "beta")))
    assert "Competition             ██████████████░░░░░░   0.70" in out
    assert out.index("What a layer means") < out.index("What competes")  # dimensions.yaml order
    answered = next(line for line in out.splitlines() if line.startswith("What competes"))
    assert answered.split() == ["What", "competes", "speed", "—"]  # beta did not answer
    assert re.search(r"Competition\s+Base speed\s+10 ops/s\s+2021-06", out)  # latest value


def test_flow_follows_each_problem_to_the_top(catalog: Catalog) -> None:
    out = text(catalog, View("flow", ("beta",)))
    assert "B2 Rollups: ↪ transferred into Fragmentation [1]" in out
    assert re.search(r"More fragmentation\s+B3 App chains: introduced\s+○ unaddressed", out)
    assert "Verdict: problem transfer · index 0.17 · transfer share 67% · 3 handlings" in out
    assert re.search(r"B2 Rollups\s+1\s+0\.00\s+100%\s+problem transfer", out)


def test_every_cited_number_has_a_source_entry(catalog: Catalog) -> None:
    for view in (
        View("stack", ("alpha",)),
        View("compare", ("alpha", "beta")),
        View("drivers", ("alpha", "beta")),
        View("flow", ("alpha", "beta")),
        View("layer", ("alpha",), "base"),
    ):
        out = text(catalog, view)
        body, sources = out.split("Sources ─", 1)
        cited = {int(n) for marker in re.findall(r"\[([\d, ]+)\]", body) for n in marker.split(",")}
        listed = [int(n) for n in re.findall(r"^\s*\[(\d+)\]", sources, flags=re.M)]
        assert cited and listed == list(range(1, len(listed) + 1)), view.path
        assert cited == set(listed), view.path


def test_sources_of_several_stacks_say_whose_they_are(catalog: Catalog) -> None:
    out = text(catalog, View("compare", ("alpha", "beta")))
    assert "[1] Beta notes, Beta Org (Beta stack)" in out
    assert "Alpha handbook, Alpha Labs, 2021-06 (Alpha)" in out


def test_footer_carries_path_and_as_of_dates(catalog: Catalog) -> None:
    assert text(catalog, View("flow", ("alpha", "beta"))).endswith(
        "flow alpha beta · data as of Alpha 2026-01, Beta stack 2026-02\n"
    )
    undated = msgspec.structs.replace(catalog.stack("alpha"), as_of=None)
    only = Catalog(stacks={"alpha": undated})
    assert text(only, View("stack", ("alpha",))).endswith("alpha · data as of an unstated date\n")


def test_no_data_and_empty_sections_say_so(catalog: Catalog) -> None:
    bare = msgspec.structs.replace(
        catalog.stack("alpha"),
        layers=tuple(
            msgspec.structs.replace(la, addresses=(), examples=(), metrics=(), introduces=())
            for la in catalog.stack("alpha").layers
        ),
        drivers=(),
        problems=(),
    )
    only = Catalog(stacks={"alpha": bare})
    layer = text(only, View("layer", ("alpha",), "middle"))
    for sentence in (
        "No problems from the layers below.",
        "No new problems.",
        "No examples recorded.",
        "No metrics recorded.",
        "No sources cited.",
    ):
        assert sentence in layer
    assert "Verdict: no data · no handlings recorded" in text(only, View("stack", ("alpha",)))
    drivers = text(only, View("drivers", ("alpha",)))
    assert "no drivers recorded" in drivers
    assert "No dimensions are defined" in drivers
    assert "No indicator metrics recorded." in drivers


def test_multi_line_data_stays_in_its_markdown_table_cell(catalog: Catalog) -> None:
    alpha = catalog.stack("alpha")
    middle = alpha.layers[1]
    handling = msgspec.structs.replace(middle.addresses[0], note="first line\n- second | line")
    changed = msgspec.structs.replace(
        alpha,
        layers=(
            alpha.layers[0],
            msgspec.structs.replace(middle, addresses=(handling, *middle.addresses[1:])),
            alpha.layers[2],
        ),
    )
    md = render_view(View("layer", ("alpha",), "middle"), Catalog(stacks={"alpha": changed}), "md")
    row = next(line for line in md.splitlines() if line.startswith("| ✓ solved"))
    assert "| first line<br>- second \\| line |" in row


# --- pieces ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [(10.0, "10"), (9.3, "9.3"), (1250000.0, "1,250,000"), (0.0123, "0.0123"), (-2.5, "-2.5")],
)
def test_number(value: float, shown: str) -> None:
    assert number(value) == shown


def test_quantity_units_and_ranges() -> None:
    assert quantity(9.3, "%", UNICODE) == "9.3%"
    assert quantity((3.0, 5.0), "USD", UNICODE) == "3–5 USD"
    assert quantity((3.0, 5.0), "USD", ASCII) == "3-5 USD"
    assert quantity(15.0, "", UNICODE) == "15"


def test_bars_and_sparklines() -> None:
    assert bar(0.7, UNICODE) == "█" * 14 + "░" * 6
    assert bar(1.5, ASCII) == "#" * 20
    assert bar(0.0, ASCII) == "." * 20
    from layerscope.model import Point

    series = (
        Point(as_of="2019", value=2),
        Point(as_of="2020", value=5),
        Point(as_of="2021", value=10),
    )
    assert sparkline(series, UNICODE) == "▁▄█ 2019→2021"
    assert sparkline(series, ASCII) == "_-# 2019->2021"
    assert sparkline(series[:1], UNICODE) == ""


def test_spans_drop_control_characters_and_unsafe_links() -> None:
    assert Span("a\x1b[31mb\x07c\td\ne").text == "a[31mbc\td\ne"
    assert Span("x", link="javascript:alert(1)").link == ""
    assert Span("x", link='https://e.org/"><script>').link == "https://e.org/%22%3E%3Cscript%3E"
    assert safe_url("https://example.org/a b") is None
    assert safe_url("HTTPS://example.org/?q=[x]&r=1") == "HTTPS://example.org/?q=[x]&r=1"
    assert safe_url("mailto:a@example.org") == "mailto:a@example.org"


def test_markdown_escape() -> None:
    assert escape("a|b") == "a\\|b"
    assert escape("[x](y) *z* _w_ `c` <b> #1 $5 ~s~ & \\") == (
        "\\[x\\](y) \\*z\\* \\_w\\_ \\`c\\` \\<b\\> \\#1 \\$5 \\~s\\~ \\& \\\\"
    )


def test_markdown_line_starts_cannot_become_blocks(catalog: Catalog) -> None:
    alpha = catalog.stack("alpha")
    changed = msgspec.structs.replace(
        alpha, description="- not a list\n1. not a list\n    not code\n===\n+ plus"
    )
    doc = build_document(View("stack", ("alpha",)), Catalog(stacks={"alpha": changed}))
    md = to_markdown(doc)
    assert "\\- not a list\n1\\. not a list\nnot code\n\\===\n\\+ plus" in md


def test_indicators_show_the_latest_dated_value(catalog: Catalog) -> None:
    from layerscope.model import Point

    alpha = catalog.stack("alpha")
    base = alpha.layers[0]
    speed = base.metrics[0]
    newer = msgspec.structs.replace(speed, series=(*speed.series, Point(as_of="2023-02", value=42)))
    changed = msgspec.structs.replace(
        alpha, layers=(msgspec.structs.replace(base, metrics=(newer,)), *alpha.layers[1:])
    )
    out = text(Catalog(stacks={"alpha": changed}), View("drivers", ("alpha",)))
    assert re.search(r"Base speed\s+42 ops/s\s+2023-02", out)


async def test_the_renderable_shows_in_a_textual_static(catalog: Catalog) -> None:
    # The app puts the renderable in a scrollable Static; it must lay out there too.
    from textual.app import App, ComposeResult
    from textual.containers import VerticalScroll
    from textual.widgets import Static

    view = View("compare", ("alpha", "beta"))

    class Probe(App[None]):
        def compose(self) -> ComposeResult:
            with VerticalScroll():
                yield Static(view_renderable(view, catalog), id="report")

    async with Probe().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        static = pilot.app.query_one("#report", Static)
        width, height = static.virtual_size
        assert 70 <= width <= 80  # the report fits the widget (less its scroll bar)
        # The whole report, ready to scroll: as many lines as the export at that width.
        exported = render_view(view, catalog, "text", width=width)
        assert height == len(exported.splitlines()) > 24
