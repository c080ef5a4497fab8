"""The outcome palette: a colour per outcome, for every theme, from the theme's own colours.

The app adds ``$outcome-solved``, ``$outcome-mitigated``, ``$outcome-transferred``,
``$outcome-worsened`` and ``$outcome-unaddressed`` to the CSS variables of whatever theme is
on (``LayerscopeApp.get_css_variables``); the screen's renderer styles the outcome roles
with them. They are pairwise distinct in every theme Textual ships, the ANSI ones included:
meaning is still carried by the symbol and the word, but a transfer must never look like a
success.
"""

from __future__ import annotations

# Each outcome's colour comes from the theme's own text colours, tried in order: the first
# that no outcome before it took. A theme may use one colour for two roles (ansi-dark's
# accent is its success green, textual-dark's accent its warning orange), and a transfer
# must never look like a success. These are theme variable names, not colours: the app
# names no colour of its own. A theme that defines ``outcome-…`` itself keeps its choice.
OUTCOME_SOURCES: dict[str, tuple[str, ...]] = {
    "solved": ("text-success",),
    "worsened": ("text-error",),
    "mitigated": ("text-warning",),
    "transferred": ("text-accent", "text-secondary", "text-primary"),
    "unaddressed": ("text-muted",),
}
OUTCOME_FALLBACKS = ("text-secondary", "text-primary", "text-accent", "text-warning", "text")


def outcome_variables(variables: dict[str, str], fixed: dict[str, str]) -> dict[str, str]:
    """``outcome-solved`` ... ``outcome-unaddressed``, pairwise distinct where possible.

    Args:
        variables: The theme's CSS variables (``text-success`` and so on).
        fixed: Variables the theme sets itself (an ``outcome-…`` there is kept).
    """
    from textual.markup import parse_style

    read: dict[str, object] = {}

    def colour(value: str) -> object:
        # As CSS resolves it: "#4ebf71" and "#4EBF71" are one colour. Only a value that
        # names a variable needs them (handing them over costs a tokenising of them all).
        if value not in read:
            try:
                style = parse_style(value, variables if "$" in value else None)
                read[value] = style.foreground or value
            except Exception:  # nothing Textual reads as a colour: compare the text
                read[value] = value
        return read[value]

    chosen: dict[str, str] = {}
    taken: list[object] = []
    for outcome, sources in OUTCOME_SOURCES.items():
        name = f"outcome-{outcome}"
        values = [variables[v] for v in (*sources, *OUTCOME_FALLBACKS) if v in variables]
        # Textual defines every text-… variable for every theme: ``values`` is never empty.
        value = fixed.get(name) or next((v for v in values if colour(v) not in taken), values[0])
        chosen[name] = value
        taken.append(colour(value))
    return chosen
