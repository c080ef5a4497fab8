"""The app's side of live reload: the timer's look for changed stack files, the reload in a
thread, and the notices that say what loading found.

:class:`LiveReload` is a part of :class:`~layerscope.tui.app.LayerscopeApp`; which files
changed and how the catalog is reloaded are :mod:`layerscope.tui.watch`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from textual.app import App
from textual.worker import get_current_worker

from layerscope.terminal_text import visible
from layerscope.tui.watch import Notice, Reload, Watcher, diagnostic_notices

if TYPE_CHECKING:
    from pathlib import Path

    from textual.reactive import reactive

    from layerscope.catalog import Catalog
    from layerscope.diagnostics import Diagnostic


class LiveReload(App[None]):
    """Reload the catalog when its files change, and tell the user what loading found."""

    catalog: reactive[Catalog]
    watcher: Watcher

    # -- notices --------------------------------------------------------------------------------

    def notify_diagnostics(self, diagnostics: Sequence[Diagnostic]) -> None:
        """One notification per file: its diagnostics (file:line and message)."""
        for notice in diagnostic_notices(diagnostics):
            self.tell(notice)

    def tell(self, notice: Notice) -> None:
        """Show a notice; its text is plain, never markup, and the file names in it show
        their control characters as escapes."""
        self.notify(
            visible(notice.message, lines=True),
            title=visible(notice.title),
            severity=notice.severity,
            timeout=notice.timeout,
            markup=False,
        )

    # -- live reload ----------------------------------------------------------------------------

    def check_files(self) -> None:
        """Reload the catalog (in a thread) if a stack file changed on disk."""
        changed = self.watcher.changed()
        if changed:
            self.run_worker(
                partial(self._reload, self.catalog, changed),
                thread=True,
                exclusive=True,
                group="reload",
                name="reload",
            )

    def _reload(self, old: Catalog, changed: list[Path]) -> None:
        result = self.watcher.reload(old, changed)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self.apply_reload, result)

    def apply_reload(self, result: Reload) -> None:
        """Show a reloaded catalog (every screen watches it) and say what happened."""
        self.catalog = result.catalog
        for notice in result.notices():
            self.tell(notice)
