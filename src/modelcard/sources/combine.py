"""Combining datasets into one catalog: entries to start from, then each dataset's records
matched (``matching``) and merged (``merging``), one dataset after the other. Pure: entries
and readings in, entry documents and counts out; nothing is read or written here.

The same function builds the bundled catalog (``scripts/build_catalog.py``: the Models
Table, then Epoch AI, then models.dev), the layer of fetched sources (``sources/layer.py``:
the bundled catalog, then each source ``update`` downloaded) and what ``import`` writes into
a user's store (the visible catalog, then one file).

Two pins come before the matcher's own rules, so that a second run over the same data
finds the same entries:

- a record of a dataset whose figures an entry already cites, at the same snapshot and row,
  is that entry (a model imported once is found again even where two records share a name);
- a Models Table row whose id (as the importer gives it out) is an entry of the same lab is
  that entry: the table's ids are how the bundled catalog was made.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from modelcard.entry import Entry, to_mapping
from modelcard.slugs import model_id, unique_id

from .crosswalk import Crosswalk
from .matching import Known, Match, match_records
from .merging import merge, new_document
from .policy import ENTRY, Policy
from .records import Reading, Record

if TYPE_CHECKING:
    from modelcard.progress import Tick

Document = dict[str, Any]


@dataclass
class Input:
    """One dataset to merge: its reading, and for the Models Table the whole entry a new
    row starts from (by record key), since the table has facts no record carries (access,
    architecture, tags, notes)."""

    reading: Reading
    starts: Mapping[str, Entry] = field(default_factory=dict)


@dataclass
class Step:
    """What one dataset did."""

    dataset: str
    records: int = 0
    matched: list[Match] = field(default_factory=list)
    created: list[Match] = field(default_factory=list)
    skipped: list[Match] = field(default_factory=list)
    changes: Counter[str] = field(default_factory=Counter)
    report: list[str] = field(default_factory=list)
    changed: set[str] = field(default_factory=set)  # ids whose document this step changed


@dataclass
class Combined:
    documents: dict[str, Document]
    created_by: dict[str, str]  # id -> the dataset whose record created it
    steps: list[Step]
    dropped: dict[str, str] = field(default_factory=dict)  # id -> why it was left out

    @property
    def changed(self) -> set[str]:
        """The ids whose document differs from the one they started as (or are new)."""
        return {id for step in self.steps for id in step.changed if id in self.documents}


def combine(
    base: Iterable[Entry],
    inputs: Iterable[Input],
    *,
    crosswalk: Crosswalk,
    policy: Policy,
    keep_new: Callable[[str, Document], str | None] | None = None,
    progress: Tick | None = None,
) -> Combined:
    """Merge each input's records into the documents of ``base`` (and of the entries the
    records before it created), in order. ``keep_new(id, document)`` decides, once all is
    merged, whether an entry no base entry was stays: None keeps it, a text says why not.

    Deterministic: the result depends only on the entries, the inputs in order, the
    crosswalk and the policy. ``progress`` is told of each record matched and merged."""
    documents = {entry.id: to_mapping(entry) for entry in base}
    created_by: dict[str, str] = {}
    steps = []
    for item in inputs:
        step = Step(item.reading.dataset, records=len(item.reading.records))
        records = [rated(record) for record in item.reading.records]
        matches = _matches(records, documents, crosswalk, step, progress)
        spellings = lab_spellings(documents, crosswalk)
        for done, m in enumerate(matches):
            if progress is not None:
                progress("merging", done, len(matches))
            if m.entry is None:
                step.skipped.append(m)
                continue
            (step.created if m.new else step.matched).append(m)
            before = documents.get(m.entry)
            if before is None:
                start = item.starts.get(m.record.key)
                before = (
                    to_mapping(start)
                    if start is not None
                    else new_document(
                        m.record, name=m.entry_name, lab=_lab_name(m.record, spellings, crosswalk)
                    )
                )
                created_by[m.entry] = m.record.dataset
                step.changed.add(m.entry)
            after, report = merge(
                before, m.record, policy, base_dataset=ENTRY, add_aliases=m.adds_aliases
            )
            step.changes.update(c.action for c in report.changes)
            if report.changed:
                step.changed.add(m.entry)
            documents[m.entry] = after
        if progress is not None:
            progress("merging", len(matches), len(matches))
        steps.append(step)
    for id, dataset in created_by.items():
        if dataset != "lifearchitect":  # the table's own Public? column says it there
            documents[id] = with_access(documents[id])
    dropped: dict[str, str] = {}
    if keep_new is not None:
        for id in sorted(created_by):
            why = keep_new(id, documents[id])
            if why is not None:
                dropped[id] = why
                del documents[id]
    return Combined(dict(sorted(documents.items())), created_by, steps, dropped)


def lab_spellings(documents: Mapping[str, Document], crosswalk: Crosswalk) -> dict[str, str]:
    """Each lab group's spelling in the catalog: the one most entries use (the first in
    alphabetical order on a tie), so that a new model of OpenAI is not filed under
    models.dev's folder name ``openai``."""
    counts: dict[str, Counter[str]] = {}
    for doc in documents.values():
        lab = str(doc["lab"])
        counts.setdefault(crosswalk.lab_group(lab), Counter())[lab] += 1
    return {
        group: min(spelled, key=lambda lab: (-spelled[lab], lab))
        for group, spelled in counts.items()
    }


