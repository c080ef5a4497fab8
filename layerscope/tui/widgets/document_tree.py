"""The widget a document's tree block becomes: a Textual Tree, and a detail line under it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from rich.style import Style as RichStyle
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static, Tree
from textual.widgets.tree import NodeID, TreeNode

from layerscope.report import document as doc
from layerscope.report.format import Glyphs
from layerscope.tui.keys import FLOW_TREE_BINDINGS
from layerscope.tui.widgets.highlight import MATCH_STYLE, line_content, mark, rich_text
from layerscope.tui.widgets.scrolling import reveal_line

Path = tuple[str, ...]
"""Where a node is: the keys (or positions) of the entries down to it."""


def walk(node: TreeNode[str]) -> Iterator[TreeNode[str]]:
    """Every node under ``node``, depth first."""
    for child in node.children:
        yield child
        yield from walk(child)


def reveal(tree: Tree[str], node: TreeNode[str]) -> None:
    """Open the entries above ``node``, give the tree the keys and put its cursor there."""
    parent = node.parent
    while parent is not None:
        parent.expand()
        parent = parent.parent
    tree.focus(scroll_visible=False)
    tree.call_after_refresh(tree.move_cursor, node, animate=False)


class DocumentTree(Tree[str]):
    """The entries of a tree block; each node's data is its entry's key.

    A rebuild (new data, the ASCII toggle) keeps which entries are collapsed and where the
    cursor is, by the entries' keys.
    """

    BINDINGS: ClassVar[list[BindingType]] = FLOW_TREE_BINDINGS
    DEFAULT_CSS = """
    DocumentTree {
        /* Full height: the document around the tree scrolls (see ``reveal_line``); a line
           too long for the width is shown whole under the tree instead. */
        height: auto;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
    }
    """

    class Chosen(Message):
        """``enter`` on an entry with nothing to expand (a handling): open it."""

        def __init__(self, tree: DocumentTree, node: TreeNode[str]) -> None:
            self.tree = tree
            self.node = node
            super().__init__()

    def __init__(self, block: doc.Tree, glyphs: Glyphs, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.show_root = False
        self.block = block
        """The tree block shown."""
        self.glyphs = glyphs
        self.matches = 0
        """How many entries match the current filter."""
        self.pattern: re.Pattern[str] | None = None
        """The current filter (``None``: none)."""
        self._entries: dict[NodeID, doc.Node] = {}
        self._paths: dict[NodeID, Path] = {}
        self._labels: dict[NodeID, Text] = {}
        self._fill()

    def entry(self, node: TreeNode[str]) -> doc.Node | None:
        """The document entry a node shows (``None`` for the hidden root)."""
        return self._entries.get(node.id)

    def show(self, block: doc.Tree, glyphs: Glyphs) -> None:
        """Show new content, keeping collapsed entries, the cursor and the filter."""
        self.block, self.glyphs = block, glyphs
        self._fill()

    def restyle(self) -> None:
        """Draw the labels again in the current theme's colours."""
        self._fill()

    def _fill(self) -> None:
        g = self.glyphs
        self.ICON_NODE, self.ICON_NODE_EXPANDED = g.tree_collapsed, g.tree_expanded
        self.LINES = dict.fromkeys(("default", "bold", "double"), g.tree_lines)
        collapsed = {
            path
            for node_id, path in self._paths.items()
            if (node := self.get_node_by_id(node_id)).allow_expand and not node.is_expanded
        }
        cursor = self._paths.get(self.cursor_node.id) if self.cursor_node else None
        self.clear()
        self._entries, self._paths, self._labels = {}, {}, {}
        cache: dict[object, RichStyle] = {}

        def add(parent: TreeNode[str], entries: tuple[doc.Node, ...], above: Path) -> None:
            for n, entry in enumerate(entries):
                path = (*above, entry.key or f"#{n}")
                label = rich_text(line_content(entry.text), cache)
                if entry.children:
                    node = parent.add(label, entry.key, expand=path not in collapsed)
                    add(node, entry.children, path)
                else:
                    node = parent.add_leaf(label, entry.key)
                self._entries[node.id] = entry
                self._paths[node.id] = path
                self._labels[node.id] = label

        add(self.root, self.block.nodes, ())
        self.highlight(self.pattern)
        if cursor is not None:
            found = next((i for i, path in self._paths.items() if path == cursor), None)
            if found is not None:
                node = self.get_node_by_id(found)
                self.call_after_refresh(self.move_cursor, node, animate=False)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        if self.has_focus and event.node.line >= 0:
            reveal_line(self, event.node.line)

    def render_label(self, node: TreeNode[str], base_style: RichStyle, style: RichStyle) -> Text:
        """Tree's label; the cursor's entry of a focused tree opens with the focus glyph,
        so that it reads without colour."""
        label = super().render_label(node, base_style, style)
        if self.has_focus and node.line >= 0 and node.line == self.cursor_line:
            return Text.assemble((f"{self.glyphs.focus} ", base_style + style), label, end="")
        return label

    def highlight(self, pattern: re.Pattern[str] | None) -> int:
        """Mark what matches ``pattern`` (``None`` clears); return how many entries match.

        An entry that matches only in its detail lines is marked whole, so the match shows;
        collapsed entries above a match open.
        """
        self.pattern = pattern
        self.matches = 0
        for node_id, entry in self._entries.items():
            node = self.get_node_by_id(node_id)
            base = self._labels[node_id]
            texts = [doc.plain(entry.text), *(doc.plain(item) for item in entry.detail)]
            if pattern is None or not any(pattern.search(text) for text in texts):
                if node.label is not base:
                    node.set_label(base)
                continue
            self.matches += 1
            label = base.copy()
            if not label.highlight_regex(pattern, MATCH_STYLE):
                label.stylize(MATCH_STYLE)
            node.set_label(label)
            parent = node.parent
            while parent is not None:
                parent.expand()
                parent = parent.parent
        return self.matches

    def action_toggle_node(self) -> None:
        """Expand or collapse the entry at the cursor; on a leaf, say it was chosen."""
        node = self.cursor_node
        if node is not None and not node.allow_expand:
            self.post_message(self.Chosen(self, node))
            return
        super().action_toggle_node()

    def action_expand_problems(self) -> None:
        """Open every top-level entry."""
        for node in self.root.children:
            node.expand()

    def action_collapse_problems(self) -> None:
        """Close every top-level entry."""
        for node in self.root.children:
            node.collapse()


