"""The layerscope app: the screen stack, app-wide actions, settings and live reload."""

from __future__ import annotations

import gc
import importlib
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

import msgspec
from textual.app import App, SystemCommand
from textual.command import CommandPalette
from textual.screen import ModalScreen, Screen
from textual.theme import Theme
from textual.worker import get_current_worker

from layerscope import paths
from layerscope.catalog import Catalog, SearchDir, load_catalog
from layerscope.diagnostics import Diagnostic
from layerscope.settings import Settings, load_settings, save_settings
from layerscope.tui.keys import APP_BINDINGS
from layerscope.tui.launch import Start, default_stacks
from layerscope.tui.screens.base import ViewScreen
from layerscope.tui.screens.comparison import ComparisonScreen
from layerscope.tui.watch import Notice, Reload, Watcher, diagnostic_notices, dirs_of

if TYPE_CHECKING:
    from textual.command import Provider

    from layerscope.tui.screens.layer import LayerScreen

MODAL_BLOCKED = frozenset(
    {"drivers", "flow", "choose_stacks", "export", "filter", "help", "issues", "settings"}
)
NEEDS_VIEW = frozenset({"export", "filter"})


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
        """
        super().__init__()
        if isinstance(source, Catalog):
            self.catalog = source
        else:
            dirs = dirs or list(source)
            self.catalog = load_catalog(source)
        self.watcher = Watcher(dirs if dirs is not None else dirs_of(self.catalog))
        self.poll_interval = poll_interval
        self.settings_path = settings_path or paths.config_file()
        if settings is None:
            settings, settings_warning = load_settings(self.settings_path)
        self.settings: Settings = settings
        self._settings_warning = settings_warning
        self.start = start or Start(default_stacks(self.catalog, self.settings))
        self._screen_filters: WeakKeyDictionary[Screen[Any], str] = WeakKeyDictionary()
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme

    # -- start-up -----------------------------------------------------------------------------

    def get_default_screen(self) -> ComparisonScreen:
        return ComparisonScreen(
            self.catalog,
            self.start.stacks,
            ascii=self.settings.ascii,
            bottom_up=self.settings.layer_order == "bottom-up",
        )

    def on_mount(self) -> None:
        if self.settings.keys:
            self.set_keymap(self.settings.keys)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.start.layer is not None:
            self.open_layer(*self.start.layer)
        elif 2 <= len(self.comparison.stack_ids) <= 4:
            # What the user compares now is what the app reopens with next time.
            self.update_settings(last_comparison=tuple(self.comparison.stack_ids))
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
        if not gc.isenabled():
            # The launcher paused collection for start-up (see ``run_tui``): what was built
            # so far lives as long as the app, so keep the collector from walking it again.
            gc.freeze()
            gc.enable()

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

    def open_layer(self, stack_id: str, layer_id: str, *, example: str | None = None) -> None:
        """Drill into a layer from the comparison (selecting it there too)."""
        from layerscope.tui.screens.layer import LayerScreen

        self._pop_to_comparison()
        comparison = self.comparison
        others = comparison.stack_ids if stack_id in comparison.stack_ids else [stack_id]
        screen = LayerScreen(
            self.catalog,
            stack_id,
            layer_id,
            others=others,
            ascii=self.settings.ascii,
            example=example,
        )
        self._follow(stack_id, screen.record.level)
        self.push_screen(screen)

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

    def _open_view_screen(self, module: str, name: str) -> None:
        try:
            found = importlib.import_module(f"layerscope.tui.screens.{module}")
            screen_class = getattr(found, name)
        except (ImportError, AttributeError) as err:
            self.notify(
                f"The {module} screen is not available ({err})", severity="warning", markup=False
            )
            return
        if not self.stacks_on_show():
            self.notify("No stacks to show", severity="warning")
            return
        screen = screen_class(self.catalog, self.stacks_on_show(), ascii=self.settings.ascii)
        if type(self.screen).__name__ in ("DriversScreen", "FlowScreen"):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def action_drivers(self) -> None:
        """What drives the stacks on show."""
        self._open_view_screen("drivers", "DriversScreen")

    def action_flow(self) -> None:
        """Each problem of the stacks on show through the layers."""
        self._open_view_screen("flow", "FlowScreen")

    def action_choose_stacks(self) -> None:
        """Choose 2-4 stacks to compare."""
        from layerscope.tui.dialogs.picker import PickerScreen

        def chosen(stack_ids: list[str] | None) -> None:
            if stack_ids:
                self.show_comparison(stack_ids)

        self.push_screen(PickerScreen(self.catalog, self.stacks_on_show()), chosen)

    def action_export(self) -> None:
        """Export the view on screen (format and path are asked)."""
        screen = self.screen
        if not isinstance(screen, ViewScreen):
            return
        try:
            from layerscope.tui.dialogs.export import ExportModal
        except ImportError as err:
            self.notify(f"Export is not available ({err})", severity="warning", markup=False)
            return

        def exported(path: Path | None) -> None:
            if path is not None:
                self.notify(f"Exported to {path}", title="Export", markup=False)

        try:
            view = screen.current_view()
        except ValueError as err:  # nothing on show to export
            self.notify(f"Nothing to export ({err})", severity="warning", markup=False)
            return
        self.push_screen(ExportModal(view, self.catalog, ascii=self.settings.ascii), exported)

    def action_filter(self) -> None:
        """Type to highlight matching layers, problems and examples."""
        screen = self.screen
        if not isinstance(screen, ViewScreen):
            return
        from layerscope.tui.dialogs.filter import FilterScreen

        def done(text: str | None) -> None:
            if text:
                self._screen_filters[screen] = text
            else:
                self.clear_filter(screen)

        self.push_screen(FilterScreen(screen, self._screen_filters.get(screen, "")), done)

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
            self.push_screen(IssuesScreen(self.catalog, ascii=self.settings.ascii))

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

    def set_ascii(self, ascii: bool) -> None:
        """ASCII symbols only, or Unicode ones."""
        self.update_settings(ascii=ascii)
        for screen in self.screen_stack:
            if isinstance(screen, ComparisonScreen):
                screen.ascii = ascii
            elif hasattr(screen, "set_ascii"):
                screen.set_ascii(ascii)

    def action_toggle_layer_order(self) -> None:
        """Switch between top-down and bottom-up."""
        bottom_up = self.settings.layer_order == "bottom-up"
        self.set_layer_order("top-down" if bottom_up else "bottom-up")

    def action_toggle_ascii(self) -> None:
        """Switch between Unicode and ASCII symbols."""
        self.set_ascii(not self.settings.ascii)

    # -- command palette ------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every action of the screen's bindings, then settings, then Textual's own."""
        from layerscope.tui.palette import binding_commands, settings_commands

        yield from binding_commands(self, screen)
        if not isinstance(screen, ModalScreen):
            yield from settings_commands(self)
        yield from super().get_system_commands(screen)

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
        """Show a reloaded catalog on every screen and say what happened."""
        self.catalog = result.catalog
        for screen in self.screen_stack:
            if isinstance(screen, ViewScreen) or hasattr(screen, "update_catalog"):
                screen.update_catalog(result.catalog)
        for notice in result.notices():
            self.tell(notice)
