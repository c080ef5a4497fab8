"""What the views show: the app's catalog as of its date, under its what-if, and the keys
that change the date and the what-if.

:class:`ShownState` is a part of :class:`~layerscope.tui.app.LayerscopeApp`; the reactives
it reads (``catalog``, ``ascii``, ``as_of``, ``what_if``) are declared there.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from textual.app import App

from layerscope.report import View, build_document
from layerscope.report.format import glyphs

if TYPE_CHECKING:
    from textual.reactive import reactive
    from textual.screen import Screen

    from layerscope.analysis.time import StackDates
    from layerscope.analysis.whatif import Change
    from layerscope.catalog import Catalog
    from layerscope.report.document import Document


class ShownState(App[None]):
    """The catalog as every view shows it, and the actions that change the date and the
    what-if."""

    TITLE: str
    catalog: reactive[Catalog]
    ascii: reactive[bool]
    as_of: reactive[str | None]
    what_if: reactive[tuple[Change, ...]]
    _dated: tuple[Catalog, str | None, Catalog] | None
    _stack_dates: tuple[Catalog, dict[str, StackDates]] | None = None
    """The catalog's launch dates, sorted once for every date the user steps to."""
    _changed: tuple[Catalog, tuple[Change, ...], tuple[Change, ...], Catalog] | None
    _empty: set[str]

    if TYPE_CHECKING:  # of the app's navigation (layerscope.tui.navigation)

        def stacks_on_show(self) -> tuple[str, ...]: ...

        def _screen_below_palette(self) -> Screen[object]: ...

    def document(self, view: View) -> Document:
        """The document of a view, from the app's catalog, in the app's symbols, as of the
        app's date (its title then says so), under the app's what-if (listed at its top).

        Raises:
            UnknownId: the view names a stack or layer the catalog does not have.
        """
        if self.shown_changes:
            return self._what_if_document(view)
        if self.as_of is None:
            return build_document(view, self.catalog, ascii=self.ascii)
        from layerscope.report.views.timeline import as_of_document

        return as_of_document(view, self.catalog, self.as_of, ascii=self.ascii)

    def _what_if_document(self, view: View) -> Document:
        # The date first, then the what-if: a change rereads a handling as the date shows
        # it, and one the date leaves out waits. (The other way round, a reread handling
        # without a date of its own would show as known all along.)
        from layerscope.catalog import UnknownId
        from layerscope.report.views.timeline import as_of_document, catalog_as_of, mark_as_of
        from layerscope.report.views.whatif import mark_what_if

        g = glyphs(self.ascii)
        try:
            doc = build_document(view, self.shown_catalog, ascii=self.ascii)
        except UnknownId:
            if self.as_of is None:
                raise
            # A layer the date leaves out: there is nothing of it to change.
            return as_of_document(view, self.catalog, self.as_of, ascii=self.ascii)
        if self.as_of is not None:
            doc = mark_as_of(doc, catalog_as_of(self.catalog, self.as_of, view.stacks)[1], g)
        return mark_what_if(doc, self.shown_changes, self.dated_catalog.stacks, view.stacks, g)

    @property
    def shown_catalog(self) -> Catalog:
        """The catalog as the views show it: every stack as of the app's date, under the
        app's what-if.

        For screens built from records rather than a document (the comparison). A new
        object whenever the catalog, the date or the what-if changes, the same one otherwise.
        """
        return self._under_what_if()[1]

    @property
    def shown_changes(self) -> tuple[Change, ...]:
        """The what-if changes the views show: those that change a handling as of the
        app's date."""
        return self._under_what_if()[0]

    def _under_what_if(self) -> tuple[tuple[Change, ...], Catalog]:
        dated, cached = self.dated_catalog, self._changed
        if cached is None or cached[0] is not dated or cached[1] != self.what_if:
            from layerscope.analysis.whatif import with_changes
            from layerscope.tui.dialogs.whatif import changing

            changes = changing(self.what_if, dated.stacks)
            shown = with_changes(dated, changes) if changes else dated
            cached = self._changed = (dated, self.what_if, changes, shown)
        return cached[2], cached[3]

    @property
    def dated_catalog(self) -> Catalog:
        """The catalog with every stack as of the app's date (without the what-if).

        A new object whenever the catalog or the date changes, the same one otherwise.
        """
        if self.as_of is None:
            return self.catalog
        cached = self._dated
        if cached is None or cached[0] is not self.catalog or cached[1] != self.as_of:
            from layerscope.analysis.time import StackDates
            from layerscope.report.views.timeline import catalog_as_of

            if self._stack_dates is None or self._stack_dates[0] is not self.catalog:
                stacks = self.catalog.stacks
                self._stack_dates = (self.catalog, {s: StackDates(stacks[s]) for s in stacks})
            dates = self._stack_dates[1]
            cached = (
                self.catalog,
                self.as_of,
                catalog_as_of(self.catalog, self.as_of, (), dates)[0],
            )
            self._dated = cached
        return cached[2]

    def watch_as_of(self, as_of: str | None) -> None:
        self._show_date(as_of)
        if as_of is None:
            self._empty = set()
            return
        from layerscope.report.views.timeline import as_of_note

        # Said once, when a stack on show empties: the comparison has no title to say it in.
        empty = {sid for sid in self.stacks_on_show() if not self.shown_catalog.stacks[sid].layers}
        for sid in sorted(empty - self._empty, key=self.stacks_on_show().index):
            note = as_of_note(self.catalog.stacks[sid], as_of, glyphs(self.ascii))
            self.notify(note, title="Nothing known yet", timeout=4, markup=False)
        self._empty = empty

    def _show_date(self, as_of: str | None) -> None:
        # In the header of every screen (the documents' titles say it too).
        title = self.TITLE if as_of is None else f"{self.TITLE} as of {as_of}"
        if self.what_if:
            from layerscope.report.views.whatif import what_if_marker

            title = f"{title} ({what_if_marker(len(self.what_if))})"
        self.title = title

    def watch_what_if(self) -> None:
        self._show_date(self.as_of)

    def watch_catalog(self, catalog: Catalog) -> None:
        # A reload may take away what a change names: drop those changes, and say so.
        from layerscope.tui.dialogs.whatif import resolvable

        kept = tuple(c for c in self.what_if if resolvable(c, catalog.stacks))
        if kept != self.what_if:
            gone = len(self.what_if) - len(kept)
            self.what_if = kept
            self.notify(
                f"{gone} of the what-if changes named what the data no longer has",
                title="What-if",
                severity="warning",
                markup=False,
            )

    def action_what_if(self) -> None:
        """List the what-if changes (remove one, reset them all)."""
        from layerscope.tui.dialogs.whatif import WhatIfScreen

        self.push_screen(WhatIfScreen())

    def action_cycle_outcome(self) -> None:
        """Try the next outcome for the handling at the cursor (its listed alternatives
        first; after the last, the data's own again)."""
        from layerscope.report.document import plain
        from layerscope.report.views.whatif import change_notice
        from layerscope.tui.dialogs.whatif import (
            cycled,
            focus_handlings,
            handling_at_cursor,
            keep_cursor,
        )

        screen = self._screen_below_palette()
        target = handling_at_cursor(screen)
        stacks = self.dated_catalog.stacks
        try:
            if target is None:
                raise LookupError
            self.what_if, change = cycled(self.what_if, stacks, target)
            keep_cursor(screen, target)
        except LookupError:
            if target is None and focus_handlings(screen):
                hint = "Move the cursor to a handling, then press the what-if key again"
            else:
                hint = "Put the cursor on a handling: a row of what the layer addresses, or "
                hint += "a layer under a problem in the flow"
            self.notify(hint, title="What-if", severity="warning", markup=False)
            return
        notice = plain(change_notice(change, stacks, glyphs(self.ascii)))
        self.notify(notice, title="What-if", timeout=4, markup=False)

    def action_step_date(self, quarters: int) -> None:
        """Show the stacks as of the end of an earlier (``-1``) or later (``1``) quarter;
        stepping past the last quarter that has ended is today again."""
        from layerscope.report.views.timeline import step_quarter

        self.as_of = step_quarter(self.as_of, quarters, datetime.date.today())

    def action_date_today(self) -> None:
        """Show the stacks as they are known today."""
        self.as_of = None
