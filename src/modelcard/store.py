"""Where the catalog lives, how entries are found, and how they are written safely.

The catalog is a stack of layers, each a folder of ``<id>.toml`` files; ``Catalog.layers``
lists them, lowest first, and everything that reads entries goes through it:

1. ``bundled``: the catalog shipped in the package (``--no-builtin`` or
   ``MODELCARD_NO_BUILTIN`` leaves it out);
2. ``fetched``: the sources ``modelcard update`` downloaded, merged into the bundled
   catalog (``<home>/.modelcard/fetched/``; see ``sources/layer.py``);
3. ``team``: each folder of ``MODELCARD_PATH`` (``:``-separated, laid out like a store,
   ``<folder>/models/<id>.toml``, read only; the first listed wins among them);
4. ``user``: the user's store, ``<home>/models/<id>.toml``, the only layer written.

A higher layer's entry with the same id wins. A model of a layer below the user's store can
be hidden: its id is recorded in ``<home>/.modelcard/hidden/`` (one empty file per id, so
that concurrent hides lose nothing), and every layer below the user's store leaves that id
out. Nothing here runs at import time: every path is resolved when a command asks for it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import entry as entry_mod
from .entry import Entry
from .errors import AlreadyExists, Ambiguous, InvalidEntry, ModelcardError, NotFound, shorten
from .slugs import is_valid_id, lookup_key

TAG_SEP = "\x1f"  # how the index keeps tags in one column

if TYPE_CHECKING:
    from .index import FolderIndex
    from .ranking import Filters, Value

HOME_ENV = "MODELCARD_HOME"
NO_BUILTIN_ENV = "MODELCARD_NO_BUILTIN"
PATH_ENV = "MODELCARD_PATH"
# The version of a fetched layer's layout (its manifest's ``format``): a layer of another
# version is rebuilt from its kept downloads.
FETCHED_FORMAT = 1
BUNDLED, FETCHED, TEAM, USER = "bundled", "fetched", "team", "user"
LAYER_TITLES = {
    BUNDLED: "bundled catalog",
    FETCHED: "fetched sources (modelcard update)",
    TEAM: "team catalog (MODELCARD_PATH)",
    USER: "user store",
}
SUFFIX = ".toml"
# An entry file larger than this is refused unread (1,000,000 characters of notes fit).
MAX_ENTRY_BYTES = 8 * 1024 * 1024
# Locks and temporary files live here, never beside the entries (CLI.md).
PRIVATE_DIR = ".modelcard"
HIDDEN_DIR = "hidden"

OnError = Callable[[ModelcardError], None]


def resolve_home(option: Path | None = None) -> Path:
    """``--store``, else ``MODELCARD_HOME`` (empty means unset), else the user data folder."""
    if option is not None:
        return option.expanduser()
    env = os.environ.get(HOME_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path("modelcard", appauthor=False)


def builtin_hidden_by_env() -> bool:
    value = os.environ.get(NO_BUILTIN_ENV, "").strip().lower()
    if value in ("", "0", "false", "no"):
        return False
    if value in ("1", "true", "yes"):
        return True
    raise ModelcardError(f"{NO_BUILTIN_ENV}={value!r}: expected 1, true, yes, 0, false or no")


def builtin_dir() -> Path:
    return Path(__file__).parent / "data" / "catalog"


def team_folders() -> list[Path]:
    """The folders of ``MODELCARD_PATH``, in the order listed (the first wins among them)."""
    value = os.environ.get(PATH_ENV, "")
    folders = [Path(part).expanduser() for part in value.split(os.pathsep) if part.strip()]
    return list(dict.fromkeys(folders))


class Layer:
    """One folder of entries in the catalog's stack: ``name`` is bundled, fetched, team or
    user; ``folder`` holds the ``<id>.toml`` files; ``root`` is what a person named (a
    team folder, the store), for messages."""

    __slots__ = ("name", "folder", "root")

    def __init__(self, name: str, folder: Path, root: Path | None = None) -> None:
        self.name = name
        self.folder = folder
        self.root = root or folder

    @property
    def builtin(self) -> bool:
        """Whether the layer lies below the user's store (read only; hiding applies)."""
        return self.name != USER

    @property
    def title(self) -> str:
        return LAYER_TITLES[self.name]

    def __repr__(self) -> str:
        return f"Layer({self.name!r}, {self.folder!r})"


