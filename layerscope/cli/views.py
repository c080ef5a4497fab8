"""The VIEW grammar of the command line, parsed in one place.

A VIEW is ``STACK`` or ``STACK/LAYER`` (a layer by id or label, e.g. ``ai/reasoning`` or
``ai/L2``). ``show``, ``tui`` and ``serve`` take one ``STACK/LAYER``, or stacks: ``show``
shows one stack as the stack view and compares 2-4; the app compares the stacks given.
``export KIND ARGS...`` names the kind itself, and ``export layer`` takes ``S L`` or ``S/L``.

Only the grammar lives here: whether the ids exist is the catalog's business. Headless
(the app's launcher parses its views here too).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from layerscope.cli import UsageError
from layerscope.report import STACK_COUNTS, View

MAX_STACKS = STACK_COUNTS["compare"][1]
"""The most stacks one VIEW list names (a comparison of four)."""


class ViewError(UsageError):
    """VIEW arguments that make no view (a usage error: exit 2)."""


@dataclass(frozen=True)
class Views:
    """What a list of VIEWs names: stacks, or one layer of one stack."""

    stacks: tuple[str, ...]
    layer: str | None = None
    """With one stack: the layer (id or label) to show."""


def split_view(text: str) -> tuple[str, str | None]:
    """``STACK`` → ``(stack, None)``; ``STACK/LAYER`` → ``(stack, layer)``.

    Raises:
        ViewError: an empty stack or layer part (``/x``, ``ai/``).
    """
    stack, slash, layer = text.partition("/")
    if not stack or (slash and not layer):
        raise ViewError(f"'{text}' is not a view: give STACK or STACK/LAYER")
    return stack, layer if slash else None


def parse_views(views: Sequence[str]) -> Views:
    """One ``STACK/LAYER`` alone, or up to :data:`MAX_STACKS` different stacks.

    Raises:
        ViewError: a layer with other views, or too many stacks.
    """
    parsed = [split_view(view) for view in views]
    for text, (stack, layer) in zip(views, parsed, strict=True):
        if layer is not None:
            if len(parsed) > 1:
                raise ViewError(
                    f"'{text}' names a layer: give one STACK/LAYER alone, or 2-{MAX_STACKS} "
                    "STACKs to compare"
                )
            return Views((stack,), layer)
    stacks = tuple(stack for stack, _ in parsed)
    if len(stacks) > MAX_STACKS:
        raise ViewError(f"at most {MAX_STACKS} stacks are compared at once, got {len(stacks)}")
    return Views(stacks)


def _view(kind: str, stacks: Sequence[str], layer: str | None = None) -> View:
    try:
        return View(kind, tuple(stacks), layer)  # type: ignore[arg-type]
    except ValueError as err:
        raise ViewError(str(err)) from None


def show_view(views: Sequence[str]) -> View:
    """The view ``show VIEW...`` names: STACK, STACK/LAYER, or 2-4 STACKs to compare.

    Raises:
        ViewError: see :func:`parse_views`.
    """
    named = parse_views(views)
    if named.layer is not None:
        return _view("layer", named.stacks, named.layer)
    return _view("stack" if len(named.stacks) == 1 else "compare", named.stacks)


def export_view(kind: str, args: Sequence[str]) -> View:
    """The view ``export KIND ARGS...`` names.

    Raises:
        ViewError: an unknown kind, or the wrong number of arguments for the kind.
    """
    if kind == "layer":
        if len(args) == 1 and "/" in args[0]:
            stack, layer = split_view(args[0])
            args = [stack] if layer is None else [stack, layer]
        if len(args) != 2:
            raise ViewError(f"export layer takes a stack and a layer (S L), got {len(args)} ids")
        return _view("layer", args[:1], args[1])
    if kind in STACK_COUNTS:
        return _view(kind, args)
    raise ViewError(f"unknown kind '{kind}'")
