"""What changed between two editions of a stack, at the level a reader cares about.

Things are matched by id: layers, problems, metrics (anywhere in the stack), sources and
drivers by their ``id``; handlings by layer and problem; examples by layer and ``id`` (or
name, when they have no id). A layer with the same id and another name is *renamed*. What
an added or removed layer holds (its handlings, examples, metrics) goes with it and is not
listed again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, Literal, TypeVar

import msgspec

from layerscope.analysis import Score, progression
from layerscope.model import Driver, Example, Handling, Layer, Metric, Problem, Source, Stack

Kind = Literal["added", "removed", "changed"]
T = TypeVar("T", Layer, Problem, Handling, Example, Metric, Source, Driver)

STACK_FIELDS = (
    "id",
    "name",
    "short_name",
    "summary",
    "description",
    "thesis",
    "as_of",
    "tags",
    "profile",
    "annotations",
)
"""The stack's own fields a diff compares (its layers and lists are compared item by item)."""
LAYER_FIELDS = ("level", "label", "name", "summary", "description", "introduces")
"""The layer's own fields a diff compares."""


class Change(msgspec.Struct, Generic[T], frozen=True, kw_only=True):
    """One thing added, removed or changed; ``fields`` names what changed."""

    kind: Kind
    key: str
    """The thing's id (a handling's problem id, an example's id or name)."""
    layer: str = ""
    """The id of the layer it belongs to (the new edition's, when it moved)."""
    old: T | None = None
    new: T | None = None
    fields: tuple[str, ...] = ()

    @property
    def renamed(self) -> bool:
        """Whether the thing kept its id and changed its name."""
        return self.kind == "changed" and "name" in self.fields

    @property
    def record(self) -> T:
        """The newest edition of the thing (the old one when it was removed)."""
        found = self.new if self.new is not None else self.old
        assert found is not None
        return found


class StackDiff(msgspec.Struct, frozen=True, kw_only=True):
    """Every change from one edition of a stack to another, and the verdict before and after."""

    old: Stack
    new: Stack
    stack: tuple[str, ...]
    """The stack's own fields that changed (:data:`STACK_FIELDS`)."""
    layers: tuple[Change[Layer], ...]
    problems: tuple[Change[Problem], ...]
    handlings: tuple[Change[Handling], ...]
    examples: tuple[Change[Example], ...]
    metrics: tuple[Change[Metric], ...]
    sources: tuple[Change[Source], ...]
    drivers: tuple[Change[Driver], ...]
    before: Score
    after: Score

    @property
    def same_stack(self) -> bool:
        """Whether both editions are of the same stack (the same id)."""
        return self.old.id == self.new.id

    @property
    def equal(self) -> bool:
        """Whether the two editions hold the same records."""
        return self.old == self.new

    @property
    def count(self) -> int:
        """How many changes are listed (each changed stack field counts as one)."""
        return len(self.stack) + sum(len(group) for _, group in self.groups())

    @property
    def verdict_changed(self) -> bool:
        """Whether the verdict's numbers moved."""
        return self.before != self.after

    def groups(self) -> tuple[tuple[str, Sequence[Change[Any]]], ...]:
        """The changes by kind of thing, in reading order."""
        return (
            ("layers", self.layers),
            ("problems", self.problems),
            ("handlings", self.handlings),
            ("examples", self.examples),
            ("metrics", self.metrics),
            ("sources", self.sources),
            ("drivers", self.drivers),
        )


def _differ(old: msgspec.Struct, new: msgspec.Struct, names: Iterable[str]) -> tuple[str, ...]:
    return tuple(name for name in names if getattr(old, name) != getattr(new, name))


