"""Writing a file so that readers only ever see the old text or the new, never a part.

- ``exclusive``: the file must not exist yet; of several writers creating it at once,
  exactly one wins (a hard link fails if the name is taken).
- Where Linux offers ``O_TMPFILE``, the new text is written to a file with no name, which
  is linked into place only when complete: a process killed halfway leaves nothing behind.
- Elsewhere (and to replace a file) a named temporary file is used, in ``tmp_dir`` on the
  same file system, named ``{pid}-{random}.tmp`` so that ``sweep`` can remove those that a
  killed process left.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from pathlib import Path

TEMP_NAME = re.compile(r"(\d+)-[0-9a-f]{16}\.tmp")
# A temporary file this old is stale whatever its process: no write takes a day.
STALE_AFTER = 24 * 3600


def atomic_write(
    target: Path,
    text: str,
    *,
    tmp_dir: Path,
    exclusive: bool = False,
    durable: bool = True,
    sync_dir: bool = True,
) -> None:
    """Write ``text`` to ``target`` in one step; raise FileExistsError if ``exclusive`` and
    ``target`` exists. On any failure the old file (if any) is left as it was.

    ``durable`` fsyncs the data before it takes the name (so that a power cut cannot leave
    an empty file), and ``sync_dir`` the folder after (so that the new name survives one);
    a caller writing many files may sync the folder once at the end (``sync_folder``)."""
    try:
        _atomic_write(target, text, tmp_dir, exclusive, durable, sync_dir)
    except FileExistsError:
        raise
    except OSError as exc:
        # named for the file being written, not for a temporary file the user never chose
        raise OSError(exc.errno, exc.strerror, str(target)) from None


def _atomic_write(
    target: Path, text: str, tmp_dir: Path, exclusive: bool, durable: bool, sync_dir: bool
) -> None:
    data = text.encode("utf-8")
    if exclusive and _write_unnamed(target, data, durable=durable, sync_dir=sync_dir):
        return
    tmp_dir.mkdir(parents=True, exist_ok=True)
    tmp = tmp_dir / f"{os.getpid()}-{os.urandom(8).hex()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            _write_all(fd, data, durable)
        finally:
            os.close(fd)
        if exclusive:
            os.link(tmp, target)
        else:
            os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    if sync_dir:
        sync_folder(target.parent)


def _write_unnamed(target: Path, data: bytes, *, durable: bool, sync_dir: bool) -> bool:
    """Create ``target`` from an unnamed file (Linux ``O_TMPFILE``); False if unsupported."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not Path("/proc/self/fd").is_dir():
        return False
    try:
        fd = os.open(target.parent, flag | os.O_WRONLY, 0o644)
    except OSError:
        return False  # a file system without O_TMPFILE support
    try:
        _write_all(fd, data, durable)
        folder = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            # linkat with AT_SYMLINK_FOLLOW, which a dir fd makes os.link use
            os.link(f"/proc/self/fd/{fd}", target.name, dst_dir_fd=folder)
            if sync_dir:
                os.fsync(folder)
        finally:
            os.close(folder)
    finally:
        os.close(fd)
    return True


def _write_all(fd: int, data: bytes, durable: bool) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    if durable:
        os.fsync(fd)


def sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def stale_temp_files(tmp_dir: Path) -> list[Path]:
    """Temporary files whose writer is gone (its process ended) or that are a day old."""
    stale = []
    try:
        names = os.listdir(tmp_dir)
    except FileNotFoundError:
        return []
    now = time.time()
    for name in names:
        match = TEMP_NAME.fullmatch(name)
        if match is None:
            continue
        path = tmp_dir / name
        try:
            old = now - path.stat().st_mtime > STALE_AFTER
        except FileNotFoundError:
            continue
        if old or not _alive(int(match[1])):
            stale.append(path)
    return stale


def sweep(tmp_dir: Path) -> int:
    """Remove the temporary files that killed processes left; returns how many."""
    removed = 0
    for path in stale_temp_files(tmp_dir):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
