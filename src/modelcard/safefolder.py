"""A folder whose files are reached without ever following a symlink out of it: the
ground the export rules of ``export.py`` stand on (kept apart from ``safefiles`` so that
``show``, which reads one entry, does not load it)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import ModelcardError


class UnsafePath(ModelcardError):
    """A path that would leave a folder, pass through a symlink, or touch a .git folder."""


def components(relative: str) -> tuple[str, ...]:
    """The parts of a relative path inside a folder; raises UnsafePath for an absolute
    path, ``..``, an empty part, or a ``.git`` folder anywhere on the way."""
    parts = tuple(relative.split("/"))
    if not relative or relative.startswith("/") or "\\" in relative or "\0" in relative:
        raise UnsafePath(f"{relative!r} is not a relative path inside the folder")
    for part in parts:
        if part in ("", ".", "..") or part.casefold() == ".git":
            raise UnsafePath(f"{relative!r} leaves the folder or enters a .git folder")
    return parts


def _name(part: str) -> bytes:
    # bytes, so that a file name is UTF-8 whatever the locale's encoding is
    return part.encode("utf-8", "surrogateescape")


_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class SafeFolder:
    """A folder whose files are reached one folder at a time from the folder itself, never
    following a symlink (``O_NOFOLLOW``): whatever a path inside says, nothing outside the
    folder is read, written or removed. The folder itself is the caller's choice and may
    be reached through a symlink."""

    def __init__(self, root: Path, *, create: bool = True) -> None:
        self.root = root
        if create:
            os.makedirs(os.fsencode(root), exist_ok=True)
        try:
            self.fd = os.open(os.fsencode(root), _DIR_FLAGS)
        except OSError as exc:
            raise UnsafePath(f"{root}: {exc.strerror or exc}") from None
        self._folders: dict[tuple[str, ...], int] = {(): self.fd}

    def close(self) -> None:
        for fd in self._folders.values():
            os.close(fd)
        self._folders = {}

    def __enter__(self) -> SafeFolder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def folder(self, parts: tuple[str, ...], *, create: bool = False) -> int | None:
        """The fd of the folder ``parts`` (None if it does not exist and ``create`` is
        off); raises UnsafePath where a part is a symlink or not a folder."""
        if parts in self._folders:
            return self._folders[parts]
        parent = self.folder(parts[:-1], create=create)
        if parent is None:
            return None
        name = _name(parts[-1])
        if create:
            try:
                os.mkdir(name, 0o755, dir_fd=parent)
            except FileExistsError:
                pass
        try:
            fd = os.open(name, _DIR_FLAGS | _NOFOLLOW, dir_fd=parent)
        except FileNotFoundError:
            return None
        except OSError as exc:  # ELOOP or ENOTDIR: a symlink or a file where a folder is
            where = "/".join(parts)
            raise UnsafePath(
                f"{self.root / where} is a symbolic link or not a folder "
                f"({exc.strerror}); nothing is written through it"
            ) from None
        self._folders[parts] = fd
        return fd

    def lstat(self, relative: str) -> os.stat_result | None:
        """The file's own status (a symlink is not followed), or None if it is not there."""
        *folders, name = components(relative)
        parent = self.folder(tuple(folders))
        if parent is None:
            return None
        try:
            return os.stat(_name(name), dir_fd=parent, follow_symlinks=False)
        except FileNotFoundError:
            return None

    def read(self, relative: str, *, limit: int) -> bytes | None:
        """The content of a regular file (not through a symlink), or None if there is none."""
        *folders, name = components(relative)
        parent = self.folder(tuple(folders))
        if parent is None:
            return None
        try:
            fd = os.open(_name(name), os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW, dir_fd=parent)
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
                return None
            return os.read(fd, limit + 1)[:limit]
        finally:
            os.close(fd)

    def replace(self, relative: str, source: tuple[str, ...], source_name: str) -> None:
        """Rename the file ``source_name`` of folder ``source`` to ``relative`` (creating its
        folders): atomic, and a symlink at ``relative`` is replaced, never followed."""
        *folders, name = components(relative)
        parent = self.folder(tuple(folders), create=True)
        assert parent is not None
        source_fd = self.folder(source)
        os.replace(_name(source_name), _name(name), src_dir_fd=source_fd, dst_dir_fd=parent)

    def unlink(self, relative: str) -> None:
        *folders, name = components(relative)
        parent = self.folder(tuple(folders))
        if parent is not None:
            os.unlink(_name(name), dir_fd=parent)

    def prune(self, relative: str) -> None:
        """Remove the folders of ``relative`` that are left empty, deepest first (never the
        folder itself, never through a symlink)."""
        parts = components(relative)[:-1]
        while parts:
            parent = self.folder(parts[:-1])
            fd = self._folders.pop(parts, None)
            if fd is not None:
                os.close(fd)
            if parent is None:
                return
            try:
                os.rmdir(_name(parts[-1]), dir_fd=parent)
            except OSError:
                return  # not empty (or not a folder): done
            parts = parts[:-1]

    def create(self, folder: tuple[str, ...], name: str, data: bytes) -> None:
        """Write a new file ``name`` in ``folder`` (created if need be); it must not exist."""
        fd_folder = self.folder(folder, create=True)
        assert fd_folder is not None
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(_name(name), flags, 0o644, dir_fd=fd_folder)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)

    def names(self, folder: tuple[str, ...]) -> list[str]:
        """The names in a folder (none if it is not there)."""
        fd = self.folder(folder)
        if fd is None:
            return []
        return list(os.listdir(fd))
