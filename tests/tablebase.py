"""The Models Table's entries as the build starts from them (the table, read by the importer,
with the reviewed files of data/curation applied), before Epoch AI and models.dev are merged:
what the tests of matching and merging compare records against."""

from __future__ import annotations

import datetime as dt
import functools

from modelcard.curation import Curation, apply
from modelcard.entry import Entry
from modelcard.importers import read_models_table

from .conftest import CSV, ROOT

SNAPSHOT = dt.date(2025, 10, 2)


@functools.cache
def table_entries() -> tuple[Entry, ...]:
    text = CSV.read_text(encoding="utf-8")
    table = read_models_table(text, source=CSV.name, updated=SNAPSHOT, snapshot=SNAPSHOT)
    return tuple(apply(table.entries, Curation.load(ROOT / "data" / "curation")))


def table_entry(id: str) -> Entry:
    return next(e for e in table_entries() if e.id == id)