def _lab_name(record: Record, spellings: Mapping[str, str], crosswalk: Crosswalk) -> str:
    """The lab of a new entry: the crosswalk's name for it, else the catalog's spelling,
    else the dataset's own."""
    from .names import lab_key

    return (
        crosswalk.labs.get(lab_key(record.lab))
        or spellings.get(crosswalk.lab_group(record.lab))
        or record.lab
    )


def rated(record: Record) -> Record:
    """The record with each figure's confidence as ``provenance.dataset_level`` says: the
    dataset's own where it states one, else the written rule for that dataset."""
    from modelcard.provenance import dataset_level

    figures = {}
    for name, figure in record.figures.items():
        level = dataset_level(figure.source.dataset, figure.source.confidence)
        if level != figure.source.confidence:
            figure = replace(figure, source=replace(figure.source, confidence=level))
        figures[name] = figure
    return replace(record, figures=figures)


def with_access(doc: Document) -> Document:
    """A new entry's ``access``, where no source said it (only the Models Table does):
    ``public`` when its weights can be downloaded or its lab lists a price for it (anyone
    can use it), else left unknown."""
    if doc.get("access", "unknown") != "unknown":
        return doc
    if doc.get("open_weights") is True or "price_input" in doc or "price_output" in doc:
        return {**doc, "access": "public"}
    return doc


def _matches(
    records: list[Record],
    documents: Mapping[str, Document],
    crosswalk: Crosswalk,
    step: Step,
    progress: Tick | None = None,
) -> list[Match]:
    """Each record's match: pinned by what an entry cites or by a table id, else by
    ``match_records`` against the entries no pin took. In the records' order."""
    cited = citations(documents)
    pinned: dict[int, Match] = {}
    taken: set[str] = set()
    for n, record in enumerate(records):
        decisions = crosswalk.about(record.dataset, record.key)
        if any(d.kind == "skip" for d in decisions):
            continue  # the crosswalk's word is the last
        entry = _cited(record, cited) or _table_id(record, documents, crosswalk)
        if entry is not None and entry not in taken:
            # a pointer's name, or one the crosswalk replaced, stays no alias (as when the
            # record made the entry)
            moving = any(d.kind == "alias" for d in decisions)
            name = next((d.name for d in decisions if d.name), None)
            pinned[n] = Match(record, entry, "provenance", moving=moving, name=name)
            taken.add(entry)
    rest = [r for n, r in enumerate(records) if n not in pinned]
    candidates = [_known(id, doc) for id, doc in documents.items() if id not in taken]
    matching = match_records(rest, candidates, crosswalk, progress=progress)
    step.report.extend(matching.report)
    # a new entry's id must not be one a pin took (match_records did not see those)
    used = set(documents) | {m.entry for m in matching.matches if m.entry is not None}
    by_record = {}
    for m in matching.matches:
        if m.new and m.entry in taken:
            m = replace(m, entry=unique_id(model_id(m.entry_name), used))
            used.add(str(m.entry))
        by_record[id(m.record)] = m
    return [pinned[n] if n in pinned else by_record[id(r)] for n, r in enumerate(records)]


