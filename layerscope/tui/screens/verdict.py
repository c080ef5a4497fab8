"""The verdict screen (``v``): how far each verdict of the stacks on show holds.

The verdict view's document as it is: the verdict map (its character drawing), then per
stack the verdict with its range, robust or contested, the margin, the pivotal handlings,
the contested readings and the problem debt per level. Under a what-if, the document lists
the changes at its top and every number is recomputed from them.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType

from layerscope.tui.keys import VERDICT_BINDINGS
from layerscope.tui.screens.base import DocumentScreen


class VerdictScreen(DocumentScreen):
    """The verdict view of the stacks on show.

    Raises:
        ValueError: not a verdict view.
    """

    BINDINGS: ClassVar[list[BindingType]] = VERDICT_BINDINGS
    KIND = "verdict"
