"""Reviewed corrections and additions to the bundled catalog, kept as data in
``data/curation/`` and applied by ``scripts/build_catalog.py`` when it builds the catalog
from the Models Table, so that the catalog stays reproducible and every change reviewable:

- ``aliases.toml``: ``id = ["other name", ...]``, the names people type for a model;
- ``open-weights.toml``: ``[id]`` with ``open_weights``, ``url``, ``confidence`` and a
  ``note``: whether the weights can be downloaded, where the row does not say it or says
  it wrongly;
- ``active-parameters.toml``: ``[id]`` with ``value``, ``url``, ``confidence``, ``note``:
  active parameters of MoE models, each from a page that states the figure;
- ``disclosed.toml``: ``[id.field]`` likewise, for parameter and token counts that a lab
  published (the source becomes the lab's page); or ``disclosed = false`` with a note, for
  a count the lab never published although it released the weights (the table's figure
  stays, rated ``speculative``: the open-weights rule would call it ``likely``).

Pure: files in, entries out. Every problem names the file and the id.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import provenance
from .entry import Entry, check_aliases, check_open_weights, check_sources
from .errors import InvalidEntry, InvalidValue
from .slugs import lookup_key
from .units import format_count, parse_count

FILES = ("aliases.toml", "open-weights.toml", "active-parameters.toml", "disclosed.toml")
FIGURES = ("parameters", "active_parameters", "tokens")


@dataclass(frozen=True)
class Figure:
    """A reviewed figure: its value (a count) and its source."""

    value: int
    source: dict[str, str]


@dataclass
class Curation:
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # None withdraws what the row said (the note says why)
    open_weights: dict[str, tuple[bool | None, dict[str, str]]] = field(default_factory=dict)
    figures: dict[tuple[str, str], Figure] = field(default_factory=dict)
    # (id, field) -> why the table's figure is the table's own estimate
    undisclosed: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> Curation:
        """Read the reviewed files in ``folder``; a missing file is an empty one."""
        found = cls()
        for name in FILES:
            path = folder / name
            if path.is_file():
                found.read(name, _toml(path), where=str(path))
        return found

    def read(self, name: str, data: Mapping[str, Any], *, where: str) -> None:
        for id, value in data.items():
            try:
                if name == "aliases.toml":
                    self.aliases[id] = check_aliases(value)
                elif name == "open-weights.toml":
                    self.open_weights[id] = _open_weights(value)
                elif name == "active-parameters.toml":
                    self.figures[(id, "active_parameters")] = _figure(value, "active_parameters")
                else:
                    if not isinstance(value, dict):
                        raise InvalidValue("expected a table of field = {value, url, ...}")
                    for figure, item in value.items():
                        if figure not in FIGURES:
                            raise InvalidValue(f"{figure!r} is not one of {', '.join(FIGURES)}")
                        if isinstance(item, dict) and item.get("disclosed") is False:
                            self.undisclosed[(id, figure)] = _undisclosed(item, figure)
                        else:
                            self.figures[(id, figure)] = _figure(item, figure)
            except InvalidValue as exc:
                raise InvalidEntry(f"{where}: {id}: {exc}") from None

    def ids(self) -> set[str]:
        figures = {id for id, _ in (*self.figures, *self.undisclosed)}
        return {*self.aliases, *self.open_weights, *figures}


def _toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InvalidEntry(f"{path}: not valid TOML: {exc}") from None


def _source(value: Mapping[str, Any], field: str) -> dict[str, str]:
    if "confidence" not in value:
        raise InvalidValue("confidence is missing (confident, likely or speculative)")
    keys = {k: value[k] for k in ("url", "note", "confidence") if k in value}
    return check_sources({field: keys})[field]


def _open_weights(value: object) -> tuple[bool | None, dict[str, str]]:
    if not isinstance(value, dict) or "open_weights" not in value:
        raise InvalidValue("expected a table with open_weights, url, confidence and note")
    unknown = set(value) - {"open_weights", "url", "note", "confidence"}
    if unknown:
        raise InvalidValue(f"unknown key {sorted(unknown)[0]!r}")
    source = _source(value, "open_weights")
    if value["open_weights"] == "unknown":
        if not source.get("note"):
            raise InvalidValue('open_weights = "unknown" needs a note that says why')
        return None, source
    return check_open_weights(value["open_weights"]), source


def _figure(value: object, field: str) -> Figure:
    if not isinstance(value, dict) or "value" not in value:
        raise InvalidValue(f"{field}: expected a table with value, url, confidence and note")
    unknown = set(value) - {"value", "url", "note", "confidence"}
    if unknown:
        raise InvalidValue(f"{field}: unknown key {sorted(unknown)[0]!r}")
    return Figure(parse_count(value["value"], field=field), _source(value, field))


def _undisclosed(value: dict[str, Any], field: str) -> str:
    unknown = set(value) - {"disclosed", "note"}
    if unknown:
        raise InvalidValue(f"{field}: unknown key {sorted(unknown)[0]!r}")
    note = value.get("note")
    if not isinstance(note, str) or not note.strip():
        raise InvalidValue(f"{field}: disclosed = false needs a note that says why")
    return note.strip()


def apply(entries: Iterable[Entry], curation: Curation) -> list[Entry]:
    """The entries with the reviewed data applied, then rated again (``open_weights`` may
    have changed). An id the files name that is not in the catalog is an error: a stale
    correction must not pass silently."""
    entries = list(entries)
    missing = sorted(curation.ids() - {e.id for e in entries})
    if missing:
        raise InvalidEntry(f"data/curation names ids that are not in the catalog: {missing}")
    out = [_estimates(provenance.rated(_applied(e, curation)), curation) for e in entries]
    check_aliases_unique(out)
    return out


def _estimates(entry: Entry, curation: Curation) -> Entry:
    """The table's figures a lab never published, rated speculative (after the rule)."""
    sources = dict(entry.sources)
    for figure in FIGURES:
        why = curation.undisclosed.get((entry.id, figure))
        if why is None:
            continue
        if figure not in sources or not provenance.from_table(sources[figure]):
            raise InvalidEntry(f"{entry.id}: {figure}: no figure of the table to mark undisclosed")
        sources[figure] = {**sources[figure], "confidence": "speculative", "note": why}
    return entry if sources == entry.sources else entry.with_(sources=sources)


