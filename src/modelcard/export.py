"""Writing exported files into a folder: single cards, data files, whole sites.

Every writer of an export folder (the Markdown site, the cards of ``--out-dir``, and any
other format) goes through ``publish_site`` or ``write_files``, which keep these rules:

- Inside the folder only. Paths are relative, never hold ``..``, never enter a ``.git``
  folder, and are opened one folder at a time from the export folder without following
  a symlink: a symlinked ``labs`` folder is refused, not written through.
- Only files it wrote. The folder's manifest, ``.modelcard-export.json``, records each
  file the last export wrote with the SHA-256 of what it wrote. The next export removes a
  file it no longer writes only if it is still a regular file with that very content; a
  file edited since is kept (and said so). A file that no export wrote, or that was
  edited since, is never overwritten without ``force``. A manifest committed to git by
  someone else can therefore make an export replace or remove only files whose content
  its author already knew, in the folder.
- Intent before action. Before a file is renamed into place, its path and hash are
  appended to ``.modelcard-export.journal``. An export killed halfway (or stopped by a full
  disk) leaves the journal, and the next export reads it with the manifest: it neither
  refuses those files as foreign nor forgets to remove them.
- One at a time. An export holds an exclusive lock on the folder (``flock`` on the folder
  itself, so there is no lock file); a second one fails at once, saying so.
- Temporary files live in ``.modelcard-export.tmp/``: whatever is there when an export
  takes the lock was left by a killed one and is removed; it is gone when an export ends.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from .errors import ModelcardError
from .safefolder import SafeFolder, UnsafePath, components

MANIFEST = ".modelcard-export.json"
JOURNAL = ".modelcard-export.journal"
TMP = ".modelcard-export.tmp"
MANIFEST_LIMIT = 64 * 1024 * 1024


class ExportConflict(ModelcardError):
    """The export would overwrite a file that an earlier export did not write."""


class ExportBusy(ModelcardError):
    """Another export is writing into the same folder."""


class ExportFailed(ModelcardError):
    """A file could not be written; ``path`` is the file, relative to the folder."""

    def __init__(self, message: str, path: str) -> None:
        super().__init__(message)
        self.path = path


class Published(NamedTuple):
    written: int
    removed: int
    kept: list[str]  # files of an earlier export that were changed since, so left alone


def write_files(root: Path, files: Iterable[tuple[str, str]]) -> int:
    """Write ``files`` ((relative path, text) pairs) under ``root``, replacing any file of
    the same path, each atomically; returns how many. Nothing else is touched."""
    with _Export(root) as export:
        for relative, text in files:
            export.write(relative, text)
        return export.written


def publish_site(
    root: Path,
    paths: list[str],
    files: Iterable[tuple[str, str]],
    *,
    force: bool = False,
    keep_earlier: bool = False,
) -> Published:
    """Replace the last export in ``root`` by ``files``, whose paths are ``paths`` (known
    before the first file is rendered, so that a conflict stops the export before it
    writes anything). With ``keep_earlier`` (``--out-dir``, where cards accumulate) the
    files of earlier exports are left where they are, and stay in the manifest, instead."""
    with _Export(root) as export:
        known = export.earlier()
        wanted = set(paths)
        for relative in paths:
            export.check(relative, known.get(relative), force=force)
        new: dict[str, str] = {}
        for relative, text in files:
            if relative not in wanted:
                raise ModelcardError(f"{relative!r} was not announced to the export")
            new[relative] = export.write(relative, text, journal=True)
        if keep_earlier:
            export.finish({**export.still_there(known.keys() - new.keys(), known), **new})
            return Published(export.written, 0, [])
        removed, kept = 0, []
        for relative in sorted(known.keys() - new.keys()):
            if export.remove_if_ours(relative, known[relative]):
                removed += 1
            elif export.exists(relative):
                kept.append(relative)
        export.finish(new)
        return Published(export.written, removed, kept)


def read_manifest(root: Path) -> dict[str, set[str]]:
    """The files earlier exports into ``root`` wrote, each with the hashes of the contents
    they wrote: the manifest, and the journal of an export that did not finish."""
    with SafeFolder(root, create=False) as folder:
        return _Export.read_state(folder)


class _Export:
    """One export into a folder, holding its lock."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.written = 0
        try:
            self.folder = SafeFolder(root)
        except OSError as exc:
            raise ModelcardError(f"{root}: {exc.strerror or exc}") from None
        import fcntl

        try:
            fcntl.flock(self.folder.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.folder.close()
            raise ExportBusy(
                f"another export is writing into {root}; run this one when it has finished"
            ) from None
        self._journal: int | None = None
        self._clean_tmp()

    def __enter__(self) -> _Export:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._journal is not None:
            os.close(self._journal)
        with contextlib.suppress(OSError):
            self._clean_tmp()
            os.rmdir(TMP, dir_fd=self.folder.fd)
        self.folder.close()  # and with it the lock

    # -- what earlier exports wrote -------------------------------------------------------

    def earlier(self) -> dict[str, set[str]]:
        return self.read_state(self.folder)

    @staticmethod
    def read_state(folder: SafeFolder) -> dict[str, set[str]]:
        known: dict[str, set[str]] = {}
        data = folder.read(MANIFEST, limit=MANIFEST_LIMIT)
        try:
            files = json.loads(data)["files"] if data else {}
        except (ValueError, KeyError, TypeError):
            files = {}
        if isinstance(files, list):  # an export before hashes: its files, no content known
            files = {f: "" for f in files if isinstance(f, str)}
        if isinstance(files, dict):
            for relative, digest in files.items():
                if isinstance(relative, str) and isinstance(digest, str) and _safe(relative):
                    known.setdefault(relative, set()).add(digest)
        for line in (folder.read(JOURNAL, limit=MANIFEST_LIMIT) or b"").splitlines():
            try:
                relative, digest = json.loads(line)
            except (ValueError, TypeError):
                continue  # the last line of a killed export may be cut short
            if isinstance(relative, str) and isinstance(digest, str) and _safe(relative):
                known.setdefault(relative, set()).add(digest)
        return known

    # -- writing --------------------------------------------------------------------------

    def check(self, relative: str, digests: set[str] | None, *, force: bool) -> None:
        """Refuse, before anything is written, a path that is not a regular file (a symlink,
        a folder), or (unless ``force``) whose file is not what an earlier export wrote
        there: ``digests`` are the hashes of what was (None: nothing was; an empty hash:
        an older export that kept none)."""
        if not _safe(relative):
            raise UnsafePath(f"refusing to write {relative!r} into {self.root}")
        info = self._stat(relative)
        if info is None:
            return
        import stat

        if not stat.S_ISREG(info.st_mode):
            raise ExportConflict(
                f"{self.root / relative} is not a regular file (a symlink or a folder); "
                "remove it, or export into another folder"
            )
        if force or (digests is not None and ("" in digests or self._holds(relative, digests))):
            return
        why = "was not written by" if digests is None else "was changed since it was written by"
        raise ExportConflict(
            f"{self.root / relative} exists and {why} an earlier export; "
            "use --force to overwrite it, or export into another folder"
        )

    def _holds(self, relative: str, digests: set[str]) -> bool:
        """Whether the file still holds what an earlier export wrote."""
        info = self._stat(relative)
        if info is None:
            return False
        data = self.folder.read(relative, limit=max(info.st_size, 1))
        return data is not None and hashlib.sha256(data).hexdigest() in digests

    def write(self, relative: str, text: str, *, journal: bool = False) -> str:
        """Write one file atomically (a temporary file renamed into place); returns the
        SHA-256 of its content."""
        data = text.encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        temp = f"{os.getpid()}-{os.urandom(8).hex()}.tmp"
        if not _safe(relative):
            raise UnsafePath(f"refusing to write {relative!r} into {self.root}")
        try:
            if journal:
                self._note(relative, digest)
            self.folder.create((TMP,), temp, data)
            self.folder.replace(relative, (TMP,), temp)
        except UnsafePath:
            raise
        except OSError as exc:
            with contextlib.suppress(OSError):
                self.folder.unlink(f"{TMP}/{temp}")
            raise ExportFailed(
                f"cannot write {self.root / relative}: {exc.strerror or exc}", relative
            ) from None
        self.written += 1
        return digest

    def _note(self, relative: str, digest: str) -> None:
        """Append (path, hash) to the journal before the file takes its name."""
        if self._journal is None:
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
            self._journal = os.open(JOURNAL, flags, 0o644, dir_fd=self.folder.fd)
        os.write(self._journal, (json.dumps([relative, digest]) + "\n").encode("utf-8"))

    def remove_if_ours(self, relative: str, digests: set[str]) -> bool:
        """Remove a file an earlier export wrote, if it still holds what was written."""
        try:
            if not self._holds(relative, digests):
                return False
            self.folder.unlink(relative)
            self.folder.prune(relative)
        except (UnsafePath, OSError):
            return False
        return True

    def still_there(self, paths: Iterable[str], known: dict[str, set[str]]) -> dict[str, str]:
        """The files of earlier exports in ``paths`` that are still there, each with the hash
        an export wrote (the one it still holds, where a killed export left two)."""
        found = {}
        for relative in sorted(paths):
            digests = known[relative]
            if not self.exists(relative):
                continue
            held = [d for d in sorted(digests) if len(digests) == 1 or self._holds(relative, {d})]
            found[relative] = (held or sorted(digests))[0]
        return found

    def finish(self, files: dict[str, str]) -> None:
        """The manifest of this export replaces the last one; the journal is done with."""
        from .atomic import sync_file_system

        # One sync for the whole export, before the manifest vouches for what the pages
        # hold: a site is re-created by exporting again, so no page is synced on its own,
        # but a manifest naming pages that a power cut emptied would make the next export
        # refuse them as changed by hand.
        sync_file_system(self.folder.fd)
        manifest = json.dumps({"version": 2, "files": dict(sorted(files.items()))}, indent=1)
        temp = f"{os.getpid()}-{os.urandom(8).hex()}.tmp"
        self.folder.create((TMP,), temp, (manifest + "\n").encode("utf-8"))
        self.folder.replace(MANIFEST, (TMP,), temp)
        if self._journal is not None:
            os.close(self._journal)
            self._journal = None
        with contextlib.suppress(FileNotFoundError):
            self.folder.unlink(JOURNAL)

    def _stat(self, relative: str) -> os.stat_result | None:
        return self.folder.lstat(relative)

    def exists(self, relative: str) -> bool:
        """Whether a file is there, reached without a symlink (one behind a symlink, or
        under .git, is not the export's business)."""
        try:
            return _safe(relative) and self._stat(relative) is not None
        except UnsafePath:
            return False

    def _clean_tmp(self) -> None:
        """Remove what killed exports left in the temporary folder (the lock is ours, so
        no live export is using it)."""
        for name in self.folder.names((TMP,)):
            with contextlib.suppress(OSError):
                self.folder.unlink(f"{TMP}/{name}")


def _safe(relative: str) -> bool:
    """A path inside the folder, outside .git, and not one of the export's own files."""
    try:
        components(relative)
    except UnsafePath:
        return False
    return not relative.startswith(".modelcard-export")


def defuse_formulas(csv_text: str) -> str:
    """CSV whose cells starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
    return) begin with ``'``, so that a spreadsheet shows them as text instead of running
    them as formulas (OWASP's advice for CSV injection)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in csv.reader(io.StringIO(csv_text, newline="")):
        writer.writerow(["'" + c if c[:1] in ("=", "+", "-", "@", "\t", "\r") else c for c in row])
    return out.getvalue()
