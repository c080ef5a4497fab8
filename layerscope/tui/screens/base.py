"""The base of every screen that shows a view: its document comes from the app.

:class:`ViewScreen` is what every such screen shares (the view, its document, the app's
state watched); :class:`DocumentScreen` is a screen that shows nothing but that document.
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING, ClassVar

from textual import getters
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Header

from layerscope.catalog import UnknownId
from layerscope.tui.widgets.document import DocumentView
from layerscope.tui.widgets.footer import ScreenFooter

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

    def to_export(self) -> View | Document:
        """What ``e`` exports: :meth:`current_view` (the dialog builds its document when it
        writes), or a document of the screen's own where it shows no view of the catalog.

        Raises:
            ValueError: nothing on show to export.
        """
        return self.current_view()

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


class DocumentScreen(ViewScreen):
    """A screen that shows one kind of view's document as it is, in one ``DocumentView``.

    The stack, drivers, verdict, timeline and level screens are this and their bindings: a
    subclass names its :attr:`KIND` (its body is ``#<kind>-body``) and adds keys of its own.

    Raises:
        ValueError: a view of another kind.
    """

    KIND: ClassVar[str]
    """The kind of view the screen shows."""

    def __init__(self, view: View) -> None:
        if view.kind != self.KIND:
            kind = self.KIND
            raise ValueError(f"the {kind} screen shows {kind} views, not {view.kind} views")
        super().__init__()
        self.view = view
        """The view on show."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield DocumentView(id=f"{self.KIND}-body")
        yield ScreenFooter(compact=True)

    def current_view(self) -> View:
        """The view on show."""
        return self.view

    def refresh_view(self) -> None:
        """Show the view's document; the header names the view."""
        self.sub_title = self.view.path
        self.query_one(DocumentView).update(self.document(), ascii=self.app.ascii)

    def action_scroll(self, direction: str) -> None:
        """Scroll the document a line up or down."""
        body = self.query_one(DocumentView)
        body.scroll_relative(y=-1 if direction == "up" else 1, animate=False)