def _applied(entry: Entry, curation: Curation) -> Entry:
    changes: dict[str, Any] = {}
    sources = dict(entry.sources)
    if entry.id in curation.aliases:
        changes["aliases"] = curation.aliases[entry.id]
    if entry.id in curation.open_weights:
        changes["open_weights"], source = curation.open_weights[entry.id]
        if changes["open_weights"] is None:
            sources.pop("open_weights", None)
        else:
            sources["open_weights"] = source
    for figure in FIGURES:
        reviewed = curation.figures.get((entry.id, figure))
        if reviewed is None:
            continue
        stated = getattr(entry, figure)
        source = dict(reviewed.source)
        if stated is not None and stated != reviewed.value:
            # the two disagree: the lab's page wins, and the table's figure is kept beside it
            said = f"the Models Table says {format_count(stated)}"
            source["note"] = f"{source['note']}; {said}" if source.get("note") else said
        changes[figure] = reviewed.value
        sources[figure] = source
    if not changes and sources == entry.sources:
        return entry
    return entry.with_(sources=dict(sorted(sources.items())), **changes)


def check_aliases_unique(entries: Iterable[Entry]) -> None:
    """No alias may name two models, nor another model's id or name (as lookup compares
    names), nor repeat its own model's id or name (it would add nothing)."""
    owners: dict[str, set[str]] = {}
    entries = list(entries)
    for entry in entries:
        for text in (entry.id, entry.name):
            owners.setdefault(lookup_key(text), set()).add(entry.id)
    problems = []
    seen: dict[str, str] = {}
    for entry in entries:
        for alias in entry.aliases:
            key = lookup_key(alias)
            others = owners.get(key, set()) - {entry.id}
            if others:
                problems.append(f"{entry.id}: alias {alias!r} names {', '.join(sorted(others))}")
            elif entry.id in owners.get(key, set()):
                problems.append(f"{entry.id}: alias {alias!r} is its own id or name")
            elif key in seen:
                problems.append(f"{entry.id}: alias {alias!r} is also an alias of {seen[key]}")
            seen[key] = entry.id
    if problems:
        raise InvalidEntry("aliases: " + "; ".join(problems))
