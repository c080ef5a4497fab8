"""The filter bar (``/``): type to highlight what matches on the screen below.

``down`` and ``up`` in the bar, ``n`` and ``N`` on the screen once it is kept, go from one
match to the next, revealing it (a collapsed tree entry opens, a table row gets the
cursor); the bar and each jump say which match it is: "match 2/5".
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from layerscope.report.format import glyphs
from layerscope.tui.keys import FILTER_BINDINGS
from layerscope.tui.screens.base import ViewScreen
from layerscope.tui.widgets.document import DocumentView, Match

_positions: WeakKeyDictionary[ViewScreen, int] = WeakKeyDictionary()
"""The match each screen is at (0-based), for ``n`` and ``N``."""


def screen_matches(screen: ViewScreen) -> list[tuple[DocumentView, Match]]:
    """Every match of the screen's filter, document by document, in order."""
    return [(view, match) for view in screen.query(DocumentView) for match in view.matches()]


def step_match(screen: ViewScreen, step: int) -> tuple[int, int]:
    """Go ``step`` matches on (``0``: the current one); ``(i, n)``, 1-based (``(0, 0)``: none)."""
    found = screen_matches(screen)
    if not found:
        _positions.pop(screen, None)
        return 0, 0
    current = _positions.get(screen)
    # From no match yet: forward (and "the current one") is the first, back the last.
    index = (0 if step >= 0 else -1) if current is None else current + step
    index %= len(found)
    _positions[screen] = index
    view, match = found[index]
    view.go_to(match)
    return index + 1, len(found)


def reset_matches(screen: ViewScreen) -> None:
    """Start again from the first match (the filter changed)."""
    _positions.pop(screen, None)


def match_label(i: int, n: int) -> str:
    """``match 2/5``, or ``no match``."""
    return f"match {i}/{n}" if n else "no match"


class FilterMarker(Static):
    """The line that says a kept filter is on, above the footer: what it matches and which
    match the cursor is at ("filter: engine · match 2/5"), until ``esc`` clears it."""

    DEFAULT_CSS = """
    FilterMarker {
        dock: bottom;
        height: 1;
        margin-bottom: 1;  /* above the footer, which docks at the bottom too */
        padding: 0 1;
        background: $panel;
    }
    """


def show_marker(screen: ViewScreen, text: str, i: int, n: int) -> None:
    """Say on ``screen`` that the filter ``text`` is kept, at match ``i`` of ``n``."""
    g = glyphs(bool(getattr(screen.app, "ascii", False)))
    parts: list[Content | str] = [Content.styled("filter: ", "bold"), text]
    if any(True for _ in screen.query(DocumentView)):  # a screen of documents counts matches
        parts += [g.sep, match_label(i, n)]
    hint = g.sep.join(("n, N: next, previous", "esc: clear"))
    parts.append(Content.styled(f"{g.sep}{hint}", "$text-muted"))
    line = Content.assemble(*parts)
    found = list(screen.query(FilterMarker))
    if found:
        found[0].update(line)
    else:
        screen.mount(FilterMarker(line, markup=False, id="filter-marker"))


def hide_marker(screen: ViewScreen) -> None:
    """No kept filter on ``screen`` (any longer)."""
    for marker in screen.query(FilterMarker):
        marker.remove()


class FilterScreen(ModalScreen[str | None]):
    """A one-line bar at the bottom; the screen below highlights matches as you type.

    Dismisses with the text on ``enter`` (the highlights stay) and with ``None`` on ``esc``
    (the highlights go).
    """

    BINDINGS = FILTER_BINDINGS

    def __init__(self, target: ViewScreen, text: str = "") -> None:
        """Filter ``target``, starting with ``text``."""
        super().__init__()
        self.target = target
        self.initial = text

    def compose(self) -> ComposeResult:
        with Horizontal(id="filter-bar"):
            yield Static(Content.styled("/", "bold $text-accent"), id="filter-prompt")
            yield Input(
                self.initial,
                placeholder="filter layers, problems, examples",
                id="filter-input",
            )
            yield Static(id="filter-count", markup=False)

    def on_mount(self) -> None:
        hide_marker(self.target)  # the bar says it all while it is open
        self._apply(self.initial)

    @on(Input.Changed, "#filter-input")
    def _changed(self, event: Input.Changed) -> None:
        self._apply(event.value)

    def _apply(self, text: str) -> None:
        count = self.target.apply_filter(text)
        reset_matches(self.target)
        label = "" if not text.strip() else f"{count} match" + ("" if count == 1 else "es")
        self.query_one("#filter-count", Static).update(Content(label))

    def action_only_matches(self) -> None:
        """Hide what does not match, or show it again (a toggle)."""
        views = list(self.target.query(DocumentView))
        only = not any(view.only_matches for view in views)
        for view in views:
            view.show_only_matches(only)
        reset_matches(self.target)
        self.notify("Only the matches" if only else "Everything again", timeout=2)

    def action_step(self, step: int) -> None:
        """Go to the next (``1``) or previous (``-1``) match; say which it is."""
        if not self.query_one("#filter-input", Input).value.strip():
            return
        i, n = step_match(self.target, step)
        self.query_one("#filter-count", Static).update(Content(match_label(i, n)))

    @on(Input.Submitted, "#filter-input")
    def action_keep(self) -> None:
        """Close the bar, keeping the highlights."""
        text = self.query_one("#filter-input", Input).value
        self.dismiss(text if text.strip() else None)

    def action_cancel(self) -> None:
        """Close the bar and clear the highlights."""
        self.dismiss(None)
