"""Atomic writes: a temporary file in the same directory, then a rename.

What the target is decides how it is written:

- a regular file, or nothing yet: a temporary file beside it is written, synced, given the
  old file's mode and (where the system allows) its owner and group, then renamed over it.
  A crash leaves the old file or the new one, never half of one. A file with other hard
  links is replaced the same way, so the write stays atomic and its other names keep the
  old content; :attr:`Written.note` says so.
- a symlink (or a chain of them): followed; the file it points to is written as above, in
  that file's own directory, and the link stays a link (``settings.json`` linked from a
  dotfiles repository stays linked).
- a FIFO or a character device (a terminal, ``/dev/null``): written into, never replaced.
- anything else (a directory, a block device, a socket): refused with an :class:`OSError`.

Temporary names are short (``.layerscope-XXXXXXXX.tmp``, 24 bytes) whatever the target's
name, so every valid file name can be written. A write killed half-way leaves its temporary
behind; the next write in the same directory removes such leftovers (that name pattern, or
the ``.<name>.XXXXXXXX.tmp`` of earlier versions, regular files of the same owner, older
than :data:`STALE_AFTER` seconds).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

TEMP_PREFIX = ".layerscope-"
TEMP_SUFFIX = ".tmp"
STALE_AFTER = 15 * 60
"""Seconds after which a temporary of ours is taken as left by a killed write (no write
takes that long)."""

_RANDOM = r"[a-z0-9_]{8}"  # what tempfile puts between prefix and suffix
_TEMP_NAME = re.compile(re.escape(TEMP_PREFIX) + _RANDOM + re.escape(TEMP_SUFFIX))


@dataclass(frozen=True)
class Written:
    """Where a write went, and what the user should know about it."""

    path: Path
    """The file written: the target of a symlink, else the path given."""
    note: str | None = None
    """E.g. that the file had other hard links, which keep the old content."""


def write_atomic(
    path: Path, data: str | bytes, *, overwrite: bool = True, wait: bool = True
) -> Written:
    """Write ``data`` to ``path`` so that a crash leaves the old file or the new one.

    With ``overwrite=False`` nothing that exists is ever replaced or written into, not even
    a file that appears while writing: the new file is linked into place, which fails if the
    name is taken (a symlink, even a dangling one, counts as taken).

    Args:
        wait: On a FIFO, wait for a reader (like a shell's ``>``); with ``False`` a FIFO
            that nothing reads from is an error at once (for the app, which must not hang).

    Raises:
        FileExistsError: ``overwrite`` is false and ``path`` exists.
        IsADirectoryError: ``path`` is a directory.
        OSError: the directory is missing or not writable, ``path`` is a block device or a
            socket, a symlink loop, or a FIFO nothing reads from; the old file is untouched.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if not overwrite and os.path.lexists(path):
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
    try:
        info: os.stat_result | None = os.stat(path)  # the kernel follows every link
    except FileNotFoundError:
        info = None
    if info is not None:
        kind = info.st_mode
        if stat.S_ISFIFO(kind) or stat.S_ISCHR(kind):
            # Opened by the name given: /dev/stdout's links lead to no path, only the
            # kernel can follow them.
            _write_into(path, payload, fifo=stat.S_ISFIFO(kind), wait=wait)
            return Written(path)
        if stat.S_ISDIR(kind):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(kind):
            raise OSError(
                errno.EINVAL,
                f"it is {_kind(kind)}; only files, FIFOs and terminals are written",
                str(path),
            )
    target = Path(os.path.realpath(path)) if os.path.islink(path) else path
    directory = target.parent if str(target.parent) else Path(".")
    clean_stale_temporaries(directory, target.name)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if info is not None:
            _keep_owner(tmp, info)
            mode = info.st_mode & 0o777
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        if overwrite:
            os.replace(tmp, target)
        else:
            _link_new(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    note = None
    if info is not None and info.st_nlink > 1:
        others = info.st_nlink - 1
        note = (
            f"{target} had {others} other hard link{'s' if others > 1 else ''}; "
            f"{'they keep' if others > 1 else 'it keeps'} the old content"
        )
    return Written(target, note)


def clean_stale_temporaries(directory: Path, name: str | None = None) -> None:
    """Remove the temporaries of writes killed half-way (see the module's description).

    ``name``: also the temporaries earlier versions made for that file name.
    """
    older = re.compile(re.escape(f".{name}.") + _RANDOM + re.escape(TEMP_SUFFIX)) if name else None
    cutoff = time.time() - STALE_AFTER
    uid = os.geteuid() if hasattr(os, "geteuid") else None
    try:
        entries = os.scandir(directory)
    except OSError:
        return
    with entries:
        for entry in entries:
            found = entry.name
            if not found.endswith(TEMP_SUFFIX) or not found.startswith("."):
                continue
            if not (_TEMP_NAME.fullmatch(found) or (older and older.fullmatch(found))):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
                if (
                    stat.S_ISREG(info.st_mode)
                    and info.st_mtime < cutoff
                    and (uid is None or info.st_uid == uid)
                ):
                    os.unlink(entry.path)
            except OSError:
                continue


def _kind(mode: int) -> str:
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _write_into(target: Path, payload: bytes, *, fifo: bool, wait: bool) -> None:
    """Write into a FIFO or a device in place (never created, never truncated)."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0)
    nonblocking = fifo and not wait and hasattr(os, "O_NONBLOCK")
    if nonblocking:
        flags |= os.O_NONBLOCK
    try:
        fd = os.open(target, flags)
    except OSError as err:
        if fifo and err.errno == errno.ENXIO:
            reason = "it is a FIFO that nothing reads from"
            raise OSError(errno.ENXIO, reason, str(target)) from None
        raise
    try:
        if nonblocking:
            os.set_blocking(fd, True)
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _keep_owner(tmp: str, info: os.stat_result) -> None:
    """Give the new file the old one's owner and group, as far as this user may."""
    if not hasattr(os, "chown"):
        return
    current = os.stat(tmp)
    if (current.st_uid, current.st_gid) == (info.st_uid, info.st_gid):
        return
    try:
        os.chown(tmp, info.st_uid, info.st_gid)
    except OSError:
        with contextlib.suppress(OSError):
            os.chown(tmp, -1, info.st_gid)  # a group of one's own is allowed


def _link_new(tmp: str, path: Path) -> None:
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:
        # No hard links here (some network or FAT file systems): check, then rename.
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
        os.replace(tmp, path)
        return
    os.unlink(tmp)
