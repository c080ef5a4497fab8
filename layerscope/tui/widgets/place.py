"""Where the reader is in a document: the section at the top of the view, and the table
with the keyboard; to land in the same place in another document of the same shape.

A layer's document has the same sections as any other layer's (Addresses, Introduces,
Examples, Metrics, Sources): switching to the aligned layer of another stack keeps the
reader in the section they were reading, as far into it as the new section allows.
"""

from __future__ import annotations

from typing import NamedTuple

from layerscope.report import document as doc
from layerscope.tui.widgets.document import DocumentView
from layerscope.tui.widgets.tables import SortableTable


class Place(NamedTuple):
    """A reading position in a document view."""

    section: str
    """The first word of the heading of the section at the top of the view (``""``: above
    the first heading)."""
    offset: int
    """Lines from the section's heading to the top of the view."""
    scroll_y: int
    """The view's scroll position (to come back to exactly the same document)."""
    table: str | None
    """The key of the table with the keyboard, if one has it."""
    row: int
    """The cursor's row in that table."""


def _sections(view: DocumentView) -> list[tuple[str, int]]:
    """Each level-2 heading's first word and its line in the view's content."""
    found: list[tuple[str, int]] = []
    blocks = view.document.blocks if view.document is not None else ()
    for widget, block in zip(view.blocks, blocks, strict=False):
        if isinstance(block, doc.Heading) and block.level == 2 and widget.display:
            words = doc.plain(block.text).split()
            found.append((words[0] if words else "", widget.virtual_region.y))
    return found


def place_of(view: DocumentView) -> Place:
    """Where the reader is in ``view`` now."""
    top = round(view.scroll_y)
    section, start = "", 0
    for name, y in _sections(view):
        if y > top:
            break
        section, start = name, y
    focused = view.screen.focused
    table, row = None, 0
    if isinstance(focused, SortableTable) and focused in view.blocks:
        table, row = focused.block.key, focused.cursor_row
    return Place(section, top - start, top, table, row)


def go_to_place(view: DocumentView, place: Place, *, exact: bool = False) -> None:
    """Show the same section (``exact``: the same scroll position) and focus the same table.

    Call once the view's widgets are laid out.
    """
    if place.table is not None:
        table: SortableTable | None
        try:
            table = view.table(place.table)
        except LookupError:
            table = None
        if table is not None and table.display:
            table.focus(scroll_visible=False)
            if table.row_count:
                table.move_cursor(row=min(place.row, table.row_count - 1), animate=False)
        else:
            view.focus(scroll_visible=False)
    else:
        view.focus(scroll_visible=False)
    if exact:
        view.scroll_to(y=place.scroll_y, animate=False, immediate=True)
        return
    sections = _sections(view)
    names = [name for name, _ in sections]
    if place.section not in names:
        view.scroll_to(y=place.offset if not place.section else 0, animate=False, immediate=True)
        return
    index = names.index(place.section)
    start = sections[index][1]
    end = sections[index + 1][1] if index + 1 < len(sections) else view.virtual_size.height
    y = start + min(place.offset, max(0, end - start - 1))
    view.scroll_to(y=y, animate=False, immediate=True)
