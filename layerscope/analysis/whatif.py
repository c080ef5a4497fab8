"""What-if: another reading of some handlings, applied to copies of the records.

A :class:`Change` names a handling (stack, layer, problem) and the outcome to try.
:func:`apply` returns new records; nothing here writes a file. A what-if file — a YAML or
JSON list of ``{stack, layer, problem, outcome}`` — is read by :func:`load_changes` through
the project's safe YAML reader, with every mistake located.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import msgspec

from layerscope.diagnostics import Diagnostic, Severity
from layerscope.model import OUTCOMES, Alternative, Handling, Layer, Outcome, Stack

if TYPE_CHECKING:
    from layerscope.catalog import Catalog
    from layerscope.load.reader import Document

FIELDS = ("stack", "layer", "problem", "outcome")


class Change(msgspec.Struct, frozen=True):
    """Try another outcome for one handling: ``layer`` of ``stack`` handling ``problem``."""

    stack: str
    layer: str
    problem: str
    outcome: Outcome

    def as_dict(self) -> dict[str, str]:
        """A JSON-ready mapping (the what-if file's own shape)."""
        return {field: getattr(self, field) for field in FIELDS}


class WhatIfError(Exception):
    """A what-if file that cannot be used; carries its located diagnostics."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(map(str, self.diagnostics)))


def find(stacks: Mapping[str, Stack], change: Change) -> tuple[Stack, Layer, Handling]:
    """The stack, layer and handling a change names (the layer by id or label).

    Raises:
        LookupError: the stack, the layer or the handling does not exist.
    """
    stack = stacks.get(change.stack)
    if stack is None:
        raise LookupError(f"no stack '{change.stack}'")
    layer = _layer(stack, change.layer)
    if layer is None:
        raise LookupError(f"stack '{stack.id}' has no layer '{change.layer}'")
    handling = next((h for h in layer.addresses if h.problem == change.problem), None)
    if handling is None:
        raise LookupError(f"layer '{layer.id}' of '{stack.id}' does not address '{change.problem}'")
    return stack, layer, handling


def _layer(stack: Stack, ident: str) -> Layer | None:
    return stack.layer(ident) or next(
        (la for la in stack.layers if la.display_label.lower() == ident.lower()), None
    )


def reread(handling: Handling, outcome: Outcome) -> Handling:
    """A handling read with another outcome.

    A listed alternative with that outcome becomes the main reading (with its own note,
    sources and ``into``) and the old main reading becomes one of the alternatives, so the
    record still says what the data holds. An outcome nobody listed comes without a note
    or sources of its own.
    """
    if outcome == handling.outcome:
        return handling
    listed = next((a for a in handling.alternatives if a.outcome == outcome), None)
    old = Alternative(
        outcome=handling.outcome,
        into=handling.into,
        note=handling.note,
        sources=handling.sources,
        as_of=handling.as_of,
    )
    others = tuple(a for a in handling.alternatives if a.outcome != outcome)
    new = listed or Alternative(outcome=outcome)
    return msgspec.structs.replace(
        handling,
        outcome=new.outcome,
        into=new.into if new.outcome == "transferred" else (),
        note=new.note,
        sources=new.sources,
        as_of=new.as_of,
        alternatives=(old, *others),
    )


def apply(stacks: Mapping[str, Stack], changes: Iterable[Change]) -> dict[str, Stack]:
    """New stacks with the changes applied, in order (a later change to the same handling
    wins); stacks without changes are the same records.

    Raises:
        LookupError: a change names something that does not exist.
    """
    out = dict(stacks)
    for change in changes:
        stack, layer, handling = find(out, change)
        changed = reread(handling, change.outcome)
        if changed is handling:
            continue
        addresses = tuple(changed if h is handling else h for h in layer.addresses)
        new_layer = msgspec.structs.replace(layer, addresses=addresses)
        layers = tuple(new_layer if la is layer else la for la in stack.layers)
        out[stack.id] = msgspec.structs.replace(stack, layers=layers)
    return out


def with_changes(catalog: Catalog, changes: Sequence[Change]) -> Catalog:
    """A copy of the catalog whose stacks have the changes applied (the files untouched).

    Raises:
        LookupError: a change names something that does not exist.
    """
    return msgspec.structs.replace(catalog, stacks=apply(catalog.stacks, changes))


def outcome_before(stacks: Mapping[str, Stack], change: Change) -> Outcome:
    """The outcome the data gives the handling a change names."""
    return find(stacks, change)[2].outcome


# --- what-if files --------------------------------------------------------------------


def load_changes(path: Path, stacks: Mapping[str, Stack]) -> tuple[Change, ...]:
    """The changes a what-if file lists, checked against the stacks.

    Raises:
        OSError: the file cannot be read.
        WhatIfError: the file is not a usable list of changes.
    """
    return parse_changes(path.read_bytes(), str(path), stacks)


def parse_changes(data: bytes, name: str, stacks: Mapping[str, Stack]) -> tuple[Change, ...]:
    """The changes in the bytes of a what-if file called ``name``.

    Raises:
        WhatIfError: the bytes are not a usable list of changes.
    """
    from layerscope.load import reader

    found: list[Diagnostic] = []

    def report(line: int, column: int, severity: Severity, code: str, message: str) -> None:
        found.append(Diagnostic(name, line, column, severity, code, message))

    text = reader.decode(data, report)
    doc = reader.parse(text, report) if text is not None else None
    changes: list[Change] = []
    if doc is not None:
        changes = _Checker(doc, name, stacks, found).changes()
    if any(d.is_error for d in found):
        found.sort(key=lambda d: (d.line, d.column))
        raise WhatIfError(found)
    return tuple(changes)


class _Checker:
    """Checks the plain values of a what-if file, reporting every mistake."""

    def __init__(
        self, doc: Document, name: str, stacks: Mapping[str, Stack], found: list[Diagnostic]
    ) -> None:
        self.doc = doc
        self.name = name
        self.stacks = stacks
        self.found = found

    def report(
        self, path: tuple[str | int, ...], code: str, message: str, key: bool = False
    ) -> None:
        from layerscope.load.reader import format_path

        line, column = self.doc.at(path, key=key)
        self.found.append(
            Diagnostic(self.name, line, column, "error", code, message, format_path(path))
        )

    def changes(self) -> list[Change]:
        value = self.doc.value
        if type(value) is not list:
            shown = "nothing" if value is None else type(value).__name__
            self.report(
                (),
                "not-list",
                f"a what-if file is a list of changes ({{{', '.join(FIELDS)}}}), got {shown}",
            )
            return []
        out: list[Change] = []
        seen: dict[tuple[str, str, str], int] = {}
        for i, item in enumerate(value):
            change = self.change(i, item)
            if change is None:
                continue
            key = (change.stack, change.layer, change.problem)
            if key in seen:
                self.report(
                    (i,),
                    "duplicate-change",
                    f"the same handling is changed twice (also [{seen[key]}])",
                )
                continue
            seen[key] = i
            out.append(change)
        return out

    def change(self, i: int, item: Any) -> Change | None:
        if type(item) is not dict:
            self.report((i,), "not-mapping", f"a change is a mapping of {', '.join(FIELDS)}")
            return None
        import difflib

        ok = True
        misspelt: set[str] = set()
        for key in item:
            if key not in FIELDS:
                close = difflib.get_close_matches(key, FIELDS, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                self.report((i, key), "unknown-key", f"unknown key '{key}'{hint}", key=True)
                misspelt.update(close)
                ok = False
        text: dict[str, str] = {}
        for field in FIELDS:
            if field in misspelt and field not in item:
                continue  # said already: a misspelt key
            if field not in item:
                self.report((i,), "missing-field", f"the change has no '{field}'")
                ok = False
            elif type(item[field]) is not str:
                self.report((i, field), "wrong-type", f"'{field}' must be text")
                ok = False
            else:
                text[field] = item[field]
        return self.resolve(i, text) if ok else None

    def resolve(self, i: int, text: dict[str, str]) -> Change | None:
        import difflib

        def hint(ident: str, known: Sequence[str]) -> str:
            close = difflib.get_close_matches(ident, known, n=1, cutoff=0.4)
            return f" (did you mean '{close[0]}'?)" if close else ""

        outcome = text["outcome"]
        good = outcome in OUTCOMES
        if not good:
            self.report(
                (i, "outcome"), "bad-outcome", f"'{outcome}' is not one of {' | '.join(OUTCOMES)}"
            )
        stack = self.stacks.get(text["stack"])
        if stack is None:
            known = sorted(self.stacks)
            self.report(
                (i, "stack"),
                "unknown-stack",
                f"no stack '{text['stack']}'{hint(text['stack'], known)}; "
                f"known: {', '.join(known) or 'none'}",
            )
            return None
        layer = _layer(stack, text["layer"])
        if layer is None:
            known = [la.id for la in stack.layers]
            self.report(
                (i, "layer"),
                "unknown-layer",
                f"stack '{stack.id}' has no layer '{text['layer']}'{hint(text['layer'], known)}; "
                f"known: {', '.join(known)}",
            )
            return None
        problem = text["problem"]
        if stack.problem(problem) is None:
            known = [p.id for p in stack.problems]
            self.report(
                (i, "problem"),
                "unknown-problem",
                f"stack '{stack.id}' has no problem '{problem}'{hint(problem, known)}",
            )
            return None
        if not any(h.problem == problem for h in layer.addresses):
            doing = [
                la.id for la in stack.layers if any(h.problem == problem for h in la.addresses)
            ]
            where = f"layers that do: {', '.join(doing)}" if doing else "no layer does"
            self.report(
                (i, "problem"),
                "not-addressed",
                f"layer '{layer.id}' of '{stack.id}' does not address '{problem}'; {where}",
            )
            return None
        if not good:
            return None
        return Change(stack.id, layer.id, problem, cast("Outcome", outcome))
