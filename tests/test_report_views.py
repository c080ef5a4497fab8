"""The report API and what each view says, independent of any one format."""

from __future__ import annotations

import re
from pathlib import Path

import msgspec
import pytest

from layerscope.catalog import Catalog, SearchDir, UnknownId, load_catalog
from layerscope.report import (
    EXTENSIONS,
    FORMATS,
    View,
    build_document,
    format_for_path,
    render_view,
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
    assert FORMATS == ("text", "ansi", "md", "html", "svg", "json")
    assert EXTENSIONS == {
        "text": "txt",
        "ansi": "ans",
        "md": "md",
        "html": "html",
        "svg": "svg",
        "json": "json",
    }
    assert [format_for_path(f"r.{ext}") for ext in EXTENSIONS.values()] == list(FORMATS)
    assert format_for_path("R.HTM") == "html"
    assert format_for_path("report") == "text"
    assert format_for_path("report.pdf", default="md") == "md"


def test_unknown_ids_raise_unknown_id(catalog: Catalog) -> None:
    with pytest.raises(UnknownId, match="did you mean 'alpha'"):
        render_view(View("compare", ("alpha", "alpah")), catalog, "text")
    with pytest.raises(UnknownId, match="known: base, middle, top"):
        build_document(View("layer", ("alpha",), "nope"), catalog)


def test_unknown_format_is_a_value_error(catalog: Catalog) -> None:
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        render_view(View("stack", ("alpha",)), catalog, "pdf")


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
    assert "• More fragmentation · medium severity · ○ unaddressed" in out
    assert "├─ introduced at B3 App chains\n  └─ at the top: ○ unaddressed" in out
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
    row = next(line for line in md.splitlines() if line.startswith("| *✓ solved*"))
    assert "| first line<br>- second \\| line |" in row


# --- pieces ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (10.0, "10"),
        (10000.0, "10,000"),
        (9.3, "9.3"),
        (1.25e6, "1,250,000"),
        (1234.5678, "1,235"),  # four significant digits
        (0.0123, "0.0123"),
        (-2.5, "-2.5"),
        (0.0, "0"),
    ],
)
def test_number(value: float, shown: str) -> None:
    assert number(value) == shown


def test_quantity_units_and_ranges() -> None:
    assert quantity(9.3, "%", UNICODE) == "9.3%"
    assert quantity((3.0, 5.0), "USD", UNICODE) == "3–5 USD"
    assert quantity((3.0, 5.0), "USD", ASCII) == "3 to 5 USD"
    assert quantity((1e4, 1.25e6), "", UNICODE) == "10,000–1,250,000"
    assert quantity(15.0, "", UNICODE) == "15"
    assert quantity(10000.0, "ops/s", ASCII) == "10,000 ops/s"


def test_bars_and_sparklines() -> None:
    assert bar(0.7, UNICODE) == "█" * 14 + "░" * 6
    assert bar(1.5, ASCII) == "#" * 20
    assert bar(0.0, ASCII) == "_" * 20
    assert bar(0.25, ASCII) == "#" * 5 + "_" * 15
    from layerscope.model import Point

    series = (
        Point(as_of="2019", value=2),
        Point(as_of="2020", value=5),
        Point(as_of="2021", value=10),
    )
    assert sparkline(series, UNICODE) == "▁▄█ 2019–2021"
    assert sparkline(series, ASCII) == ",;! 2019 to 2021"
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


# --- the formatting module -------------------------------------------------------------


def test_verdict_line_full_and_compact() -> None:
    from layerscope.analysis import Score
    from layerscope.report.document import plain
    from layerscope.report.format import score_line, verdict_compact, verdict_line

    mixed = Score(3, 0.5, 0.0, {"solved": 0, "mitigated": 3, "transferred": 0, "worsened": 0})
    assert plain(verdict_line(mixed, UNICODE)) == (
        "mixed · index 0.50 · transfer share 0% · 3 handlings"
    )
    assert plain(verdict_line(mixed, ASCII)) == (
        "mixed | index 0.50 | transfer share 0% | 3 handlings"
    )
    assert [plain(item) for item in verdict_compact(mixed, UNICODE)] == [
        "mixed",
        "index 0.50 · transfer share 0% · 3 handlings",
    ]
    one = Score(1, 1.0, 0.0, {"solved": 1, "mitigated": 0, "transferred": 0, "worsened": 0})
    assert plain(score_line(one, UNICODE)).endswith("· 1 handling")
    empty = Score(0, 0.0, 0.0, {})
    assert plain(verdict_line(empty, UNICODE)) == "no data · no handlings recorded"


