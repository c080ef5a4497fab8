"""The export dialog: pick a format and a path, confirm an overwrite, write atomically.

The path's extension and the format are one choice: editing either changes the other, as
``layerscope export -o`` reads the format from the extension. Served in a browser
(``layerscope serve``), the report is sent to the browser as a download instead.
"""

from __future__ import annotations

import datetime
import io
import stat
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioSet, Static

from layerscope.atomic import write_atomic
from layerscope.paths import NoSuchUser, expand_user
from layerscope.report import EXTENSIONS, FORMATS, View, format_for_path, render_document
from layerscope.report.document import Document
from layerscope.terminal_text import visible
from layerscope.tui.dialogs.marks import MarkedRadioButton
from layerscope.tui.keys import (
    CONFIRM_OVERWRITE_BINDINGS,
    EXPORT_BINDINGS,
    EXPORT_FORMAT_BINDINGS,
)

if TYPE_CHECKING:
    from layerscope.tui.app import LayerscopeApp

DEFAULT_FORMAT = "text"
EXPORT_WIDTH = 100


def view_slug(view: View | Document) -> str:
    """The view path as a file-name part: spaces and slashes become ``-``."""
    return view.path.replace(" ", "-").replace("/", "-")


def default_path(view: View | Document, fmt: str, today: datetime.date | None = None) -> str:
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


def _kind(path: Path) -> int:
    """The file type bits of ``path`` (a symlink followed), 0 if there is nothing."""
    try:
        return stat.S_IFMT(path.stat().st_mode)
    except OSError:
        return 0


def is_fifo(path: Path) -> bool:
    """Whether ``path`` is (or links to) a FIFO."""
    return _kind(path) == stat.S_IFIFO


def written_into(path: Path) -> bool:
    """Whether writing ``path`` writes into it (a FIFO, a terminal) rather than replacing it:
    nothing to ask before."""
    return _kind(path) in (stat.S_IFIFO, stat.S_IFCHR)


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
                Content.assemble((visible(str(self.path)), "bold"), " already exists. Replace it?"),
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


class FormatChoice(RadioSet):
    """The formats: the arrows choose as they move, a letter chooses a format by name
    (``m`` Markdown, ``h`` HTML...), ``enter`` writes."""

    BINDINGS = EXPORT_FORMAT_BINDINGS

    _mounted = False

    def on_mount(self) -> None:
        # Textual's own mount handler runs after this one and highlights the first format.
        self.call_later(self._settle)

    def _settle(self) -> None:
        # The chosen format is the highlighted one; the arrows choose from now on.
        chosen = [i for i, b in enumerate(self.query(MarkedRadioButton)) if b.value]
        if chosen:
            self._selected = chosen[0]
        self._mounted = True

    def _choose_highlighted(self) -> None:
        if self._mounted and self._selected is not None:
            button = self._nodes[self._selected]
            assert isinstance(button, MarkedRadioButton)
            button.value = True

    def action_next_button(self) -> None:
        super().action_next_button()
        self._choose_highlighted()

    def action_previous_button(self) -> None:
        super().action_previous_button()
        self._choose_highlighted()

    def action_choose(self, fmt: str) -> None:
        """Choose a format."""
        self.query_one(f"#export-as-{fmt}", MarkedRadioButton).value = True


