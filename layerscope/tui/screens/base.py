"""The base of every screen that shows a view: its document comes from the app."""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

from textual import getters
from textual.screen import Screen

from layerscope.catalog import UnknownId
from layerscope.tui.widgets.document import DocumentView

if TYPE_CHECKING:
    from layerscope.report import View
    from layerscope.report.document import Document
    from layerscope.tui.app import LayerscopeApp


class ViewScreen(Screen[None]):
    """A screen that shows one view: what ``e`` exports, ``/`` filters and live reload renews.

    The content is the view's document, built by the app from its ``catalog``, ``ascii``
    and ``as_of`` reactives; the screen rebuilds it (:meth:`refresh_view`) when it mounts
    and whenever one changes, so no screen can miss a reload, the ASCII toggle or a new
    date. Subclasses compose ``Header()`` first and ``Footer(compact=True)`` last, and
    render the document without computing content of their own.
    """

    if TYPE_CHECKING:
        app = getters.app(LayerscopeApp)

    def current_view(self) -> View:
        """The view this screen shows right now (what ``e`` exports)."""
        raise NotImplementedError

    def document(self) -> Document:
        """The document of :meth:`current_view`, as the app builds it.

        Raises:
            UnknownId: the view names a stack or layer the catalog no longer has.
        """
        return self.app.document(self.current_view())

    def refresh_view(self) -> None:
        """Show the current document (by default in the screen's first ``DocumentView``)."""
        self.query_one(DocumentView).update(self.document())

    def apply_filter(self, text: str) -> int:
        """Highlight what matches ``text`` and return the match count; ``""`` clears."""
        return sum(view.highlight(text) for view in self.query(DocumentView))

    def on_mount(self) -> None:
        self.watch(self.app, "catalog", self._app_state_changed, init=False)
        self.watch(self.app, "ascii", self._app_state_changed, init=False)
        self.watch(self.app, "as_of", self._app_state_changed, init=False)
        self.watch(self.app, "what_if", self._app_state_changed, init=False)
        self.refresh_view()

    def _app_state_changed(self) -> None:
        # A stack or layer gone from a reload: keep showing the last version of the view.
        with suppress(UnknownId):
            self.refresh_view()
