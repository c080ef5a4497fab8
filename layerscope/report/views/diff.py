"""The diff view: what changed between two editions of a stack, and the verdict before and after.

It takes two stack records (read from files or git revisions), not catalog ids:
:func:`diff_document` builds the document and :func:`diff_data` the same content as plain
data for ``--format json``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec

from layerscope.analysis import Score
from layerscope.analysis.diff import Change, StackDiff, diff
from layerscope.model import (
    Alternative,
    Driver,
    Example,
    Handling,
    Layer,
    Metric,
    Point,
    Problem,
    Source,
    Stack,
)
from layerscope.report.document import (
    Builder,
    Bullets,
    Cell,
    Document,
    Footer,
    Line,
    Span,
    Title,
    line,
)
from layerscope.report.format import Glyphs, number, outcome, quantity, score_line

MARKS = {"added": "+ added", "removed": "- removed", "changed": "~ changed"}
"""How each kind of change opens its line (plain ASCII, the same in every glyph set)."""
_LONG = {"description", "thesis", "summary", "note", "definition", "profile", "annotations"}
"""Fields too long to quote old and new inline; their lines follow."""
_PROBLEM_LISTS = {"introduces", "into"}
"""Fields that list problem ids: shown by the problems' names."""


def diff_document(
    old: Stack, new: Stack, path: str, g: Glyphs, *, labels: tuple[str, str] = ("old", "new")
) -> Document:
    """What changed from ``old`` to ``new``; ``labels`` name where each edition came from."""
    found = diff(old, new)
    doc = Builder(path)
    title = old.name if found.same_stack else f"{old.name} {g.arrow} {new.name}"
    lines: list[Line] = [
        line(Span("old: ", "dim"), labels[0], Span(f"{g.sep}new: ", "dim"), labels[1]),
    ]
    if not found.same_stack:
        lines.append(line(Span(f"Two different stacks: {old.id} and {new.id}.", "em")))
    if found.equal:
        lines.append(line(Span("No changes: the two editions are the same.", "strong")))
    elif not found.count:
        lines.append(line(Span("No changes to show: only the order of records differs.", "strong")))
    else:
        lines.append(line(Span(f"{found.count} change{'s' if found.count != 1 else ''}", "strong")))
    doc.add(Title(line("Diff: ", Span(title, "strong")), tuple(lines)))
    doc.para(*_verdict(found.before, found.after, g))
    if found.stack:
        doc.heading("Stack")
        doc.add(Bullets(tuple(_field(name, old, new, g) for name in found.stack)))
    sections: tuple[tuple[str, list[Cell]], ...] = (
        ("Layers", [_layer(c, found, g) for c in found.layers]),
        ("Problems", [_problem(c, found, g) for c in found.problems]),
        ("Handlings", [_handling(c, found, g) for c in found.handlings]),
        ("Examples", [_example(c, found, g) for c in found.examples]),
        ("Metrics", [_metric(c, found, g) for c in found.metrics]),
        ("Sources", [_source(c, found, g) for c in found.sources]),
        ("Drivers", [_driver(c, found, g) for c in found.drivers]),
    )
    for heading, items in sections:
        if items:
            doc.heading(f"{heading} ({len(items)})")
            doc.add(Bullets(tuple(items)))
    unstated = "an unstated date"
    dates = f"old as of {old.as_of or unstated}, new as of {new.as_of or unstated}"
    doc.add(Footer(line(Span(path, "strong"), Span(f"{g.sep}{dates}", "dim"))))
    return doc.build()


def _verdict(before: Score, after: Score, g: Glyphs) -> tuple[Line, ...]:
    if before == after:
        return (line(Span("Verdict unchanged: ", "strong"), score_line(after, g)),)
    return (
        line(Span("Verdict before: ", "strong"), score_line(before, g)),
        line(Span("Verdict after: ", "strong"), score_line(after, g)),
    )


def _mark(change: Change[Any]) -> Span:
    return Span(MARKS[change.kind] + " ", "strong")


