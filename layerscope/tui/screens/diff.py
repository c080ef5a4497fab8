"""The diff screen: what changed between two editions of a stack (``tui --diff OLD NEW``).

It shows the diff view's document, the one ``layerscope diff`` writes (and ``e`` exports);
``n`` and ``N`` (or ``]`` and ``[``) bring the next and the previous change to the top. Each
change is an item of the document's lists of changes, so the screen finds them where the
document put them.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Header

from layerscope.report import View
from layerscope.report.document import Bullets, Document, Heading, clean
from layerscope.report.format import glyphs
from layerscope.report.views.diff import diff_document
from layerscope.tui.keys import DIFF_BINDINGS
from layerscope.tui.launch import Editions
from layerscope.tui.screens.base import ViewScreen
from layerscope.tui.widgets.document import DocumentView
from layerscope.tui.widgets.footer import ScreenFooter
from layerscope.tui.widgets.text_blocks import Listing, TextBlock


class DiffScreen(ViewScreen):
    """Every change from one edition of a stack to another, and the verdict before and after."""

    BINDINGS: ClassVar[list[BindingType]] = DIFF_BINDINGS

    change: reactive[int | None] = reactive(None, init=False)
    """The index of the change brought to the top (``None``: none yet)."""

    def __init__(self, editions: Editions) -> None:
        super().__init__()
        self.editions = editions
        # Named by the user, shown in the header: no control character reaches the terminal.
        self.path = clean(f"diff {editions.labels[0]} {editions.labels[1]}")
        """The view's path, as ``layerscope diff`` names it."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield DocumentView(id="diff-body")
        yield ScreenFooter(compact=True)

    def current_view(self) -> View:
        """A diff is no view of the catalog (:meth:`to_export` gives its document).

        Raises:
            ValueError: always.
        """
        raise ValueError("a diff is no view of the catalog")

    def to_export(self) -> Document:
        """The diff document, as ``layerscope diff OLD NEW`` writes it, in the app's symbols."""
        return self.document()

    def document(self) -> Document:
        """The diff document of the two editions, in the app's symbols."""
        old, new, labels = self.editions.old, self.editions.new, self.editions.labels
        return diff_document(old, new, self.path, glyphs(self.app.ascii), labels=labels)

    def refresh_view(self) -> None:
        """Show the diff document."""
        self.query_one(DocumentView).update(self.document(), ascii=self.app.ascii)
        self._show_position()

    # -- the changes --------------------------------------------------------------------

    def change_lines(self) -> list[int]:
        """Where each change begins: lines from the top of the document, in order.

        A change is an item of one of the document's lists (each section lists its changes);
        the first of a section begins at the section's heading, so that it shows too.
        """
        body = self.query_one(DocumentView)
        if body.document is None:
            return []
        tops: list[int] = []
        above: Widget | None = None
        for widget, block in zip(body.blocks, body.document.blocks, strict=True):
            if isinstance(block, Bullets) and isinstance(widget, TextBlock):
                top = widget.virtual_region.y
                offsets = _item_offsets(widget)
                tops.extend(top + offset for offset in offsets)
                if offsets and above is not None:
                    tops[-len(offsets)] = above.virtual_region.y
            above = widget if isinstance(block, Heading) else None
        return tops

    @property
    def changes(self) -> int:
        """How many changes the document lists."""
        document = self.query_one(DocumentView).document
        if document is None:
            return 0
        return sum(len(b.items) for b in document.blocks if isinstance(b, Bullets))

    def _go(self, step: int) -> None:
        count = self.changes
        if not count:
            self.notify("No changes", timeout=2)
            return
        first = 0 if step > 0 else count - 1
        target = first if self.change is None else self.change + step
        if not 0 <= target < count:
            self.notify(f"Already at the {'last' if step > 0 else 'first'} change", timeout=2)
            return
        self.change = target

    def watch_change(self, change: int | None) -> None:
        self._show_position()
        if change is not None:
            self.call_after_refresh(self._scroll_to_change, change)

    def _scroll_to_change(self, change: int) -> None:
        lines = self.change_lines()
        if change < len(lines):
            self.query_one(DocumentView).scroll_to(y=lines[change], animate=False)

    def _show_position(self) -> None:
        count = self.changes
        where = "" if self.change is None else f"change {self.change + 1} of {count} · "
        self.sub_title = f"{where}{self.path}"

    def action_next_change(self) -> None:
        """Bring the next change to the top."""
        self._go(1)

    def action_previous_change(self) -> None:
        """Bring the previous change to the top."""
        self._go(-1)

    def action_scroll(self, direction: str) -> None:
        """Scroll the document a line up or down."""
        body = self.query_one(DocumentView)
        body.scroll_relative(y=-1 if direction == "up" else 1, animate=False)


def _item_offsets(widget: TextBlock) -> list[int]:
    """The first line of each item of a list, from the top of its widget, as laid out."""
    listing = widget.content
    if not isinstance(listing, Listing):
        return []
    body_width = max(1, widget.content_size.width - listing.gutter)
    offsets, line = [], 0
    for _marker, body in listing.items:
        offsets.append(line)
        line += max(1, body.get_height(widget.styles.get_rules(), body_width))
    return offsets
