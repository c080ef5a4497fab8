"""Writes onto what is not a plain file: symlinks, FIFOs, devices, hard links, long names,
and the temporaries a killed write leaves behind.

Nothing here touches a system path: FIFOs and symlinks are made in ``tmp_path``, and a
device is a regular file that a patched ``os.stat`` reports as one.
"""

from __future__ import annotations

import os
import stat
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from layerscope import atomic
from layerscope.atomic import TEMP_PREFIX, TEMP_SUFFIX, write_atomic
from layerscope.settings import Settings, load_settings, save_settings

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file types")


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


# -- symlinks: followed, the target replaced atomically ---------------------------------------


def test_a_symlink_stays_a_symlink_and_its_target_is_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to("real.txt")
    write_atomic(link, "new")
    assert link.is_symlink()
    assert os.readlink(link) == "real.txt"
    assert real.read_text() == "new"
    assert leftovers(tmp_path) == []


def test_a_chain_of_symlinks_into_another_directory(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    real = elsewhere / "real.txt"
    real.write_text("old")
    (tmp_path / "b").symlink_to(real)
    (tmp_path / "a").symlink_to("b")
    write_atomic(tmp_path / "a", "new")
    assert (tmp_path / "a").is_symlink() and (tmp_path / "b").is_symlink()
    assert real.read_text() == "new"
    assert leftovers(tmp_path) == [] and leftovers(elsewhere) == []


def test_a_dangling_symlink_gets_its_target_created(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to("target.txt")
    write_atomic(link, "new")
    assert link.is_symlink()
    assert (tmp_path / "target.txt").read_text() == "new"


def test_settings_symlinked_from_a_dotfiles_repo_stay_a_symlink(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    (dotfiles / "settings.json").write_text("{}\n")
    config = tmp_path / "config"
    config.mkdir()
    link = config / "settings.json"
    link.symlink_to(dotfiles / "settings.json")
    save_settings(Settings(theme="nord"), link)
    assert link.is_symlink()
    assert load_settings(dotfiles / "settings.json")[0].theme == "nord"


def test_a_symlink_loop_is_an_error_and_nothing_is_written(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    with pytest.raises(OSError):
        write_atomic(tmp_path / "a", "new")
    assert (tmp_path / "a").is_symlink() and (tmp_path / "b").is_symlink()
    assert leftovers(tmp_path) == []


def test_without_overwrite_a_symlink_counts_as_taken(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text("old")
    (tmp_path / "link.txt").symlink_to("real.txt")
    with pytest.raises(FileExistsError):
        write_atomic(tmp_path / "link.txt", "new", overwrite=False)
    assert (tmp_path / "real.txt").read_text() == "old"
    assert (tmp_path / "link.txt").is_symlink()


# -- FIFOs and devices: written into, never replaced ------------------------------------------


@posix_only
def test_a_fifo_is_written_into_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_atomic(fifo, "through the pipe\n")
    reader.join(timeout=30)
    assert got == [b"through the pipe\n"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert leftovers(tmp_path) == []


@posix_only
def test_a_fifo_nobody_reads_is_a_clear_error_when_not_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OSError) as caught:
        write_atomic(fifo, "x", wait=False)
    assert caught.value.strerror == "it is a FIFO that nothing reads from"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def _pretend(monkeypatch: pytest.MonkeyPatch, path: Path, kind: int) -> None:
    """Make ``os.stat`` report ``path`` as a file of type ``kind`` (``stat.S_IFCHR``...)."""
    real_stat: Callable[..., os.stat_result] = os.stat

    def fake(target: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        result = real_stat(target, *args, **kwargs)
        if os.path.abspath(target) == str(path):
            fields = list(result)
            fields[0] = kind | 0o666
            return os.stat_result(fields)
        return result

    monkeypatch.setattr(atomic.os, "stat", fake)


def test_a_character_device_is_written_into_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    device = tmp_path / "null"
    device.write_bytes(b"")
    inode = device.stat().st_ino
    _pretend(monkeypatch, device, stat.S_IFCHR)
    replaced: list[object] = []
    monkeypatch.setattr(atomic.os, "replace", lambda *a: replaced.append(a))
    write_atomic(device, "into the device")
    assert replaced == []
    assert device.stat().st_ino == inode
    assert device.read_text() == "into the device"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("kind", "what"), [(stat.S_IFBLK, "a block device"), (stat.S_IFSOCK, "a socket")]
)
def test_a_block_device_or_socket_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: int, what: str
) -> None:
    target = tmp_path / "sda"
    target.write_bytes(b"disk")
    _pretend(monkeypatch, target, kind)
    with pytest.raises(OSError) as caught:
        write_atomic(target, "x")
    assert caught.value.strerror == f"it is {what}; only files, FIFOs and terminals are written"
    assert target.read_bytes() == b"disk"
    assert leftovers(tmp_path) == []


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        write_atomic(tmp_path, "x")


# -- what a replaced file keeps ---------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_ownership_is_kept_where_possible(tmp_path: Path) -> None:
    path = tmp_path / "owned.txt"
    path.write_text("old")
    os.chown(path, 12345, 12346)
    path.chmod(0o640)
    write_atomic(path, "new")
    info = path.stat()
    assert (info.st_uid, info.st_gid, info.st_mode & 0o777) == (12345, 12346, 0o640)


def test_a_hard_link_is_broken_and_that_is_said(tmp_path: Path) -> None:
    """Decided: the write stays atomic (a new file is renamed into place), so the other
    names of a hard-linked file keep the old content; the write says so."""
    first = tmp_path / "first.txt"
    first.write_text("old")
    os.link(first, tmp_path / "second.txt")
    written = write_atomic(first, "new")
    assert first.read_text() == "new"
    assert (tmp_path / "second.txt").read_text() == "old"
    assert written.note is not None and "hard link" in written.note


def test_a_plain_write_has_no_note(tmp_path: Path) -> None:
    written = write_atomic(tmp_path / "x.txt", "x")
    assert written.path == tmp_path / "x.txt"
    assert written.note is None


# -- long names and leftover temporaries ------------------------------------------------------


@pytest.mark.parametrize("length", [242, 250, 255])
def test_a_long_valid_name_can_be_written(tmp_path: Path, length: int) -> None:
    name = "r" * (length - 4) + ".txt"
    write_atomic(tmp_path / name, "long")
    assert (tmp_path / name).read_text() == "long"
    assert leftovers(tmp_path) == []


def _aged(path: Path, seconds: float) -> Path:
    path.write_text("half a write")
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def test_stale_temporaries_are_cleaned_up_on_the_next_write(tmp_path: Path) -> None:
    stale = _aged(tmp_path / f"{TEMP_PREFIX}abcd1234{TEMP_SUFFIX}", 3600)
    old_style = _aged(tmp_path / ".out.txt.k2j4h5g6.tmp", 3600)  # earlier versions' names
    fresh = _aged(tmp_path / f"{TEMP_PREFIX}zzzz9999{TEMP_SUFFIX}", 5)  # a write under way
    foreign = _aged(tmp_path / ".someone-else.tmp", 3600)
    write_atomic(tmp_path / "out.txt", "new")
    assert not stale.exists()
    assert not old_style.exists()
    assert fresh.exists()
    assert foreign.exists()


def test_a_temporary_name_is_recognisable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real_replace = os.replace

    def spy(src: str, dst: str) -> None:
        seen.append(Path(src).name)
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", spy)
    write_atomic(tmp_path / ("n" * 200), "x")
    [name] = seen
    assert name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)
    assert len(name.encode()) <= 32


# -- through the command line -----------------------------------------------------------------

CATALOG = Path(__file__).resolve().parent / "fixtures" / "catalog"


def export_to(target: Path, *extra: str) -> int:
    from layerscope.cli import main

    argv = ["--no-user-data", "--data", str(CATALOG), "export", "stack", "alpha"]
    return main([*argv, "--format", "text", "-o", str(target), *extra])


@posix_only
def test_export_into_a_fifo_writes_the_report_through_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert export_to(fifo) == 0
    reader.join(timeout=30)
    assert b"Alpha stack" in got[0]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_export_onto_a_symlink_replaces_its_target(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "alpha.txt").write_text("old")
    (tmp_path / "alpha.txt").symlink_to(reports / "alpha.txt")
    assert export_to(tmp_path / "alpha.txt") == 0
    assert (tmp_path / "alpha.txt").is_symlink()
    assert "Alpha stack" in (reports / "alpha.txt").read_text()


def test_export_onto_a_block_device_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "sda"
    target.write_bytes(b"disk")
    _pretend(monkeypatch, target, stat.S_IFBLK)
    assert export_to(target) == 1
    err = capsys.readouterr().err
    assert "it is a block device" in err and "Traceback" not in err
    assert target.read_bytes() == b"disk"


@posix_only
def test_a_symlink_to_a_fifo_writes_into_the_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (tmp_path / "out").symlink_to("pipe")
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_atomic(tmp_path / "out", "via the link")
    reader.join(timeout=30)
    assert got == [b"via the link"]
    assert (tmp_path / "out").is_symlink() and stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_export_with_a_255_byte_name(tmp_path: Path) -> None:
    target = tmp_path / ("r" * 251 + ".txt")
    assert export_to(target) == 0
    assert "Alpha stack" in target.read_text()


def test_export_onto_a_file_with_another_hard_link_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from layerscope.cli import main

    target, other = tmp_path / "out.md", tmp_path / "other-name.md"
    target.write_text("old\n")
    os.link(target, other)
    assert main(["--no-user-data", "export", "stack", "ai", "-o", str(target)]) == 0
    err = capsys.readouterr().err
    assert "note:" in err and "hard link" in err, err
    assert other.read_text() == "old\n"  # as the note says
