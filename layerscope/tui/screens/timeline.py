"""The timeline screen: the stacks on show on one time axis, from the timeline view's document.

A lane per level and stack with each example at its launch date, the first launch per
level, the lags from level to level and each stack's verdict over time; ``m`` draws every
metric with a history on the same time axis, or takes them away. ``<`` and ``>`` (anywhere
in the app) step the date; the timeline is then drawn as of it, like every view.
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from textual.binding import BindingType

from layerscope.tui.keys import TIMELINE_BINDINGS
from layerscope.tui.screens.base import DocumentScreen


class TimelineScreen(DocumentScreen):
    """When each level of the stacks on show arrived, and how the verdicts moved.

    Raises:
        ValueError: not a timeline view.
    """

    BINDINGS: ClassVar[list[BindingType]] = TIMELINE_BINDINGS
    KIND = "timeline"

    def action_toggle_metrics(self) -> None:
        """Show or hide the metrics on the time axis (what ``e`` exports follows)."""
        self.view = dataclasses.replace(self.view, metrics=not self.view.metrics)
        self.refresh_view()
