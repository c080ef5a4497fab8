"""``python -m layerscope``."""

from __future__ import annotations

import sys

from layerscope.cli import main

sys.exit(main())
