"""What the key lists are made with: the footer's groups and :func:`move`."""

from __future__ import annotations

from textual.binding import Binding

LEVEL = Binding.Group("level", compact=True)
PANE = Binding.Group("pane", compact=True)
LAYER = Binding.Group("layer", compact=True)

_moves: set[str] = set()


def move(key: str, action: str, description: str, tooltip: str, id: str, **kw: object) -> Binding:
    """A binding that only moves a cursor or scrolls: in the help, not in the palette.

    (Running "the next line" from a palette is no command; the keys are what it is for.)
    """
    _moves.add(id)
    return Binding(key, action, description, tooltip=tooltip, id=id, **kw)  # type: ignore[arg-type]