def list_ids(folder: Path) -> dict[str, Path]:
    """The entries in a folder by id, from file names alone (nothing is parsed)."""
    found: dict[str, Path] = {}
    try:
        with os.scandir(folder) as it:
            for item in it:
                name = item.name
                if name.endswith(SUFFIX) and not name.startswith("."):
                    found[name[: -len(SUFFIX)]] = Path(item.path)
    except FileNotFoundError:
        pass
    return found


def read_entry(path: Path, *, builtin: bool = False, layer: str | None = None) -> Entry:
    """The entry in ``path`` (of the layer named ``layer``, when given). Whatever is wrong
    with the file (not a regular file, too large, not UTF-8, not TOML, nested too deep for
    the parser, an invalid field) raises InvalidEntry naming it, so that one bad file never
    stops a command about the others, whichever layer holds it."""
    from .safefiles import UnreadableFile, read_text

    try:
        text = read_text(path, limit=MAX_ENTRY_BYTES)
        id = path.name[: -len(SUFFIX)]
        entry = entry_mod.loads(text, id=id, source=str(path), path=path, builtin=builtin)
    except InvalidEntry:
        raise
    except UnreadableFile as exc:
        raise InvalidEntry(str(exc)) from None
    except UnicodeDecodeError:
        raise InvalidEntry(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise InvalidEntry(f"{path}: cannot be read: {exc.strerror or exc}") from None
    except RecursionError:
        raise InvalidEntry(f"{path}: nested too deeply to be read") from None
    except Exception as exc:  # whatever else breaks on this file is its problem alone
        raise InvalidEntry(f"{path}: cannot be read: {type(exc).__name__}: {exc}") from None
    return entry if layer is None else entry.with_(layer=layer)


class Catalog:
    """The layers of the catalog (see the module's docstring): the bundled catalog (unless
    ``builtin`` is False), the fetched sources, the team folders, the user's store."""

    def __init__(self, home: Path, builtin: bool = True, *, hiding: bool = True) -> None:
        self.home = home
        self.builtin = builtin
        # without ``hiding``, hidden models show (to find the one to show again)
        self.hiding = hiding
        self._swept = False
        self._index_list: list[FolderIndex] | None = None
        self._hidden: set[str] | None = None
        self._layers: list[Layer] | None = None
        # what reading the layers found worth saying (a fetched layer rebuilt, or left out)
        self.notes: list[str] = []

    def layers(self) -> list[Layer]:
        """The layers, lowest first: bundled, fetched, team (the last listed in
        ``MODELCARD_PATH`` lowest), user. Every read of entries goes through this list."""
        if self._layers is None:
            layers = [Layer(BUNDLED, builtin_dir())] if self.builtin else []
            fetched = self._fetched_folder()
            if fetched is not None:
                layers.append(Layer(FETCHED, fetched, self.private_dir / "fetched"))
            for folder in reversed(team_folders()):
                layers.append(Layer(TEAM, folder / "models", folder))
            layers.append(Layer(USER, self.models_dir, self.home))
            self._layers = layers
        return self._layers

    def _fetched_folder(self) -> Path | None:
        """The fetched layer's entries, rebuilt first if it was built on another bundled
        catalog (``sources/layer.py``); None when nothing was fetched. Kept lean: ``show``
        pays for it at every start, so the check reads two small files and nothing more."""
        link = self.private_dir / "fetched"
        if not link.exists():
            return None
        built_on = _read_keys(link / "manifest.toml", "format", "bundled")
        if built_on != (
            FETCHED_FORMAT,
            _read_keys(builtin_dir().parent / "catalog.toml", "stamp")[0],
        ):
            from .sources.layer import current_models

            return current_models(self.home, self.notes)
        return link / "models"

    def layer_of(self, path: Path) -> str | None:
        """The name of the layer a file of entries belongs to (by its folder)."""
        return next((layer.name for layer in self.layers() if path.parent == layer.folder), None)

    def layer_named(self, name: str) -> Layer | None:
        return next((layer for layer in self.layers() if layer.name == name), None)

    def layer_dates(self, layer: Layer) -> list[tuple[str, str]]:
        """(dataset, snapshot date) of a layer's data, read from its manifest: the bundled
        catalog's datasets, or the sources ``update`` fetched; none for a team folder or
        the user's store, whose entries carry their own dates."""
        if layer.name == BUNDLED:
            return _snapshot_lines(builtin_dir().parent / "catalog.toml", "[datasets.")
        if layer.name == FETCHED:
            return _snapshot_lines(layer.root / "manifest.toml", "[sources.")
        return []

    def __repr__(self) -> str:
        return f"Catalog({self.home!r}, builtin={self.builtin})"

    @property
    def models_dir(self) -> Path:
        return self.home / "models"

    @property
    def private_dir(self) -> Path:
        return self.home / PRIVATE_DIR

    @property
    def tmp_dir(self) -> Path:
        return self.private_dir / "tmp"

    @property
    def hidden_dir(self) -> Path:
        return self.private_dir / HIDDEN_DIR

    def hidden_ids(self) -> set[str]:
        """The ids hidden from the layers below the user's store (read once)."""
        if not self.hiding:
            return set()
        if self._hidden is None:
            try:
                names = os.listdir(self.hidden_dir)
            except (FileNotFoundError, NotADirectoryError):
                names = []
            self._hidden = {name for name in names if is_valid_id(name)}
        return self._hidden

    def hide(self, entry: Entry) -> Path:
        """Hide a bundled model by its id; the record survives upgrades of the catalog."""
        if not entry.builtin:
            raise ModelcardError(f"{entry.id} is in your store: remove deletes it, not hides it")
        self.hidden_dir.mkdir(parents=True, exist_ok=True)
        marker = self.hidden_dir / entry.id
        # the name is the record; the text only helps a person reading the folder
        marker.write_text(f"{entry.name}\n", encoding="utf-8")
        self._hidden = None
        return marker

    def unhide(self, id: str) -> None:
        try:
            (self.hidden_dir / id).unlink()
        except FileNotFoundError:
            raise NotFound(f"{id} is not hidden") from None
        self._hidden = None

    def user_ids(self) -> dict[str, Path]:
        return list_ids(self.models_dir)

    def builtin_ids(self) -> dict[str, Path]:
        """The visible ids of the layers below the user's store."""
        hidden = self.hidden_ids()
        found: dict[str, Path] = {}
        for layer in self.layers():
            if layer.builtin:
                found.update(
                    (id, p) for id, p in list_ids(layer.folder).items() if id not in hidden
                )
        return found

    def ids(self) -> dict[str, Path]:
        """Every visible id with its file, sorted by id; a higher layer's file shadows a
        lower one's. A file whose name is not an id is no entry (validate says so)."""
        merged = self.builtin_ids()
        merged.update(self.user_ids())
        return {id: path for id, path in sorted(merged.items()) if is_valid_id(id)}

    def locate(self, id: str) -> tuple[Path, Layer] | None:
        """The file of a visible id and its layer: the highest layer that has it."""
        if not is_valid_id(id):
            return None
        name = f"{id}{SUFFIX}"
        for layer in reversed(self.layers()):
            if layer.builtin and id in self.hidden_ids():
                return None
            path = layer.folder / name
            # whatever it is (a FIFO, a symlink loop, a folder): reading it says what is
            # wrong, rather than a lower layer's entry standing in for it unsaid
            if os.path.lexists(path):
                return path, layer
        return None

    def path_of(self, id: str) -> Path | None:
        found = self.locate(id)
        return found[0] if found else None

    def user_file(self, id: str) -> Path | None:
        """The file of ``id`` in the user store, whatever it holds (even if unreadable)."""
        path = self.models_dir / f"{id}{SUFFIX}"
        return path if is_valid_id(id) and os.path.lexists(path) else None

    def load(self, id: str) -> Entry:
        found = self.locate(id)
        if found is None:
            raise NotFound(f"no model with id {id!r}")
        path, layer = found
        return read_entry(path, builtin=layer.builtin, layer=layer.name)

    # -- many entries, through the index -------------------------------------------------

    def _indexes(self) -> list[FolderIndex]:
        """The indexes of the layers, lowest first (so higher ones win)."""
        if self._index_list is None:
            from .index import FolderIndex

            self._index_list = [
                FolderIndex(
                    layer.folder,
                    builtin=layer.builtin,
                    layer=layer.name,
                    stable=layer.name == FETCHED,
                )
                for layer in self.layers()
                # a folder that is not there holds no entries: no index to open for it
                if layer.folder.is_dir()
            ]
        return self._index_list

    def entries(self, on_error: OnError | None = None) -> list[Entry]:
        """Every visible entry, in id order. A file that does not read is reported to
        ``on_error`` and left out (without ``on_error``, it raises)."""
        from .errors import InvalidEntry

        merged: dict[str, Entry] = {}
        for index in self._indexes():
            hidden = self._hidden_in(index)
            for message in index.errors():
                (on_error or _raise)(InvalidEntry(message))
            for entry in index.entries():
                if entry.id not in hidden:
                    merged[entry.id] = entry
        return [merged[id] for id in sorted(merged)]

    def _hidden_in(self, index: FolderIndex) -> set[str]:
        """The ids a layer leaves out: the hidden ones, in every layer below the user's."""
        return self.hidden_ids() if index.builtin else set()

    def rank(
        self,
        key: str,
        filters: Filters,
        *,
        ascending: bool = False,
        limit: int | None = None,
        on_error: OnError | None = None,
    ) -> list[tuple[str, Value]]:
        """(id, value) of the visible entries the filters keep, in ranking order, at most
        ``limit``: sorted by the index, no entry is built."""
        return self._ranked(key, filters, ("", ()), ascending, limit, on_error)

    def search(
        self,
        terms: list[str],
        filters: Filters,
        *,
        names_only: bool = False,
        by: str = "alscore",
        ascending: bool = False,
        limit: int | None = None,
        on_error: OnError | None = None,
    ) -> list[Entry]:
        """The visible entries the filters keep whose name, aliases, lab, id, tags, notes,
        dataset or architecture hold every term (case-insensitive), in the ranking order of
        ``by``, at most ``limit``; with ``names_only``, whose name or aliases do (compared
        as lookup compares them: spaces, hyphens and dots alike)."""
        from .index import holding

        condition = holding(terms, names_only=names_only)
        found = self._ranked(by, filters, condition, ascending, limit, on_error)
        return self.entries_by_id([id for id, _ in found])

    def _ranked(
        self,
        key: str,
        filters: Filters,
        condition: tuple[str, tuple[str, ...]],
        ascending: bool,
        limit: int | None,
        on_error: OnError | None,
    ) -> list[tuple[str, Value]]:
        """Each layer gives its own best ``limit`` rows that the filters and ``condition``
        keep (the lower layers as many more as higher ones shadow), and the sorted lists
        are merged."""
        import heapq

        from .errors import InvalidEntry
        from .ranking import order_key, sql_value

        if limit is not None and limit >= 2**31:
            limit = None  # more rows than any catalog has (and SQLite's LIMIT holds 64 bits)
        expression, args = sql_value(key)
        where, where_args = filters.sql()
        where += condition[0]
        where_args += condition[1]
        layers = self._indexes()
        shadowing: set[str] = set()
        lists = []
        for index in reversed(layers):  # the user layer first
            for message in index.errors():
                (on_error or _raise)(InvalidEntry(message))
            extra = len(shadowing & index.files.keys())
            rows = index.ranked(
                expression,
                args,
                where,
                where_args,
                ascending=ascending,
                limit=None if limit is None else limit + extra,
            )
            lists.append([row for row in rows if row[0] not in shadowing])
            shadowing |= index.valid_ids() | self.hidden_ids()
        merged = list(heapq.merge(*lists, key=order_key(ascending)))
        return merged if limit is None else merged[:limit]

    def entries_by_id(self, ids: list[str]) -> list[Entry]:
        """The visible entries with these ids, in the order given."""
        found: dict[str, Entry] = {}
        for index in self._indexes():
            hidden = self._hidden_in(index)
            for entry in index.entries(ids):
                if entry.id not in hidden:
                    found[entry.id] = entry
        return [found[id] for id in ids if id in found]

    # -- what the catalog holds, for checking options -------------------------------------

    def values(self, column: str) -> set[str]:
        """The labs (``lab``) or architectures (``architecture``) of the visible layers."""
        found: set[str] = set()
        for index in self._indexes():
            found |= index.distinct(column)
        return found

    def benchmark_names(self) -> set[str]:
        found: set[str] = set()
        for index in self._indexes():
            found |= index.benchmark_names()
        return found

    def check_filters(self, filters: Filters) -> None:
        """Refuse a ``--lab`` or ``--arch`` that no model has, naming what there is."""
        if filters.lab is not None or filters.arch is not None:
            filters.check(self.values("lab"), self.values("architecture"))

    # -- lookup -------------------------------------------------------------------------

    def find(self, query: str, on_error: OnError | None = None) -> Entry:
        """The one entry that ``query`` names: an id typed exactly; else an id or a name in
        any case; else an id, a name or an alias as lookup compares them (any case, with
        spaces, hyphens and dots alike). No prefix matching. Raises Ambiguous (listing the
        candidates) or NotFound (with the nearest ids, names and aliases).

        An exact id reads that one file; anything else asks the index."""
        text = query.strip()
        if not text:
            raise NotFound("no model named ''")
        if self.path_of(text) is not None:
            return self.load(text)
        matches = self._matching(text)
        exact = [e for e in matches if text.casefold() in (e.id, e.name.casefold())]
        matches = exact or matches
        if len(matches) == 1:
            return matches[0]
        if matches:
            lines = [f"{shorten(text)!r} is ambiguous; it names {len(matches)} models:"]
            lines += [f"  {describe(e)}" for e in matches]
            lines.append("Use the id to choose one.")
            raise Ambiguous("\n".join(lines))
        raise NotFound(self._not_found(text))

    def _matching(self, text: str) -> list[Entry]:
        key = lookup_key(text)
        lowered = text.lower()
        visible: dict[str, Entry] = {}
        for index in self._indexes():
            hidden = self._hidden_in(index)
            named = [id for id in index.matching(key) if id not in hidden] if key else []
            for entry in index.entries(named):
                visible[entry.id] = entry
        # a name that is an id in another case: that file, read directly (so that its
        # problem, if it has one, is the answer)
        if lowered not in visible and self.path_of(lowered) is not None:
            visible[lowered] = self.load(lowered)
        # an entry shadowed by a user entry of another name is not visible
        return [e for id, e in sorted(visible.items()) if self.path_of(id) == e.path]

    def _not_found(self, text: str) -> str:
        if self.hiding and self.hidden_ids():
            # a hidden model is found by the catalog that shows them, and said so
            try:
                entry = Catalog(self.home, self.builtin, hiding=False).find(text)
            except ModelcardError:
                entry = None
            if entry is not None and entry.id in self.hidden_ids():
                return f"{entry.id} is hidden (modelcard remove --unhide {entry.id} shows it again)"
        names: list[tuple[str, str]] = []
        for index in self._indexes():
            hidden = self._hidden_in(index)
            for id, name, aliases in index.names():
                if id not in hidden:
                    names += [(id, id), (name, id)] + [(alias, id) for alias in aliases]
        return not_found_message(text, names)

    # -- writing ------------------------------------------------------------------------

    def write(self, entry: Entry, *, force: bool = False) -> Path:
        """Write an entry atomically. Without ``force`` an existing id (in the user store or
        the bundled catalog) is refused, and creating the file is exclusive."""
        if not is_valid_id(entry.id):
            raise ModelcardError(f"{entry.id!r} is not a valid id")
        if not force:
            for layer in self.layers():
                if layer.builtin and (layer.folder / f"{entry.id}{SUFFIX}").is_file():
                    raise AlreadyExists(
                        f"{entry.id} already exists in the {layer.title} (use --force to shadow it)"
                    )
        text = entry_mod.dumps(entry)
        target = self.models_dir / f"{entry.id}{SUFFIX}"
        self.models_dir.mkdir(parents=True, exist_ok=True)
        from .atomic import atomic_write, sweep

        if not self._swept:
            sweep(self.tmp_dir)
            self._swept = True
        try:
            atomic_write(target, text, tmp_dir=self.tmp_dir, exclusive=not force)
        except FileExistsError:
            raise AlreadyExists(
                f"{entry.id} already exists at {target} (use --force to replace it)"
            ) from None
        return target

    def write_many(
        self, writes: Iterable[tuple[Entry, bool]]
    ) -> Iterator[tuple[Entry, AlreadyExists | None]]:
        """Write (entry, force) pairs as ``write`` does each, with the syncs of one batch
        (``atomic.write_many``) and no read-back of each text: a bulk import, whose writer
        the tests prove. Yields each entry with None, or the reason it was not written."""
        from .atomic import sweep, write_many

        self.models_dir.mkdir(parents=True, exist_ok=True)
        if not self._swept:
            sweep(self.tmp_dir)
            self._swept = True
        bundled = [
            (layer, {n for n in _listing(layer.folder) if n.endswith(SUFFIX)})
            for layer in self.layers()
            if layer.builtin
        ]
        refused: list[tuple[Entry, AlreadyExists]] = []
        planned: dict[Path, Entry] = {}

        def files() -> Iterator[tuple[Path, str, bool]]:
            for entry, force in writes:
                if not is_valid_id(entry.id):
                    raise ModelcardError(f"{entry.id!r} is not a valid id")
                name = f"{entry.id}{SUFFIX}"
                taken = next((layer for layer, names in bundled if name in names), None)
                if not force and taken is not None:
                    why = f"{entry.id} already exists in the {taken.title}"
                    refused.append((entry, AlreadyExists(f"{why} (use --force to shadow it)")))
                    continue
                target = self.models_dir / name
                planned[target] = entry
                yield target, entry_mod.dumps(entry, verify=False), not force

        for target, written in write_many(files(), folder=self.models_dir, tmp_dir=self.tmp_dir):
            while refused:
                yield refused.pop(0)
            entry = planned.pop(target)
            if written:
                yield entry, None
            else:
                why = f"{entry.id} already exists at {target} (use --force to replace it)"
                yield entry, AlreadyExists(why)
        yield from refused

    def remove(self, entry: Entry) -> Path:
        """Delete an entry of the user's store (a bundled one is hidden: ``hide``)."""
        if entry.builtin or entry.path is None:
            raise ModelcardError(f"{entry.id} is part of the bundled catalog: hide it instead")
        try:
            entry.path.unlink()
        except FileNotFoundError:
            raise NotFound(f"{entry.path} was removed already") from None
        return entry.path


def _listing(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []


def _read_toml(path: Path) -> dict[str, Any]:
    """A small TOML file of the layers (a manifest); empty when it does not read."""
    import tomllib

    from .safefiles import read_text

    try:
        return tomllib.loads(read_text(path, limit=MAX_ENTRY_BYTES))
    except (OSError, UnicodeDecodeError, ModelcardError, ValueError, RecursionError):
        return {}  # a FIFO, a folder, a file nested too deep: no manifest


def _snapshot_lines(path: Path, section: str) -> list[tuple[str, str]]:
    """(name, snapshot) of each ``[<section>NAME]`` table of a manifest modelcard wrote
    (tomli-w's layout: a header line, then ``snapshot = YYYY-MM-DD``). Read line by line:
    ``show`` by name needs no TOML parser otherwise, and this is on its path."""
    from .safefiles import read_text

    try:
        lines = read_text(path, limit=MAX_ENTRY_BYTES).splitlines()
    except (OSError, UnicodeDecodeError, ModelcardError):
        return []
    found: list[tuple[str, str]] = []
    name = None
    for line in lines:
        if line.startswith("["):
            name = line[len(section) : -1] if line.startswith(section) else None
        elif name and line.startswith("snapshot = "):
            found.append((name.strip('"'), line.removeprefix("snapshot = ").strip('"')[:10]))
    return found


def _read_keys(path: Path, *keys: str) -> tuple[object, ...]:
    data = _read_toml(path)
    return tuple(data.get(key) for key in keys)


def describe(entry: Entry) -> str:
    from .units import short_count

    size = short_count(entry.parameters) if entry.parameters is not None else "size -"
    return f"{entry.id}  {entry.name}  ({entry.lab}, {size}, {entry.released or 'TBA'})"


def not_found_message(query: str, names: list[tuple[str, str]]) -> str:
    """``no model named 'X'; did you mean ...?`` with the nearest of ``names`` ((text, id)
    pairs: ids, names, aliases), compared as lookup compares them; each suggestion is
    something to type, with its id when that differs."""
    import difflib

    by_key: dict[str, tuple[str, str]] = {}
    for text, id in names:
        by_key.setdefault(lookup_key(text), (text, id))
    near = difflib.get_close_matches(lookup_key(query), list(by_key), n=3, cutoff=0.6)
    message = f"no model named {shorten(query)!r}"
    if near:
        shown = []
        for key in near:
            text, id = by_key[key]
            shown.append(text if lookup_key(text) == lookup_key(id) else f"{text!r} ({id})")
        message += f"; did you mean {', '.join(dict.fromkeys(shown))}?"
    return message


def _raise(exc: ModelcardError) -> None:
    raise exc
