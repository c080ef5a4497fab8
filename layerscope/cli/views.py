"""The VIEW grammar of the command line, parsed in one place.

A VIEW is ``STACK`` or ``STACK/LAYER`` (a layer by id, label or level, e.g.
``ai/reasoning``, ``ai/L2`` or ``ai/2``; a stack by id, name or short name, in any case:
``AI`` is ``ai``). ``show``, ``tui`` and ``serve`` take one ``STACK/LAYER``, or stacks: ``show``
shows one stack as the stack view and compares 2-4; the app compares the stacks given.
``export KIND ARGS...`` names the kind itself, and ``export layer`` takes ``S L`` or ``S/L``.

The grammar lives here, and how a name the user typed becomes an id (:func:`resolve_view`,
``parse_views(..., catalog)``): whether the ids exist is the catalog's business, so a name
that matches nothing is left as typed and the catalog's lookup reports it (a usage error
naming the known ids and the closest one). Headless (the app's launcher parses its views
here too).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from layerscope.cli.common import UsageError
from layerscope.report import STACK_COUNTS, View

if TYPE_CHECKING:
    from layerscope.catalog import Catalog

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


def stack_id(catalog: Catalog, text: str) -> str:
    """The id of the stack ``text`` names: its id, else its id, name or short name in any
    case; ``text`` itself when it names none (the catalog's lookup then says so).

    Raises:
        ViewError: ``text`` names more than one stack (two stacks share a name), or is a
            typo whose closest match only differs in case (the message suggests it).
    """
    if text in catalog.stacks:
        return text
    folded = text.casefold()
    found = [
        stack.id
        for stack in catalog.stacks.values()
        if folded in (stack.id.casefold(), stack.name.casefold(), stack.title.casefold())
    ]
    if len(found) > 1:
        raise ViewError(f"'{text}' names more than one stack: {', '.join(found)}; give an id")
    if found:
        return found[0]
    import difflib

    from layerscope.catalog import UnknownId

    miss = UnknownId("stack", text, list(catalog.stacks))
    if miss.closest is None:
        # A typo in another case (``CRYPTP``): the catalog's suggestion is case-sensitive.
        names = {s.id.casefold(): s.id for s in catalog.stacks.values()}
        names.update({s.title.casefold(): s.id for s in catalog.stacks.values()})
        close = difflib.get_close_matches(folded, list(names), n=1, cutoff=0.6)
        if close:
            miss.closest = names[close[0]]
            raise ViewError(str(miss))
    return text


def layer_id(catalog: Catalog, stack: str, text: str) -> str:
    """The id of the layer ``text`` names in a stack: its id, else its label (``L2``), its
    level (``2``), its id or its name in any case; ``text`` itself when it names none.

    Raises:
        ViewError: a level the stack does not have.
    """
    record = catalog.stacks.get(stack)
    if record is None or record.layer(text) is not None:
        return text
    folded = text.casefold()
    for layer in record.layers:
        if folded in (layer.id.casefold(), layer.display_label.casefold(), layer.name.casefold()):
            return layer.id
    if text.isdigit():
        found = next((la.id for la in record.layers if la.level == int(text)), None)
        if found is None:
            levels = ", ".join(f"{la.level} ({la.id})" for la in record.layers)
            raise ViewError(f"'{stack}' has no layer at level {text}; levels: {levels}")
        return found
    return text


def resolve_view(view: View, catalog: Catalog) -> View:
    """The view with its stacks and layer named by their ids (see :func:`stack_id`)."""
    stacks = tuple(stack_id(catalog, text) for text in view.stacks)
    layer = view.layer if view.layer is None else layer_id(catalog, stacks[0], view.layer)
    return replace(view, stacks=stacks, layer=layer)


def parse_views(views: Sequence[str], catalog: Catalog | None = None) -> Views:
    """One ``STACK/LAYER`` alone, or up to :data:`MAX_STACKS` different stacks; with a
    catalog, named by their ids (see :func:`stack_id`, :func:`layer_id`).

    Raises:
        ViewError: a layer with other views, or too many stacks.
    """
    parsed = [split_view(view) for view in views]
    if catalog is not None:
        parsed = [
            (sid := stack_id(catalog, stack), None if lay is None else layer_id(catalog, sid, lay))
            for stack, lay in parsed
        ]
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