def test_outcomes_are_symbol_and_word_with_their_role() -> None:
    from layerscope.report.format import outcome

    spans = [outcome(s, UNICODE) for s in ("solved", "mitigated", "transferred", "worsened")]
    assert [(s.text, s.role) for s in spans] == [
        ("✓ solved", "solved"),
        ("◐ mitigated", "mitigated"),
        ("↪ transferred", "transferred"),
        ("✗ worsened", "worsened"),
    ]
    assert outcome("unaddressed", ASCII) == Span("o unaddressed", "unaddressed")


def test_tally_dims_the_zeros() -> None:
    from layerscope.report.format import tally

    spans = tally({"solved": 2, "mitigated": 1, "transferred": 0, "worsened": 0}, UNICODE)
    shown = [(s.text, s.role) for s in spans if s.text != " "]
    assert shown == [("✓2", "solved"), ("◐1", "mitigated"), ("↪0", "dim"), ("✗0", "dim")]
    assert "".join(s.text for s in tally({"transferred": 3}, ASCII)) == "+0 ~0 >3 x0"


def test_export_styles_give_each_outcome_its_own_colour() -> None:
    from layerscope.report.document import STATUSES
    from layerscope.report.render.to_rich import ROLE_STYLES

    styles = [ROLE_STYLES[status] for status in STATUSES]
    assert all(styles) and len(set(styles)) == len(STATUSES), styles


def _meanings(g: object) -> dict[str, str]:
    """Every glyph that stands for something (lines only draw: sep, rule, tree lines)."""
    from layerscope.report.document import STATUSES
    from layerscope.report.format import Glyphs

    assert isinstance(g, Glyphs)
    found = {status: g.symbol(status) for status in STATUSES}
    found |= {f"spark {n}": char for n, char in enumerate(g.spark)}
    for name in ("dash", "range", "arrow", "ellipsis", "bullet", "bar_full", "bar_empty"):
        found[name] = getattr(g, name)
    for name in ("selected", "sort_ascending", "sort_descending", "launch", "crowd"):
        found[name] = getattr(g, name)
    # The current card and the current pane's header mean the same: where the keys act.
    assert g.pane == g.current or g is UNICODE
    found["current"] = g.current
    found["tree_collapsed"] = g.tree_collapsed
    found["tree_expanded"] = g.tree_expanded
    return found


def _marks(glyph: str) -> set[str]:
    """What a reader tells a glyph by: a word whole, anything else by its characters."""
    stripped = glyph.strip()
    return {stripped} if stripped.isalpha() and len(stripped) > 1 else set(stripped)


def test_every_ascii_glyph_means_one_thing() -> None:
    meanings = _meanings(ASCII)
    seen: dict[str, str] = {}
    for meaning, glyph in meanings.items():
        assert glyph.strip(), meaning
        for mark in _marks(glyph):
            assert mark not in seen, f"{mark!r} is both {seen[mark]} and {meaning}"
            seen[mark] = meaning
    assert "+" in seen and seen["+"] == "solved"


def test_ascii_glyphs_are_ascii_and_unicode_ones_distinct() -> None:
    for name, value in msgspec.structs.asdict(ASCII).items():
        chars = "".join(value) if isinstance(value, tuple) else str(value)
        assert chars.isascii(), name
    unicode = _meanings(UNICODE)
    outcomes = [unicode[s] for s in ("solved", "mitigated", "transferred", "worsened")]
    assert len(set(outcomes)) == 4 and not set(outcomes) & {UNICODE.dash, UNICODE.bullet}


# --- the pieces the screens share ------------------------------------------------------


def _table(doc: object, key: str) -> object:
    from layerscope.report.document import Document, Table

    assert isinstance(doc, Document)
    found = [b for b in doc.blocks if isinstance(b, Table) and b.key == key]
    assert len(found) == 1, f"{len(found)} tables keyed {key!r}"
    return found[0]


