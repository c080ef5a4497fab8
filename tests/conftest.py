"""Shared fixtures. The one seam: platform directories point into a temporary home."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_CATALOG = FIXTURES / "catalog"


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Never touch the real home: XDG dirs and HOME point into a fresh directory.

    Subprocesses inherit the environment, so CLI tests are covered as well.
    """
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.delenv("LAYERSCOPE_PATH", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield home


@pytest.fixture
def fixture_catalog():  # type: ignore[no-untyped-def]
    """The small fixture catalog (alpha, beta and two dimensions), nothing else."""
    from layerscope.catalog import SearchDir, load_catalog

    return load_catalog([SearchDir(FIXTURE_CATALOG, "--data")])
