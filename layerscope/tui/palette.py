"""The command palette: jump to any stack, layer, problem or example; run any action.

:class:`JumpProvider` is in ``LayerscopeApp.COMMANDS``; the actions (one per binding of the
screen, from the same registry as the footer and the help) and the settings come through
``LayerscopeApp.get_system_commands``.
"""

from __future__ import annotations

import asyncio
import heapq
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.screen import Screen

from layerscope.report.format import count, glyphs
from layerscope.tui.keys import MOVES

if TYPE_CHECKING:
    from layerscope.catalog import Catalog
    from layerscope.model import Layer
    from layerscope.tui.app import LayerscopeApp


MAX_HITS = 100
"""The best hits shown; a big catalog can match tens of thousands of examples."""
YIELD_EVERY = 500


@dataclass(frozen=True, slots=True)
class Target:
    """Something to jump to."""

    kind: str
    """``stack``, ``layer``, ``problem`` or ``example``."""
    text: str
    """What is matched and shown, e.g. ``AI stack / L2 Reasoning models``."""
    help: str
    jump: Callable[[], None]


def targets(app: LayerscopeApp, catalog: Catalog) -> Iterator[Target]:
    """Every stack, layer, problem and example in the catalog."""
    sep = glyphs(app.ascii).sep
    for stack in catalog.stacks.values():
        yield Target(
            "stack",
            stack.name,
            f"{count(len(stack.layers), 'layer')}{sep}{stack.id}",
            partial(app.jump_to_stack, stack.id),
        )
    for stack in catalog.stacks.values():
        for layer in stack.layers:
            yield Target(
                "layer",
                f"{stack.title} / {layer.display_label} {layer.name}",
                layer.summary,
                partial(app.open_layer, stack.id, layer.id),
            )
    for stack in catalog.stacks.values():
        introducer: dict[str, Layer] = {}
        for layer in stack.layers:  # the first layer that introduces it, as in the flow view
            for pid in layer.introduces:
                introducer.setdefault(pid, layer)
        for problem in stack.problems:
            origin = introducer.get(problem.id)
            if origin is None:
                continue
            yield Target(
                "problem",
                f"{stack.title} / {problem.name}",
                f"introduced by {origin.display_label} {origin.name}",
                partial(app.open_layer, stack.id, origin.id),
            )
    for stack in catalog.stacks.values():
        for layer in stack.layers:
            for example in layer.examples:
                org = f"{sep}{example.org}" if example.org else ""
                yield Target(
                    "example",
                    f"{stack.title} / {example.name}",
                    f"{layer.display_label} {layer.name}{org}",
                    partial(app.open_layer, stack.id, layer.id, example=example.name),
                )


def binding_commands(app: LayerscopeApp, screen: Screen[Any]) -> Iterator[SystemCommand]:
    """One command per registered binding active on ``screen`` (moves left out: see
    :data:`~layerscope.tui.keys.MOVES`)."""
    seen: set[str] = set()
    sep = glyphs(app.ascii).sep
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if binding.id is None or binding.id in MOVES or binding.id in seen:
            continue
        if not active.enabled:
            continue
        seen.add(binding.id)
        yield SystemCommand(
            binding.tooltip or binding.description,
            f"{binding.description}{sep}key {app.get_key_display(binding.with_key(key))}",
            partial(app.run_action, binding.action, active.node),
        )


def settings_commands(app: LayerscopeApp) -> Iterator[SystemCommand]:
    """Flip the layer order or the symbols (the theme has Textual's own command)."""
    order = "bottom-up" if app.settings.layer_order == "top-down" else "top-down"
    yield SystemCommand(
        f"Layer order: {order}",
        "Which level is at the top of the comparison",
        app.action_toggle_layer_order,
    )
    symbols = "Unicode" if app.ascii else "ASCII"
    yield SystemCommand(
        f"Symbols: {symbols}", "Outcome symbols in ASCII or Unicode", app.action_toggle_ascii
    )


