"""The headless core never imports Textual: `list`, `validate` and `export` do not pay for it.

Each check runs in a fresh interpreter, where nothing else has imported Textual yet.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = """
import json, sys
{body}
print(json.dumps(sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))))
"""


def textual_modules(body: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(body=body)],
        capture_output=True,
        text=True,
        check=True,
    )
    last = out.stdout.strip().splitlines()[-1]
    modules: list[str] = json.loads(last)
    return modules


def test_the_probe_sees_textual() -> None:
    # The control: the probe does notice an import of Textual.
    assert "textual" in textual_modules("import textual.app")


@pytest.mark.parametrize(
    "module",
    [
        "layerscope.cli",
        "layerscope.model",
        "layerscope.load.loader",
        "layerscope.catalog",
        "layerscope.analysis",
        "layerscope.settings",
        "layerscope.report",
    ],
)
def test_core_module_does_not_import_textual(module: str) -> None:
    assert textual_modules(f"import {module}") == []


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["list", "--format", "json"],
        ["validate"],
        ["schema"],
        ["paths"],
        ["export", "compare", "ai", "crypto"],
        ["show", "ai"],
    ],
    ids=lambda argv: " ".join(argv),
)
def test_command_does_not_import_textual(argv: list[str]) -> None:
    body = (
        "import contextlib, io\n"
        "from layerscope.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main({argv!r})\n"
        "assert code == 0, code\n"
    )
    assert textual_modules(body) == []
