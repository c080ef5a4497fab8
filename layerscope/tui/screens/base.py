"""The small protocol every screen of the app implements."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from layerscope.catalog import Catalog
    from layerscope.report import View


@runtime_checkable
class ViewScreen(Protocol):
    """What the app asks of a screen: export, live reload and the ``/`` filter."""

    def current_view(self) -> View:
        """The view that ``e`` exports: what this screen shows right now."""
        ...

    def update_catalog(self, catalog: Catalog) -> None:
        """Show ``catalog`` instead of the current one (live reload); keep the selection."""
        ...

    def apply_filter(self, text: str) -> int:
        """Highlight what matches ``text`` and return the match count; ``""`` clears."""
        ...
