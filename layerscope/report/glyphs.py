"""Symbols for outcomes and statuses: meaning is never carried by colour alone."""

from __future__ import annotations

# outcome/status -> (unicode symbol, ASCII fallback, theme-neutral Rich style)
_SYMBOLS: dict[str, tuple[str, str, str]] = {
    "solved": ("✓", "+", "green"),
    "mitigated": ("◐", "~", "yellow"),
    "transferred": ("↪", ">", "magenta"),
    "worsened": ("✗", "x", "red"),
    "unaddressed": ("○", "o", "dim"),
}


def symbol(outcome: str, *, ascii: bool = False) -> str:
    """The symbol for an outcome or status (``solved``, ..., ``unaddressed``)."""
    uni, asc, _ = _SYMBOLS.get(outcome, ("?", "?", ""))
    return asc if ascii else uni


def style(outcome: str) -> str:
    """A Rich style for an outcome; always shown together with its symbol and word."""
    return _SYMBOLS.get(outcome, ("", "", ""))[2]


def labelled(outcome: str, *, ascii: bool = False) -> str:
    """Symbol and word, e.g. ``✓ solved``."""
    return f"{symbol(outcome, ascii=ascii)} {outcome}"


def sparkline(values: list[float], *, ascii: bool = False) -> str:
    """A one-line chart of a series (lowest to highest value)."""
    if not values:
        return ""
    bars = "_.-~=*#" if ascii else "▁▂▃▄▅▆▇█"
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    return "".join(bars[round((v - low) / span * (len(bars) - 1))] for v in values)
