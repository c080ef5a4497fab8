"""The problem-flow screen: each problem from the layer that introduces it to the top.

One tree per stack: problem (with severity) → where it is introduced → each handling
(layer, outcome as symbol and word, what it was transferred into, note) → its status at the
top. The header of each tree carries the stack's progression index, transfer share and
verdict, always with the numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Static, Tree
from textual.widgets.tree import TreeNode

from layerscope.analysis import ProblemFlow, problem_flows, progression
from layerscope.catalog import Catalog
from layerscope.model import Stack
from layerscope.report import View
from layerscope.report.format import glyphs, labelled, share
from layerscope.report.render.to_rich import outcome_style as style
from layerscope.tui.screens.drivers import filter_pattern

MAX_STACKS = 4
MIN_PANE_WIDTH = 48
"""Below this many cells per stack, one tree shows at a time (tab switches)."""

SEVERITY_STYLE = {"high": "bold", "medium": "", "low": "dim"}


@dataclass(frozen=True, slots=True)
class FlowNode:
    """What a tree node stands for, and its label without filter highlights."""

    problem_id: str
    part: str
    """``problem``, ``introduced``, ``handling-<n>`` or ``status``."""
    label: Text
    name_length: int = 0
    """For a problem node, the length of the name that starts its label."""
    about: str = ""
    """More than the label says (a problem's description), shown under the tree."""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _problem_names(stack: Stack, ids: Sequence[str]) -> str:
    return ", ".join(p.name if (p := stack.problem(pid)) else pid for pid in ids)


def header_content(stack: Stack, *, ascii: bool = False) -> Content:
    """The tree's header: stack name, verdict with its numbers, then each layer step."""
    g = glyphs(ascii)
    result = progression(stack)
    score = result.score
    parts: list[str | tuple[str, str]] = [(stack.name, "bold"), "\n", (result.verdict, "bold")]
    if score.count:
        handlings = "handling" if score.count == 1 else "handlings"
        parts.append(
            f"{g.sep}progression index {score.index:.2f}"
            f"{g.sep}transfer share {share(score.transfer_share)}"
            f"{g.sep}{score.count} {handlings}"
        )
    else:
        parts.append(f"{g.sep}no handlings recorded")
    if result.steps:
        steps = g.sep.join(
            f"{step.layer.display_label} {step.score.index:.2f}/{share(step.score.transfer_share)}"
            for step in result.steps
        )
        parts += ["\n", ("per step (index/transfer): ", "$text-muted"), steps]
    return Content.assemble(*parts)


def flow_nodes(
    stack: Stack, flow: ProblemFlow, *, ascii: bool = False
) -> tuple[FlowNode, list[FlowNode]]:
    """The problem node of one flow and its children, labels built from plain strings."""
    pid = flow.problem.id
    dash = " - " if ascii else " — "
    status = flow.status
    problem = Text.assemble(
        (_one_line(flow.problem.name), "bold"),
        "  ",
        (f"{flow.problem.severity} severity", SEVERITY_STYLE[flow.problem.severity]),
        "  ",
        (labelled(status, ascii=ascii), style(status)),
    )
    children: list[FlowNode] = []
    origin = flow.introduced_by
    introduced = (
        Text.assemble(
            "introduced at ", (f"{origin.display_label} {_one_line(origin.name)}", "bold")
        )
        if origin
        else Text.assemble(("introduced by no layer", "dim"))
    )
    children.append(FlowNode(pid, "introduced", introduced))
    for n, handled in enumerate(flow.handlings):
        layer, handling = handled.layer, handled.handling
        parts: list[str | tuple[str, str]] = [
            (f"{layer.display_label} {_one_line(layer.name)}", "bold"),
            ": ",
            (labelled(handling.outcome, ascii=ascii), style(handling.outcome)),
        ]
        if handling.into:
            parts += [" into ", (_problem_names(stack, handling.into), "bold")]
        if handling.note:
            parts += [dash, _one_line(handling.note)]
        children.append(FlowNode(pid, f"handling-{n}", Text.assemble(*parts)))
    top: list[str | tuple[str, str]] = [
        "status at the top: ",
        (labelled(status, ascii=ascii), style(status)),
    ]
    if status == "transferred":
        top += [" into ", (_problem_names(stack, flow.handlings[-1].handling.into), "bold")]
    children.append(FlowNode(pid, "status", Text.assemble(*top)))
    name = _one_line(flow.problem.name)
    about = _one_line(flow.problem.description)
    return FlowNode(pid, "problem", problem, len(name), about), children


def flow_matches(node: FlowNode, children: Sequence[FlowNode], pattern: re.Pattern[str]) -> bool:
    """Whether a problem's id or anything its flow shows matches."""
    texts = [node.problem_id, node.label.plain, *(child.label.plain for child in children)]
    return any(pattern.search(text) for text in texts)


class FlowTree(Tree[FlowNode]):
    """The problems of one stack, each with its flow up the layers."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter,space",
            "toggle_node",
            "Expand/collapse",
            tooltip="Show or hide the problem's flow",
            id="flow.toggle",
        ),
        Binding(
            "plus",
            "expand_problems",
            "Expand all",
            tooltip="Show the flow of every problem",
            id="flow.expand-all",
        ),
        Binding(
            "minus",
            "collapse_problems",
            "Collapse all",
            tooltip="Show only the problems",
            id="flow.collapse-all",
        ),
        Binding(
            "j", "cursor_down", "Down", show=False, tooltip="The next line", id="flow.cursor-down"
        ),
        Binding(
            "k", "cursor_up", "Up", show=False, tooltip="The previous line", id="flow.cursor-up"
        ),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {*Tree.COMPONENT_CLASSES, "flow-tree--match"}
    DEFAULT_CSS = """
    FlowTree > .flow-tree--match { color: $accent; text-style: bold reverse; }
    """

    ASCII_LINES: ClassVar[tuple[str, str, str, str]] = ("  ", "| ", "`-", "|-")

    def __init__(self, stack: Stack, *, ascii: bool = False, id: str | None = None) -> None:
        super().__init__(Text(stack.name), id=id)
        if ascii:
            self.ICON_NODE, self.ICON_NODE_EXPANDED = "+ ", "- "
            self.LINES = dict.fromkeys(("default", "bold", "double"), self.ASCII_LINES)
        self.show_root = False
        self.stack = stack
        self.ascii = ascii
        self.matches = 0
        """How many problems match the current filter."""
        self.build(stack)

    @property
    def problems(self) -> list[TreeNode[FlowNode]]:
        """The problem nodes, in flow order."""
        return list(self.root.children)

    def build(self, stack: Stack) -> None:
        """(Re)build the tree from ``stack``, keeping which problems are collapsed."""
        collapsed = {
            node.data.problem_id for node in self.problems if node.data and not node.is_expanded
        }
        self.stack = stack
        if self.is_mounted:
            self.clear()
        for flow in problem_flows(stack):
            problem, children = flow_nodes(stack, flow, ascii=self.ascii)
            node = self.root.add(problem.label, problem, expand=problem.problem_id not in collapsed)
            for child in children:
                node.add_leaf(child.label, child)
        if not self.root.children:
            self.root.add_leaf(Text("No problems recorded.", style="dim"))

    def highlight(self, pattern: re.Pattern[str] | None) -> int:
        """Highlight what matches ``pattern`` (``None`` clears); return the matching problems."""
        match = self.get_component_rich_style("flow-tree--match", partial=True)
        self.matches = 0
        for node in self.problems:
            if node.data is None:
                continue
            children = [c.data for c in node.children if c.data is not None]
            hit = pattern is not None and flow_matches(node.data, children, pattern)
            self.matches += hit
            label = node.data.label.copy()
            if hit:
                if pattern is not None and not label.highlight_regex(pattern, match):
                    label.stylize(match, 0, node.data.name_length)
                node.expand()
            node.set_label(label)
            for child in node.children:
                if child.data is None:
                    continue
                text = child.data.label.copy()
                if pattern is not None:
                    text.highlight_regex(pattern, match)
                child.set_label(text)
        return self.matches

    def action_expand_problems(self) -> None:
        """Expand every problem."""
        for node in self.problems:
            node.expand()

    def action_collapse_problems(self) -> None:
        """Collapse every problem."""
        for node in self.problems:
            node.collapse()


class FlowPane(Vertical):
    """One stack: its header with the numbers and verdict, then its tree."""

    DEFAULT_CSS = """
    FlowPane {
        width: 1fr;
        border: round $panel;
        &.-active { border: round $accent; }
        & > .flow-header { height: auto; padding: 0 1; }
        & > FlowTree { height: 1fr; }
        & > .flow-detail {
            height: auto;
            max-height: 5;
            padding: 0 1;
            border-top: solid $panel;
            &.-empty { display: none; }
        }
    }
    """

    def __init__(self, stack: Stack, index: int, *, ascii: bool = False) -> None:
        super().__init__(id=f"flow-pane-{index}")
        self.stack = stack
        self.ascii = ascii
        self.index = index

    def compose(self) -> ComposeResult:
        yield Static(header_content(self.stack, ascii=self.ascii), classes="flow-header")
        yield FlowTree(self.stack, ascii=self.ascii, id=f"flow-tree-{self.index}")
        yield Static("", classes="flow-detail -empty")

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[FlowNode]) -> None:
        # Labels are one line and get cut at the pane's edge; the detail shows all of it.
        data = event.node.data
        detail = self.query_one(".flow-detail", Static)
        detail.set_class(data is None, "-empty")
        if data is None:
            detail.update("")
            return
        parts: list[Content | tuple[str, str]] = [Content.from_rich_text(data.label)]
        if data.about:
            parts += [("\n" + data.about, "$text-muted")]
        detail.update(Content.assemble(*parts))

    @property
    def flow_tree(self) -> FlowTree:
        """This pane's tree."""
        return self.query_one(FlowTree)

    def show(self, stack: Stack) -> None:
        """Show a new version of the stack, keeping the cursor on the same node if it exists."""
        self.stack = stack
        self.query_one(".flow-header", Static).update(header_content(stack, ascii=self.ascii))
        tree = self.flow_tree
        cursor = tree.cursor_node.data if tree.cursor_node else None
        tree.build(stack)
        if cursor is None:
            return
        for node in tree.problems:
            for candidate in (node, *node.children):
                data = candidate.data
                if data and (data.problem_id, data.part) == (cursor.problem_id, cursor.part):
                    tree.call_after_refresh(tree.move_cursor, candidate, animate=False)
                    return


class FlowScreen(Screen[None]):
    """How each problem of the stacks on show travels up the layers.

    Args:
        catalog: Where the stacks come from.
        stack_ids: One to four stack ids.
        ascii: Use ASCII instead of Unicode symbols.

    Raises:
        ValueError: no stacks, or more than four.
        layerscope.catalog.UnknownId: a stack id the catalog does not know.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "tab,l",
            "next_stack",
            "Next stack",
            tooltip="The next stack's tree",
            id="flow.next-stack",
        ),
        Binding(
            "shift+tab,h",
            "previous_stack",
            "Previous stack",
            tooltip="The previous stack's tree",
            id="flow.previous-stack",
        ),
    ]
    DEFAULT_CSS = """
    FlowScreen {
        #flow-title { padding: 0 1; background: $panel; }
        #flow-tabs { display: none; padding: 0 1; }
        #flow-panes { height: 1fr; }
        &.-narrow {
            #flow-tabs { display: block; }
            FlowPane { display: none; }
            FlowPane.-active { display: block; }
        }
    }
    """

    active: reactive[int] = reactive(0, init=False)
    """Index of the stack whose tree has (or last had) the focus."""

    def __init__(self, catalog: Catalog, stack_ids: Sequence[str], *, ascii: bool = False) -> None:
        if not 1 <= len(stack_ids) <= MAX_STACKS:
            raise ValueError(f"the problem-flow screen shows 1 to {MAX_STACKS} stacks")
        super().__init__()
        self.catalog = catalog
        self.stack_ids = tuple(stack_ids)
        self.stacks = tuple(catalog.stack(sid) for sid in self.stack_ids)
        self.ascii = ascii
        self.filter_text = ""

    def compose(self) -> ComposeResult:
        names = " vs ".join(stack.name for stack in self.stacks)
        yield Static(Content.assemble(("Problem flow", "bold"), "  ", names), id="flow-title")
        yield Static(self._tabs(), id="flow-tabs")
        with Horizontal(id="flow-panes"):
            for i, stack in enumerate(self.stacks):
                yield FlowPane(stack, i, ascii=self.ascii)
        yield Footer()

    def on_mount(self) -> None:
        self.watch_active(self.active)
        self.trees[0].focus()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < MIN_PANE_WIDTH * len(self.stacks), "-narrow")

    def _tabs(self) -> Content:
        parts: list[str | tuple[str, str]] = []
        for i, stack in enumerate(self.stacks):
            if parts:
                parts.append(" | ")
            parts.append((f" {stack.title} ", "bold reverse" if i == self.active else ""))
        parts.append(("  (tab: next stack)", "$text-muted"))
        return Content.assemble(*parts)

    @property
    def panes(self) -> list[FlowPane]:
        """The stack panes, in the order of the stacks."""
        return list(self.query(FlowPane))

    @property
    def trees(self) -> list[FlowTree]:
        """The trees, in the order of the stacks."""
        return [pane.flow_tree for pane in self.panes]

    def watch_active(self, active: int) -> None:
        for i, pane in enumerate(self.panes):
            pane.set_class(i == active, "-active")
        self.query_one("#flow-tabs", Static).update(self._tabs())

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, FlowTree):
            self.active = self.trees.index(event.widget)

    def _move(self, step: int) -> None:
        self.active = (self.active + step) % len(self.stacks)
        self.trees[self.active].focus()

    def action_next_stack(self) -> None:
        """Move to the next stack's tree."""
        self._move(1)

    def action_previous_stack(self) -> None:
        """Move to the previous stack's tree."""
        self._move(-1)

    def current_view(self) -> View:
        """The problem-flow view of the stacks on show."""
        return View("flow", self.stack_ids)

    def update_catalog(self, catalog: Catalog) -> None:
        """Re-render from ``catalog``; a stack it no longer has keeps its last version."""
        self.catalog = catalog
        self.stacks = tuple(
            catalog.stacks.get(sid, old)
            for sid, old in zip(self.stack_ids, self.stacks, strict=True)
        )
        for pane, stack in zip(self.panes, self.stacks, strict=True):
            pane.show(stack)
        self.query_one("#flow-tabs", Static).update(self._tabs())
        self.apply_filter(self.filter_text)

    def apply_filter(self, text: str) -> int:
        """Highlight problems whose flow matches ``text``; return how many do."""
        self.filter_text = text
        pattern = filter_pattern(text)
        return sum(tree.highlight(pattern) for tree in self.trees)
