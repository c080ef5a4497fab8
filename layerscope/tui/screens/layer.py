"""The layer screen: one layer of a stack in full (drill-down)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Sparkline, Static

from layerscope.analysis import latest, problem_flows
from layerscope.catalog import Catalog
from layerscope.model import Layer, Metric, Stack
from layerscope.report import format as symbols
from layerscope.tui.keys import LAYER_BINDINGS
from layerscope.tui.widgets import highlight as text
from layerscope.tui.widgets.tables import SortableTable

if TYPE_CHECKING:
    from layerscope.report import View

EXAMPLE_COLUMNS = ("Name", "Org", "Launched", "Note")
METRIC_COLUMNS = ("Metric", "Value", "Unit", "As of", "Source", "Trend")
Entry = tuple[Content, str]
"""A line of a section and its CSS class (``entry`` or ``note``)."""
NONE_LISTED = Content.styled("None listed.", "italic $text-muted")


class LayerScreen(Screen[None]):
    """A layer's summary, what it addresses and introduces, examples, metrics, sources."""

    BINDINGS = LAYER_BINDINGS

    class Moved(Message):
        """The screen now shows another layer (the comparison follows the selection)."""

        def __init__(self, stack_id: str, level: int) -> None:
            self.stack_id = stack_id
            self.level = level
            super().__init__()

    def __init__(
        self,
        catalog: Catalog,
        stack_id: str,
        layer_id: str,
        *,
        others: Sequence[str] = (),
        ascii: bool = False,
        example: str | None = None,
    ) -> None:
        """Show layer ``layer_id`` of ``stack_id``; ``others`` are the stacks compared with it.

        ``example`` (a name) puts the cursor of the examples table on that example.

        Raises:
            UnknownId: no such stack or layer in ``catalog``.
        """
        super().__init__()
        self.catalog = catalog
        self.stack, self.record = catalog.layer(stack_id, layer_id)
        self.others = [sid for sid in others if sid in catalog.stacks] or [stack_id]
        self.ascii = ascii
        self._filter = ""
        self._pattern: re.Pattern[str] | None = None
        self._example = example

    # -- building ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        stack, layer = self.stack, self.record
        self.sub_title = f"{stack.title} / {layer.display_label} {layer.name}"
        yield Header()
        yield Static(self._breadcrumb(), id="breadcrumb", markup=False)
        with VerticalScroll(id="layer-body"):
            yield Static(id="layer-summary", markup=False)
            yield Static(classes="section-title", id="addresses-title", markup=False)
            yield Vertical(id="addresses", classes="section")
            yield Static(classes="section-title", id="introduces-title", markup=False)
            yield Vertical(id="introduces", classes="section")
            yield Static(classes="section-title", id="examples-title", markup=False)
            if layer.examples:
                yield SortableTable(EXAMPLE_COLUMNS, id="examples")
            else:
                yield Static(NONE_LISTED, classes="section")
            yield Static(classes="section-title", id="metrics-title", markup=False)
            if not layer.metrics:
                yield Static(NONE_LISTED, classes="section")
            else:
                yield SortableTable(METRIC_COLUMNS, id="metrics")
                for metric in layer.metrics:
                    if metric.series and not self.ascii:
                        with Horizontal(classes="series"):
                            yield Static(
                                text.plain(metric.name), classes="series-label", markup=False
                            )
                            yield Sparkline(
                                [p.value for p in metric.series], classes="series-chart"
                            )
                            yield Static(text.series_range(metric), classes="series-range")
            yield Static(classes="section-title", id="sources-title", markup=False)
            yield Static(id="sources", classes="section", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.call_after_refresh(self._first_fill)

    def _first_fill(self) -> None:
        self._fill()
        if self._example is not None and self.record.examples:
            table = self.query_one("#examples", SortableTable)
            for row, example in enumerate(self.record.examples):
                if example.name == self._example:
                    table.move_cursor(row=row, animate=False)
                    table.focus()
                    break

    def set_ascii(self, ascii: bool) -> None:
        """Use ASCII symbols only (or not)."""
        self.ascii = ascii
        self._show(self.stack, self.record)

    def _fill(self) -> None:
        """Put the (filtered) data into the widgets."""
        layer, pattern = self.record, self._pattern
        self.query_one("#layer-summary", Static).update(self._summary())
        titles = {
            "addresses": len(layer.addresses),
            "introduces": len(layer.introduces),
            "examples": len(layer.examples),
            "metrics": len(layer.metrics),
            "sources": len(self._source_ids()),
        }
        for name, count in titles.items():
            title = Content.assemble((name.capitalize(), "bold"), (f"  {count}", "$text-muted"))
            self.query_one(f"#{name}-title", Static).update(title)
        self._fill_entries("#addresses", self._addresses())
        self._fill_entries("#introduces", self._introduces())
        self.query_one("#sources", Static).update(self._sources())
        if layer.examples:
            self.query_one("#examples", SortableTable).fill(
                [
                    [
                        text.marked_text(ex.name, pattern, "bold"),
                        text.marked_text(ex.org, pattern),
                        Text(ex.launched or ""),
                        text.marked_text(ex.note, pattern),
                    ]
                    for ex in layer.examples
                ]
            )
        if layer.metrics:
            self.query_one("#metrics", SortableTable).fill(
                [self._metric_row(m, pattern) for m in layer.metrics]
            )

    def _fill_entries(self, selector: str, entries: list[Entry]) -> None:
        container = self.query_one(selector, Vertical)
        with self.app.batch_update():
            container.remove_children()
            container.mount_all(
                Static(content, classes=classes, markup=False) for content, classes in entries
            )

    def _breadcrumb(self) -> Content:
        stack, layer = self.stack, self.record
        position = f"{stack.layers.index(layer) + 1} of {len(stack.layers)}"
        return Content.assemble(
            text.plain(stack.name, "$text-muted"),
            (" / ", "$text-muted"),
            text.layer_title(layer),
            (f"   level {layer.level} · layer {position}", "$text-muted"),
        )

    def _summary(self) -> Content:
        layer = self.record
        parts = [text.marked(layer.summary, self._pattern, "bold")]
        if layer.description.strip():
            parts.append(text.marked(layer.description.strip(), self._pattern))
        return Content("\n\n").join(parts)

    def _addresses(self) -> list[Entry]:
        stack, layer, pattern = self.stack, self.record, self._pattern
        if not layer.addresses:
            return [(Content.styled("Nothing from lower layers.", "italic $text-muted"), "")]
        origin = {pid: la for la in stack.layers for pid in la.introduces}
        lines: list[Entry] = []
        for handling in layer.addresses:
            source = origin.get(handling.problem)
            label = text.outcome(handling.outcome, ascii=self.ascii)
            line = Content.assemble(
                label.pad_right(max(1, 15 - label.cell_length)),
                text.marked(text.problem_name(stack, handling.problem), pattern, "bold"),
            )
            if source is not None:
                line += Content.assemble(
                    ("  from ", "$text-muted"),
                    text.plain(f"{source.display_label} {source.name}", "$text-muted"),
                )
            if handling.into:
                into = text.join(text.plain(text.problem_name(stack, pid)) for pid in handling.into)
                line += Content.assemble(("  into ", "$text-muted"), into)
            lines.append((line, "entry"))
            if handling.note:
                note = text.marked(handling.note, pattern)
                if handling.sources:
                    note += Content.styled(f"  [{', '.join(handling.sources)}]", "$text-muted")
                lines.append((note, "note"))
        return lines

    def _introduces(self) -> list[Entry]:
        stack, layer, pattern = self.stack, self.record, self._pattern
        if not layer.introduces:
            return [(Content.styled("Nothing new.", "italic $text-muted"), "")]
        flows = {flow.problem.id: flow for flow in problem_flows(stack)}
        lines: list[Entry] = []
        for pid in layer.introduces:
            problem = stack.problem(pid)
            flow = flows.get(pid)
            status = flow.status if flow else "unaddressed"
            line = Content.assemble(
                text.marked(problem.name if problem else pid, pattern, "bold"),
                (f"  {problem.severity if problem else 'medium'} severity", "$text-muted"),
                ("  at the top: ", "$text-muted"),
                text.outcome(status, ascii=self.ascii),
            )
            lines.append((line, "entry"))
            if problem and problem.description:
                lines.append((text.marked(problem.description, pattern), "note"))
        return lines

    def _source_ids(self) -> list[str]:
        layer = self.record
        ids: list[str] = []
        for sid in (
            *(s for h in layer.addresses for s in h.sources),
            *(s for ex in layer.examples for s in ex.sources),
            *(m.source for m in layer.metrics),
        ):
            if sid not in ids:
                ids.append(sid)
        return ids

    def _sources(self) -> Content:
        lines: list[Content] = []
        for sid in self._source_ids():
            source = self.stack.source(sid)
            if source is None:
                lines.append(Content.styled(f"[{sid}] (not defined)", "$text-muted"))
                continue
            details = ", ".join(part for part in (source.publisher, source.published or "") if part)
            line = Content.assemble(
                (f"[{sid}] ", "$text-muted"), text.marked(source.title, self._pattern, "bold")
            )
            if details:
                line += Content.styled(f"  {details}", "$text-muted")
            if source.url:
                line += Content.styled(f"\n     {source.url}", "$text-primary")
            lines.append(line)
        if not lines:
            return Content.styled("None cited.", "italic $text-muted")
        return Content("\n").join(lines)

    def _metric_row(self, metric: Metric, pattern: re.Pattern[str] | None) -> list[Text]:
        as_of, value = latest(metric)
        trend = symbols.spark([p.value for p in metric.series], symbols.glyphs(self.ascii))
        return [
            text.marked_text(metric.name, pattern, "bold"),
            Text(text.format_value(value), justify="right"),
            Text(metric.unit),
            Text(as_of),
            Text(metric.source),
            Text(trend),
        ]

    # -- the ViewScreen protocol --------------------------------------------------------------

    def current_view(self) -> View:
        """This layer."""
        from layerscope.report import View

        return View("layer", (self.stack.id,), self.record.id)

    def update_catalog(self, catalog: Catalog) -> None:
        """Show the reloaded layer; if it is gone, keep showing the last version."""
        self.catalog = catalog
        stack = catalog.stacks.get(self.stack.id)
        layer = stack.layer(self.record.id) if stack else None
        if stack is not None and layer is not None:
            self._show(stack, layer)

    def apply_filter(self, text_: str) -> int:
        """Highlight matching problems, examples, metrics and sources; returns the count."""
        self._filter = text_
        self._pattern = pattern = text.matcher(text_)
        self._fill()
        if pattern is None:
            return 0
        stack, layer = self.stack, self.record
        problems = {*layer.introduces, *(h.problem for h in layer.addresses)}
        count = sum(text.matches(pattern, text.problem_name(stack, pid)) for pid in problems)
        count += sum(text.matches(pattern, ex.name, ex.org, ex.note) for ex in layer.examples)
        count += sum(text.matches(pattern, m.name) for m in layer.metrics)
        count += int(text.matches(pattern, layer.summary, layer.description))
        return count

    # -- navigation -------------------------------------------------------------------------

    def _show(self, stack: Stack, layer: Layer) -> None:
        self.stack, self.record = stack, layer
        self.post_message(self.Moved(stack.id, layer.level))

        async def rebuild() -> None:
            await self.recompose()
            self._pattern = text.matcher(self._filter)
            self._fill()
            self.refresh_bindings()  # the new footer fills itself on this signal

        self.call_later(rebuild)

    def _step(self, step: int) -> None:
        layers = self.stack.layers
        index = layers.index(self.record) + step
        if 0 <= index < len(layers):
            self._show(self.stack, layers[index])
        else:
            where = "top" if step > 0 else "bottom"
            self.notify(f"Already at the {where} layer", timeout=2)

    def action_prev_layer(self) -> None:
        """The layer below."""
        self._step(-1)

    def action_next_layer(self) -> None:
        """The layer above."""
        self._step(1)

    def action_other_stack(self) -> None:
        """The layer at the same level in the next stack compared (skipping gaps)."""
        order = self.others if self.stack.id in self.others else [self.stack.id, *self.others]
        start = order.index(self.stack.id)
        for offset in range(1, len(order)):
            other = self.catalog.stacks[order[(start + offset) % len(order)]]
            layer = next((la for la in other.layers if la.level == self.record.level), None)
            if layer is not None:
                self._show(other, layer)
                return
        level = self.record.level
        self.notify(f"No other stack on show has a layer at level {level}", markup=False)

    def _focused_or_body(self, action: Callable[[DataTable[Any]], None], scroll: int) -> None:
        focused = self.focused
        if isinstance(focused, DataTable):
            action(focused)
        else:
            body = self.query_one("#layer-body", VerticalScroll)
            body.scroll_relative(y=scroll, animate=False)

    def action_row_down(self) -> None:
        """The next row of the focused table (or scroll down)."""
        self._focused_or_body(lambda table: table.action_cursor_down(), 1)

    def action_row_up(self) -> None:
        """The previous row of the focused table (or scroll up)."""
        self._focused_or_body(lambda table: table.action_cursor_up(), -1)
