"""The layerscope app: app state, start-up, app-wide actions, settings.

State flows down: the catalog and ASCII mode are reactives of the app; every screen that
shows a view watches them (see :class:`~layerscope.tui.screens.base.ViewScreen`) and asks
the app for its document (:meth:`LayerscopeApp.document`). Nothing walks the screen stack
to push state into screens.

What the views show (the date, the what-if) is :mod:`layerscope.tui.state`; the screen
stack and the keys that open views are :mod:`layerscope.tui.navigation`; live reload and
the notices of what loading found are :mod:`layerscope.tui.reload`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

import msgspec
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.theme import Theme

from layerscope import paths
from layerscope.catalog import Catalog, SearchDir, load_catalog
from layerscope.cli import startup
from layerscope.settings import Settings, load_settings, save_settings
from layerscope.terminal_text import visible
from layerscope.tui.keys import APP_BINDINGS
from layerscope.tui.launch import Start, default_stacks
from layerscope.tui.navigation import Navigation
from layerscope.tui.reload import LiveReload
from layerscope.tui.screens.base import ViewScreen
from layerscope.tui.screens.comparison import ComparisonScreen
from layerscope.tui.state import ShownState
from layerscope.tui.theme import outcome_variables
from layerscope.tui.watch import Watcher, dirs_of

if TYPE_CHECKING:
    from textual.command import Provider

    from layerscope.analysis.whatif import Change

MODAL_BLOCKED = frozenset(
    {"drivers", "flow", "choose_stacks", "export", "filter", "help", "issues", "settings"}
    | {"timeline", "step_date", "date_today"}
    | {"verdict", "what_if"}
)
NEEDS_VIEW = frozenset({"export", "filter"})


def _commands_provider() -> type[Provider]:
    from layerscope.tui.palette import JumpProvider

    return JumpProvider


class LayerscopeApp(ShownState, Navigation, LiveReload):
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
        self._dated = None
        self._changed = None
        self._empty: set[str] = set()
        self._settings_warning = settings_warning
        self._show_date(as_of)
        self.start = start or Start(default_stacks(catalog, self.settings))
        self._screen_filters: WeakKeyDictionary[Screen[Any], str] = WeakKeyDictionary()
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme

    # -- appearance -------------------------------------------------------------------------

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
        """Textual's header title; in ASCII mode with ``-`` between title and sub-title.

        A sub-title can name a file (``tui --diff``): control characters show as escapes.
        """
        title, sub_title = visible(title), visible(sub_title)
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
                visible(self._settings_warning, lines=True),
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

    # -- app-wide actions ---------------------------------------------------------------------

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

    def action_export(self) -> None:
        """Export the view on screen (format and path are asked)."""
        from layerscope.tui.dialogs.export import ExportModal

        screen = self.screen
        if not isinstance(screen, ViewScreen):
            return

        def exported(path: Path | None) -> None:
            if path is not None:
                done = f"Sent {path} to the browser" if self.is_web else f"Exported to {path}"
                self.notify(visible(done), title="Export", markup=False)

        try:
            view = screen.to_export()
        except ValueError as err:  # nothing on show to export
            self.notify(visible(f"Nothing to export ({err})"), severity="warning", markup=False)
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
        from layerscope.tui.dialogs.filter import match_label, show_marker, step_match

        screen = self.screen
        text = self._screen_filters.get(screen)
        if not isinstance(screen, ViewScreen) or not text:
            self.notify("No filter: / starts one", timeout=2)
            return
        i, n = step_match(screen, step)
        show_marker(screen, text, i, n)
        self.notify(f"/{text}: {match_label(i, n)} (n, N: next, previous)", timeout=3, markup=False)

    def clear_filter(self, screen: Screen[Any]) -> None:
        """Remove the filter's highlights from a screen."""
        self._screen_filters.pop(screen, None)
        if isinstance(screen, ViewScreen):
            from layerscope.tui.dialogs.filter import hide_marker

            hide_marker(screen)
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
            message = visible(f"Could not save settings: {err}")
            self.notify(message, severity="error", markup=False)

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