def citations(documents: Mapping[str, Document]) -> dict[tuple[str, str, str], str]:
    """(dataset, snapshot, row) -> the id of the entry that cites it, in its sources or its
    alternatives."""
    found: dict[tuple[str, str, str], str] = {}
    for id, doc in documents.items():
        items = list((doc.get("sources") or {}).values())
        items += [i for values in (doc.get("alternatives") or {}).values() for i in values]
        for item in items:
            if isinstance(item, Mapping) and item.get("dataset") and item.get("row"):
                key = (str(item["dataset"]), str(item.get("snapshot", "")), str(item["row"]))
                found.setdefault(key, id)
    return found


def _cited(record: Record, cited: Mapping[tuple[str, str, str], str]) -> str | None:
    for figure in record.figures.values():
        source = figure.source
        entry = cited.get((source.dataset, source.snapshot, source.row))
        if entry is not None:
            return entry
    return None


def _table_id(
    record: Record, documents: Mapping[str, Document], crosswalk: Crosswalk
) -> str | None:
    if record.dataset != "lifearchitect":
        return None
    doc = documents.get(record.key)
    if doc is None:
        return None
    same_lab = crosswalk.lab_group(str(doc["lab"])) == crosswalk.lab_group(record.lab)
    return record.key if same_lab else None


def _known(id: str, doc: Document) -> Known:
    released = doc.get("released")
    return Known(
        id=id,
        name=str(doc["name"]),
        lab=str(doc["lab"]),
        released=str(released) if released else None,
        aliases=tuple(doc.get("aliases") or ()),
    )


def to_entry(id: str, doc: Document, *, updated: dt.date | None = None) -> Entry:
    """The entry of a merged document: dated ``updated``, else by the newest snapshot its
    values come from. Raises ``InvalidEntry`` naming the id."""
    from modelcard.entry import from_mapping

    newest = newest_snapshot(doc)
    day = updated or (dt.date.fromisoformat(newest) if newest else None)
    if day is not None:
        doc = {**doc, "updated": day}
    return from_mapping(doc, id=id, source=f"{id}.toml")


def released_after(snapshot: str) -> Callable[[str, Document], str | None]:
    """A ``keep_new`` rule: a model only another source knows stays when it was released
    after the Models Table's snapshot (a month or a year compared at its own precision);
    before it, the table is the reviewed list of the models that matter."""

    def keep(id: str, doc: Document) -> str | None:
        released = str(doc.get("released") or "")
        if released and released > snapshot[: len(released)]:
            return None
        return f"released {released or 'TBA'}, not after the Models Table of {snapshot}"

    return keep


def newest_snapshot(doc: Mapping[str, Any]) -> str | None:
    """The date of the newest dataset an entry's values come from (its sources and the
    values kept beside them), or None when none names one."""
    dates = [
        str(item["snapshot"])
        for table in ("sources", "alternatives")
        for values in (doc.get(table) or {}).values()
        for item in (values if isinstance(values, list) else [values])
        if isinstance(item, Mapping) and item.get("snapshot")
    ]
    return max(dates) if dates else None


__all__ = [
    "Combined",
    "Input",
    "Step",
    "citations",
    "combine",
    "newest_snapshot",
    "released_after",
    "to_entry",
]
