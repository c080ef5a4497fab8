"""Write ``screenshots/*.svg``: every screen of the app on the shipped data, at 120×36.

Run from a checkout: ``python scripts/screenshots.py [OUTPUT_DIR]``. The user's own data
and settings are left out, so the pictures are the same on every machine.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from layerscope import paths
from layerscope.catalog import SearchDir, load_catalog
from layerscope.settings import Settings
from layerscope.tui.app import LayerscopeApp
from layerscope.tui.launch import Start

SIZE = (120, 36)
Steps = Callable[[Pilot[None]], Awaitable[None]]


async def settle(pilot: Pilot[None]) -> None:
    for _ in range(3):
        await pilot.pause()


def keys(*presses: str) -> Steps:
    async def run(pilot: Pilot[None]) -> None:
        await pilot.press(*presses)
        await pilot.pause(0.25)  # the comparison's strip follows a moment after the keys
        await settle(pilot)

    return run


async def export_dialog(pilot: Pilot[None]) -> None:
    await pilot.press("e")
    await settle(pilot)
    # The suggested name carries today's date; keep the picture stable.
    pilot.app.screen.query_one("#export-path").value = "./layerscope-compare-ai-crypto.md"  # type: ignore[attr-defined]
    await pilot.press("right", "right")  # Markdown
    await settle(pilot)


async def palette(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+p", *"reason")
    for _ in range(20):
        await asyncio.sleep(0.05)
        await pilot.pause()


SHOTS: dict[str, tuple[Start, Steps]] = {
    "comparison": (Start(("ai", "crypto")), keys("down")),
    "comparison-three": (Start(("ai", "crypto", "network")), keys("down", "down")),
    "layer": (Start(("ai", "crypto"), layer=("ai", "reasoning")), settle),
    "layer-crypto": (Start(("ai", "crypto"), layer=("crypto", "rollups")), settle),
    "drivers": (Start(("ai", "crypto")), keys("d")),
    "flow": (Start(("ai", "crypto")), keys("f")),
    "help": (Start(("ai", "crypto")), keys("question_mark")),
    "picker": (Start(("ai", "crypto")), keys("s")),
    "filter": (Start(("ai", "crypto")), keys("slash", *"token")),
    "palette": (Start(("ai", "crypto")), palette),
    "export": (Start(("ai", "crypto")), export_dialog),
}


async def shoot(name: str, start: Start, steps: Steps, out: Path, settings_path: Path) -> Path:
    catalog = load_catalog([SearchDir(paths.builtin_data_dir(), "built-in")])
    app = LayerscopeApp(
        catalog,
        start=start,
        settings=Settings(),
        settings_path=settings_path,
        poll_interval=None,
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.clear_notifications()
        await steps(pilot)
        target = out / f"{name}.svg"
        app.save_screenshot(filename=target.name, path=str(out))
    return target


async def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        settings_path = Path(tmp) / "settings.json"
        for name, (start, steps) in SHOTS.items():
            written = await shoot(name, start, steps, out, settings_path)
            print(written)


if __name__ == "__main__":
    target = (
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "screenshots"
    )
    asyncio.run(main(target))
