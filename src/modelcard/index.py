"""The index: entries already parsed, cached by file signature, so that listing a large
store does not parse every TOML file on every command.

It holds derived data only, in the user cache folder (``MODELCARD_CACHE_DIR`` overrides),
one SQLite file per indexed folder. Why SQLite (the standard library's ``sqlite3``): one
changed file updates one row instead of rewriting a 10,000-entry blob; concurrent
processes are serialised by its own locking; rows come back at C speed; and a damaged or
foreign file is detected (``DatabaseError``) rather than misread. JSON or pickle would
rewrite the whole cache on every change and need locking of our own, and a pickle would run
whatever a tampered cache held.

It is never trusted blindly. Every use compares each file's (size, mtime, ctime, inode)
with its row, re-reads the files that differ and drops the rows of files that are gone, so
an entry edited by hand, pulled by git or deleted shows in the very next command. A file
modified less than two seconds before it was read is read again next time (a second write
within one clock tick would not change its mtime). A format stamp (this module's version
and modelcard's) discards everything on upgrade. If the cache cannot be opened or written,
the folder is read in full instead: slower, never wrong, and silent.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import __version__
from .entry import Entry, loads
from .errors import InvalidEntry
from .metrics import figures_of
from .store import TAG_SEP

INDEX_VERSION = 1
FORMAT = f"{INDEX_VERSION}:{__version__}"
CACHE_ENV = "MODELCARD_CACHE_DIR"
SUFFIX = ".toml"
RACY_NS = 2_000_000_000
# Below this many files to read, forking workers costs more than it saves.
PARALLEL_MIN = 400

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    id TEXT PRIMARY KEY,
    sig INTEGER,
    error TEXT,
    name TEXT,
    folded TEXT,
    lab TEXT,
    architecture TEXT,
    access TEXT,
    tags TEXT,
    released TEXT,
    parameters INTEGER,
    active_parameters INTEGER,
    tokens INTEGER,
    benchmarks TEXT,
    alscore REAL,
    ratio INTEGER,
    compute REAL,
    entry TEXT
);
CREATE INDEX IF NOT EXISTS files_folded ON files (folded);
"""


