"""The layerscope app: app state, the screen stack, app-wide actions, settings, live reload.

State flows down: the catalog and ASCII mode are reactives of the app; every screen that
shows a view watches them (see :class:`~layerscope.tui.screens.base.ViewScreen`) and asks
the app for its document (:meth:`LayerscopeApp.document`). Nothing walks the screen stack
to push state into screens.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

import msgspec
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.content import Content
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.theme import Theme
from textual.worker import get_current_worker

from layerscope import paths
from layerscope.catalog import Catalog, SearchDir, load_catalog
from layerscope.cli import startup
from layerscope.diagnostics import Diagnostic
from layerscope.report import View, build_document
from layerscope.report.format import glyphs
from layerscope.settings import Settings, load_settings, save_settings
from layerscope.tui.keys import APP_BINDINGS
from layerscope.tui.launch import Editions, Start, default_stacks
from layerscope.tui.screens.base import ViewScreen
from layerscope.tui.screens.comparison import ComparisonScreen
from layerscope.tui.theme import outcome_variables
from layerscope.tui.watch import Notice, Reload, Watcher, diagnostic_notices, dirs_of

if TYPE_CHECKING:
    from textual.command import Provider

    from layerscope.analysis.whatif import Change
    from layerscope.report.document import Document
    from layerscope.tui.screens.layer import LayerScreen

MODAL_BLOCKED = frozenset(
    {"drivers", "flow", "choose_stacks", "export", "filter", "help", "issues", "settings"}
    | {"timeline", "step_date", "date_today"}
    | {"verdict", "what_if"}
)
NEEDS_VIEW = frozenset({"export", "filter"})
SWITCHED = frozenset({"drivers", "flow", "stack", "timeline", "verdict", "level"})
"""Kinds of view that replace one another on the screen stack rather than pile up."""


def _commands_provider() -> type[Provider]:
    from layerscope.tui.palette import JumpProvider

    return JumpProvider


class LayerscopeApp(App[None]):
    """Explore layered technology stacks and compare them side by side."""

    CSS_PATH = Path(__file__).with_name("layerscope.tcss")  # absolute: subclasses live elsewhere
    TITLE = "layerscope"
    BINDINGS = APP_BINDINGS
    COMMANDS = App.COMMANDS | {_commands_provider}
    NOTIFICATION_TIMEOUT = 6

    # Catalogs are compared by identity: a reload is always news, and comparing two big
    # catalogs field by field would cost more than the reload.
    catalog: reactive[Catalog] = reactive(Catalog, always_update=True, init=False)
    """The stacks, problems and dimensions on show (replaced on live reload)."""
    ascii: reactive[bool] = reactive(False, init=False)
    """ASCII symbols only, in every view and in the keys shown."""
    as_of: reactive[str | None] = reactive(None, init=False)
    """The date every view shows the stacks as of (``None``: today, all that is known)."""
    what_if: reactive[tuple[Change, ...]] = reactive((), init=False)
    """Other outcomes tried for some handlings (``w``): every view is built under them and
    lists them at its top. Never written to the data."""

    def __init__(
        self,
        source: Catalog | Sequence[SearchDir],
        *,
        dirs: Sequence[SearchDir] | None = None,
        start: Start | None = None,
        settings: Settings | None = None,
        settings_warning: str | None = None,
        settings_path: Path | None = None,
        poll_interval: float | None = 1.0,
        as_of: str | None = None,
    ) -> None:
        """Open the app.

        Args:
            source: A loaded catalog, or the directories to load it from.
            dirs: The directories to watch and reload from (default: those of ``source``).
            start: What to show first; by default the last comparison (see
                :func:`default_stacks`).
            settings: The settings, if already loaded (else they are loaded here).
            settings_warning: What went wrong loading ``settings``, to tell the user.
            settings_path: The settings file (default: the platform's config dir).
            poll_interval: Seconds between checks for changed files; ``None``: no live reload
                timer (:meth:`check_files` still works).
            as_of: Show the stacks as of this date (checked: ``YYYY``, ``YYYY-MM`` or
                ``YYYY-MM-DD``; see :func:`~layerscope.analysis.dates.parse_date`).
        """
        super().__init__()
        if isinstance(source, Catalog):
            catalog = source
        else:
            dirs = dirs or list(source)
            catalog = load_catalog(source)
        self.set_reactive(LayerscopeApp.catalog, catalog)
        self.watcher = Watcher(dirs if dirs is not None else dirs_of(catalog))
        self.poll_interval = poll_interval
        self.settings_path = settings_path or paths.config_file()
        if settings is None:
            settings, settings_warning = load_settings(self.settings_path)
        self.settings: Settings = settings
        self.set_reactive(LayerscopeApp.ascii, settings.ascii)
        self.set_reactive(LayerscopeApp.as_of, as_of)
        self._dated: tuple[Catalog, str | None, Catalog] | None = None
        self._changed: tuple[Catalog, tuple[Change, ...], tuple[Change, ...], Catalog] | None
        self._changed = None
        self._empty: set[str] = set()
        self._settings_warning = settings_warning
        self._show_date(as_of)
        self.start = start or Start(default_stacks(catalog, self.settings))
        self._screen_filters: WeakKeyDictionary[Screen[Any], str] = WeakKeyDictionary()
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme

    # -- state ------------------------------------------------------------------------------

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
            from layerscope.report.views.timeline import catalog_as_of

            cached = (self.catalog, self.as_of, catalog_as_of(self.catalog, self.as_of)[0])
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

    def watch_ascii(self, ascii: bool) -> None:
        self.update_settings(ascii=ascii)
        self.set_class(ascii, "-ascii")  # ASCII borders (layerscope.tcss)
        self._ascii_scroll_bars(ascii)
        self.screen.refresh_bindings()  # the footer's keys change their names

    def _ascii_scroll_bars(self, ascii: bool) -> None:
        # The chrome Textual draws itself: scroll bars and the header's icon.
        from textual.scrollbar import ScrollBar

        from layerscope.tui.widgets.ascii_bars import use_ascii_scroll_bars

        use_ascii_scroll_bars(ascii)
        for screen in self.screen_stack:
            self._ascii_header(screen)
            for bar in screen.query(ScrollBar):
                bar.refresh()

    def _ascii_header(self, screen: Screen[Any]) -> None:
        from textual.widgets import Header
        from textual.widgets._header import HeaderTitle

        for header in screen.query(Header):
            header.icon = "*" if self.ascii else Header.icon._default  # type: ignore[assignment]
            for part in header.query(HeaderTitle):
                part.update(header.format_title())

    def get_css_variables(self) -> dict[str, str]:
        """Textual's variables, and one colour per outcome (``$outcome-solved`` ...)."""
        variables = super().get_css_variables()
        variables |= outcome_variables(variables, self.current_theme.variables)
        self.theme_variables = variables
        return variables

    def format_title(self, title: str, sub_title: str) -> Content:
        """Textual's header title; in ASCII mode with ``-`` between title and sub-title."""
        if not self.ascii or not sub_title:
            return super().format_title(title, sub_title)
        return Content.assemble(Content(title), (" - ", "dim"), Content(sub_title).stylize("dim"))

    def get_key_display(self, binding: Binding) -> str:
        """Textual's display of a key; in ASCII mode its plain name (``up``, not an arrow)."""
        display = super().get_key_display(binding)
        if self.ascii and not display.isascii():
            return binding.key
        return display

    # -- start-up -----------------------------------------------------------------------------

    def get_default_screen(self) -> ComparisonScreen:
        return ComparisonScreen(self.start.stacks)

    def on_mount(self) -> None:
        self.set_class(self.ascii, "-ascii")
        self._ascii_scroll_bars(self.ascii)
        self.screen_change_signal.subscribe(self, self._ascii_header)
        self.call_after_refresh(lambda: self._ascii_header(self.screen))
        if self.settings.keys:
            self.set_keymap(self.settings.keys)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.start.layer is not None:
            self.open_layer(*self.start.layer)
        elif 2 <= len(self.comparison.stack_ids) <= 4:
            # What the user compares now is what the app reopens with next time.
            self.update_settings(last_comparison=tuple(self.comparison.stack_ids))
        if self.start.diff is not None:
            self.open_diff(self.start.diff)
        if self._settings_warning:
            self.notify(
                self._settings_warning,
                title="Settings",
                severity="warning",
                timeout=10,
                markup=False,
            )
        self.notify_diagnostics(self.catalog.diagnostics)
        if self.poll_interval:
            self.set_interval(self.poll_interval, self.check_files, name="live-reload")

    def on_ready(self) -> None:
        # The command line paused collection for start-up; the first frame is up: freeze
        # what was built and collect again (measured gain: layerscope/cli/startup.py).
        startup.resume(freeze=True)

    def notify_diagnostics(self, diagnostics: Sequence[Diagnostic]) -> None:
        """One notification per file: its diagnostics (file:line and message)."""
        for notice in diagnostic_notices(diagnostics):
            self.tell(notice)

    def tell(self, notice: Notice) -> None:
        """Show a notice; its text is data, never markup."""
        self.notify(
            notice.message,
            title=notice.title,
            severity=notice.severity,
            timeout=notice.timeout,
            markup=False,
        )

    # -- screens --------------------------------------------------------------------------------

    @property
    def comparison(self) -> ComparisonScreen:
        """The comparison screen, always at the bottom of the stack."""
        base = self.screen_stack[0]
        assert isinstance(base, ComparisonScreen)
        return base

    def stacks_on_show(self) -> tuple[str, ...]:
        """The stacks being compared."""
        return tuple(self.comparison.stack_ids)

    def _pop_to_comparison(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def show_comparison(self, stack_ids: Sequence[str]) -> None:
        """Compare these stacks (and remember them as the last comparison)."""
        self._pop_to_comparison()
        self.comparison.set_stacks(stack_ids)
        self.update_settings(last_comparison=tuple(stack_ids))

    def jump_to_stack(self, stack_id: str) -> None:
        """Show a stack: make its pane current, adding it to the comparison if needed."""
        shown = list(self.stacks_on_show())
        if stack_id not in shown:
            if len(shown) < 4:
                shown.append(stack_id)
            else:
                shown[self.comparison.pane] = stack_id
            self.show_comparison(shown)
        else:
            self._pop_to_comparison()
        self.comparison.focus_stack(stack_id)

    def open_view(
        self, view: View, *, example: str | None = None, at: tuple[str, str | None] | None = None
    ) -> None:
        """Open the screen of a view: the one place that makes screens for views.

        A layer opens over the comparison (which selects it too); drivers, flow and stack
        views replace one another rather than pile up.

        Args:
            view: What to show.
            example: For a layer view, the example to put the cursor on (by name).
        """
        screen: ViewScreen
        if view.kind == "layer":
            from layerscope.tui.screens.layer import LayerScreen

            assert view.layer is not None
            stack, layer = self.catalog.layer(view.stacks[0], view.layer)
            self._pop_to_comparison()
            self._follow(stack.id, layer.level)
            self.push_screen(LayerScreen(view, example=example))
            return
        # Imported when first opened: start-up pays only for the comparison.
        if view.kind == "drivers":
            from layerscope.tui.screens.drivers import DriversScreen

            screen = DriversScreen(view)
        elif view.kind == "flow":
            from layerscope.tui.screens.flow import FlowScreen

            screen = FlowScreen(view, at=at)
        elif view.kind == "verdict":
            from layerscope.tui.screens.verdict import VerdictScreen

            screen = VerdictScreen(view)
        elif view.kind == "timeline":
            from layerscope.tui.screens.timeline import TimelineScreen

            screen = TimelineScreen(view)
        elif view.kind == "level":
            from layerscope.tui.screens.level import LevelScreen

            screen = LevelScreen(view)
        elif view.kind == "stack":
            from layerscope.tui.screens.stack import StackScreen

            screen = StackScreen(view)
        else:
            raise ValueError(f"no screen opens a {view.kind} view")
        current = self.screen
        with suppress(ValueError):  # a screen without a view of its own (a diff) stays
            if isinstance(current, ViewScreen) and current.current_view().kind in SWITCHED:
                self.switch_screen(screen)
                return
        self.push_screen(screen)

    def open_diff(self, editions: Editions) -> None:
        """Show what changed between two editions of a stack, over the comparison."""
        from layerscope.tui.screens.diff import DiffScreen

        self.push_screen(DiffScreen(editions))

    def open_layer(self, stack_id: str, layer_id: str, *, example: str | None = None) -> None:
        """Drill into a layer (from the comparison, the palette or the command line)."""
        self.open_view(View("layer", (stack_id,), layer_id), example=example)

    def _follow(self, stack_id: str, level: int) -> None:
        comparison = self.comparison
        if stack_id in comparison.stack_ids:
            comparison.focus_stack(stack_id)
            comparison.selected_level = level

    def on_layer_screen_moved(self, message: LayerScreen.Moved) -> None:
        self._follow(message.stack_id, message.level)

    # -- app-wide actions ---------------------------------------------------------------------

    def _screen_below_palette(self) -> Screen[Any]:
        """The current screen, looking through the command palette (it asks on its behalf)."""
        screens: list[Screen[Any]] = [
            s for s in self.screen_stack if not isinstance(s, CommandPalette)
        ]
        return screens[-1] if screens else self.screen

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        screen = self._screen_below_palette()
        if action in MODAL_BLOCKED and isinstance(screen, ModalScreen):
            return False
        if action in NEEDS_VIEW and not isinstance(screen, ViewScreen):
            return None
        return True

    async def action_back(self) -> None:
        """Clear the filter, else close the screen."""
        screen = self.screen
        if self._screen_filters.get(screen):
            self.clear_filter(screen)
        elif isinstance(screen, ModalScreen):
            screen.dismiss(None)
        elif len(self.screen_stack) > 1:
            self.pop_screen()

    async def action_back_or_quit(self) -> None:
        """Close the screen; on the first screen, quit."""
        screen = self.screen
        if isinstance(screen, ModalScreen):
            screen.dismiss(None)
        elif len(self.screen_stack) > 1:
            self.pop_screen()
        else:
            self.exit()

    def _open_for_stacks_on_show(self, kind: str) -> None:
        shown = self.stacks_on_show()
        if not shown:
            self.notify("No stacks to show", severity="warning")
            return
        self.open_view(View(kind, shown))  # type: ignore[arg-type]

    def action_drivers(self) -> None:
        """What drives the stacks on show."""
        self._open_for_stacks_on_show("drivers")

    def action_flow(self) -> None:
        """Each problem of the stacks on show through the layers, opened on the stack (and
        problem) of the screen it is asked from."""
        shown = self.stacks_on_show()
        if not shown:
            self.notify("No stacks to show", severity="warning")
            return
        self.open_view(View("flow", shown), at=self._flow_origin())

    def _flow_origin(self) -> tuple[str, str | None] | None:
        """The stack and flow entry to open the flow on: the layer screen's stack and the
        problem at its cursor (a handling of it, or its introduction), or the
        comparison's current pane."""
        from layerscope.tui.screens.layer import LayerScreen
        from layerscope.tui.widgets.tables import SortableTable

        screen = self._screen_below_palette()
        if isinstance(screen, ComparisonScreen):
            shown = self.stacks_on_show()
            return (shown[screen.pane], None) if 0 <= screen.pane < len(shown) else None
        if not isinstance(screen, LayerScreen):
            return None
        table, entry = screen.focused, None
        if isinstance(table, SortableTable) and (problem := table.cursor_key):
            if table.block.key == "addresses":
                entry = f"{problem}/{screen.record.id}"
            elif table.block.key == "introduces":
                entry = problem
        return screen.stack.id, entry

    def action_verdict(self) -> None:
        """How far the verdict of each stack on show holds."""
        self._open_for_stacks_on_show("verdict")

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

    def action_timeline(self) -> None:
        """The launches of the stacks on show by level, on one time axis."""
        self._open_for_stacks_on_show("timeline")

    def action_step_date(self, quarters: int) -> None:
        """Show the stacks as of the end of an earlier (``-1``) or later (``1``) quarter;
        stepping past the last quarter that has ended is today again."""
        from layerscope.report.views.timeline import step_quarter

        self.as_of = step_quarter(self.as_of, quarters, datetime.date.today())

    def action_date_today(self) -> None:
        """Show the stacks as they are known today."""
        self.as_of = None

    def action_choose_stacks(self) -> None:
        """Choose 2-4 stacks to compare."""
        from layerscope.tui.dialogs.picker import PickerScreen

        def chosen(stack_ids: list[str] | None) -> None:
            if stack_ids:
                self.show_comparison(stack_ids)

        self.push_screen(PickerScreen(self.stacks_on_show()), chosen)

    def action_export(self) -> None:
        """Export the view on screen (format and path are asked)."""
        from layerscope.tui.dialogs.export import ExportModal

        screen = self.screen
        if not isinstance(screen, ViewScreen):
            return

        def exported(path: Path | None) -> None:
            if path is not None:
                done = f"Sent {path} to the browser" if self.is_web else f"Exported to {path}"
                self.notify(done, title="Export", markup=False)

        try:
            view = screen.current_view()
        except ValueError as err:  # nothing on show to export
            self.notify(f"Nothing to export ({err})", severity="warning", markup=False)
            return
        self.push_screen(ExportModal(view), exported)

    def action_filter(self) -> None:
        """Type to highlight matching layers, problems and examples."""
        from layerscope.tui.dialogs.filter import FilterScreen

        screen = self.screen
        if not isinstance(screen, ViewScreen):
            return

        def done(text: str | None) -> None:
            if text:
                self._screen_filters[screen] = text
                self.action_filter_step(0)  # to the match the bar was at, else the first
            else:
                self.clear_filter(screen)

        self.push_screen(FilterScreen(screen, self._screen_filters.get(screen, "")), done)

    def action_filter_step(self, step: int) -> None:
        """Go to the kept filter's next (``1``), previous (``-1``) or current (``0``) match."""
        from layerscope.tui.dialogs.filter import match_label, step_match

        screen = self.screen
        text = self._screen_filters.get(screen)
        if not isinstance(screen, ViewScreen) or not text:
            self.notify("No filter: / starts one", timeout=2)
            return
        i, n = step_match(screen, step)
        self.notify(f"/{text}: {match_label(i, n)} (n, N: next, previous)", timeout=3, markup=False)

    def clear_filter(self, screen: Screen[Any]) -> None:
        """Remove the filter's highlights from a screen."""
        self._screen_filters.pop(screen, None)
        if isinstance(screen, ViewScreen):
            screen.apply_filter("")

    def action_help(self) -> None:
        """The keys of this screen."""
        from layerscope.tui.dialogs.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))

    def action_issues(self) -> None:
        """Problems found while loading the data."""
        from layerscope.tui.screens.issues import IssuesScreen

        if not isinstance(self.screen, IssuesScreen):
            self.push_screen(IssuesScreen())

    def action_settings(self) -> None:
        """Theme, layer order and symbols."""
        from layerscope.tui.dialogs.settings import SettingsScreen

        self.push_screen(SettingsScreen())

    # -- settings -------------------------------------------------------------------------------

    def update_settings(self, **changes: Any) -> None:
        """Change settings and save them at once."""
        settings = msgspec.structs.replace(self.settings, **changes)
        if settings == self.settings:
            return
        self.settings = settings
        try:
            save_settings(settings, self.settings_path)
        except OSError as err:
            self.notify(f"Could not save settings: {err}", severity="error", markup=False)

    def _theme_changed(self, theme: Theme) -> None:
        self.update_settings(theme=theme.name)

    def set_layer_order(self, order: str) -> None:
        """``top-down`` (highest level first) or ``bottom-up``."""
        self.update_settings(layer_order=order)
        self.comparison.bottom_up = order == "bottom-up"

    def action_toggle_layer_order(self) -> None:
        """Switch between top-down and bottom-up."""
        bottom_up = self.settings.layer_order == "bottom-up"
        self.set_layer_order("top-down" if bottom_up else "bottom-up")

    def action_toggle_ascii(self) -> None:
        """Switch between Unicode and ASCII symbols."""
        self.ascii = not self.ascii

    # -- command palette ------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every action of the screen's bindings, then settings, then Textual's own.

        Textual's "Quit" and "Keys" are left out: the bindings give "Quit" (with its key)
        and "Keys of this screen" (the help) already.
        """
        from layerscope.tui.palette import binding_commands, settings_commands

        yield from binding_commands(self, screen)
        if not isinstance(screen, ModalScreen):
            yield from settings_commands(self)
        ours = {self.action_quit, self.action_show_help_panel, self.action_hide_help_panel}
        for command in super().get_system_commands(screen):
            if command.callback not in ours:
                yield command

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
