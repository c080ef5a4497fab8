"""Paths that are not what they seem say what they are: a symbolic link loop is not "no such
file", an unreadable directory is not one that "does not exist", and nothing gives a
traceback."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from layerscope.catalog import SearchDir, load_catalog, load_paths
from layerscope.cli import main


def _loop(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    os.symlink(path, path)  # a link to itself
    return path


def test_data_that_is_a_link_loop_is_called_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    loop = _loop(tmp_path, "loop")
    assert main(["--data", str(loop), "list"]) == 2
    err = capsys.readouterr().err
    assert f"--data {loop}: symbolic link loop" in err, err


def test_data_that_is_a_file_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "stack.yaml"
    file.write_text("x: 1\n")
    assert main(["--data", str(file), "list"]) == 2
    assert f"--data {file}: not a directory" in capsys.readouterr().err


def test_data_the_user_may_not_list_says_permission_denied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # As /proc/1/root does for a user who is not root (root may read anything: patched).
    locked = tmp_path / "locked"
    locked.mkdir()
    real_stat = Path.stat

    def stat(self: Path, **kw: object) -> os.stat_result:
        if self == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_stat(self, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "stat", stat)
    assert main(["--data", str(locked), "list"]) == 2
    err = capsys.readouterr().err
    assert f"--data {locked}: permission denied" in err and "Traceback" not in err


def test_a_search_path_entry_that_loops_is_a_warning_that_says_so(tmp_path: Path) -> None:
    loop = _loop(tmp_path, "dir-loop")
    catalog = load_catalog([SearchDir(loop, "LAYERSCOPE_PATH")])
    messages = [d.message for d in catalog.extra]
    assert messages == ["LAYERSCOPE_PATH directory: symbolic link loop"], messages


def test_validating_a_file_that_loops_says_so(tmp_path: Path) -> None:
    loop = _loop(tmp_path, "loop.yaml")
    catalog = load_paths([loop])
    assert [d.message for d in catalog.extra] == ["symbolic link loop"]


def test_a_file_name_that_is_not_utf8_loads_and_shows_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from test_tui_support import FIXTURE_CATALOG

    data = tmp_path / "data"
    data.mkdir()
    name = os.fsdecode(b"alpha-\xff.yaml")  # not UTF-8: Python keeps the byte as a surrogate
    (data / name).write_bytes((FIXTURE_CATALOG / "alpha.yaml").read_bytes())
    assert main(["--no-user-data", "--data", str(data), "list"]) == 0
    out = capsys.readouterr().out
    assert "alpha" in out and "\udcff" not in out
    assert main(["--no-user-data", "--data", str(data), "list"]) == 0  # and again, cached or not
