"""The colours of the HTML and SVG exports, for light and dark pages.

Each scheme is one :class:`Palette`. Every colour that text is drawn in reads at WCAG AA
contrast (4.5:1) on the page and on every region fill of a chart; tests compute it. An
outcome's colour only adds to its symbol and word, never replaces them. The stylesheets
are written with literal colours (no CSS variables), because SVG viewers such as librsvg
do not read variables; the dark scheme is the same rules under ``prefers-color-scheme``.
"""

from __future__ import annotations

from typing import NamedTuple, get_args

from layerscope.report.document import ShapeRole


class Palette(NamedTuple):
    """The colours of one scheme (``#rrggbb``)."""

    background: str
    ink: str
    """Body text, axes, marks."""
    muted: str
    """Secondary text (dates, notes, references), grid lines."""
    link: str
    rule: str
    """Table rules and borders (not text)."""
    stripe: str
    """The background of table headers and code (text sits on it)."""
    outcomes: dict[str, str]
    """Text and strokes of each outcome role."""
    regions: dict[str, str]
    """The fill of each verdict region of a chart (text sits on it)."""


LIGHT = Palette(
    background="#ffffff",
    ink="#1f2328",
    muted="#57606a",
    link="#0756c4",
    rule="#d0d7de",
    stripe="#f3f5f7",
    outcomes={
        "solved": "#1a7232",
        "mitigated": "#8a5300",
        "transferred": "#8a3aa8",
        "worsened": "#b8202a",
        "unaddressed": "#57606a",
    },
    regions={"progression": "#e3f4e6", "mixed": "#f6f8fa", "transfer": "#f5e9f7"},
)
DARK = Palette(
    background="#0d1117",
    ink="#e6edf3",
    muted="#9ea7b3",
    link="#6cb0ff",
    rule="#3d444d",
    stripe="#161b22",
    outcomes={
        "solved": "#56d364",
        "mitigated": "#e3b341",
        "transferred": "#d2a8ff",
        "worsened": "#ff7b72",
        "unaddressed": "#9ea7b3",
    },
    regions={"progression": "#0f2a1a", "mixed": "#161b22", "transfer": "#2a1736"},
)
SCHEMES: dict[str, Palette] = {"light": LIGHT, "dark": DARK}


def text_colours(palette: Palette) -> dict[str, str]:
    """Every colour text is drawn in, by what it is (for the contrast tests)."""
    return {
        "ink": palette.ink,
        "muted": palette.muted,
        "link": palette.link,
        **{f"outcome {name}": colour for name, colour in palette.outcomes.items()},
    }


def shape_colour(palette: Palette, role: str) -> str:
    """The stroke (and text) colour of a chart shape of this role."""
    if role in palette.outcomes:
        return palette.outcomes[role]
    if role in ("dim", "grid", "threshold"):
        return palette.muted
    if role in palette.regions:
        return palette.muted
    return palette.ink


def shape_fill(palette: Palette, role: str) -> str:
    """The fill of a chart area of this role (a region, or a tint of an outcome)."""
    if role in palette.regions:
        return palette.regions[role]
    return shape_colour(palette, role)


ROLES: tuple[str, ...] = get_args(ShapeRole)
"""The shape roles (``document.ShapeRole``), each with a class in :func:`shape_rules`."""


def role_class(role: str) -> str:
    """The CSS class of a shape's role: ``r-solved``; ``r-ink`` for the empty role."""
    return f"r-{role or 'ink'}"


def shape_rules(palette: Palette, scope: str = "") -> str:
    """CSS for chart shapes: ``.r-ROLE`` classes for areas (``.a``), strokes (``.s``),
    marks (``.m``) and labels (``.t``), under the selector ``scope``."""
    pre = f"{scope} " if scope else ""
    rules = []
    for role in ROLES:
        cls = role_class(role)
        colour, fill = shape_colour(palette, role), shape_fill(palette, role)
        rules.append(
            f"{pre}.a.{cls}{{fill:{fill}}}"
            f"{pre}.s.{cls},{pre}.o.{cls}{{stroke:{colour}}}"
            f"{pre}.m.{cls},{pre}.t.{cls}{{fill:{colour}}}"
        )
    # A halo of the page's colour under every label keeps it legible over lines and hatching.
    rules.append(f"{pre}.t{{stroke:{palette.background}}}")
    rules.append(f"{pre}.hatch{{stroke:{palette.outcomes['transferred']}}}")
    rules.append(f"{pre}.dots{{fill:{palette.outcomes['solved']}}}")
    return "\n".join(rules)
