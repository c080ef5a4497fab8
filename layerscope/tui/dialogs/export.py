"""The export dialog: pick a format and a path, confirm an overwrite, write atomically."""

from __future__ import annotations

import datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from layerscope.atomic import write_atomic
from layerscope.report import EXTENSIONS, FORMATS, View, render_document
from layerscope.tui.keys import CONFIRM_OVERWRITE_BINDINGS, EXPORT_BINDINGS

if TYPE_CHECKING:
    from layerscope.tui.app import LayerscopeApp

DEFAULT_FORMAT = "text"
EXPORT_WIDTH = 100


def view_slug(view: View) -> str:
    """The view path as a file-name part: spaces and slashes become ``-``."""
    return view.path.replace(" ", "-").replace("/", "-")


def default_path(view: View, fmt: str, today: datetime.date | None = None) -> str:
    """``./layerscope-<view slug>-<YYYY-MM-DD>.<ext>``."""
    day = (today or datetime.date.today()).isoformat()
    return f"./layerscope-{view_slug(view)}-{day}.{EXTENSIONS[fmt]}"


def describe_error(path: Path, error: OSError) -> str:
    """A short, plain explanation of why ``path`` could not be written."""
    if isinstance(error, FileNotFoundError) and not path.parent.is_dir():
        return f"Cannot write {path}: the directory {path.parent} does not exist."
    if isinstance(error, PermissionError):
        return f"Cannot write {path}: permission denied."
    if isinstance(error, IsADirectoryError) or path.is_dir():
        return f"Cannot write {path}: it is a directory."
    reason = error.strerror or str(error)
    return f"Cannot write {path}: {reason}."


class ConfirmOverwrite(ModalScreen[bool]):
    """Ask before replacing an existing file: ``True`` to overwrite."""

    BINDINGS = CONFIRM_OVERWRITE_BINDINGS
    AUTO_FOCUS = "#confirm-no"

    def __init__(self, path: PurePath) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(
                Content.assemble((str(self.path), "bold"), " already exists. Replace it?"),
                id="confirm-message",
            )
            with Horizontal(id="confirm-buttons"):
                yield Button("Overwrite (y)", variant="warning", id="confirm-yes")
                yield Button("Keep it (n)", id="confirm-no")

    def action_answer(self, overwrite: bool) -> None:
        """Close with the answer."""
        self.dismiss(overwrite)

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no(self) -> None:
        self.dismiss(False)


class ExportModal(ModalScreen[Path | None]):
    """Export a view to a file: returns the path written, or ``None`` when cancelled.

    The path follows the format's extension until the user edits it. An existing file is
    only replaced after a confirmation; a failed write leaves it untouched and shows why in
    the dialog, which stays open.

    The report is the app's document of the view (:meth:`LayerscopeApp.document`: as of
    its date, under its what-if), in the app's symbols, made when it is written.

    Args:
        view: What to export.
    """

    BINDINGS = EXPORT_BINDINGS
    AUTO_FOCUS = "#export-path"

    if TYPE_CHECKING:
        app = getters.app(LayerscopeApp)

    def __init__(self, view: View) -> None:
        super().__init__()
        self.view = view
        self.format = DEFAULT_FORMAT
        self._suggested = default_path(view, DEFAULT_FORMAT)
        self._path_edited = False

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog"):
            yield Static(
                Content.assemble(("Export ", "bold"), (self.view.path, "bold $accent")),
                id="export-title",
            )
            yield Label("Format")
            yield RadioSet(
                *(RadioButton(fmt, value=fmt == self.format) for fmt in FORMATS),
                id="export-format",
            )
            yield Label("Path")
            yield Input(self._suggested, id="export-path", select_on_focus=False)
            yield Static("", id="export-error")
            with Horizontal(id="export-buttons"):
                yield Button("Export (ctrl+s)", variant="primary", id="export-write")
                yield Button("Cancel (esc)", id="export-cancel")

    @property
    def path_input(self) -> Input:
        """The path field."""
        return self.query_one("#export-path", Input)

    @property
    def error(self) -> str:
        """The error shown in the dialog, or ``""``."""
        return str(self.query_one("#export-error", Static).content)

    def show_error(self, message: str) -> None:
        """Show ``message`` in the dialog (``""`` hides it)."""
        widget = self.query_one("#export-error", Static)
        widget.update(Content(message))
        widget.set_class(bool(message), "-visible")

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        self.format = FORMATS[event.index]
        if not self._path_edited:
            self._suggested = default_path(self.view, self.format)
            self.path_input.value = self._suggested

    @on(Input.Changed, "#export-path")
    def _path_changed(self, event: Input.Changed) -> None:
        if event.value != self._suggested:
            self._path_edited = True
        self.show_error("")

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-write")
    def _submit(self) -> None:
        self.action_write()

    @on(Button.Pressed, "#export-cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        """Close without writing."""
        self.dismiss(None)

    def action_write(self) -> None:
        """Write the file, asking first if it exists."""
        text = self.path_input.value.strip()
        if not text:
            self.show_error("Enter a path to write to.")
            return
        path = Path(text).expanduser()
        if path.is_dir():
            self.show_error(f"Cannot write {path}: it is a directory.")
            return
        if path.exists():

            def answered(overwrite: bool | None) -> None:
                if overwrite:
                    self._write(path)
                else:
                    self.path_input.focus()

            self.app.push_screen(ConfirmOverwrite(path), answered)
            return
        self._write(path)

    def _write(self, path: Path) -> None:
        try:
            # The app's document: as of its date, under its what-if (said at the top).
            document = self.app.document(self.view)
            report = render_document(
                document, self.format, width=EXPORT_WIDTH, ascii=self.app.ascii
            )
        except Exception as error:  # a report must never take the app down
            self.show_error(f"Cannot export {self.view.path}: {error}")
            return
        try:
            write_atomic(path, report)
        except OSError as error:
            self.show_error(describe_error(path, error))
            return
        self.dismiss(path)