def cache_dir() -> Path:
    env = os.environ.get(CACHE_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_cache_path("modelcard", appauthor=False)


def scan(folder: Path) -> dict[str, int | None]:
    """The entry files of a folder: id -> signature. Nothing is read.

    The signature is the hash of (size, mtime, ctime, inode); it is None for a file
    modified in the last two seconds, which is then read again next time. (This loop is
    most of a warm `rank`: one stat per file, so it is kept lean.)"""
    recent = time.time_ns() - RACY_NS
    try:
        names = os.listdir(folder)
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except (FileNotFoundError, NotADirectoryError):
        return {}
    stat = os.stat
    found: dict[str, int | None] = {}
    try:
        for name in names:
            if not name.endswith(SUFFIX) or name.startswith("."):
                continue
            try:
                st = stat(name, dir_fd=fd)
            except FileNotFoundError:
                continue
            mtime = st.st_mtime_ns
            found[name[: -len(SUFFIX)]] = (
                hash((st.st_size, mtime, st.st_ctime_ns, st.st_ino)) if mtime < recent else None
            )
    finally:
        os.close(fd)
    return found


def entry_json(entry: Entry) -> str:
    data: dict[str, Any] = {
        "name": entry.name,
        "lab": entry.lab,
        "released": entry.released,
        "access": entry.access,
        "architecture": entry.architecture,
        "parameters": entry.parameters,
        "active_parameters": entry.active_parameters,
        "tokens": entry.tokens,
        "dataset": entry.dataset,
        "tags": list(entry.tags),
        "notes": entry.notes,
        "updated": entry.updated.isoformat() if entry.updated else None,
        "benchmarks": dict(entry.benchmarks),
        "links": dict(entry.links),
        "sheet": dict(entry.sheet),
        "schema": entry.schema,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def entry_from_json(id: str, text: str, *, path: Path, builtin: bool) -> Entry:
    """An entry as the index stored it: it was validated when its file was read."""
    data = json.loads(text)
    updated = data.pop("updated")
    return Entry(
        id=id,
        updated=dt.date.fromisoformat(updated) if updated else None,
        tags=tuple(data.pop("tags")),
        path=path,
        builtin=builtin,
        **data,
    )


COLUMNS = 18
Job = tuple[str, int | None, str, bool]


def _row(id: str, sig: int | None, path: str, builtin: bool) -> tuple[Any, ...]:
    """The index row of one file: its fields, or the problem that keeps it out."""
    blank = [None] * (COLUMNS - 3)
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        entry = loads(text, id=id, source=path, builtin=builtin)
    except UnicodeDecodeError:
        return (id, sig, f"{path}: not UTF-8 text", *blank)
    except OSError as exc:
        return (id, sig, f"{path}: cannot be read: {exc.strerror or exc}", *blank)
    except InvalidEntry as exc:
        return (id, sig, str(exc), *blank)
    figures = figures_of(entry)
    return (
        id,
        sig,
        None,
        entry.name,
        entry.name.casefold(),
        entry.lab,
        entry.architecture,
        entry.access,
        TAG_SEP.join(entry.tags),
        entry.released,
        entry.parameters,
        entry.active_parameters,
        entry.tokens,
        json.dumps(dict(entry.benchmarks), separators=(",", ":")),
        figures.alscore,
        figures.ratio,
        None if figures.training_compute is None else float(figures.training_compute),
        entry_json(entry),
    )


def _rows(jobs: list[Job]) -> list[tuple[Any, ...]]:
    return [_row(*job) for job in jobs]


def read_rows(jobs: list[Job]) -> list[tuple[Any, ...]]:
    """Read and validate files; on a multi-core Linux machine, in several processes."""
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) < PARALLEL_MIN or workers < 2 or not sys.platform.startswith("linux"):
        return _rows(jobs)
    import multiprocessing

    size = -(-len(jobs) // (workers * 4))
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return [row for part in pool.map(_rows, chunks) for row in part]
    except OSError:
        return _rows(jobs)


class FolderIndex:
    """The index of one folder of entry files."""

    def __init__(self, folder: Path, *, builtin: bool, cache: Path | None = None) -> None:
        self.folder = folder
        self.builtin = builtin
        self.cache = cache
        self._con: sqlite3.Connection | None = None
        self._synced = False

    # -- the connection ------------------------------------------------------------------

    def _db_path(self) -> Path:
        import hashlib

        key = str(self.folder.resolve()) if self.folder.exists() else str(self.folder)
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
        return (self.cache or cache_dir()) / "index" / f"{digest}.sqlite3"

    def connection(self) -> sqlite3.Connection:
        if self._con is None:
            self._con = self._open()
        return self._con

    def _open(self) -> sqlite3.Connection:
        path = self._db_path()
        for _ in range(2):
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                con = sqlite3.connect(path, timeout=30, isolation_level=None)
                self._prepare(con)
                return con
            except sqlite3.DatabaseError:
                # not a database, or damaged: it is only a cache, so start again
                with contextlib.suppress(OSError):
                    path.unlink()
            except OSError:
                break
        con = sqlite3.connect(":memory:", isolation_level=None)
        self._prepare(con)
        return con

    @staticmethod
    def _prepare(con: sqlite3.Connection) -> None:
        con.execute("PRAGMA busy_timeout = 30000")
        con.executescript(SCHEMA)
        found = con.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        if found is None or found[0] != FORMAT:
            con.execute("BEGIN IMMEDIATE")
            con.execute("DELETE FROM files")
            con.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (FORMAT,))
            con.execute("COMMIT")

    # -- keeping it true -----------------------------------------------------------------

    def sync(self) -> None:
        """Bring the index up to date with the folder (once per process)."""
        if self._synced:
            return
        files = scan(self.folder)
        con = self.connection()
        try:
            known = dict(con.execute("SELECT id, sig FROM files").fetchall())
            folder = str(self.folder)
            stale = [
                (id, sig, os.path.join(folder, id + SUFFIX), self.builtin)
                for id, sig in files.items()
                if sig is None or known.get(id) != sig
            ]
            gone = [(id,) for id in known.keys() - files.keys()]
            if stale or gone:
                rows = read_rows(stale)
                con.execute("BEGIN IMMEDIATE")
                con.executemany("DELETE FROM files WHERE id = ?", gone)
                con.executemany(
                    f"INSERT OR REPLACE INTO files VALUES ({', '.join('?' * COLUMNS)})", rows
                )
                con.execute("COMMIT")
        except sqlite3.Error:
            # A cache that fails mid-way is dropped for this run: read everything directly.
            with contextlib.suppress(sqlite3.Error):
                con.execute("ROLLBACK")
            self._con = sqlite3.connect(":memory:", isolation_level=None)
            self._prepare(self._con)
            self._con.executemany(
                f"INSERT INTO files VALUES ({', '.join('?' * COLUMNS)})",
                read_rows(
                    [
                        (id, sig, os.path.join(self.folder, id + SUFFIX), self.builtin)
                        for id, sig in files.items()
                    ]
                ),
            )
        self._synced = True

    # -- reading ---------------------------------------------------------------------------

    def entries(self, ids: Iterable[str] | None = None) -> list[Entry]:
        self.sync()
        con = self.connection()
        if ids is None:
            rows = con.execute(
                "SELECT id, entry FROM files WHERE error IS NULL ORDER BY id"
            ).fetchall()
        else:
            wanted = sorted(set(ids))
            rows = []
            for start in range(0, len(wanted), 500):
                part = wanted[start : start + 500]
                rows += con.execute(
                    f"SELECT id, entry FROM files WHERE error IS NULL AND id IN "
                    f"({', '.join('?' * len(part))})",
                    part,
                ).fetchall()
        return [
            entry_from_json(id, text, path=self.folder / f"{id}{SUFFIX}", builtin=self.builtin)
            for id, text in rows
        ]

    def errors(self) -> list[str]:
        self.sync()
        rows = self.connection().execute(
            "SELECT error FROM files WHERE error IS NOT NULL ORDER BY id"
        )
        return [message for (message,) in rows]

    def values(self, expression: str, args: tuple[Any, ...], *, details: bool) -> list[Any]:
        """(id, value) of every valid entry, value an SQL expression over the columns; with
        ``details``, also (lab, architecture, access, tags) for filtering."""
        self.sync()
        extra = ", lab, architecture, access, tags" if details else ""
        return (
            self.connection()
            .execute(f"SELECT id, {expression}{extra} FROM files WHERE error IS NULL", args)
            .fetchall()
        )

    def named(self, folded: str) -> list[str]:
        """Ids whose name, case-folded, is ``folded``."""
        self.sync()
        rows = self.connection().execute(
            "SELECT id FROM files WHERE error IS NULL AND folded = ? ORDER BY id", (folded,)
        )
        return [id for (id,) in rows]

    def error_of(self, id: str) -> str | None:
        self.sync()
        row = self.connection().execute("SELECT error FROM files WHERE id = ?", (id,)).fetchone()
        return row[0] if row else None
