"""How a reader takes in each export format, for the report tests.

Each helper reads an export the way its reader would (a browser, an SVG viewer, a script),
independently of the code that wrote it: the tests compare what these find with what the
data says.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

from rich.cells import cell_len

SVG = "{http://www.w3.org/2000/svg}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
PAD = 16.0
"""The SVG export's margin in pixels (its module's PAD): tests that pin the grid."""
COLUMN = 8.4
"""The SVG export's column width in pixels (vector.CELL_WIDTH)."""


def svg_runs(svg: str) -> Iterator[tuple[float, float, str, ET.Element]]:
    """Every run of text of an SVG outside its charts: (x, y, text, element)."""
    root = ET.fromstring(svg)
    charts = {
        id(e) for g in root.iter(f"{SVG}g") for e in g.iter() if "chart" in g.get("class", "")
    }
    for text in root.iter(f"{SVG}text"):
        if id(text) in charts:
            continue
        y = float(text.get("y", "0"))
        for tspan in text.iter(f"{SVG}tspan"):
            yield float(tspan.get("x", "nan")), y, tspan.text or "", tspan


def svg_lines(svg: str) -> list[str]:
    """The text rows of the SVG export, rebuilt from each run's x position on the column
    grid (rows without text are left out)."""
    rows: dict[float, list[tuple[int, str]]] = {}
    for x, y, text, _ in svg_runs(svg):
        column = (x - PAD) / COLUMN
        assert abs(column - round(column)) < 1e-6, f"run {text!r} is off the grid at x={x}"
        rows.setdefault(y, []).append((round(column), text))
    lines = []
    for y in sorted(rows):
        line = ""
        for column, text in sorted(rows[y]):
            assert cell_len(line) <= column, f"runs overlap at {text!r} (row {y})"
            line += " " * (column - cell_len(line)) + text
        lines.append(line)
    return lines


def svg_chart_texts(svg: str) -> list[str]:
    """The labels of the charts in an SVG (or in an HTML page's inline SVG)."""
    return [m for m in re.findall(r'<text class="t[^"]*"[^>]*>(.*?)</text>', svg, flags=re.S)]


def json_lines(output: str) -> list[str]:
    """The text of every line a JSON document export holds, in order, as plain strings."""
    found: list[str] = []

    def spans(value: Any) -> bool:
        return isinstance(value, list) and all(
            isinstance(s, dict) and set(s) == {"text", "role", "link"} for s in value
        )

    def walk(value: Any) -> None:
        if spans(value) and value:
            found.append("".join(s["text"] for s in value))
        elif isinstance(value, dict):
            for key, item in value.items():
                if key == "text" and isinstance(item, str):
                    found.append(item)  # a chart label
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(output))
    return found