def test_compare_document_is_made_of_compare_pieces(catalog: Catalog) -> None:
    from layerscope.report.document import Table, plain
    from layerscope.report.views.compare import compare_pieces

    stacks = [catalog.stack("alpha"), catalog.stack("beta")]
    doc = build_document(View("compare", ("alpha", "beta")), catalog)
    pieces = compare_pieces(stacks, UNICODE)
    table = _table(doc, "levels")
    assert isinstance(table, Table)
    assert table.row_keys == ("4", "3", "2", "1")
    assert [row.level for row in pieces.levels] == [4, 3, 2, 1]
    for row, level in zip(table.rows, pieces.levels, strict=True):
        assert list(row[1:]) == [slot.head + slot.detail for slot in level.slots]
    assert table.summary is not None
    assert list(table.summary[1:]) == [header.verdict for header in pieces.headers]
    # What a card and the strip show.
    middle = pieces.levels[2].slots[0]
    assert middle.layer == "middle"
    assert [plain(item) for item in middle.head] == [
        "L2 Middle tools",
        "Makes the base fast.",
        "✓1 ◐1 ↪0 ✗0 · 1 new problem",
        "carries 2 open",  # Fragile (mitigated, not closed) and Costly (new here)
    ]
    assert middle.head[0][0] == Span("L2", "strong")
    assert [plain(item) for item in middle.detail] == [
        "✓ solved Slow [3]",
        "◐ mitigated Fragile [3]",
        "introduces: Costly",
    ]
    rollup = pieces.levels[2].slots[1]
    assert plain(rollup.detail[0]) == "↪ transferred Congestion into Fragmentation [1]"
    empty = pieces.levels[0].slots[0]
    assert empty.layer == "" and empty.detail == ()
    assert [plain(item) for item in pieces.headers[1].verdict] == [
        "problem transfer",
        "index 0.17 · transfer share 67% · 3 handlings",
    ]
    top = pieces.levels[1].slots[0]
    assert plain(top.head[2]).endswith("· no new problems")


def test_flow_is_a_tree_of_problems(catalog: Catalog) -> None:
    from layerscope.report.document import Table, Tree, plain

    doc = build_document(View("flow", ("alpha", "beta")), catalog)
    trees = [b for b in doc.blocks if isinstance(b, Tree)]
    assert [tree.key for tree in trees] == ["alpha", "beta"]
    congestion = trees[1].nodes[0]
    assert congestion.key == "congestion"
    assert plain(congestion.text) == "Congestion · high severity · ◐ mitigated"
    assert [child.key for child in congestion.children] == [
        "congestion/introduced",
        "congestion/rollup",
        "congestion/appchain",
        "congestion/status",
    ]
    rollup = congestion.children[1]
    assert plain(rollup.text) == "B2 Rollups: ↪ transferred into Fragmentation [3]"
    assert [plain(item) for item in rollup.detail] == ["Load moves to many separate rollups."]
    assert plain(congestion.children[-1].text) == "at the top: ◐ mitigated"
    slow = trees[0].nodes[0]
    assert [plain(item) for item in slow.detail] == ["The base is slow."]
    steps = [b for b in doc.blocks if isinstance(b, Table) and b.key == "steps"]
    assert [table.row_keys for table in steps] == [("top", "middle"), ("appchain", "rollup")]


def test_layer_and_drivers_tables_are_keyed(catalog: Catalog) -> None:
    from layerscope.report.document import Table

    layer = build_document(View("layer", ("alpha",), "middle"), catalog)
    keys = {
        key: table.row_keys
        for key in ("addresses", "introduces", "metrics")
        if isinstance(table := _table(layer, key), Table)
    }
    assert keys == {
        "addresses": ("slow", "fragile"),
        "introduces": ("costly",),
        "metrics": ("middle-cost",),
    }
    base = _table(build_document(View("layer", ("alpha",), "base"), catalog), "examples")
    assert isinstance(base, Table) and base.row_keys == ("Engine One", "Engine Two")
    drivers = build_document(View("drivers", ("alpha", "beta")), catalog)
    weights, dimensions, indicators = (
        _table(drivers, key) for key in ("weights", "dimensions", "indicators")
    )
    assert isinstance(weights, Table) and weights.row_keys[:2] == (
        "alpha/competition",
        "alpha/money",
    )
    assert isinstance(dimensions, Table)
    assert isinstance(indicators, Table)
    assert len(dimensions.row_keys) == len(dimensions.rows) == 2
    assert indicators.row_keys[0] == "alpha/competition/base-speed"
    assert len(indicators.row_keys) == len(indicators.rows)


def _with_metric(catalog: Catalog, **changes: object) -> Catalog:
    alpha = catalog.stack("alpha")
    base = alpha.layers[0]
    metric = msgspec.structs.replace(base.metrics[0], **changes)
    changed = msgspec.structs.replace(
        alpha, layers=(msgspec.structs.replace(base, metrics=(metric,)), *alpha.layers[1:])
    )
    return Catalog(stacks={"alpha": changed}, dimensions=list(catalog.dimensions))


