"""``layerscope verdict``, ``--what-if``, ``export verdict`` / ``show --verdict``, the new
``list --format json`` fields, and the verdict map.

The stack under test is tests/fixtures/verdict/gamma.yaml. Its numbers, worked out by hand:

- lift: slow solved (alternative mitigated), leaky worsened (alternative mitigated), noisy
  transferred into locked; peak: locked mitigated, pricey solved (alternative transferred
  into tangled).
- main: (1 + 0 + 0 + 0.5 + 1)/5 = 0.5, transfer share 1/5 = 20% -> mixed.
- 2 x 2 x 2 = 8 combinations. Lowest index: slow mitigated, pricey transferred,
  (0.5 + 0 + 0 + 0.5 + 0)/5 = 0.2; highest: leaky mitigated, (1 + 0.5 + 0 + 0.5 + 1)/5 =
  0.6. Transfer share 1/5 or, with pricey transferred, 2/5 = 40%.
- Verdicts reached: 0.6 with 20% is progression, 40% is transfer, the main one mixed.
- Debt (open at a level): L1 slow, leaky, noisy; L2 (slow solved, noisy transferred into
  locked, pricey introduced) leaky, locked, pricey; L3 (pricey solved, locked mitigated,
  tangled introduced) leaky, locked, tangled.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from layerscope.analysis import Score, verdict
from layerscope.cli import main
from layerscope.report.document import plain
from layerscope.report.format import glyphs
from layerscope.report.views.verdict_map import (
    COLUMNS,
    ROWS,
    MapPoint,
    draw_map,
    regions,
    verdict_map,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "verdict"
GAMMA = FIXTURES / "gamma.yaml"
WHAT_IF = "- {stack: gamma, layer: lift, problem: leaky, outcome: mitigated}\n"


def cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main(["--no-user-data", "--data", str(FIXTURES), *map(str, args)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.fixture
def what_if(tmp_path: Path) -> Path:
    path = tmp_path / "what-if.yaml"
    path.write_text(WHAT_IF)
    return path


# --- layerscope verdict -------------------------------------------------------------------


def test_verdict_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "verdict", "gamma")
    assert (code, err) == (0, "")
    assert out.startswith("Verdict: Gamma\n")
    assert "Verdict: mixed · index 0.50 · transfer share 20% · 5 handlings" in out
    assert "Range: index 0.20–0.60 · transfer share 20%–40% over 8 combinations" in out
    assert "Contested: the readings reach capability progression, mixed, problem transfer" in out
    assert "Margin: 1 outcome change can make it capability progression or problem transfer" in out
    # The pivot the data lists as an alternative, with the evidence of both readings.
    assert "• L2 Lift · Leaky: ✗ worsened\n" in out
    assert "  if ◐ mitigated: capability progression (a listed alternative)\n" in out
    assert "Evidence for mitigated: [bold]Leaks[/] less when idle. [" in out  # literal text
    assert "Still open at L3: Leaky, Locked, Tangled" in out
    assert "A Gamma: mixed, index 0.50, transfer share 20%" in out


def test_verdict_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "verdict", "gamma", "--format", "json")
    assert code == 0
    payload = json.loads(out)
    assert payload["what_if"] == []
    [gamma] = payload["stacks"]
    assert gamma["verdict"] == "mixed"
    assert (gamma["progression_index"], gamma["transfer_share"]) == (0.5, 0.2)
    assert gamma["index_range"] == [0.2, 0.6]
    assert gamma["transfer_range"] == [0.2, 0.4]
    assert gamma["verdicts_reached"] == ["capability progression", "mixed", "problem transfer"]
    assert (gamma["robust"], gamma["contested"], gamma["combinations"]) == (False, True, 8)
    assert gamma["margin"] == 1
    assert gamma["margin_verdicts"] == ["capability progression", "problem transfer"]
    listed = [(p["problem"], p["to"]) for p in gamma["pivots"] if p["listed"]]
    # Listed alternatives that flip: leaky -> mitigated gives 0.6 with 20% (progression),
    # pricey -> transferred gives 40% (transfer). slow -> mitigated gives (0.5 + 0 + 0 + 0.5
    # + 1)/5 = 0.4 with 20%: mixed, no flip.
    assert listed == [("leaky", "mitigated"), ("pricey", "transferred")]
    assert [(d["layer"], d["open"], d["problems"]) for d in gamma["debt"]] == [
        ("ground", 3, ["slow", "leaky", "noisy"]),
        ("lift", 3, ["leaky", "locked", "pricey"]),
        ("peak", 3, ["leaky", "locked", "tangled"]),
    ]
    # Severities: slow, leaky, locked high; noisy, tangled medium; pricey low.
    assert [d["by_severity"] for d in gamma["debt"]] == [
        {"high": 2, "medium": 1, "low": 0},
        {"high": 2, "medium": 0, "low": 1},
        {"high": 2, "medium": 1, "low": 0},
    ]


def test_verdict_of_every_stack(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "verdict", "--format", "json")
    assert code == 0
    ids = [s["id"] for s in json.loads(out)["stacks"]]
    assert "gamma" in ids
    assert len(ids) > 1


def test_verdict_all_reports_broken_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "gamma.yaml").write_bytes(GAMMA.read_bytes())
    (tmp_path / "broken.yaml").write_text("schema_version: 1\nid: broken\n")
    args = ["--no-user-data", "--data", str(tmp_path), "verdict"]
    assert main(args) == 1  # everything was asked for, and a file was skipped
    assert "error" in capsys.readouterr().err
    assert main([*args, "gamma"]) == 0  # named stacks: the broken file is none of them


def test_a_stack_without_handlings_is_not_on_the_map(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "solo.yaml").write_text(
        "schema_version: 1\nid: solo\nname: Solo\nsummary: s\n"
        "layers:\n  - {id: only, level: 1, name: Only, summary: s}\n"
    )
    args = ["--no-user-data", "--data", str(tmp_path), "--data", str(FIXTURES)]
    assert main([*args, "verdict", "solo", "gamma"]) == 0
    out = capsys.readouterr().out
    assert "Not on the map, no handlings recorded: Solo" in out
    assert "A Gamma: mixed" in out  # the first point on the map is gamma's
    assert "Solo: no data" not in out
    assert "Verdict: no data · no handlings recorded" in out


def test_unknown_stack_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "verdict", "gama")
    assert code == 2
    assert out == ""
    assert "unknown stack 'gama' (did you mean 'gamma'?); known:" in err


# --- --what-if ----------------------------------------------------------------------------


def test_what_if_changes_the_verdict_and_says_so(
    capsys: pytest.CaptureFixture[str], what_if: Path
) -> None:
    before = GAMMA.read_bytes()
    code, out, _ = cli(capsys, "verdict", "gamma", "--what-if", what_if, "--format", "json")
    assert code == 0
    payload = json.loads(out)
    assert payload["what_if"] == [
        {
            "stack": "gamma",
            "layer": "lift",
            "problem": "leaky",
            "outcome": "mitigated",
            "before": "worsened",
        }
    ]
    # solved 2, mitigated 2, transferred 1: (2 + 1)/5 = 0.6 with 20% -> progression.
    assert payload["stacks"][0]["verdict"] == "capability progression"
    code, out, _ = cli(capsys, "verdict", "gamma", "--what-if", what_if)
    assert code == 0
    title, _, rest = out.partition("\n\n")
    assert title.startswith("Verdict: Gamma")
    assert rest.startswith("What-if ")
    assert "Not the data's verdict: 1 outcome changed for this report" in rest
    assert "• Gamma · L2 Lift · Leaky: ✗ worsened → ◐ mitigated" in rest
    assert "Verdict: capability progression · index 0.60" in rest
    assert GAMMA.read_bytes() == before  # never written


@pytest.mark.parametrize(
    ("args", "marked"),
    [
        (["export", "verdict", "gamma"], True),
        (["export", "stack", "gamma"], True),
        (["export", "flow", "gamma"], True),
        (["export", "compare", "gamma", "ai"], True),
        (["export", "stack", "ai"], False),  # the change touches no stack on show
        (["show", "gamma", "--verdict"], True),
        (["show", "gamma/lift"], True),
    ],
)
def test_every_view_under_a_what_if_says_so(
    capsys: pytest.CaptureFixture[str], what_if: Path, args: list[str], marked: bool
) -> None:
    code, out, _ = cli(capsys, *args, "--what-if", what_if, "--format", "md")
    assert code == 0
    assert ("\n## What-if\n" in out) is marked
    assert ("Not the data's verdict" in out) is marked
    code, plain_out, _ = cli(capsys, *args, "--format", "md")
    assert code == 0
    assert "What-if" not in plain_out


def test_what_if_export_to_a_file(
    capsys: pytest.CaptureFixture[str], what_if: Path, tmp_path: Path
) -> None:
    target = tmp_path / "verdict.html"
    code, out, _ = cli(capsys, "export", "verdict", "gamma", "--what-if", what_if, "-o", target)
    assert (code, out) == (0, "")
    html = target.read_text()
    assert "What-if" in html
    assert "Not the data&#x27;s verdict" in html or "Not the data's verdict" in html


def test_a_missing_what_if_file_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for args in (["verdict", "gamma"], ["export", "stack", "gamma"], ["show", "gamma"]):
        code, out, err = cli(capsys, *args, "--what-if", tmp_path / "nope.yaml")
        assert code == 2
        assert out == ""
        assert err.strip() == f"layerscope: --what-if {tmp_path / 'nope.yaml'}: no such file"


def test_bad_what_if_content_is_a_data_error_with_located_diagnostics(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "- {stack: gama, layer: lift, problem: leaky, outcome: solved}\n"
        "- {stack: gamma, layer: peak, problem: leaky, outcome: solved}\n"
        "- {stack: gamma, layer: lift, problem: leaky, outcome: fixed}\n"
    )
    for args in (["verdict", "gamma"], ["export", "verdict", "gamma"], ["show", "gamma"]):
        code, out, err = cli(capsys, *args, "--what-if", bad)
        assert code == 1
        assert out == ""
        lines = err.strip().splitlines()
        assert lines[0].startswith(f"{bad}:1:11: error unknown-stack: ")
        assert lines[1].startswith(f"{bad}:2:40: error not-addressed: ")
        assert lines[2].startswith(f"{bad}:3:56: error bad-outcome: ")
        assert lines[3] == f"layerscope: --what-if {bad}: 3 error(s); nothing was shown"


# --- export and show of the verdict view, list --------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "ansi", "md", "html", "svg"])
def test_export_verdict_in_every_format(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    code, out, _ = cli(capsys, "export", "verdict", "gamma", "--format", fmt)
    assert code == 0
    if fmt == "svg":  # text split into positioned runs, spaces as &#160;
        out = out.replace("&#160;", " ")
    assert "Gamma" in out
    assert "Pivotal" in out
    assert "Problem" in out


def test_show_verdict_is_the_export(capsys: pytest.CaptureFixture[str]) -> None:
    _, shown, _ = cli(capsys, "show", "gamma", "--verdict", "--format", "text")
    _, exported, _ = cli(capsys, "export", "verdict", "gamma")
    assert shown == exported
    _, verdict_text, _ = cli(capsys, "verdict", "gamma")
    assert verdict_text == exported


def test_ascii_verdict_is_ascii(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "verdict", "gamma", "--ascii")
    assert code == 0
    assert out.isascii()
    assert "Range: index 0.20 to 0.60 | transfer share 20% to 40%" in out


def test_list_json_gains_the_sensitivity(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "list", "--format", "json")
    assert code == 0
    rows = {row["id"]: row for row in json.loads(out)}
    gamma = rows["gamma"]
    assert gamma["robust"] is False
    assert gamma["margin"] == 1
    assert gamma["index_range"] == [0.2, 0.6]
    assert gamma["transfer_range"] == [0.2, 0.4]
    assert gamma["verdicts_reached"] == ["capability progression", "mixed", "problem transfer"]
    for row in rows.values():
        assert row["verdict"] in row["verdicts_reached"]
        assert row["index_range"][0] <= row["progression_index"] <= row["index_range"][1]


# --- the verdict map ----------------------------------------------------------------------


def test_regions_follow_the_verdict_everywhere() -> None:
    def region(i: float, s: float) -> str:
        hits = [
            r.verdict
            for r in regions()
            if r.index[0] <= i and (i < r.index[1] or r.index[1] == 1.0)
            if r.share[0] <= s and (s < r.share[1] or r.share[1] == 1.0)
        ]
        assert len(hits) == 1, (i, s, hits)
        return hits[0]

    for c in range(COLUMNS + 1):
        for r in range(ROWS + 1):
            i, s = c / COLUMNS, r / ROWS
            assert region(i, s) == verdict(Score(1, i, s, {})), (i, s)


def test_map_draws_points_boxes_and_regions() -> None:
    point = MapPoint("A", "Gamma", "mixed", 0.5, 0.2, (0.2, 0.6), (0.2, 0.4))
    lines = [plain(item) for item in draw_map(verdict_map([point]), glyphs(True))]
    rows = lines[1 : ROWS + 2]  # top row is share 100%, the last one 0%
    assert len(rows) == ROWS + 1
    assert all(item and not item[0].isspace() for item in lines)

    def at(index: float, share: float) -> str:
        return rows[ROWS - round(share * ROWS)][1 + round(index * COLUMNS)]

    assert at(0.5, 0.2) == "A"
    assert rows[ROWS - 4][32:38] == " Gamma"  # the label right of the point
    # The box: index 0.2 to 0.6 (columns 12 and 36), share 20% to 40% (rows 4 and 8).
    assert at(0.2, 0.3) == "|" and at(0.6, 0.3) == "|"
    assert at(0.3, 0.4) == "-" and at(0.3, 0.2) == "-"
    # Regions: progression dotted from index 0.6 under 25%, transfer hatched from 40%.
    assert at(0.9, 0.1) == "."
    assert at(0.2, 0.1) == " "
    assert {at(k / COLUMNS, 0.9) for k in range(COLUMNS + 1)} == {"/", " "}
    assert at(0.6, 0.0) == "."  # index exactly 0.6: progression
    assert at(0.9, 0.25) == " "  # share exactly 25%: no longer progression
    assert rows[ROWS - 8].endswith(" 40%")
    assert rows[ROWS - 5].endswith(" 25%")
    assert "A Gamma: mixed, index 0.50, transfer share 20%; box: index 0.20 to 0.60" in lines[-1]
    assert all(item.isascii() for item in lines)


def test_map_of_a_robust_stack_is_a_point() -> None:
    point = MapPoint("A", "Net", "capability progression", 0.875, 0.0, (0.875,) * 2, (0.0,) * 2)
    lines = [plain(item) for item in draw_map(verdict_map([point]), glyphs(False))]
    bottom = lines[ROWS + 1]
    assert bottom[1 + round(0.875 * COLUMNS)] == "A"
    grid = "".join(lines[1 : ROWS + 2])
    assert not any(char in grid for char in "┌┐└┘─")  # no box
    assert lines[-1].endswith("no alternative reading moves it")


# --- golden files -------------------------------------------------------------------------

GOLDEN = Path(__file__).resolve().parent / "golden" / "verdict"
GOLDEN_CASES = [
    *((fmt, 100, False, False) for fmt in ("text", "ansi", "md", "html", "svg")),
    ("text", 80, False, False),
    ("text", 100, True, False),
    ("md", 100, False, True),
    ("text", 100, False, True),
]


def golden_name(fmt: str, width: int, ascii: bool, what_if: bool) -> str:
    from layerscope.report import EXTENSIONS

    suffix = ("-what-if" if what_if else "") + ("-ascii" if ascii else "")
    suffix += f"-w{width}" if width != 100 else ""
    return f"verdict-gamma{suffix}.{EXTENSIONS[fmt]}"


@pytest.mark.parametrize(
    ("fmt", "width", "ascii", "what_if_on"),
    GOLDEN_CASES,
    ids=[golden_name(*case) for case in GOLDEN_CASES],
)
def test_verdict_view_matches_golden(fmt: str, width: int, ascii: bool, what_if_on: bool) -> None:
    """Regenerate with ``LAYERSCOPE_UPDATE_GOLDEN=1`` and review the diff like code."""
    import difflib
    import os

    from layerscope.analysis.whatif import Change
    from layerscope.catalog import load_paths
    from layerscope.report import View, render_document, render_view
    from layerscope.report.views.whatif import what_if_document

    catalog = load_paths([GAMMA])
    view = View("verdict", ("gamma",))
    if what_if_on:
        change = Change("gamma", "lift", "leaky", "mitigated")
        doc = what_if_document(view, catalog, [change], ascii=ascii)
        actual = render_document(doc, fmt, width=width, ascii=ascii)
    else:
        actual = render_view(view, catalog, fmt, width=width, ascii=ascii)
    path = GOLDEN / golden_name(fmt, width, ascii, what_if_on)
    if os.environ.get("LAYERSCOPE_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
        pytest.skip(f"updated {path.name}")
    assert path.exists(), f"no golden file {path}; create it with LAYERSCOPE_UPDATE_GOLDEN=1"
    expected = path.read_bytes().decode("utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True), actual.splitlines(keepends=True), n=2
            )
        )
        pytest.fail(f"{path.name} differs from the golden file:\n{diff[:4000]}")
