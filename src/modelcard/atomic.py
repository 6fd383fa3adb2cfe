"""Writing a file so that readers only ever see the old text or the new, never a part.

- ``exclusive``: the file must not exist yet; of several writers creating it at once,
  exactly one wins (a hard link fails if the name is taken).
- Where Linux offers ``O_TMPFILE``, the new text is written to a file with no name, which
  is linked into place only when complete: a process killed halfway leaves nothing behind.
- Elsewhere (and to replace a file) a named temporary file is used, in ``tmp_dir`` on the
  same file system, named ``{pid}-{random}.tmp`` so that ``sweep`` can remove those that a
  killed process left.
- ``write_many`` writes a batch of files with the syncs of one: the data of a batch is
  synced once (``syncfs``) before any of its files takes a name, and the folder once at
  the end, instead of two fsyncs per file.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Iterable, Iterator
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


# Files held open (unnamed) at once by ``write_many``: one sync per batch, well under the
# usual limit of 1,024 open files.
BATCH = 512


def write_many(
    files: Iterable[tuple[Path, str, bool]], *, folder: Path, tmp_dir: Path
) -> Iterator[tuple[Path, bool]]:
    """Write each (target, text, exclusive) into ``folder``; yields (target, written), where
    written is False for an ``exclusive`` target that exists (left as it was).

    As ``atomic_write``, but synced per batch: each batch's files are written unnamed
    (``O_TMPFILE``), the file system is synced once, and only then are they linked into
    place, so that a process killed at any point leaves whole files under their names and
    nothing else, and a name never points at data a power cut would lose. The folder is
    synced once, after the last file. Where unnamed files are not supported each file is
    written by ``atomic_write`` (synced, the folder once at the end)."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        batch: list[tuple[Path, str, bool]] = []
        unnamed = _unnamed_supported(folder)
        size = batch_size()
        for item in files:
            if not unnamed:
                yield item[0], _write_one(*item, tmp_dir=tmp_dir)
                continue
            batch.append(item)
            if len(batch) == size:
                yield from _write_batch(batch, fd, tmp_dir)
                batch = []
        yield from _write_batch(batch, fd, tmp_dir)
    finally:
        # once, after the last name (also when a write failed: the names given stay)
        with contextlib.suppress(OSError):
            os.fsync(fd)
        os.close(fd)


def batch_size() -> int:
    """How many unnamed files a batch holds open: ``BATCH``, or a quarter of the open-file
    limit where that is lower (``ulimit -n 256`` must not stop an import at its 250th file)."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (ImportError, OSError, ValueError):
        return 16
    if soft == resource.RLIM_INFINITY:
        return BATCH
    return max(1, min(BATCH, soft // 4))


def _unnamed_supported(folder: Path) -> bool:
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not Path("/proc/self/fd").is_dir():
        return False
    try:
        os.close(os.open(folder, flag | os.O_WRONLY, 0o644))
    except OSError:
        return False  # a file system without O_TMPFILE support
    return True


def _write_one(target: Path, text: str, exclusive: bool, *, tmp_dir: Path) -> bool:
    try:
        atomic_write(target, text, tmp_dir=tmp_dir, exclusive=exclusive, sync_dir=False)
    except FileExistsError:
        return False
    return True


def _write_batch(
    batch: list[tuple[Path, str, bool]], folder: int, tmp_dir: Path
) -> Iterator[tuple[Path, bool]]:
    if not batch:
        return
    opened: list[int] = []
    failed: OSError | None = None
    try:
        # the files written whole before a failure (a full disk) still take their names:
        # the import stops where it stopped, not a batch earlier
        for target, text, _ in batch:
            try:
                fd = os.open(".", os.O_TMPFILE | os.O_WRONLY, 0o644, dir_fd=folder)
            except OSError as exc:
                failed = OSError(exc.errno, exc.strerror, str(target))
                break
            try:
                _write_all(fd, text.encode("utf-8"), durable=False)
            except OSError as exc:
                os.close(fd)  # part of a file: it never takes a name
                failed = OSError(exc.errno, exc.strerror, str(target))
                break
            opened.append(fd)
        if opened:
            sync_file_system(folder)
        for (target, _, exclusive), fd in zip(batch, opened, strict=False):
            yield target, _link(fd, target, folder, exclusive, tmp_dir)
    finally:
        for fd in opened:
            os.close(fd)
    if failed is not None:
        raise failed


def _link(fd: int, target: Path, folder: int, exclusive: bool, tmp_dir: Path) -> bool:
    """Give the unnamed file ``fd`` the name ``target`` (in the folder ``folder``)."""
    # linkat with AT_SYMLINK_FOLLOW, which a dir fd makes os.link use
    try:
        if exclusive:
            try:
                os.link(f"/proc/self/fd/{fd}", target.name, dst_dir_fd=folder)
            except FileExistsError:
                return False
            return True
        # a name cannot be linked over: a temporary name first, then renamed over the old
        tmp_dir.mkdir(parents=True, exist_ok=True)
        tmp = tmp_dir / f"{os.getpid()}-{os.urandom(8).hex()}.tmp"
        temporary = os.open(tmp_dir, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.link(f"/proc/self/fd/{fd}", tmp.name, dst_dir_fd=temporary)
        finally:
            os.close(temporary)
        try:
            os.replace(tmp, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    return True


def sync_file_system(fd: int) -> None:
    """Flush every write to the file system holding ``fd`` (Linux ``syncfs``; else all)."""
    try:
        import ctypes

        if ctypes.CDLL(None, use_errno=True).syncfs(fd) == 0:
            return
    except (OSError, AttributeError):
        pass
    os.sync()


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
