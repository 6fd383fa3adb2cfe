"""The crosswalk: reviewed decisions that names, labs and dates cannot make on their own.

It is a data file (``src/modelcard/data/crosswalk.toml``), read and checked here:

- ``[labs]``: which spellings are one lab (``"Moonshot AI" = ["Moonshot", "moonshotai"]``);
  the key is the name a new entry gets.
- ``[[same]]``: a record **is** an entry, under another name (``GPT-4 (Mar 2023)`` is
  ``gpt-4``). If no such entry exists yet, the record becomes it, with that id: so two
  sources' records of a new model meet in one entry.
- ``[[different]]``: a record is **not** these entries, however alike the names
  (``mistral-large-2411`` is not the Mistral Large of February 2024).
- ``[[alias]]``: a record is a pointer that moves (``deepseek-chat``): in the snapshot
  named, it meant this entry; in any other it matches nothing and is reported.
- ``name`` (optional, with any of the three): the name of the entry if the record creates
  it, where its own would mislead (a pointer's name; ``Command R`` for the August 2024
  refresh, which would read as the March model).
- ``[[skip]]``: a record that is no model of this catalog (a safety classifier, a tool).

Every decision names its dataset and record (the record's ``key``: Epoch's model name,
models.dev's ``lab/model``) and says why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modelcard.errors import ModelcardError

from .names import lab_key
from .records import DATASET_KEYS

KINDS = ("same", "different", "alias", "skip")
# The keys of each kind of decision: all required but those in _OPTIONAL.
_KEYS = {
    "same": {"dataset", "record", "entry", "why"},
    "different": {"dataset", "record", "entries", "why"},
    "alias": {"dataset", "record", "entry", "snapshot", "why"},
    "skip": {"dataset", "record", "why"},
}
# ``name``: the name of the entry, if this record creates it (its own would mislead).
_OPTIONAL = {"same": {"name"}, "different": {"name"}, "alias": {"name"}}


class CrosswalkError(ModelcardError):
    """The crosswalk file does not hold what it must; the message names the item."""


@dataclass(frozen=True)
class Decision:
    kind: str
    dataset: str
    record: str
    why: str
    entries: tuple[str, ...] = ()  # same/alias: the one entry; different: those it is not
    snapshot: str | None = None  # alias: the snapshot in which the pointer meant the entry
    name: str | None = None  # the name of the entry, if the record creates it

    @property
    def entry(self) -> str:
        return self.entries[0]


@dataclass(frozen=True)
class Crosswalk:
    labs: Mapping[str, str] = field(default_factory=dict)  # lab key -> lab name
    decisions: Mapping[tuple[str, str], tuple[Decision, ...]] = field(default_factory=dict)

    def lab_group(self, lab: str) -> str:
        """The lab's reviewed name if the crosswalk knows it, else its folded key."""
        key = lab_key(lab)
        return self.labs.get(key, key)

    def lab_name(self, lab: str) -> str:
        """The name a new entry's lab gets: the crosswalk's, else the dataset's own."""
        return self.labs.get(lab_key(lab), lab)

    def about(self, dataset: str, record: str) -> tuple[Decision, ...]:
        return self.decisions.get((dataset, record), ())

    def __len__(self) -> int:
        return sum(len(d) for d in self.decisions.values())


def default_path() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "crosswalk.toml"


def load(path: Path | None = None) -> Crosswalk:
    import tomllib

    path = path or default_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CrosswalkError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CrosswalkError(f"{path}: not valid TOML: {exc}") from None
    return parse(data, source=str(path))


def parse(data: Mapping[str, Any], *, source: str) -> Crosswalk:
    """Check a parsed crosswalk; errors name the file and the item."""
    unknown = set(data) - {"labs", *KINDS}
    if unknown:
        raise CrosswalkError(f"{source}: unknown table {sorted(unknown)[0]!r}")
    labs = _labs(data.get("labs", {}), source)
    decisions: dict[tuple[str, str], list[Decision]] = {}
    for kind in KINDS:
        items = data.get(kind, [])
        if not isinstance(items, list):
            raise CrosswalkError(f"{source}: {kind} must be an array of tables ([[{kind}]])")
        for number, item in enumerate(items, start=1):
            where = f"{source}: [[{kind}]] item {number}"
            decision = _decision(kind, item, where)
            known = decisions.setdefault((decision.dataset, decision.record), [])
            if any(d.kind != "different" for d in known) and kind != "different":
                raise CrosswalkError(
                    f"{where}: {decision.dataset} record {decision.record!r} is decided twice"
                )
            known.append(decision)
    return Crosswalk(labs=labs, decisions={k: tuple(v) for k, v in decisions.items()})


def _labs(table: object, source: str) -> dict[str, str]:
    if not isinstance(table, dict):
        raise CrosswalkError(f"{source}: [labs] must be a table of name = [spellings]")
    labs: dict[str, str] = {}
    for name, spellings in table.items():
        if not isinstance(spellings, list) or not all(isinstance(s, str) for s in spellings):
            raise CrosswalkError(f"{source}: labs.{name}: expected a list of spellings")
        for spelling in [name, *spellings]:
            key = lab_key(spelling)
            if labs.get(key, name) != name:
                raise CrosswalkError(
                    f"{source}: labs.{name}: {spelling!r} is already a spelling of {labs[key]!r}"
                )
            labs[key] = name
    return labs


def _decision(kind: str, item: object, where: str) -> Decision:
    if not isinstance(item, dict):
        raise CrosswalkError(f"{where}: expected a table")
    required = _KEYS[kind]
    unknown = set(item) - required - _OPTIONAL.get(kind, set())
    if unknown:
        raise CrosswalkError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    missing = required - set(item)
    if missing:
        raise CrosswalkError(f"{where}: {sorted(missing)[0]!r} is missing")
    text = {k: v for k, v in item.items() if k != "entries"}
    for key, value in text.items():
        if not isinstance(value, str) or not value.strip():
            raise CrosswalkError(f"{where}: {key} must be non-empty text")
    if item["dataset"] not in DATASET_KEYS:
        raise CrosswalkError(
            f"{where}: dataset {item['dataset']!r} is not one of {', '.join(DATASET_KEYS)}"
        )
    entries: tuple[str, ...] = ()
    if kind in ("same", "alias"):
        entries = (item["entry"],)
    elif kind == "different":
        entries = _ids(item["entries"], where)
    snapshot = item.get("snapshot")
    if snapshot is not None:
        try:
            dt.date.fromisoformat(snapshot)
        except ValueError:
            raise CrosswalkError(f"{where}: snapshot {snapshot!r} is not YYYY-MM-DD") from None
    from modelcard.slugs import is_valid_id

    for entry in entries:
        if not is_valid_id(entry):
            raise CrosswalkError(f"{where}: {entry!r} is not an entry id")
    return Decision(
        kind=kind,
        dataset=item["dataset"],
        record=item["record"],
        why=" ".join(item["why"].split()),
        entries=entries,
        snapshot=snapshot,
        name=item.get("name"),
    )


def _ids(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise CrosswalkError(f"{where}: entries must be a non-empty list of ids")
    return tuple(value)


def decided(crosswalk: Crosswalk, kind: str) -> Iterable[Decision]:
    """Every decision of one kind, in file order within each record."""
    for decisions in crosswalk.decisions.values():
        yield from (d for d in decisions if d.kind == kind)


__all__ = ["Crosswalk", "CrosswalkError", "Decision", "decided", "default_path", "load", "parse"]
