"""The stack picker (``s``): choose 2-4 stacks to compare."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.segment import Segment
from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widgets import Button, SelectionList, Static
from textual.widgets.selection_list import Selection

from layerscope.analysis import progression
from layerscope.report.format import count, glyphs, verdict_line
from layerscope.tui.dialogs.marks import MarkedSelectionList, app_glyphs
from layerscope.tui.keys import PICKER_BINDINGS
from layerscope.tui.widgets.document import line_content

if TYPE_CHECKING:
    from layerscope.catalog import Catalog
    from layerscope.tui.app import LayerscopeApp

MIN_STACKS, MAX_STACKS = 2, 4


class PickerList(MarkedSelectionList):
    """The stacks, ``[x]``/``[ ]`` each; while the list has the keyboard its highlighted
    row opens with the focus glyph (``▸ [x] AI``), the others with as many spaces."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        index = self.scroll_offset.y + y
        if index >= self.option_count or not line.cell_length:
            return line
        g = app_glyphs(self)
        here = self.has_focus and index == self.highlighted
        lead = g.focus if here else " " * len(g.focus)
        first = next(iter(line), None)
        style = first.style if first is not None else None
        return Strip.join([Strip([Segment(f"{lead} ", style)]), line])

    def _get_left_gutter_width(self) -> int:
        # The prompts are cut (with their ellipsis) to the room the mark leaves them.
        return super()._get_left_gutter_width() + len(app_glyphs(self).focus) + 1

    def watch_has_focus(self, has_focus: bool) -> None:
        super().watch_has_focus(has_focus)
        self.refresh()  # the mark comes and goes with the keyboard


class PickerScreen(ModalScreen[list[str] | None]):
    """A list of every stack; ``space`` toggles, ``enter`` compares the chosen ones."""

    BINDINGS = PICKER_BINDINGS

    if TYPE_CHECKING:
        app = getters.app(LayerscopeApp)

    def __init__(self, chosen: Sequence[str]) -> None:
        """Offer the app's stacks, with ``chosen`` already ticked."""
        super().__init__()
        self.initial = list(chosen)

    @property
    def catalog(self) -> Catalog:
        """The app's catalog."""
        return self.app.catalog

    def compose(self) -> ComposeResult:
        g = glyphs(self.app.ascii)
        with Vertical(id="picker-dialog", classes="dialog"):
            yield Static(
                Content.assemble(("Choose stacks", "bold"), (f"{g.sep}2 to 4", "$text-muted")),
                classes="dialog-title",
            )
            selections = [
                Selection(self._prompt(sid), sid, sid in self.initial)
                for sid in self.catalog.stacks
            ]
            yield PickerList(*selections, id="picker-list")
            yield Static(id="picker-status", markup=False)
            yield Static(
                Content.styled(
                    g.sep.join(("space toggle", "enter compare", "esc cancel")), "$text-muted"
                ),
                classes="dialog-hint",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Compare", variant="primary", id="picker-ok")
                yield Button("Cancel", id="picker-cancel")

    def _prompt(self, stack_id: str) -> Content:
        stack = self.catalog.stacks[stack_id]
        g = glyphs(self.app.ascii)
        return Content.assemble(
            Content.styled(stack.name, "bold"),
            (f"  {stack_id}{g.sep}{count(len(stack.layers), 'layer')}{g.sep}", "$text-muted"),
            line_content(verdict_line(progression(stack).score, g)),
        )

    def on_mount(self) -> None:
        self._update_status()

    @property
    def chosen(self) -> list[str]:
        """The ticked stacks, in catalog order."""
        selected = set(self.query_one("#picker-list", SelectionList).selected)
        kept = [sid for sid in self.initial if sid in selected]
        return kept + [sid for sid in self.catalog.stacks if sid in selected and sid not in kept]

    @property
    def fewest(self) -> int:
        """2, or fewer when the catalog has fewer stacks."""
        return max(1, min(MIN_STACKS, len(self.catalog.stacks)))

    @on(SelectionList.SelectedChanged)
    def _update_status(self) -> None:
        count = len(self.chosen)
        ok = self.fewest <= count <= MAX_STACKS
        message = f"{count} chosen" if ok else f"{count} chosen: choose 2 to 4"
        status = self.query_one("#picker-status", Static)
        status.update(Content.styled(message, "" if ok else "$text-warning"))
        self.query_one("#picker-ok", Button).disabled = not ok

    @on(Button.Pressed, "#picker-ok")
    def action_compare(self) -> None:
        """Compare the chosen stacks (if there are 2 to 4)."""
        if isinstance(self.focused, Button) and self.focused.id == "picker-cancel":
            self.dismiss(None)
            return
        chosen = self.chosen
        if self.fewest <= len(chosen) <= MAX_STACKS:
            self.dismiss(chosen)
        else:
            self.notify("Choose 2 to 4 stacks", severity="warning")

    @on(Button.Pressed, "#picker-cancel")
    def action_cancel(self) -> None:
        """Close without changing the comparison."""
        self.dismiss(None)
