"""Any view under a what-if: built from the changed records, with the changes listed at the
top under a "What-if" heading that says it is not the data's verdict."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from layerscope.analysis.whatif import Change, find, with_changes
from layerscope.model import Handling, Layer, Stack
from layerscope.report.document import (
    Block,
    Bullets,
    Cell,
    Document,
    Heading,
    Line,
    Para,
    Span,
    Title,
    line,
)
from layerscope.report.format import Glyphs, count, glyphs, layer_name, outcome, problem_name

if TYPE_CHECKING:
    from layerscope.catalog import Catalog
    from layerscope.report import View


def what_if_document(
    view: View, catalog: Catalog, changes: Sequence[Change], *, ascii: bool = False
) -> Document:
    """A view of the catalog with the changes applied, marked as a what-if.

    Raises:
        UnknownId: a stack or layer the catalog does not know.
        LookupError: a change names something the catalog does not hold.
    """
    from layerscope.report import build_document

    doc = build_document(view, with_changes(catalog, changes), ascii=ascii)
    return mark_what_if(doc, changes, catalog.stacks, view.stacks, glyphs(ascii))


def what_if_marker(changes: int) -> str:
    """What a screen's header says during a what-if: ``what-if: 2 changes``."""
    return f"what-if: {count(changes, 'change')}"


def _where(stack: Stack, layer: Layer, handling: Handling, g: Glyphs) -> Line:
    """``Gamma · L2 Lift · Leaky``: which handling a change is to."""
    name = problem_name(stack, handling.problem)
    return line(Span(stack.title, "strong"), g.sep, layer_name(layer), g.sep, name)


def change_line(change: Change, before: Mapping[str, Stack], g: Glyphs) -> Line:
    """``Gamma · L2 Lift · Leaky: ✗ worsened → ◐ mitigated``: a change, from the data's
    outcome (in ``before``) to the one tried.

    Raises:
        LookupError: the change names something ``before`` does not hold.
    """
    stack, layer, handling = find(before, change)
    return line(
        _where(stack, layer, handling, g),
        ": ",
        outcome(handling.outcome, g),
        f" {g.arrow} ",
        outcome(change.outcome, g),
    )


def change_notice(change: Change, before: Mapping[str, Stack], g: Glyphs) -> Line:
    """What trying a change says: the change (noting a listed alternative), or that the
    handling is back to the data's reading when the change names the data's outcome.

    Raises:
        LookupError: the change names something ``before`` does not hold.
    """
    stack, layer, handling = find(before, change)
    if change.outcome == handling.outcome:
        return line(
            _where(stack, layer, handling, g),
            ": back to ",
            outcome(handling.outcome, g),
            Span(", the data's reading", "dim"),
        )
    listed = any(alt.outcome == change.outcome for alt in handling.alternatives)
    return line(
        change_line(change, before, g),
        Span(" (a listed alternative)", "dim") if listed else None,
    )


def what_if_blocks(
    changes: Sequence[Change], before: Mapping[str, Stack], g: Glyphs
) -> tuple[Block, ...]:
    """The "What-if" heading, the warning and the list of changes (old → new outcome)."""
    items: list[Cell] = [(change_line(change, before, g),) for change in changes]
    warning = line(
        Span("Not the data's verdict: ", "strong"),
        f"{count(len(changes), 'outcome')} changed for this report; the data files are unchanged.",
    )
    return (Heading(line("What-if")), Para((warning,)), Bullets(tuple(items)))


def mark_what_if(
    doc: Document,
    changes: Sequence[Change],
    before: Mapping[str, Stack],
    shown: Sequence[str],
    g: Glyphs,
) -> Document:
    """The document with the changes to the stacks it shows listed under its title (the
    document itself when none of them touches those stacks)."""
    relevant = [c for c in changes if c.stack in shown and find(before, c)[2].outcome != c.outcome]
    if not relevant:
        return doc
    blocks = list(doc.blocks)
    at = 1 if blocks and isinstance(blocks[0], Title) else 0
    blocks[at:at] = what_if_blocks(relevant, before, g)
    return Document(doc.path, tuple(blocks))
