"""Reports: every view as one format-neutral document, exported as text, ANSI, Markdown,
HTML, SVG or JSON.

:func:`build_document` builds a view's :class:`~layerscope.report.document.Document`
(``views/``). The app renders that document through its own Textual renderer; the
``show`` and ``export`` commands and the app's export dialog write it through ``render/``
(:func:`render_view`). One document, two renderers: what you export is what you see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from layerscope.catalog import Catalog
    from layerscope.report.document import Document

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "KINDS",
    "STACK_COUNTS",
    "View",
    "build_document",
    "format_for_path",
    "render_document",
    "render_view",
]

ViewKind = Literal["stack", "layer", "compare", "drivers", "flow", "timeline", "verdict", "level"]
KINDS: tuple[ViewKind, ...] = (
    "stack",
    "layer",
    "compare",
    "drivers",
    "flow",
    "timeline",
    "verdict",
    "level",
)
FORMATS: tuple[str, ...] = ("text", "ansi", "md", "html", "svg", "json")
EXTENSIONS: dict[str, str] = {
    "text": "txt",
    "ansi": "ans",
    "md": "md",
    "html": "html",
    "svg": "svg",
    "json": "json",
}
"""Format → the usual file extension, without the dot."""
STACK_COUNTS: dict[str, tuple[int, int]] = {
    "stack": (1, 1),
    "layer": (1, 1),
    "compare": (2, 4),
    "drivers": (1, 4),
    "flow": (1, 4),
    "timeline": (1, 4),
    "verdict": (1, 26),
    "level": (1, 4),
}
"""How many stacks each kind of view takes, at least and at most."""

_BY_SUFFIX = {f".{ext}": fmt for fmt, ext in EXTENSIONS.items()} | {".htm": "html"}


@dataclass(frozen=True)
class View:
    """What a report shows: a kind of view and the stacks (and layer) it is about.

    Raises:
        ValueError: the number of stacks does not suit the kind, or a layer view has no
            layer.
    """

    kind: ViewKind
    stacks: tuple[str, ...]
    layer: str | None = None
    level: int | None = None
    """For a level view: the level shown of every stack."""
    metrics: bool = False
    """For a timeline: the metrics with a history drawn on its time axis too."""

    def __post_init__(self) -> None:
        if self.kind not in STACK_COUNTS:
            raise ValueError(f"unknown view '{self.kind}'; known: {', '.join(KINDS)}")
        low, high = STACK_COUNTS[self.kind]
        if not low <= len(self.stacks) <= high:
            wanted = str(low) if low == high else f"{low} to {high}"
            raise ValueError(
                f"a {self.kind} view takes {wanted} stack{'s' if high > 1 else ''}, "
                f"got {len(self.stacks)}"
            )
        if (self.kind == "layer") != (self.layer is not None):
            raise ValueError("a layer view, and only a layer view, names a layer")
        if (self.kind == "level") != (self.level is not None):
            raise ValueError("a level view, and only a level view, names a level")
        if self.metrics and self.kind != "timeline":
            raise ValueError("only a timeline view shows metrics on its time axis")

    @property
    def path(self) -> str:
        """Where the view is: ``ai``, ``ai/reasoning``, ``compare ai crypto``, ``flow ai``."""
        if self.kind == "stack":
            return self.stacks[0]
        if self.kind == "layer":
            return f"{self.stacks[0]}/{self.layer}"
        if self.kind == "level":
            return " ".join(("level", *self.stacks, f"--level {self.level}"))
        return " ".join((self.kind, *self.stacks, *(("--metrics",) if self.metrics else ())))


def format_for_path(name: str, default: str = "text") -> str:
    """The format a file name's extension implies (``.md`` → ``md``), else ``default``."""
    dot = name.rfind(".")
    return _BY_SUFFIX.get(name[dot:].lower(), default) if dot >= 0 else default


def build_document(view: View, catalog: Catalog, *, ascii: bool = False) -> Document:
    """The format-neutral document of a view.

    Raises:
        UnknownId: a stack or layer the catalog does not know.
    """
    from layerscope.report.format import glyphs

    g = glyphs(ascii)
    stacks = [catalog.stack(sid) for sid in view.stacks]
    if view.kind == "stack":
        from layerscope.report.views.stack import stack_document

        return stack_document(stacks[0], view.path, g)
    if view.kind == "layer":
        from layerscope.report.views.layer import layer_document

        assert view.layer is not None
        stack, layer = catalog.layer(view.stacks[0], view.layer)
        # A layer found by its label is reported under its id.
        return layer_document(stack, layer, f"{stack.id}/{layer.id}", g)
    if view.kind == "compare":
        from layerscope.report.views.compare import compare_document

        return compare_document(stacks, view.path, g)
    if view.kind == "drivers":
        from layerscope.report.views.drivers import drivers_document

        return drivers_document(stacks, catalog.dimensions, view.path, g)
    if view.kind == "timeline":
        from layerscope.report.views.timeline import timeline_document

        return timeline_document(stacks, view.path, g, metrics=view.metrics)
    if view.kind == "verdict":
        from layerscope.report.views.verdict import verdict_document

        return verdict_document(stacks, view.path, g)
    if view.kind == "level":
        from layerscope.report.views.level import level_document

        assert view.level is not None
        return level_document(stacks, view.level, view.path, g)
    from layerscope.report.views.flow import flow_document

    return flow_document(stacks, view.path, g)


def render_view(
    view: View, catalog: Catalog, fmt: str, *, width: int = 100, ascii: bool = False
) -> str:
    """The view exported in a format (one of :data:`FORMATS`).

    Raises:
        UnknownId: a stack or layer the catalog does not know.
        ValueError: an unknown format.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}'; known: {', '.join(FORMATS)}")
    return render_document(
        build_document(view, catalog, ascii=ascii), fmt, width=width, ascii=ascii
    )


def render_document(doc: Document, fmt: str, *, width: int = 100, ascii: bool = False) -> str:
    """A document exported in a format (one of :data:`FORMATS`).

    Raises:
        ValueError: an unknown format.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}'; known: {', '.join(FORMATS)}")
    if fmt == "md":
        from layerscope.report.render.to_markdown import to_markdown

        return to_markdown(doc)
    if fmt == "json":
        from layerscope.report.render.to_json import to_json

        return to_json(doc)
    if fmt == "html":
        from layerscope.report.render.to_html import to_html

        return to_html(doc)
    if fmt == "svg":
        from layerscope.report.render.to_svg import to_svg

        return to_svg(doc, width, ascii=ascii)
    from layerscope.report.render import export as formats
    from layerscope.report.render.to_rich import to_rich

    renderable = to_rich(doc, ascii=ascii)
    if fmt == "text":
        return formats.to_text(renderable, width)
    return formats.to_ansi(renderable, width)
