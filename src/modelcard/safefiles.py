"""Reading files that may be hostile: only regular files, never blocking, never too much.

A FIFO named like an entry would block a reader forever, a symlink to ``/dev/zero`` would be
read until memory runs out, and a symlink loop fails on open: each becomes a one-line
problem that names the file instead.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import ModelcardError


class UnreadableFile(ModelcardError):
    """A file that is not a regular file, is too large, or cannot be opened."""


def read_bytes(path: Path | str, *, limit: int | None) -> bytes:
    """The content of the regular file at ``path`` (a symlink is followed to it), at most
    ``limit`` bytes; never blocks on a FIFO or a device. Raises OSError where it cannot be
    opened (missing, a symlink loop), UnreadableFile where it is no regular file or too
    large."""
    fd = _open_regular(path)
    try:
        size = os.fstat(fd).st_size
        if limit is not None and size > limit:
            raise UnreadableFile(f"{path}: {size:,} bytes is larger than the limit of {limit:,}")
        chunks = []
        total = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if limit is not None and total > limit:  # it grew while being read
                raise UnreadableFile(f"{path}: larger than the limit of {limit:,} bytes")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise UnreadableFile(f"{path}: cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def read_head(path: Path | str, size: int) -> bytes:
    """The first ``size`` bytes of the regular file at ``path`` (to tell its format), with
    ``read_bytes``'s guarantees: a FIFO or a device is refused, never waited on."""
    fd = _open_regular(path)
    try:
        chunks = []
        while size > 0:
            chunk = os.read(fd, size)
            if not chunk:
                break
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise UnreadableFile(f"{path}: cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _open_regular(path: Path | str) -> int:
    """A descriptor of the regular file at ``path``, opened without blocking (a FIFO would
    wait for a writer). Raises OSError where it cannot be opened, UnreadableFile where it is
    no regular file."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        os.close(fd)
        raise
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise UnreadableFile(f"{path}: not a regular file ({_kind(mode)})")
    return fd


def read_text(path: Path | str, *, limit: int | None) -> str:
    """``read_bytes`` as UTF-8 text, without a leading byte-order mark (Notepad writes one);
    raises UnicodeDecodeError for other encodings."""
    return read_bytes(path, limit=limit).decode("utf-8").removeprefix("\ufeff")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"
