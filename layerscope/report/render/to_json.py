"""A :class:`~layerscope.report.document.Document` as JSON, for scripts.

The output is the document itself (``msgspec.json.encode``), indented, every field present
(defaults too), so a script reads what the other formats show with its ids and keys::

    {"path": "compare ai crypto",                  the view's path
     "blocks": [Block, ...]}                       in reading order

Every block is an object whose ``"type"`` says which it is:

- ``{"type": "title", "text": Line, "lines": [Line, ...]}``
- ``{"type": "heading", "text": Line, "level": 2 | 3}``
- ``{"type": "para", "lines": [Line, ...]}``
- ``{"type": "table", "columns": [Column, ...], "rows": [[Cell, ...], ...],
  "summary": [Cell, ...] | null, "separated": bool, "key": str, "row_keys": [str, ...]}``
  with ``Column = {"header": Line, "justify": "left" | "right", "min_width", "max_width",
  "ratio": int | null, "no_wrap": bool}``; ``key`` names the table (``examples``,
  ``metrics``...), ``row_keys`` what each row stands for (empty, or one per row)
- ``{"type": "bullets" | "numbered", "items": [Cell, ...]}`` (``numbered``: the sources,
  item *n* is the source cited as ``[n]``)
- ``{"type": "tree", "nodes": [Node, ...], "key": str}`` with
  ``Node = {"text": Line, "key": str, "detail": [Line, ...], "children": [Node, ...]}``
- ``{"type": "figure", "lines": [Line, ...], "shapes": [Shape, ...], "width": number,
  "height": number, "caption": Line, "legend": [Line, ...], "key": str}``: a chart in
  characters (``lines``) and as shapes in a space of ``width`` columns by ``height`` lines
  from the top-left corner; ``Shape`` is one of ``{"type": "rect", "x", "y", "width",
  "height", "role", "outline", "text"}``, ``{"type": "line", "points": [[x, y], ...],
  "role", "text"}``, ``{"type": "circle", "x", "y", "radius", "role", "outline",
  "text"}``, ``{"type": "text", "x", "y", "text", "role", "anchor"}``
- ``{"type": "footer", "text": Line}``

A ``Line`` is a list of spans ``{"text": str, "role": str, "link": str}`` (``role`` is
empty, ``strong``, ``em``, ``dim``, ``ref`` (a citation such as ``[1, 3]``), ``url``,
``bar`` or an outcome: ``solved``, ``mitigated``, ``transferred``, ``worsened``,
``unaddressed``; ``link`` is a checked http(s)/mailto URL or empty). A ``Cell`` is a list
of lines. Text is plain text, never markup. Non-ASCII text is written as it is, but every
character that is not printable (controls, C1 too, bidi and zero-width characters) as a
``\\u`` escape (:func:`layerscope.terminal_text.json_text`): the JSON reads back the same.
"""

from __future__ import annotations

import msgspec

from layerscope.report.document import Document
from layerscope.terminal_text import json_text


def to_json(doc: Document) -> str:
    """The document as indented JSON, ending with a newline."""
    return json_text(msgspec.json.format(msgspec.json.encode(doc), indent=2).decode()) + "\n"


def from_json(text: str | bytes) -> Document:
    """A document read back from :func:`to_json` (checked against the types).

    Raises:
        msgspec.ValidationError: the JSON is not a document.
        msgspec.DecodeError: the text is not JSON.
    """
    return msgspec.json.decode(text, type=Document)