def _match(
    old: Sequence[T],
    new: Sequence[T],
    key: Callable[[T], str],
    names: Sequence[str],
    layer: Callable[[T], str] = lambda _: "",
) -> list[Change[T]]:
    """Changes between two lists of records matched by key: new order, then the removed."""
    before = _keyed(old, key)
    after = _keyed(new, key)
    out: list[Change[T]] = []
    for ident, item in after.items():
        was = before.get(ident)
        if was is None:
            out.append(Change(kind="added", key=ident, layer=layer(item), new=item))
        elif fields := _differ(was, item, names):
            out.append(
                Change(
                    kind="changed", key=ident, layer=layer(item), old=was, new=item, fields=fields
                )
            )
    out.extend(
        Change(kind="removed", key=ident, layer=layer(item), old=item)
        for ident, item in before.items()
        if ident not in after
    )
    return out


def _keyed(items: Sequence[T], key: Callable[[T], str]) -> dict[str, T]:
    """Items by key; a repeated key gets ``#2``, ``#3``... so nothing is lost."""
    out: dict[str, T] = {}
    for item in items:
        ident, n = key(item), 1
        while ident in out:
            n += 1
            ident = f"{key(item)}#{n}"
        out[ident] = item
    return out


def _fields(record: type[msgspec.Struct], *skip: str) -> tuple[str, ...]:
    return tuple(name for name in record.__struct_fields__ if name not in skip)


def _in(layer_id: str) -> Callable[[Any], str]:
    return lambda _: layer_id


def _example_key(example: Example) -> str:
    return example.id or example.name


def diff(old: Stack, new: Stack) -> StackDiff:
    """What changed from ``old`` to ``new`` (two editions, or two different stacks)."""
    layers = _match(old.layers, new.layers, lambda la: la.id, LAYER_FIELDS, lambda la: la.id)
    old_layers = {la.id: la for la in old.layers}
    handlings: list[Change[Handling]] = []
    examples: list[Change[Example]] = []
    for layer in new.layers:
        was = old_layers.get(layer.id)
        if was is None:
            continue
        handlings += _match(
            was.addresses,
            layer.addresses,
            lambda h: h.problem,
            _fields(Handling),
            _in(layer.id),
        )
        examples += _match(
            was.examples, layer.examples, _example_key, _fields(Example), _in(layer.id)
        )
    metrics = _metrics(old, new, {c.key for c in layers if c.kind != "changed"})
    return StackDiff(
        old=old,
        new=new,
        stack=_differ(old, new, STACK_FIELDS),
        layers=tuple(layers),
        problems=tuple(_match(old.problems, new.problems, lambda p: p.id, _fields(Problem))),
        handlings=tuple(handlings),
        examples=tuple(examples),
        metrics=metrics,
        sources=tuple(_match(old.sources, new.sources, lambda s: s.id, _fields(Source))),
        drivers=tuple(_match(old.drivers, new.drivers, lambda d: d.id, _fields(Driver))),
        before=progression(old).score,
        after=progression(new).score,
    )


def _metrics(old: Stack, new: Stack, gone_or_new: set[str]) -> tuple[Change[Metric], ...]:
    """Metrics matched across the stack; ``layer`` is a changed field when one moved."""
    where = {m.id: la.id for la in old.layers for m in la.metrics}
    where_now = {m.id: la.id for la in new.layers for m in la.metrics}
    changes = _match(
        [m for la in old.layers for m in la.metrics],
        [m for la in new.layers for m in la.metrics],
        lambda m: m.id,
        _fields(Metric),
        lambda m: where_now.get(m.id) or where.get(m.id, ""),
    )
    for ident in where.keys() & where_now.keys():
        if where[ident] != where_now[ident]:
            moved = next((c for c in changes if c.key == ident), None)
            if moved is None:
                metric = new.metric(ident)
                changes.append(
                    Change(
                        kind="changed",
                        key=ident,
                        layer=where_now[ident],
                        old=old.metric(ident),
                        new=metric,
                        fields=("layer",),
                    )
                )
            else:
                changes[changes.index(moved)] = msgspec.structs.replace(
                    moved, fields=("layer", *moved.fields)
                )
    # What an added or removed layer holds goes with it.
    return tuple(
        c
        for c in changes
        if not (c.kind == "added" and c.layer in gone_or_new)
        and not (c.kind == "removed" and where.get(c.key) in gone_or_new)
    )
