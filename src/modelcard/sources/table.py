"""The LifeArchitect.ai Models Table as records, so that it is matched and merged like the
other datasets (``combine``): a newer table fetched by ``update``, or one given to
``import``. ``modelcard.importers`` reads the CSV into entries; each entry becomes a record
of its sourced figures, with the entry itself kept as what a new model starts from (the
table has facts no record carries: access, architecture, tags, notes)."""

from __future__ import annotations

from collections.abc import Mapping

from modelcard.entry import Entry
from modelcard.importers import TableImport

from .combine import Input
from .records import LIFEARCHITECT, Figure, Reading, Record, Source

# The fields of a table row that a record carries; the rest of the row is in the entry.
FIGURES = ("released", "parameters", "active_parameters", "tokens", "open_weights")


def table_input(table: TableImport, *, source: str, snapshot: str) -> Input:
    """The rows of a read table as an ``Input`` of ``combine``: one record per row, keyed
    by the id the importer gave the row."""
    reading = Reading(dataset=LIFEARCHITECT.key, snapshot=snapshot)
    starts: dict[str, Entry] = {}
    for row, entry in zip(table.rows, table.entries, strict=True):
        reading.records.append(table_record(entry, row=row, source=source, snapshot=snapshot))
        starts[entry.id] = entry
    return Input(reading, starts)


def table_record(entry: Entry, *, row: int, source: str, snapshot: str) -> Record:
    figures: dict[str, Figure] = {}
    for name in FIGURES:
        value = getattr(entry, name)
        if value is not None:
            figures[name] = Figure(value, _source(entry.sources.get(name), row, snapshot))
    for name, score in entry.benchmarks.items():
        key = f"benchmarks.{name}"
        figures[key] = Figure(score, _source(entry.sources.get(key), row, snapshot))
    if "paper" in entry.links:
        figures["links.paper"] = Figure(entry.links["paper"], _source(None, row, snapshot))
    return Record(
        dataset=LIFEARCHITECT.key,
        key=entry.id,
        name=entry.name,
        lab=entry.lab,
        where=f"{source}: row {row}",
        snapshot=snapshot,
        aliases=entry.aliases,
        figures=figures,
    )


def _source(item: Mapping[str, str] | None, row: int, snapshot: str) -> Source:
    item = item or {}
    return Source(
        url=item.get("url", LIFEARCHITECT.url),
        dataset=LIFEARCHITECT.key,
        snapshot=snapshot,
        row=item.get("row", str(row)),
        note=item.get("note"),
        confidence=item.get("confidence"),
    )


__all__ = ["table_input", "table_record"]
