"""Where the catalog lives, how entries are found, and how they are written safely.

The catalog is two layers: the user's store (``<home>/models/<id>.toml``) over the bundled
catalog shipped in the package. A user entry with the same id shadows the bundled one.
Nothing here runs at import time: every path is resolved when a command asks for it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from . import entry as entry_mod
from .atomic import atomic_write, sweep
from .entry import Entry
from .errors import AlreadyExists, Ambiguous, InvalidEntry, ModelcardError, NotFound, shorten
from .slugs import is_valid_id, model_id

HOME_ENV = "MODELCARD_HOME"
NO_BUILTIN_ENV = "MODELCARD_NO_BUILTIN"
SUFFIX = ".toml"
# Locks and temporary files live here, never beside the entries (CLI.md).
PRIVATE_DIR = ".modelcard"

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


def read_entry(path: Path, *, builtin: bool = False) -> Entry:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InvalidEntry(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise InvalidEntry(f"{path}: cannot be read: {exc.strerror or exc}") from None
    entry = entry_mod.loads(text, id=path.name[: -len(SUFFIX)], source=str(path))
    return entry.with_(path=path, builtin=builtin)


class Catalog:
    """The user's store layered over the bundled catalog (unless ``builtin`` is False)."""

    def __init__(self, home: Path, builtin: bool = True) -> None:
        self.home = home
        self.builtin = builtin
        self._swept = False

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

    def user_ids(self) -> dict[str, Path]:
        return list_ids(self.models_dir)

    def builtin_ids(self) -> dict[str, Path]:
        return list_ids(builtin_dir()) if self.builtin else {}

    def ids(self) -> dict[str, Path]:
        """Every visible id with its file, sorted by id; user files shadow bundled ones."""
        merged = self.builtin_ids()
        merged.update(self.user_ids())
        return dict(sorted(merged.items()))

    def path_of(self, id: str) -> Path | None:
        if not is_valid_id(id):
            return None
        user = self.models_dir / f"{id}{SUFFIX}"
        if user.is_file():
            return user
        if self.builtin:
            bundled = builtin_dir() / f"{id}{SUFFIX}"
            if bundled.is_file():
                return bundled
        return None

    def load(self, id: str) -> Entry:
        path = self.path_of(id)
        if path is None:
            raise NotFound(f"no model with id {id!r}")
        return read_entry(path, builtin=path.parent == builtin_dir())

    def entries(self, on_error: OnError | None = None) -> list[Entry]:
        """Every visible entry, in id order. A file that does not read is reported to
        ``on_error`` and skipped; without ``on_error`` the first such file raises."""
        bundled = builtin_dir()
        result = []
        for path in self.ids().values():
            try:
                result.append(read_entry(path, builtin=path.parent == bundled))
            except InvalidEntry as exc:
                if on_error is None:
                    raise
                on_error(exc)
        return result

    # -- lookup -------------------------------------------------------------------------

    def find(self, query: str, on_error: OnError | None = None) -> Entry:
        """The one entry that ``query`` names: an id typed exactly, else an id or a name
        matched case-insensitively. Raises Ambiguous or NotFound (with the nearest ids)."""
        text = query.strip()
        if not text:
            raise NotFound("no model named ''")
        if self.path_of(text) is not None:
            return self.load(text)
        matches = self._matching(text, on_error)
        if len(matches) == 1:
            return matches[0]
        if matches:
            lines = [f"{shorten(text)!r} is ambiguous; it names {len(matches)} models:"]
            lines += [f"  {describe(e)}" for e in matches]
            lines.append("Use the id to choose one.")
            raise Ambiguous("\n".join(lines))
        raise NotFound(not_found_message(text, list(self.ids())))

    def _matching(self, text: str, on_error: OnError | None) -> list[Entry]:
        folded = text.casefold()
        lowered = text.lower()
        # A file can only hold this name if its text contains it; names with characters
        # TOML escapes are the exception, and for them every file is read.
        needle = lowered.encode("utf-8") if _plain(text) else b""
        bundled = builtin_dir()
        found = []
        for id, path in self.ids().items():
            if id == lowered:
                pass
            elif needle:
                try:
                    if needle not in path.read_bytes().lower():
                        continue
                except OSError:
                    continue
            try:
                candidate = read_entry(path, builtin=path.parent == bundled)
            except InvalidEntry as exc:
                if on_error is not None and (id == lowered or needle):
                    on_error(exc)
                continue
            if candidate.id == lowered or candidate.name.casefold() == folded:
                found.append(candidate)
        return found

    # -- writing ------------------------------------------------------------------------

    def write(self, entry: Entry, *, force: bool = False) -> Path:
        """Write an entry atomically. Without ``force`` an existing id (in the user store or
        the bundled catalog) is refused, and creating the file is exclusive."""
        if not is_valid_id(entry.id):
            raise ModelcardError(f"{entry.id!r} is not a valid id")
        if not force and self.builtin and (builtin_dir() / f"{entry.id}{SUFFIX}").is_file():
            raise AlreadyExists(
                f"{entry.id} already exists in the bundled catalog (use --force to shadow it)"
            )
        text = entry_mod.dumps(entry)
        target = self.models_dir / f"{entry.id}{SUFFIX}"
        self.models_dir.mkdir(parents=True, exist_ok=True)
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

    def remove(self, entry: Entry) -> Path:
        if entry.builtin or entry.path is None:
            raise ModelcardError(
                f"{entry.id} is part of the bundled catalog and cannot be removed "
                "(hide the bundled catalog with --no-builtin)"
            )
        try:
            entry.path.unlink()
        except FileNotFoundError:
            raise NotFound(f"{entry.path} was removed already") from None
        return entry.path


def describe(entry: Entry) -> str:
    from .units import billions

    size = billions(entry.parameters)
    size = f"{size}B" if entry.parameters is not None else "size -"
    return f"{entry.id}  ({entry.lab}, {size}, {entry.released or 'TBA'})"


def not_found_message(query: str, ids: list[str]) -> str:
    import difflib

    key = model_id(query)
    near = difflib.get_close_matches(key, ids, n=3, cutoff=0.6)
    message = f"no model named {shorten(query)!r}"
    if near:
        message += f"; did you mean {', '.join(near)}?"
    return message


def _plain(text: str) -> bool:
    return text.isascii() and text.isprintable() and not any(ch in text for ch in "\"'\\")
