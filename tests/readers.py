"""How a reader takes in each export format, for the report tests.

Each helper reads an export the way its reader would (a browser, an SVG viewer, a script),
independently of the code that wrote it: the tests compare what these find with what the
data says.
"""

from __future__ import annotations

import json
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


def png_rows(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the pixel rows of an 8-bit, non-interlaced RGB or RGBA PNG (what
    rsvg-convert writes), unfiltered, as RGBA."""
    import struct
    import zlib

    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, data, width, height, size = 8, b"", 0, 0, 4
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour)
            size = 4 if colour == 6 else 3
        elif kind == b"IDAT":
            data += body
        pos += 12 + length
    raw = zlib.decompress(data)
    stride, rows, previous = width * size, [], bytearray(width * size)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            left = line[i - size] if i >= size else 0
            up, corner = previous[i], previous[i - size] if i >= size else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (
                    line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)
                ) & 255
        if size == 3:
            rows.append(b"".join(bytes(line[i : i + 3]) + b"\xff" for i in range(0, stride, 3)))
        else:
            rows.append(bytes(line))
        previous = line
    return width, height, rows


def ink_columns(rows: list[bytes], top: int, bottom: int, threshold: int = 160) -> list[bool]:
    """For each pixel column, whether anything dark is drawn between rows ``top`` and
    ``bottom`` (on a light background)."""
    width = len(rows[0]) // 4
    inked = [False] * width
    for y in range(max(0, top), min(len(rows), bottom)):
        row = rows[y]
        for x in range(width):
            r, g, b = row[4 * x], row[4 * x + 1], row[4 * x + 2]
            if (r * 299 + g * 587 + b * 114) // 1000 < threshold:
                inked[x] = True
    return inked