class TreeBlock(Vertical):
    """A tree block: the tree, then what the entry at the cursor says in full.

    Under the tree: the entry's whole line when the tree is too narrow to show it, and the
    entry's detail lines (a problem's description, a handling's note).
    """

    DEFAULT_CSS = """
    TreeBlock {
        height: auto;
        & > .tree-current, & > .tree-detail {
            height: auto;
            padding: 0 1;
            background: $boost;
            &.-empty { display: none; }
        }
    }
    """

    def __init__(self, block: doc.Tree, glyphs: Glyphs, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.outline = DocumentTree(block, glyphs)
        """The tree itself."""
        self.current = Static(classes="tree-current -empty")
        """The line of the entry at the cursor, when the tree cuts it."""
        self.detail = Static(classes="tree-detail -empty")
        """The detail lines of the entry at the cursor."""

    def compose(self) -> ComposeResult:
        yield self.outline
        yield self.current
        yield self.detail

    def show(self, block: doc.Tree, glyphs: Glyphs) -> None:
        """Show new content (see :meth:`DocumentTree.show`)."""
        self.outline.show(block, glyphs)
        self._show_entry(self.outline.cursor_node)

    def restyle(self) -> None:
        """Draw again in the current theme's colours."""
        self.outline.restyle()

    def highlight(self, pattern: re.Pattern[str] | None) -> int:
        """Mark what matches ``pattern``; return how many entries match."""
        count = self.outline.highlight(pattern)
        self._show_entry(self.outline.cursor_node)
        return count

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        self._show_entry(event.node)

    def on_resize(self) -> None:
        self._show_entry(self.outline.cursor_node)

    def _show_entry(self, node: TreeNode[str] | None) -> None:
        tree = self.outline
        entry = tree.entry(node) if node is not None else None
        pattern = tree.pattern
        cut = False
        if node is not None and entry is not None:
            depth, parent = 0, node.parent
            while parent is not None and parent is not tree.root:
                depth, parent = depth + 1, parent.parent
            width = depth * tree.guide_depth + tree.get_label_width(node)  # guides, then label
            cut = width > tree.scrollable_content_region.width
        self.current.set_class(not cut, "-empty")
        self.current.update(mark(line_content(entry.text), pattern) if cut and entry else "")
        lines = entry.detail if entry is not None else ()
        self.detail.set_class(not lines, "-empty")
        content = Content("\n").join(line_content(item) for item in lines)
        self.detail.update(mark(content, pattern))
