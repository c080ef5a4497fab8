"""The issues screen (``!``): every diagnostic from loading the data, located."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from layerscope.report.format import count
from layerscope.terminal_text import visible
from layerscope.tui.widgets import highlight as text
from layerscope.tui.widgets.footer import ScreenFooter

if TYPE_CHECKING:
    from layerscope.tui.app import LayerscopeApp


class IssuesScreen(Screen[None]):
    """A table of errors and warnings: severity, code, message, file:line:col.

    Shows the app's catalog and follows it (live reload) and its theme.
    """

    if TYPE_CHECKING:
        app = getters.app(LayerscopeApp)

    def compose(self) -> ComposeResult:
        self.sub_title = "Issues"
        yield Header()
        yield Static(id="issues-summary", markup=False)
        yield DataTable[Text](id="issues-table", cursor_type="row", zebra_stripes=True)
        yield ScreenFooter(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#issues-table", DataTable)
        table.add_columns("Severity", "Code", "Message", "Location")
        for name in ("catalog", "theme"):
            self.watch(self.app, name, self._fill, init=False)
        self._fill()

    def _fill(self) -> None:
        catalog = self.app.catalog
        diagnostics = catalog.diagnostics
        errors = sum(d.is_error for d in diagnostics)
        warnings = len(diagnostics) - errors
        files = count(len(catalog.results), "file")
        if diagnostics:
            summary = Content.assemble(
                (count(errors, "error"), "bold $text-error" if errors else "$text-muted"),
                ", ",
                (count(warnings, "warning"), "bold $text-warning" if warnings else "$text-muted"),
                (f" in {files}. A file with errors is skipped; the rest loads.", "$text-muted"),
            )
        else:
            summary = Content.styled(f"No issues in {files}.", "$text-success")
        self.query_one("#issues-summary", Static).update(summary)
        # Table cells are Rich text: the theme's colours, resolved now (and on a new theme).
        error = text.rich_text(Content.styled("error", "bold $text-error"))
        warning = text.rich_text(Content.styled("warning", "$text-warning"))
        table = self.query_one("#issues-table", DataTable)
        table.clear()
        for d in diagnostics:
            # The word says it: an outcome's symbol here would mean a second thing.
            severity = error.copy() if d.is_error else warning.copy()
            # A file name (and a message quoting one) can hold anything: shown as escapes.
            message = visible(f"{d.where}: {d.message}" if d.where else d.message)
            location = visible(f"{text.short_path(d.file)}:{d.line}:{d.column}")
            table.add_row(severity, Text(visible(d.code)), Text(message), Text(location))
