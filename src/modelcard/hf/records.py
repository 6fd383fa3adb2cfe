"""What a Hugging Face card, a checkpoint or the Hub says about one model, and how it
becomes a new entry or updates one.

A record holds values with their sources, never an entry: ``to_entry`` decides. A new
entry takes every value. An existing entry (the user named it with ``--id``, or it has the
record's id and the same lab: never a name alone) keeps what it has: a value it lacks is
added, a value equal to the record's stays with its source, and a value that differs is
kept and reported, unless ``force`` takes the record's (with its source).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from modelcard.entry import Entry, from_mapping, to_mapping
from modelcard.errors import InvalidEntry
from modelcard.units import format_count

# fields a record may set (other than benchmarks, tags and links)
FIELDS = ("architecture", "parameters", "active_parameters", "access")


@dataclass
class Record:
    where: str  # the file, folder or repository read, for messages
    name: str | None = None
    lab: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    benchmarks: dict[str, float] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)
    sources: dict[str, dict[str, str]] = field(default_factory=dict)
    description: str | None = None  # notes for a new entry
    notes: list[str] = field(default_factory=list)  # what was read or computed
    warnings: list[str] = field(default_factory=list)

    def add(self, other: Record) -> None:
        """Take what ``other`` says and this record does not (a checkpoint's README)."""
        self.name = self.name or other.name
        self.lab = self.lab or other.lab
        for name, value in other.values.items():
            self.values.setdefault(name, value)
        for key, score in other.benchmarks.items():
            self.benchmarks.setdefault(key, score)
        self.tags += [t for t in other.tags if t not in self.tags]
        for key, target in other.links.items():
            self.links.setdefault(key, target)
        for key, source in other.sources.items():
            self.sources.setdefault(key, source)
        self.description = self.description or other.description
        self.notes += other.notes
        self.warnings += other.warnings


def _shown(value: object) -> str:
    return format_count(value) if isinstance(value, int) else repr(value)


def to_entry(
    record: Record,
    *,
    id: str,
    existing: Entry | None,
    updated: dt.date,
    force: bool = False,
) -> tuple[Entry, list[str]]:
    """The entry to write, and the disagreements with the existing entry (kept, unless
    ``force``)."""
    source = record.where
    if existing is None:
        if not record.name:
            raise InvalidEntry(
                f"{source}: no model name found (no model-index name, model_name or heading)"
            )
        if not record.lab:
            raise InvalidEntry(
                f"{source}: no lab found (the card has no model_creator); give --lab"
            )
        data: dict[str, Any] = {"name": record.name, "lab": record.lab}
        data.update(record.values)
        if record.benchmarks:
            data["benchmarks"] = dict(record.benchmarks)
        if record.tags:
            data["tags"] = list(record.tags)
        if record.links:
            data["links"] = dict(record.links)
        if record.sources:
            data["sources"] = dict(record.sources)
        if record.description:
            data["notes"] = record.description
        data["updated"] = updated
        return from_mapping(data, id=id, source=source), []

    data = to_mapping(existing)
    disagreements: list[str] = []
    sources = dict(existing.sources)

    def take(key: str, ours: object, theirs: object, source_key: str) -> bool:
        """Whether to write the record's value of ``key``."""
        if ours is None or ours == theirs:
            if source_key in record.sources and (ours is None or source_key not in sources):
                sources[source_key] = record.sources[source_key]
            return ours is None
        kept = "took the record's (--force)" if force else "kept (--force takes the other)"
        disagreements.append(
            f"{source}: {key}: {existing.id} has {_shown(ours)}, {record.where} says "
            f"{_shown(theirs)}; {kept}"
        )
        if force:
            if source_key in record.sources:
                sources[source_key] = record.sources[source_key]
            else:
                sources.pop(source_key, None)
        return force

    for name, value in record.values.items():
        if take(name, getattr(existing, name), value, name):
            data[name] = format_count(value) if isinstance(value, int) else value
    scores = dict(existing.benchmarks)
    for key, score in record.benchmarks.items():
        if take(f"benchmarks.{key}", scores.get(key), score, f"benchmarks.{key}"):
            scores[key] = score
    links = dict(existing.links)
    for key, target in record.links.items():
        if take(f"links.{key}", links.get(key), target, f"links.{key}"):
            links[key] = target
    tags = list(existing.tags) + [t for t in record.tags if t not in existing.tags]
    data.update(benchmarks=scores, links=links, tags=tags, sources=sources, updated=updated)
    data = {k: v for k, v in data.items() if v not in ({}, [])}
    return from_mapping(data, id=existing.id, source=source), disagreements
