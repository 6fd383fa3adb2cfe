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

Rows are laid out for the questions asked: ``files`` holds the small columns that rankings
sort and filters test, so that a sort reads little; the whole entry (as JSON) is in
``entries``, read only for the rows a command prints; ``texts`` holds the case-folded text
that ``search`` looks in; and ``keys`` the lookup keys of ids, names and aliases, so that
finding a model by name is one look in an index, not a pass over every row.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import sys
import time
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import __version__
from .entry import ANNOUNCED, Entry, plain_data, status
from .errors import InvalidEntry
from .metrics import figures_of
from .slugs import is_valid_id, lookup_key, model_id
from .store import TAG_SEP, read_entry

# Bump when what a row holds changes without the SQL schema changing (the entry's JSON).
# 5: the serving fields and reported compute as columns, and entries that refuse controls
# and hold names in NFC (two branches each made a format 4 of one of them).
# 6: the entries, the search texts and the lookup keys in tables of their own.
INDEX_VERSION = 6
CACHE_ENV = "MODELCARD_CACHE_DIR"
SUFFIX = ".toml"
RACY_NS = 2_000_000_000
# Below this many files to read, forking workers costs more than it saves.
PARALLEL_MIN = 400
# How long to wait for another process's write to the index (a cold build's transactions
# take about a second) before reading the folder directly instead.
BUSY_SECONDS = 5

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    id TEXT PRIMARY KEY,
    sig INTEGER,
    error TEXT,
    name TEXT,
    aliases TEXT,
    lab TEXT,
    architecture TEXT,
    access TEXT,
    open_weights INTEGER,
    announced INTEGER,
    tags TEXT,
    released TEXT,
    parameters INTEGER,
    active_parameters INTEGER,
    tokens INTEGER,
    benchmarks TEXT,
    alscore REAL,
    ratio INTEGER,
    compute REAL,
    reported_compute REAL,
    context_window INTEGER,
    output_limit INTEGER,
    price_input REAL,
    price_output REAL,
    knowledge_cutoff TEXT
);
CREATE INDEX IF NOT EXISTS files_broken ON files (id) WHERE error IS NOT NULL;
CREATE TABLE IF NOT EXISTS entries (id TEXT PRIMARY KEY, entry TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS texts (id TEXT PRIMARY KEY, text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS keys (
    key TEXT NOT NULL,
    id TEXT NOT NULL,
    name INTEGER NOT NULL,
    PRIMARY KEY (key, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS keys_of ON keys (id);
"""
TABLES = ("files", "entries", "texts", "keys")
# Any change of this module's version, of modelcard's, or of the schema discards the cache.
FORMAT = f"{INDEX_VERSION}:{__version__}:{zlib.crc32(SCHEMA.encode()):08x}"


def _fold(text: str | None) -> str | None:
    return None if text is None else text.casefold()


def _busy(exc: sqlite3.OperationalError) -> bool:
    """Whether SQLite gave up waiting for another process's lock (not a damaged file)."""
    return "locked" in str(exc) or "busy" in str(exc)


def cache_dir() -> Path:
    env = os.environ.get(CACHE_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_cache_path("modelcard", appauthor=False)


GONE = -1  # a file deleted while being listed (hash() never returns -1)
# Past this many files, statting them in two processes pays for the fork (measured here:
# 10,000 files, 61 ms in one process, 43 ms in two).
FORK_STAT_MIN = 5000


def scan(folder: Path) -> dict[str, int | None]:
    """The entry files of a folder: id -> signature. Nothing is read.

    The signature is the hash of (size, mtime, ctime, inode); it is None for a file
    modified in the last two seconds, which is then read again next time. One stat per
    file is most of a warm `rank`, so this is kept lean."""
    recent = time.time_ns() - RACY_NS
    try:
        names = [n for n in os.listdir(folder) if n.endswith(SUFFIX) and not n.startswith(".")]
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except (FileNotFoundError, NotADirectoryError):
        return {}
    try:
        sigs = _signatures_forked(names, fd, recent)
    finally:
        os.close(fd)
    cut = len(SUFFIX)
    return {name[:-cut]: sig for name, sig in zip(names, sigs, strict=True) if sig != GONE}


def _signatures(names: list[str], fd: int, recent: int) -> list[int | None]:
    stat = os.stat
    sigs: list[int | None] = []
    for name in names:
        try:
            st = stat(name, dir_fd=fd)
        except FileNotFoundError:
            sigs.append(GONE)
            continue
        except OSError as exc:  # a symlink loop, ...: reading it will tell (and cache) why
            sigs.append(hash(("unreadable", exc.errno)))
            continue
        mtime = st.st_mtime_ns
        # Only an mtime within two seconds of now is in doubt: one in the future (a clock
        # skew, an archive) changes with the next write all the same.
        settled = mtime < recent or mtime > recent + 2 * RACY_NS
        sigs.append(hash((st.st_size, mtime, st.st_ctime_ns, st.st_ino)) if settled else None)
    return sigs


def _signatures_forked(names: list[str], fd: int, recent: int) -> list[int | None]:
    """``_signatures``, the second half in a forked child on a multi-core Linux machine."""
    if len(names) < FORK_STAT_MIN or (os.cpu_count() or 1) < 2 or sys.platform != "linux":
        return _signatures(names, fd, recent)
    import marshal

    half = len(names) // 2
    try:
        read_end, write_end = os.pipe()
        pid = os.fork()
    except OSError:
        return _signatures(names, fd, recent)
    if pid == 0:  # the child: stat, report, and leave without running any cleanup
        code = 0
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(marshal.dumps(_signatures(names[half:], fd, recent)))
        except BaseException:
            code = 1
        os._exit(code)
    os.close(write_end)
    first = _signatures(names[:half], fd, recent)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        return first + _signatures(names[half:], fd, recent)
    second: list[int | None] = marshal.loads(data)
    return first + second


def entry_json(entry: Entry) -> str:
    return json.dumps(plain_data(entry), ensure_ascii=False, separators=(",", ":"))


def entry_from_json(
    id: str, text: str, *, path: Path, builtin: bool, layer: str | None = None
) -> Entry:
    """An entry as the index stored it: it was validated when its file was read."""
    data = json.loads(text)
    updated = data.pop("updated")
    return Entry(
        id=id,
        updated=dt.date.fromisoformat(updated) if updated else None,
        tags=tuple(data.pop("tags")),
        path=path,
        builtin=builtin,
        layer=layer,
        **data,
    )


COLUMNS = 25
Job = tuple[str, int | None, str, bool]
# One file's rows: its ``files`` row; its entry's JSON and search text (None for a file
# that is no entry); its lookup keys as (key, id, whether the key is a name's or an alias's).
Row = tuple[tuple[Any, ...], str | None, str | None, list[tuple[str, str, int]]]


def _row(id: str, sig: int | None, path: str, builtin: bool) -> Row:
    """The index rows of one file: its fields, or the problem that keeps it out."""
    blank = [None] * (COLUMNS - 3)
    if not is_valid_id(id):
        # listed, it could not be shown (show looks entries up by id): left out, with a word
        fix = f"rename it to {model_id(id)}{SUFFIX}"
        return (id, sig, f"{path}: the file name is not an id; {fix}", *blank), None, None, []
    try:
        entry = read_entry(Path(path), builtin=builtin)
    except InvalidEntry as exc:
        return (id, sig, str(exc), *blank), None, None, []
    figures = figures_of(entry)
    columns = (
        id,
        sig,
        None,
        entry.name,
        TAG_SEP.join(entry.aliases),
        entry.lab,
        entry.architecture,
        entry.access,
        entry.open_weights,
        status(entry) == ANNOUNCED,
        TAG_SEP.join(entry.tags),
        entry.released,
        entry.parameters,
        entry.active_parameters,
        entry.tokens,
        json.dumps(dict(entry.benchmarks), separators=(",", ":")),
        figures.alscore,
        figures.ratio,
        None if figures.training_compute is None else float(figures.training_compute),
        entry.training_compute,
        entry.context_window,
        entry.output_limit,
        entry.price_input,
        entry.price_output,
        entry.knowledge_cutoff,
    )
    keys = [(key, id, named) for key, named in lookup_keys(entry).items()]
    return columns, entry_json(entry), search_text(entry), keys


def lookup_keys(entry: Entry) -> dict[str, int]:
    """The lookup keys of an entry's id (0), name and aliases (1): what ``find`` compares a
    typed name with, and ``search --name`` looks in (names and aliases only)."""
    keys = {lookup_key(entry.id): 0}
    keys.update((lookup_key(text), 1) for text in (entry.name, *entry.aliases))
    return keys


def search_text(entry: Entry) -> str:
    """What ``search`` looks in, case-folded: the id, name, aliases, lab, tags, notes,
    dataset and architecture, apart, so that no term is found across two of them."""
    return "\x1f".join(
        [entry.id, entry.name, *entry.aliases, entry.lab, *entry.tags]
        + [entry.notes or "", entry.dataset or "", entry.architecture or ""]
    ).casefold()


def _rows(jobs: list[Job]) -> list[Row]:
    return [_row(*job) for job in jobs]


INSERT = f"INSERT OR REPLACE INTO files VALUES ({', '.join('?' * COLUMNS)})"
MASK = (1 << 63) - 1


def _write(con: sqlite3.Connection, rows: list[Row]) -> None:
    """Write ``rows`` (inside the caller's transaction), replacing those of the same ids."""
    ids = [(columns[0],) for columns, _, _, _ in rows]
    con.executemany("DELETE FROM keys WHERE id = ?", ids)
    con.executemany(INSERT, [columns for columns, _, _, _ in rows])
    con.executemany(
        "INSERT OR REPLACE INTO entries VALUES (?, ?)",
        [(columns[0], entry) for columns, entry, _, _ in rows if entry is not None],
    )
    con.executemany(
        "INSERT OR REPLACE INTO texts VALUES (?, ?)",
        [(columns[0], text) for columns, _, text, _ in rows if text is not None],
    )
    broken = [(columns[0],) for columns, entry, _, _ in rows if entry is None]
    for table in ("entries", "texts"):
        con.executemany(f"DELETE FROM {table} WHERE id = ?", broken)
    con.executemany("INSERT OR REPLACE INTO keys VALUES (?, ?, ?)", [k for r in rows for k in r[3]])


def _insert(database: str, jobs: list[Job]) -> int:
    """Read ``jobs`` and write their rows straight into ``database`` (in a worker)."""
    rows = _rows(jobs)
    con = sqlite3.connect(database, timeout=120, isolation_level=None)
    try:
        con.execute("BEGIN IMMEDIATE")
        _write(con, rows)
        con.execute("COMMIT")
    finally:
        con.close()
    return len(rows)


def _workers(jobs: list[Job]) -> int:
    """How many processes to read ``jobs`` with: several only on multi-core Linux, for many."""
    count = min(os.cpu_count() or 1, 8)
    if len(jobs) < PARALLEL_MIN or count < 2 or not sys.platform.startswith("linux"):
        return 1
    return count


def _chunks(jobs: list[Job], workers: int) -> list[list[Job]]:
    """One share per worker, dealt out in turn so that the shares weigh alike. One share
    each, not many small ones: each share is one write transaction, and a worker waiting
    for the other's lock sleeps in SQLite's busy handler (measured at 10,000 files: 8
    shares took 2.39 s, 2 shares 1.38 s)."""
    return [jobs[i::workers] for i in range(workers) if jobs[i::workers]]


def _pool(workers: int) -> Any:
    """Forked workers that end with the process that made them: killed (kill -9) during a
    cold build, it leaves no worker behind to print a BrokenPipeError."""
    import multiprocessing

    return multiprocessing.get_context("fork").Pool(
        workers, initializer=_die_with_parent, initargs=(os.getpid(),)
    )


def _die_with_parent(parent: int) -> None:
    import signal

    with contextlib.suppress(Exception):  # Linux only; elsewhere workers just finish
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def fingerprint(files: dict[str, int | None]) -> str | None:
    """One value that changes when any file is added, removed or changed; None while a file
    is too fresh to trust. (The signatures hash only integers, so it is stable across runs.)"""
    total = 0
    for sig in files.values():
        if sig is None:
            return None
        total = (total + sig) & MASK
    return f"{len(files)}:{total}"


class FolderIndex:
    """The index of one folder of entry files."""

    def __init__(
        self,
        folder: Path,
        *,
        builtin: bool,
        cache: Path | None = None,
        layer: str | None = None,
        stable: bool = False,
    ) -> None:
        self.folder = folder
        self.builtin = builtin
        self.layer = layer
        # a folder reached through a link that each update swaps (the fetched layer): one
        # index under the link's own path, rather than a new one for every version
        self.stable = stable
        self.cache = cache
        self.files: dict[str, int | None] = {}
        self._con: sqlite3.Connection | None = None
        self._database: str | None = None
        self._synced = False

    # -- the connection ------------------------------------------------------------------

    def _db_path(self) -> Path:
        """The index file of this folder: its path, spelled as a file name."""
        from urllib.parse import quote

        if self.stable:
            key = os.path.abspath(self.folder)
        else:
            key = str(self.folder.resolve()) if self.folder.exists() else str(self.folder)
        name = quote(key, safe="")
        if len(name) > 200:  # too long for a file name: a digest instead
            import hashlib

            name = hashlib.sha256(key.encode("utf-8")).hexdigest()
        return (self.cache or cache_dir()) / "index" / f"{name}.sqlite3"

    def connection(self) -> sqlite3.Connection:
        if self._con is None:
            self._con = self._open()
        return self._con

    def _open(self) -> sqlite3.Connection:
        path = self._db_path()
        for _ in range(2):
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                con = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
                self._prepare(con)
                self._database = str(path)
                return con
            except sqlite3.OperationalError as exc:
                if _busy(exc):
                    break  # another process holds it: busy, not damaged; read the folder
                with contextlib.suppress(OSError):
                    path.unlink()
            except sqlite3.DatabaseError:
                # not a database, or damaged: it is only a cache, so start again
                with contextlib.suppress(OSError):
                    path.unlink()
            except OSError:
                break
        return self._memory()

    def _memory(self) -> sqlite3.Connection:
        self._database = None
        con = sqlite3.connect(":memory:", isolation_level=None)
        self._prepare(con)
        return con

    @staticmethod
    def _prepare(con: sqlite3.Connection) -> None:
        con.execute(f"PRAGMA busy_timeout = {BUSY_SECONDS * 1000}")
        con.create_function("fold", 1, _fold, deterministic=True)
        try:
            found = con.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        except sqlite3.OperationalError:  # no such table: a new file
            found = None
        if found is None or found[0] != FORMAT:
            con.execute("BEGIN IMMEDIATE")
            for table in ("meta", *TABLES):
                con.execute(f"DROP TABLE IF EXISTS {table}")
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    con.execute(statement)
            con.execute("INSERT INTO meta VALUES ('format', ?)", (FORMAT,))
            con.execute("COMMIT")

    # -- keeping it true -----------------------------------------------------------------

    def sync(self) -> None:
        """Bring the index up to date with the folder (once per process)."""
        if self._synced:
            return
        self.files = files = scan(self.folder)
        con = self.connection()
        try:
            self._update(con, files)
        except sqlite3.Error:
            # A cache that fails mid-way is dropped for this run: read everything directly.
            with contextlib.suppress(sqlite3.Error):
                con.execute("ROLLBACK")
            self._con = con = self._memory()
            self._update(con, files)
        self._synced = True

    def _update(self, con: sqlite3.Connection, files: dict[str, int | None]) -> None:
        now = fingerprint(files)
        stored = con.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
        if now is not None and stored is not None and stored[0] == now:
            return  # nothing was added, removed or changed: no row needs a look
        known = dict(con.execute("SELECT id, sig FROM files").fetchall())
        folder = str(self.folder)
        stale = [
            (id, sig, os.path.join(folder, id + SUFFIX), self.builtin)
            for id, sig in files.items()
            if sig is None or known.get(id) != sig
        ]
        gone = [(id,) for id in known.keys() - files.keys()]
        workers = _workers(stale)
        rows: list[Row] = []
        if workers > 1 and self._database is not None:
            # each worker writes its own rows: nothing large travels back through a pipe
            with _pool(workers) as pool:
                pool.starmap(_insert, [(self._database, c) for c in _chunks(stale, workers)])
        elif workers > 1:
            with _pool(workers) as pool:
                rows = [row for part in pool.map(_rows, _chunks(stale, workers)) for row in part]
        else:
            rows = _rows(stale)
        con.execute("BEGIN IMMEDIATE")
        for table in TABLES:
            con.executemany(f"DELETE FROM {table} WHERE id = ?", gone)
        _write(con, rows)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (now or "",))
        con.execute("COMMIT")

    # -- reading ---------------------------------------------------------------------------
    def entries(self, ids: Iterable[str] | None = None) -> list[Entry]:
        self.sync()
        con = self.connection()
        if ids is None:
            rows = con.execute("SELECT id, entry FROM entries ORDER BY id").fetchall()
        else:
            wanted = sorted(set(ids))
            rows = []
            for start in range(0, len(wanted), 500):
                part = wanted[start : start + 500]
                rows += con.execute(
                    f"SELECT id, entry FROM entries WHERE id IN ({', '.join('?' * len(part))})",
                    part,
                ).fetchall()
        return [self._entry(id, text) for id, text in rows]

    def _entry(self, id: str, text: str) -> Entry:
        path = self.folder / f"{id}{SUFFIX}"
        return entry_from_json(id, text, path=path, builtin=self.builtin, layer=self.layer)

    def errors(self) -> list[str]:
        self.sync()
        rows = self.connection().execute(
            "SELECT error FROM files WHERE error IS NOT NULL ORDER BY id"
        )
        return [message for (message,) in rows]

    def ranked(
        self,
        expression: str,
        args: tuple[Any, ...],
        where: str,
        where_args: tuple[Any, ...],
        *,
        ascending: bool,
        limit: int | None,
    ) -> list[tuple[str, Any]]:
        """(id, value) of the valid entries that ``where`` keeps, in ranking order (see
        ``ranking.order``: missing values last, ties and missing in id order), sorted by
        SQLite; at most ``limit``."""
        self.sync()
        direction = "ASC" if ascending else "DESC"
        sql = (
            f"SELECT id, value FROM (SELECT id, {expression} AS value FROM files "
            f"WHERE error IS NULL{where}) ORDER BY value IS NULL, value {direction}, id"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self.connection().execute(sql, (*args, *where_args)).fetchall()

    def valid_ids(self) -> set[str]:
        self.sync()
        broken = self.connection().execute("SELECT id FROM files WHERE error IS NOT NULL")
        return self.files.keys() - {id for (id,) in broken}

    def matching(self, key: str) -> list[str]:
        """Ids whose id, name or an alias has the lookup key ``key`` (``slugs.lookup_key``)."""
        self.sync()
        rows = self.connection().execute("SELECT id FROM keys WHERE key = ? ORDER BY id", (key,))
        return [id for (id,) in rows]

    def names(self) -> list[tuple[str, str, list[str]]]:
        """(id, name, aliases) of every valid entry, for suggesting the nearest names."""
        self.sync()
        rows = self.connection().execute(
            "SELECT id, name, aliases FROM files WHERE error IS NULL ORDER BY id"
        )
        return [(id, name, aliases.split(TAG_SEP) if aliases else []) for id, name, aliases in rows]

    def distinct(self, column: str) -> set[str]:
        """The values of a text column (``lab``, ``architecture``) among valid entries."""
        if column not in ("lab", "architecture", "access"):
            raise ValueError(column)
        self.sync()
        rows = self.connection().execute(
            f"SELECT DISTINCT {column} FROM files WHERE error IS NULL AND {column} IS NOT NULL"
        )
        return {value for (value,) in rows}

    def benchmark_names(self) -> set[str]:
        """Every benchmark some valid entry records."""
        self.sync()
        rows = self.connection().execute(
            "SELECT DISTINCT key FROM files, json_each(files.benchmarks) WHERE error IS NULL"
        )
        return {name for (name,) in rows}


def holding(terms: list[str], *, names_only: bool) -> tuple[str, tuple[str, ...]]:
    """The SQL condition (on ``files``, for ``FolderIndex.ranked``) that keeps the entries
    holding every term: in the text ``search_text`` gives (any case), or, ``names_only``, in
    the lookup key of their name or of an alias (each term in one of them)."""
    if names_only:
        keys = [key for key in (lookup_key(t) for t in terms) if key]
        one = " AND id IN (SELECT id FROM keys WHERE name AND instr(key, ?) > 0)"
        return one * len(keys), tuple(keys)
    folded = [t.casefold() for t in terms if t.strip()]
    if not folded:
        return "", ()
    every = " AND ".join("instr(text, ?) > 0" for _ in folded)
    return f" AND id IN (SELECT id FROM texts WHERE {every})", tuple(folded)
