"""The issues screen (``!``): every diagnostic from loading the data, located."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from layerscope.catalog import Catalog
from layerscope.report import format as symbols
from layerscope.tui.widgets import highlight as text


class IssuesScreen(Screen[None]):
    """A table of errors and warnings: file:line:col, code, where, message."""

    def __init__(self, catalog: Catalog, *, ascii: bool = False) -> None:
        super().__init__()
        self.catalog = catalog
        self.ascii = ascii

    def compose(self) -> ComposeResult:
        self.sub_title = "Issues"
        yield Header()
        yield Static(id="issues-summary", markup=False)
        yield DataTable[Text](id="issues-table", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#issues-table", DataTable)
        table.add_columns("Severity", "Code", "Message", "Location")
        self._fill()

    def _fill(self) -> None:
        diagnostics = self.catalog.diagnostics
        errors = sum(d.is_error for d in diagnostics)
        warnings = len(diagnostics) - errors
        files = len(self.catalog.results)
        if diagnostics:
            summary = Content.assemble(
                (f"{errors} error(s)", "bold $text-error" if errors else "$text-muted"),
                ", ",
                (f"{warnings} warning(s)", "bold $text-warning" if warnings else "$text-muted"),
                (
                    f" in {files} file(s). A file with errors is skipped; the rest loads.",
                    "$text-muted",
                ),
            )
        else:
            summary = Content.styled(f"No issues in {files} file(s).", "$text-success")
        self.query_one("#issues-summary", Static).update(summary)
        table = self.query_one("#issues-table", DataTable)
        table.clear()
        for d in diagnostics:
            mark = symbols.symbol("worsened", ascii=self.ascii) if d.is_error else "!"
            severity = Text(f"{mark} {d.severity}", style="bold red" if d.is_error else "yellow")
            message = f"{d.where}: {d.message}" if d.where else d.message
            location = f"{text.short_path(d.file)}:{d.line}:{d.column}"
            table.add_row(severity, Text(d.code), Text(message), Text(location))

    def update_catalog(self, catalog: Catalog) -> None:
        """Show the diagnostics of a reloaded catalog."""
        self.catalog = catalog
        self._fill()