def highlight(matcher: Matcher, candidate: str) -> Content:
    """The candidate as literal text with the matched characters highlighted.

    (``Matcher.highlight`` would parse the candidate as markup.)
    """
    content = Content(candidate)
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    if not score:
        return content
    for offset in offsets:
        if not candidate[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def escape_help(text: str) -> str:
    """Help text is parsed as markup by the palette: escape data in it.

    (``textual.markup.escape`` doubles backslashes that stand before a bracket, which
    changes text like ``\\[x]``; escaping every opening bracket round-trips.)
    """
    return text.replace("[", "\\[")


def label(kind: str, display: Content) -> Content:
    """``layer  AI / L2 Reasoning models``."""
    return Content.assemble((f"{kind:<8}", "$text-muted"), display)


class JumpProvider(Provider):
    """Stacks, layers, problems and examples: choose one to go there.

    The palette makes one provider each time it opens and searches again at each key.
    The targets are made once for all those searches (again when the catalog or the
    symbols change), as the first search reaches them; a query that adds to the end of
    the last one looks only at the targets that had the last one's characters in order.
    A search stops once a newer one starts: the palette reads only the newest, and leaves
    the older running.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._made: list[Target] = []
        self._making: Iterator[Target] = iter(())
        self._made_for: tuple[Catalog, bool] | None = None
        self._passed: tuple[str, list[int]] | None = None
        """The last query searched to its end, and the targets (by index) that have its
        characters in order."""
        self._searches = 0

    @property
    def ls_app(self) -> LayerscopeApp:
        """The app, typed."""
        return cast("LayerscopeApp", self.app)

    def _candidates(self, query: str) -> Iterator[tuple[int, Target]]:
        """The targets that may have the characters of ``query`` in order, each with its
        index in the order of :func:`targets`."""
        app = self.ls_app
        made_for = self._made_for
        if made_for is None or made_for[0] is not app.catalog or made_for[1] != app.ascii:
            self._made_for = (app.catalog, app.ascii)
            self._made, self._making = [], targets(app, app.catalog)
            self._passed = None
        made, making = self._made, self._making
        if self._passed is not None and query.startswith(self._passed[0]):
            # Every target made (the last search ended); those without the last
            # query's characters in order cannot have this one's.
            yield from ((index, made[index]) for index in self._passed[1])
            return
        index = 0
        while True:
            if index == len(made):
                target = next(making, None)
                if target is None:
                    return
                made.append(target)
            yield index, made[index]
            index += 1

    async def discover(self) -> Hits:
        for target in targets(self.ls_app, self.ls_app.catalog):
            if target.kind != "stack":
                break
            yield DiscoveryHit(
                label(target.kind, Content(target.text)),
                target.jump,
                text=target.text,
                help=escape_help(target.help),
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        # Cheap first: the fuzzy matcher needs every character of the query, in order.
        in_order = re.compile(".*?".join(map(re.escape, query)), re.IGNORECASE)
        best: list[tuple[float, bool, int, Target]] = []
        whole = " / " + query.casefold()
        passed: list[int] = []
        self._searches += 1
        search = self._searches
        for step, (seen, target) in enumerate(self._candidates(query)):
            if step % YIELD_EVERY == 0:
                await asyncio.sleep(0)  # stay responsive (and cancellable) on big catalogs
                if self._searches != search:
                    return  # a newer search has started: nobody reads this one
            if not in_order.search(target.text):
                continue
            passed.append(seen)
            score = matcher.match(target.text)
            if score > 0:
                weight = 1.0 if target.kind in ("stack", "layer") else 0.9
                # Among equal scores, a name typed in full before longer names holding it.
                named = target.text.casefold().endswith(whole)
                entry = (score * weight, named, -seen, target)
                if len(best) < MAX_HITS:
                    heapq.heappush(best, entry)
                else:
                    heapq.heappushpop(best, entry)
        self._passed = (query, passed)
        for score, _, _, target in sorted(best, key=lambda e: e[:3], reverse=True):
            yield Hit(
                score,
                label(target.kind, highlight(matcher, target.text)),
                target.jump,
                text=target.text,
                help=escape_help(target.help),
            )