def test_metrics_read_the_same_in_every_view(catalog: Catalog) -> None:
    from layerscope.model import Point

    big = _with_metric(
        catalog,
        value=1.25e6,
        series=(Point(as_of="2019", value=2), Point(as_of="2020", value=10000)),
    )
    layer = text(big, View("layer", ("alpha",), "base"))
    # The metric's own value and date, the trend from its series.
    assert re.search(r"1,250,000 ops/s\s+2021-06\s+▁█ 2019–2020", layer)
    assert "e+06" not in layer
    drivers = text(big, View("drivers", ("alpha",)))
    assert re.search(r"Base speed\s+1,250,000 ops/s\s+2021-06", drivers)
    ranged = _with_metric(catalog, value=(10000.0, 20000.0))
    ranged_text = text(ranged, View("layer", ("alpha",), "base"))
    assert "10,000–20,000 ops/s" in ranged_text


def test_who_introduced_a_problem_is_the_first_introducer(catalog: Catalog) -> None:
    # "slow" is introduced again by the top layer: every view names the first (base) layer.
    alpha = catalog.stack("alpha")
    top = msgspec.structs.replace(alpha.layers[2], introduces=("slow",))
    changed = msgspec.structs.replace(alpha, layers=(*alpha.layers[:2], top))
    only = Catalog(stacks={"alpha": changed})
    assert "Slow, from L1 Base engines" in text(only, View("stack", ("alpha",)))
    layer = text(only, View("layer", ("alpha",), "middle"))
    assert re.search(r"✓ solved\s+Slow\s+L1 Base engines", layer)
    flow = text(only, View("flow", ("alpha",)))
    assert "• Slow · high severity · ✓ solved\n  The base is slow.\n  ├─ introduced at L1" in flow


def test_stack_view_says_into_in_words(catalog: Catalog) -> None:
    out = text(catalog, View("stack", ("beta",)), 120)
    assert "↪ transferred Congestion, from B1 Base chains into Fragmentation [1]" in out
    assert "→" not in out


# --- trees ------------------------------------------------------------------------------


def _tree_doc() -> object:
    from layerscope.report.document import Document, Node, Tree, line

    leaf = Node(line("grandchild"), "a/b/c")
    nodes = (
        Node(
            line(Span("First", "strong"), " entry"),
            "a",
            (line("about the first"),),
            (
                Node(line("child one"), "a/1", (line("its note"),), (leaf,)),
                Node(line("child two"), "a/2"),
            ),
        ),
        Node(line("Second"), "b"),
    )
    return Document("t", (Tree(nodes, "tree"),))


def test_tree_as_text() -> None:
    from layerscope.report.document import Document
    from layerscope.report.render.export import to_text
    from layerscope.report.render.to_rich import to_rich

    doc = _tree_doc()
    assert isinstance(doc, Document)
    assert to_text(to_rich(doc), 40) == (
        "• First entry\n"
        "  about the first\n"
        "  ├─ child one\n"
        "  │  its note\n"
        "  │  └─ grandchild\n"
        "  └─ child two\n"
        "\n"
        "• Second\n"
    )
    assert to_text(to_rich(doc, ascii=True), 40) == (
        "* First entry\n"
        "  about the first\n"
        "  |- child one\n"
        "  |  its note\n"
        "  |  `- grandchild\n"
        "  `- child two\n"
        "\n"
        "* Second\n"
    )


def test_tree_wraps_under_its_guides() -> None:
    from layerscope.report.document import Document, Node, Tree, line
    from layerscope.report.render.export import to_text
    from layerscope.report.render.to_rich import to_rich

    doc = Document(
        "t",
        (Tree((Node(line("top"), children=(Node(line("aaaa bbbb cccc")), Node(line("z")))),)),),
    )
    assert to_text(to_rich(doc), 12) == "• top\n  ├─ aaaa\n  │  bbbb\n  │  cccc\n  └─ z\n"


def test_tree_as_markdown() -> None:
    from layerscope.report.document import Document

    doc = _tree_doc()
    assert isinstance(doc, Document)
    assert to_markdown(doc) == (
        "- **First** entry\\\n"
        "  about the first\n"
        "  - child one\\\n"
        "    its note\n"
        "    - grandchild\n"
        "  - child two\n"
        "\n"
        "- Second\n"
    )
