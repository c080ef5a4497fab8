"""The stack screen: one stack from top to bottom, from the stack view's document."""

from __future__ import annotations

from layerscope.tui.screens.base import DocumentScreen


class StackScreen(DocumentScreen):
    """A stack: its thesis and verdict, then every layer with what it handles.

    Raises:
        ValueError: not a stack view.
    """

    KIND = "stack"
