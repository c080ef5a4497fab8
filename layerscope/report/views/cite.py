"""What every view closes with: numbered sources and the footer line."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from layerscope.model import Stack
from layerscope.report.document import Builder, Cell, Footer, Numbered, Para, Span, line

if TYPE_CHECKING:
    from layerscope.report.format import Glyphs


class Citations:
    """Numbers the sources a report cites, in the order it first cites them."""

    def __init__(self, *, many_stacks: bool = False) -> None:
        self.many_stacks = many_stacks
        """Whether to say which stack each source belongs to."""
        self.entries: list[tuple[Stack, str]] = []
        self.numbers: dict[tuple[str, str], int] = {}

    def cite(self, stack: Stack, source_ids: Iterable[str]) -> Span | None:
        """A marker such as ``[1]`` or ``[1, 3]``; ``None`` when nothing is cited."""
        cited: list[int] = []
        for sid in source_ids:
            key = (stack.id, sid)
            if key not in self.numbers:
                self.entries.append((stack, sid))
                self.numbers[key] = len(self.entries)
            if self.numbers[key] not in cited:
                cited.append(self.numbers[key])
        if not cited:
            return None
        return Span(f"[{', '.join(map(str, sorted(cited)))}]", "ref")

    def add_to(self, doc: Builder, g: Glyphs) -> None:
        """The numbered "Sources" section."""
        doc.heading("Sources")
        if not self.entries:
            doc.add(Para((line(Span("No sources cited.", "dim")),)))
            return
        doc.add(Numbered(tuple(self._entry(stack, sid, g) for stack, sid in self.entries)))

    def _entry(self, stack: Stack, sid: str, g: Glyphs) -> Cell:
        owner = Span(f" ({stack.title})", "dim") if self.many_stacks else None
        source = stack.source(sid)
        if source is None:
            return (line(Span(sid, "strong"), Span(" (not listed in the stack)", "dim"), owner),)
        facts = [f for f in (source.publisher, source.published) if f]
        first = line(Span(source.title, "strong"), f", {', '.join(facts)}" if facts else "", owner)
        second: list[Span] = []
        if source.url:
            second.append(Span(source.url, "url", link=source.url))
        if source.accessed:
            lead = g.sep if second else ""
            second.append(Span(f"{lead}accessed {source.accessed}", "dim"))
        return (first, tuple(second)) if second else (first,)


def footer(path: str, stacks: Sequence[Stack], g: Glyphs) -> Footer:
    """The closing line: the view path and the as-of date of each stack's data."""
    stacks = list({stack.id: stack for stack in stacks}.values())
    if len(stacks) == 1:
        dates = f"data as of {stacks[0].as_of or 'an unstated date'}"
    else:
        dates = "data as of " + ", ".join(f"{s.title} {s.as_of or 'undated'}" for s in stacks)
    return Footer(line(Span(path, "strong"), Span(f"{g.sep}{dates}", "dim")))


def marker(span: Span | None) -> tuple[Span, ...]:
    """A citation marker with the space before it, or nothing."""
    return (Span(" "), span) if span else ()
