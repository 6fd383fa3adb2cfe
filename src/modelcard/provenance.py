"""Where a figure comes from and how sure it is.

A figure read from a Models Table row is sourced to the table itself (its page, the dataset's
name, the snapshot's date and the row), never to the row's Paper / Repo link, which stays the
model's paper: a lab's paper is not the source of the table's estimate.

The confidence rule for figures read from the table (``rated``), written out in the README:

- a parameter or token count (total or active) is ``likely`` when the model's weights are
  open (the lab released the model, so its size is on record and can be checked), and
  ``speculative`` otherwise: for a model whose weights are closed or unknown, the table cannot
  tell a count the lab published from its own estimate;
- a benchmark score is ``likely`` (the lab's reported score, as the table copied it);
- ``open_weights = false`` read from the table's 🔴 (private) is ``likely``.

Figures from the reviewed files of ``data/curation`` keep the confidence their source gives
(``confident`` where the lab's own page states the figure). A computed figure is as sure as
the least sure count it is computed from.

Figures from Epoch AI keep Epoch's own ``Confidence`` where it gives one (its parameter,
compute and dataset-size estimates); the rest (``dataset_level``):

- Epoch's publication date, accessibility and link, which its Confidence does not speak
  for, are ``likely``: records of public facts, checked by Epoch, cited to no page;
- every figure from models.dev is ``likely``: the catalogue copies the labs' own
  documentation (limits, prices, dates, weights) but cites no page for a figure.

Hearsay is at most ``speculative`` (``hearsay_level``): a figure whose own note in Epoch's
data says it is rumoured, leaked, speculative or unconfirmed (GPT-4's "Rumored to be 1.8T
parameter MoE with 280B activated") is capped there, whatever Epoch's Confidence column
says. Notes that use one of those words without saying it of the figure ("contrary to some
rumors") are reviewed exceptions in ``data/hearsay.toml``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from . import datasets
from .datasets import LIFEARCHITECT
from .entry import Entry

MODELS_TABLE_URL = LIFEARCHITECT.url
MODELS_TABLE = LIFEARCHITECT.key
COUNTS = ("parameters", "active_parameters", "tokens")
# From the least sure to the surest.
LEVELS = ("speculative", "likely", "confident")
# The mark a table puts on an estimate (a speculative figure, or one computed from one).
ESTIMATE_MARK = "~"
ESTIMATE_NOTE = (
    "~ an estimate: a speculative figure, or one computed from one "
    "(see `modelcard show NAME` for its source)"
)

# Words by which a note says its figure is hearsay rather than stated or estimated.
HEARSAY = re.compile(r"\b(rumou?r(ed|s)?|leak(ed|s)?|speculat\w*|unconfirmed)\b", re.IGNORECASE)

NOTE_OPEN = "open weights: the lab's count is on record"
NOTE_CLOSED = "may be the table's own estimate: the weights are closed"
NOTE_UNKNOWN = "may be the table's own estimate: nothing says the weights are open"
RULE_NOTES = (NOTE_OPEN, NOTE_CLOSED, NOTE_UNKNOWN)
NOTE_SCORE = "the score as the table reports it"
NOTE_PRIVATE = "the table marks the model private (🔴): its weights were not released"


def table_source(row: int, snapshot: dt.date | None, note: str | None = None) -> dict[str, str]:
    """The source of a figure read from row ``row`` of a Models Table export."""
    source = {"url": MODELS_TABLE_URL, "dataset": MODELS_TABLE, "row": str(row)}
    if snapshot is not None:
        source["snapshot"] = snapshot.isoformat()
    if note:
        source["note"] = note
    return source


def from_table(source: Mapping[str, str]) -> bool:
    return source.get("dataset") == MODELS_TABLE


def rated(entry: Entry) -> Entry:
    """The entry with every figure read from the Models Table rated by the rule above.
    Idempotent, so it can run again after the reviewed files change ``open_weights``."""
    sources = {}
    for field, source in entry.sources.items():
        if from_table(source):
            level, note = _table_rule(entry, field, source)
            source = {**source, "confidence": level}
            if note is not None:
                source["note"] = note
        sources[field] = source
    return entry if sources == entry.sources else entry.with_(sources=sources)


DATASET_RULE = {
    "epoch": "likely",
    "modelsdev": "likely",
}


def dataset_level(dataset: str, stated: str | None) -> str | None:
    """How sure a figure read from a dataset is: what the dataset states, else the rule
    above (``DATASET_RULE``), else nothing."""
    return stated or DATASET_RULE.get(dataset)


def kept_reviewed(entry: Entry, before: Entry) -> Entry:
    """``entry`` (rated again after a newer copy of the table was merged in) with the
    reviewed ratings of ``before`` kept: a table count that the reviewed files of
    ``data/curation`` mark as the table's own estimate (``speculative``, with their note,
    where the rule alone would say ``likely``) stays so when a newer table repeats it."""
    sources = dict(entry.sources)
    for field in COUNTS:
        old, new = before.sources.get(field), sources.get(field)
        if not (old and new and from_table(old) and from_table(new)):
            continue
        if getattr(entry, field) != getattr(before, field):
            continue
        reviewed = old.get("confidence") == "speculative" and old.get("note") not in RULE_NOTES
        if reviewed and new.get("confidence") != "speculative":
            sources[field] = {**new, "confidence": "speculative", "note": old.get("note", "")}
    return entry if sources == entry.sources else entry.with_(sources=sources)


def _table_rule(entry: Entry, field: str, source: Mapping[str, str]) -> tuple[str, str | None]:
    if field.startswith("benchmarks."):
        return "likely", NOTE_SCORE
    if field == "open_weights":
        return "likely", source.get("note")
    if field in COUNTS:
        # a note saying how the figure was read (an MoE notation) is kept
        kept = source.get("note") if source.get("note") not in RULE_NOTES else None
        if entry.open_weights:
            return "likely", kept or NOTE_OPEN
        closed = NOTE_CLOSED if entry.open_weights is False else NOTE_UNKNOWN
        return "speculative", kept or closed
    return source.get("confidence", "likely"), source.get("note")


def confidence(entry: Entry, field: str) -> str | None:
    """How sure a stored figure is (its source's confidence), or None when nothing says."""
    source = entry.sources.get(field)
    return source.get("confidence") if source else None


def weakest(levels: list[str | None]) -> str | None:
    """The least sure of the known levels; None when none is known."""
    known = [level for level in levels if level in LEVELS]
    return min(known, key=LEVELS.index) if known else None


def figure_confidence(entry: Entry, figure: str) -> str | None:
    """The confidence of a stored count or a computed figure (``alscore``, ``ratio``,
    ``training_compute``): the weakest of the counts it rests on."""
    if figure in ("alscore", "ratio"):
        if entry.parameters is None or entry.tokens is None:
            return None
        return weakest([confidence(entry, "parameters"), confidence(entry, "tokens")])
    if figure == "training_compute":
        count = "active_parameters" if entry.active_parameters is not None else "parameters"
        if getattr(entry, count) is None or entry.tokens is None:
            return None
        return weakest([confidence(entry, count), confidence(entry, "tokens")])
    return confidence(entry, figure)


def figure_confidences(entry: Entry) -> dict[str, str | None]:
    """Every figure's confidence, for JSON: the stored counts and the computed figures."""
    figures = (*COUNTS, "alscore", "ratio", "training_compute")
    return {name: figure_confidence(entry, name) for name in figures}


def is_estimate(entry: Entry, figure: str) -> bool:
    return figure_confidence(entry, figure) == "speculative"


def marked(text: str, entry: Entry, figure: str) -> str:
    """``text`` with the estimate mark when the figure is speculative (and shown at all)."""
    if text != "-" and is_estimate(entry, figure):
        return ESTIMATE_MARK + text
    return text


def describe_source(source: Mapping[str, str]) -> str:
    """Where a figure was read, in words: ``LifeArchitect.ai Models Table of 2025-10-02,
    row 669``; empty when the source is a page rather than a dataset."""
    dataset = source.get("dataset")
    if not dataset:
        return ""
    name = datasets.name(dataset)
    if source.get("snapshot"):
        name += f" of {source['snapshot']}"
    if source.get("row"):
        name += f", row {source['row']}"
    return name


def hearsay_level(level: str | None, note: str | None, reviewed: bool = False) -> str | None:
    """``level`` capped at ``speculative`` when ``note`` says the figure is hearsay (and
    the note is not a reviewed exception)."""
    if reviewed or not note or not HEARSAY.search(note):
        return level
    return "speculative"


def hearsay_path() -> Path:
    return Path(__file__).resolve().parent / "data" / "hearsay.toml"


@cache
def hearsay_exceptions(path: Path | None = None) -> frozenset[tuple[str, str, str]]:
    """The reviewed notes that use a word of ``HEARSAY`` without saying their figure is
    hearsay: (dataset, record, field) each."""
    import tomllib

    from .errors import ModelcardError

    where = path or hearsay_path()
    try:
        data = tomllib.loads(where.read_text(encoding="utf-8"))
        found = set()
        for n, item in enumerate(data.get("keep", []), start=1):
            if not all(isinstance(item.get(k), str) and item[k] for k in _HEARSAY_KEYS):
                raise ValueError(f"keep #{n} needs {', '.join(_HEARSAY_KEYS)}")
            found.add((item["dataset"], item["record"], item["field"]))
    except (OSError, ValueError) as exc:  # tomllib.TOMLDecodeError is a ValueError
        raise ModelcardError(f"{where}: {exc}") from None
    return frozenset(found)


_HEARSAY_KEYS = ("dataset", "record", "field", "why")