def _text(value: Any, g: Glyphs) -> str:
    if value is None or value == "" or value == () or value == {}:
        return g.dash
    if isinstance(value, float):
        return number(value)
    if isinstance(value, Point):
        return f"{value.as_of}: {number(value.value)}"
    if isinstance(value, Alternative):
        return value.outcome
    if isinstance(value, tuple):
        return ", ".join(_text(v, g) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def _field(name: str, old: Any, new: Any, g: Glyphs, found: StackDiff | None = None) -> Cell:
    """``name: old → new``, or for long text the field, then its old and new text."""
    was, now = getattr(old, name), getattr(new, name)
    if found is not None and name in _PROBLEM_LISTS:
        was = tuple(_problem_name(found, pid) for pid in was)
        now = tuple(_problem_name(found, pid) for pid in now)
    if name in _LONG:
        return (
            line(Span(name, "strong"), " changed"),
            line(Span("was: ", "dim"), _text(was, g)),
            line(Span("now: ", "dim"), _text(now, g)),
        )
    return (line(Span(name, "strong"), f": {_text(was, g)} {g.arrow} {_text(now, g)}"),)


def _fields(
    change: Change[Any], found: StackDiff, g: Glyphs, skip: Sequence[str] = ()
) -> tuple[Line, ...]:
    """One line per changed field (long texts take three)."""
    if change.old is None or change.new is None:
        return ()
    out: list[Line] = []
    for name in change.fields:
        if name not in skip and name != "layer":
            out.extend(_field(name, change.old, change.new, g, found))
    return tuple(out)


def _where(found: StackDiff, layer_id: str) -> str:
    layer = found.new.layer(layer_id) or found.old.layer(layer_id)
    return f"{layer.display_label} {layer.name}" if layer else layer_id


def _layer(change: Change[Layer], found: StackDiff, g: Glyphs) -> Cell:
    layer = change.record
    head = line(_mark(change), Span(layer.display_label, "strong"), " ", layer.name)
    if change.kind != "changed":
        return (head, line(Span(f"level {layer.level}{g.sep}{_holds(layer)}", "dim")))
    assert change.old is not None
    if change.renamed:
        head = line(
            Span("~ renamed ", "strong"),
            Span(layer.display_label, "strong"),
            f" {change.old.name} {g.arrow} {layer.name}",
        )
    return (head, *_fields(change, found, g, skip=("name",) if change.renamed else ()))


def _holds(layer: Layer) -> str:
    counts = (
        (len(layer.addresses), "handling"),
        (len(layer.examples), "example"),
        (len(layer.metrics), "metric"),
    )
    return ", ".join(f"{n} {noun}{'' if n == 1 else 's'}" for n, noun in counts)


def _problem(change: Change[Problem], found: StackDiff, g: Glyphs) -> Cell:
    problem = change.record
    head = line(_mark(change), Span(problem.name, "strong"), Span(f" ({problem.id})", "dim"))
    if change.kind != "changed":
        return (head, line(Span(f"{problem.severity} severity", "dim")))
    return (head, *_fields(change, found, g))


def _problem_name(found: StackDiff, problem_id: str) -> str:
    problem = found.new.problem(problem_id) or found.old.problem(problem_id)
    return problem.name if problem else problem_id


def _handling(change: Change[Handling], found: StackDiff, g: Glyphs) -> Cell:
    handling = change.record
    where = line(
        Span(_where(found, change.layer), "strong"),
        g.sep,
        Span(_problem_name(found, handling.problem), "strong"),
    )
    if change.kind != "changed":
        return (
            line(_mark(change), *where, ": ", outcome(handling.outcome, g)),
            *((line(Span(handling.note, "dim")),) if handling.note else ()),
        )
    old, new = change.old, change.new
    assert old is not None and new is not None
    if "outcome" in change.fields:
        head = line(
            _mark(change),
            *where,
            ": ",
            outcome(old.outcome, g),
            f" {g.arrow} ",
            outcome(new.outcome, g),
        )
        if old.note != new.note:
            notes: tuple[Line, ...] = (
                line(Span("was: ", "dim"), old.note or g.dash),
                line(Span("now: ", "dim"), new.note or g.dash),
            )
        else:
            notes = (line(Span(new.note, "dim")),) if new.note else ()
        return (head, *notes, *_fields(change, found, g, skip=("outcome", "note")))
    return (line(_mark(change), *where, ": ", outcome(new.outcome, g)), *_fields(change, found, g))


def _example(change: Change[Example], found: StackDiff, g: Glyphs) -> Cell:
    example = change.record
    facts = [f for f in (example.org, example.launched) if f]
    head = line(
        _mark(change),
        Span(_where(found, change.layer), "dim"),
        g.sep,
        Span(example.name, "strong"),
        Span(f" ({', '.join(facts)})", "dim") if facts and change.kind != "changed" else "",
    )
    return (head, *_fields(change, found, g))


def _metric(change: Change[Metric], found: StackDiff, g: Glyphs) -> Cell:
    metric = change.record
    head = line(_mark(change), Span(metric.name, "strong"), Span(f" ({metric.id})", "dim"))
    if change.kind != "changed":
        value = f"{quantity(metric.value, metric.unit, g)} as of {metric.as_of}"
        return (head, line(Span(f"{_where(found, change.layer)}{g.sep}", "dim"), value))
    old, new = change.old, change.new
    assert old is not None and new is not None
    lines: list[Line] = [head]
    if {"value", "unit", "as_of"} & set(change.fields):
        lines.append(
            line(
                f"{quantity(old.value, old.unit, g)} ({old.as_of}) {g.arrow} ",
                Span(f"{quantity(new.value, new.unit, g)} ({new.as_of})", "strong"),
            )
        )
    if "layer" in change.fields:
        was = next((la for la in found.old.layers if old in la.metrics), None)
        moved_from = f"{was.display_label} {was.name}" if was else "?"
        lines.append(line(f"moved: {moved_from} {g.arrow} {_where(found, change.layer)}"))
    lines.extend(_fields(change, found, g, skip=("value", "unit", "as_of")))
    return tuple(lines)


def _source(change: Change[Source], found: StackDiff, g: Glyphs) -> Cell:
    source = change.record
    facts = [f for f in (source.publisher, source.published) if f]
    head = line(
        _mark(change),
        Span(f"[{source.id}] ", "dim"),
        Span(source.title, "strong"),
        f", {', '.join(facts)}" if facts and change.kind != "changed" else "",
    )
    return (head, *_fields(change, found, g))


def _driver(change: Change[Driver], found: StackDiff, g: Glyphs) -> Cell:
    driver = change.record
    head = line(_mark(change), Span(driver.name, "strong"))
    if change.kind != "changed":
        return (head, line(Span(f"weight {number(driver.weight)}", "dim")))
    return (head, *_fields(change, found, g))


# --- the same content as data ---------------------------------------------------------


def _brief(record: msgspec.Struct | None) -> Any:
    if record is None:
        return None
    if isinstance(record, Layer):
        return {
            "id": record.id,
            "level": record.level,
            "label": record.display_label,
            "name": record.name,
        }
    return msgspec.to_builtins(record)


def _score(result: Score) -> dict[str, Any]:
    return {
        "verdict": result.verdict,
        "progression_index": round(result.index, 3),
        "transfer_share": round(result.transfer_share, 3),
        "handlings": result.count,
    }


def diff_data(
    old: Stack, new: Stack, *, labels: tuple[str, str] = ("old", "new")
) -> dict[str, Any]:
    """The diff as plain data (what ``--format json`` prints)."""
    found = diff(old, new)
    return {
        "old": {"id": old.id, "name": old.name, "as_of": old.as_of, "from": labels[0]},
        "new": {"id": new.id, "name": new.name, "as_of": new.as_of, "from": labels[1]},
        "same_stack": found.same_stack,
        "equal": found.equal,
        "changes": found.count,
        "verdict": {"before": _score(found.before), "after": _score(found.after)},
        "stack": [
            {
                "field": name,
                "old": msgspec.to_builtins(getattr(old, name)),
                "new": msgspec.to_builtins(getattr(new, name)),
            }
            for name in found.stack
        ],
        **{
            kind: [
                {
                    "kind": c.kind,
                    "key": c.key,
                    "layer": c.layer or None,
                    "fields": list(c.fields),
                    "old": _brief(c.old),
                    "new": _brief(c.new),
                }
                for c in group
            ]
            for kind, group in found.groups()
        },
    }