class ExportModal(ModalScreen[Path | None]):
    """Export a view to a file: returns the path written, or ``None`` when cancelled.

    Focus starts on the formats, on the one last exported. Choosing a format gives the
    path its extension; typing a known extension chooses its format; an unknown one is
    refused in the dialog. An existing file is only replaced after a confirmation; a
    failed write leaves it untouched and shows why in the dialog, which stays open.

    The report is the app's document of the view (:meth:`LayerscopeApp.document`: as of
    its date, under its what-if), in the app's symbols, made when it is written.

    Args:
        view: What to export: a view (its document is made when it is written), or a
            document as it is (a diff, which is no view of the catalog).
    """

    BINDINGS = EXPORT_BINDINGS
    AUTO_FOCUS = "#export-format"

    if TYPE_CHECKING:
        app = getters.app(LayerscopeApp)

    def __init__(self, view: View | Document) -> None:
        super().__init__()
        self.view = view
        self.format = DEFAULT_FORMAT

    def compose(self) -> ComposeResult:
        last = getattr(getattr(self.app, "settings", None), "export_format", DEFAULT_FORMAT)
        self.format = last if last in FORMATS else DEFAULT_FORMAT
        with Vertical(id="export-dialog"):
            yield Static(
                Content.assemble(("Export ", "bold"), (self.view.path, "bold $accent")),
                id="export-title",
            )
            yield Label("Format")
            yield FormatChoice(
                *(
                    MarkedRadioButton(fmt, value=fmt == self.format, id=f"export-as-{fmt}")
                    for fmt in FORMATS
                ),
                id="export-format",
            )
            yield Label("Path (its extension sets the format)")
            yield Input(default_path(self.view, self.format), id="export-path")
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
        """Show ``message`` in the dialog (``""`` hides it); the path and the system's
        reason in it show their control characters as escapes."""
        widget = self.query_one("#export-error", Static)
        widget.update(Content(visible(message)))
        widget.set_class(bool(message), "-visible")
        if message:
            self.path_input.focus()  # where it is put right

    def unknown_extension(self, text: str) -> str | None:
        """Why ``text`` cannot be written as any format (an unknown extension), or ``None``."""
        suffix = PurePath(text).suffix
        if not suffix or format_for_path(text, default=""):
            return None
        known = " ".join(f".{ext}" for ext in EXTENSIONS.values())
        return f"No format is written as {suffix}: use one of {known}."

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        self.format = FORMATS[event.index]
        text = self.path_input.value.strip()
        if format_for_path(text, default="") == self.format:
            return  # .htm stays .htm
        if not text:
            self.path_input.value = default_path(self.view, self.format)
            return
        suffix = PurePath(text).suffix
        # As typed (a leading ./ kept): only the extension changes.
        stem = text[: len(text) - len(suffix)] if suffix else text
        self.path_input.value = f"{stem}.{EXTENSIONS[self.format]}"

    @on(Input.Changed, "#export-path")
    def _path_changed(self, event: Input.Changed) -> None:
        problem = self.unknown_extension(event.value.strip())
        self.show_error(problem or "")
        fmt = format_for_path(event.value.strip(), default="")
        if fmt and fmt != self.format:
            self.format = fmt
            self.query_one(f"#export-as-{fmt}", MarkedRadioButton).value = True

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
        """Write the file (served: send it to the browser), asking first if it exists."""
        text = self.path_input.value.strip()
        if not text:
            self.show_error("Enter a path to write to.")
            return
        problem = self.unknown_extension(text)
        if problem:
            self.show_error(problem)
            return
        try:
            path = expand_user(Path(text))
        except NoSuchUser as err:
            self.show_error(f"Cannot write {text}: {err.reason}.")
            return
        if self.app.is_web:
            # The server's directory is not the user's: the browser saves it.
            self._deliver(path)
            return
        if path.is_dir():
            self.show_error(f"Cannot write {path}: it is a directory.")
            return
        if path.exists() and not written_into(path):

            def answered(overwrite: bool | None) -> None:
                if overwrite:
                    self._write(path)
                else:
                    self.path_input.focus()

            self.app.push_screen(ConfirmOverwrite(path), answered)
            return
        self._write(path)

    def _report(self) -> str | None:
        try:
            # The app's document: as of its date, under its what-if (said at the top).
            view = self.view
            document = view if isinstance(view, Document) else self.app.document(view)
            return render_document(document, self.format, width=EXPORT_WIDTH, ascii=self.app.ascii)
        except Exception as error:  # a report must never take the app down
            self.show_error(f"Cannot export {self.view.path}: {error}")
            return None

    def _done(self, path: Path) -> None:
        self.app.update_settings(export_format=self.format)
        self.dismiss(path)

    def _deliver(self, path: Path) -> None:
        report = self._report()
        if report is None:
            return
        self.app.deliver_text(io.StringIO(report), save_filename=path.name, encoding="utf-8")
        self._done(Path(path.name))

    def _write(self, path: Path) -> None:
        report = self._report()
        if report is None:
            return
        try:
            # A FIFO nobody reads from is an error at once: the app must not hang on it.
            written = write_atomic(path, report, **({"wait": False} if is_fifo(path) else {}))
        except OSError as error:
            self.show_error(describe_error(path, error))
            return
        note = getattr(written, "note", None)
        if note:
            self.app.notify(visible(note), title="Export", severity="warning", markup=False)
        self._done(path)
