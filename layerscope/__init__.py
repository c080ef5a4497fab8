"""layerscope: explore layered technology stacks and compare them side by side."""

from __future__ import annotations

__version__ = "0.1.0"
