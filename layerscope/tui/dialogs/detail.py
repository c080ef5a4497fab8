"""The detail panel (``enter`` on a row): one example, metric, source or handling in full.

The content is the report's detail document (:func:`~layerscope.report.views.detail.
detail_document`), drawn by the same :class:`DocumentView` as every view; the panel adds
only the keys: ``c`` copies the URL at the cursor of the links table (OSC 52, through
``App.copy_to_clipboard``), ``b`` opens it in the browser, ``escape`` or ``q`` closes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import getters
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen

from layerscope.report.format import glyphs
from layerscope.report.views.detail import DetailKind, detail_document
from layerscope.tui.keys import DETAIL_BINDINGS
from layerscope.tui.widgets.document import DocumentView
from layerscope.tui.widgets.footer import ScreenFooter

if TYPE_CHECKING:
    from layerscope.tui.app import LayerscopeApp

LINKS = "links"
"""The key of the detail document's table of URLs."""


class DetailScreen(ModalScreen[None]):
    """Every field of one record, over the screen it was opened from."""

    BINDINGS: ClassVar[list[BindingType]] = DETAIL_BINDINGS

    if TYPE_CHECKING:
        app = getters.app(LayerscopeApp)

    def __init__(self, stack_id: str, kind: DetailKind, key: str) -> None:
        super().__init__()
        self.stack_id, self.kind, self.key = stack_id, kind, key

    def compose(self) -> ComposeResult:
        with Vertical(id="detail-dialog", classes="dialog"):
            yield DocumentView(id="detail-body")
        yield ScreenFooter(compact=True)

    def on_mount(self) -> None:
        stack = self.app.catalog.stack(self.stack_id)
        body = self.query_one(DocumentView)
        body.update(detail_document(stack, self.kind, self.key, glyphs(self.app.ascii)))
        body.focus()

    def url(self) -> str | None:
        """The URL at the cursor of the links table (its first row until one is chosen)."""
        body = self.query_one(DocumentView)
        try:
            table = body.table(LINKS)
        except LookupError:
            return None
        return table.cursor_key

    def action_copy_url(self) -> None:
        """Copy the URL at the cursor to the clipboard (OSC 52)."""
        url = self.url()
        if url is None:
            self.notify("No URL here", timeout=2)
            return
        self.app.copy_to_clipboard(url)
        self.notify(f"Copied {url}", timeout=3, markup=False)

    def action_open_url(self) -> None:
        """Open the URL at the cursor in the browser."""
        url = self.url()
        if url is None:
            self.notify("No URL here", timeout=2)
            return
        self.app.open_url(url)

    def action_close(self) -> None:
        """Back to the screen below."""
        self.dismiss(None)
