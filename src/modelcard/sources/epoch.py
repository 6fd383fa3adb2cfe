"""Epoch AI's "Notable AI Models" CSV -> records of language models, each figure sourced.

What is taken, and how (quoted in the README):

- Rows whose ``Domain`` (a comma list) includes ``Language``; the others are counted only.
- ``Publication date`` is the release date (exact, YYYY-MM-DD).
- ``Parameters`` and ``Training dataset size (gradients)`` are written as floats
  (``236000000000.0``); they become exact integer counts. ``Training compute (FLOP)`` is
  kept as a number of FLOP.
- The dataset size becomes a **token count only where Epoch's notes say it counts tokens**
  (``Dataset size notes`` mentions tokens and is not marked ``[WORDS]``). Elsewhere it may
  count words, sentence pairs, images or bytes (older rows convert GB of text to words), so
  it is reported and dropped rather than shown as tokens. Epoch's size is the dataset's
  (unique tokens); an entry's ``tokens`` are tokens trained on, so the size is multiplied
  by Epoch's ``Epochs`` where it gives them (RoBERTa: 42.7B x 48).
- Active parameters are read from ``Parameters notes`` where they say so plainly
  (``12B active``, ``Activated Parameters 32B``), at most ``likely``.
- ``Confidence`` (Epoch's confidence in its parameter, compute and dataset-size figures)
  maps onto ours: Confident -> confident, Likely -> likely, Speculative -> speculative;
  ``Unknown``, empty or any other label -> no confidence stated. It is given to those
  figures only, not to dates or accessibility, which it does not speak for.
- A figure whose own note says it is rumoured, leaked, speculative or unconfirmed is at
  most ``speculative`` (provenance.hearsay_level; reviewed exceptions in data/hearsay.toml).
- ``Model accessibility``: ``Open weights (...)`` -> open weights true; ``API access``,
  ``Hosted access (no API)``, ``Unreleased`` -> false; empty -> unknown (no figure).

Every figure's source is Epoch's dataset page, with the row number (the header is row 1),
the snapshot date and Epoch's own note for that figure: Epoch, not the lab, is what states
these numbers (many are Epoch's estimates).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from fractions import Fraction

from modelcard.provenance import hearsay_exceptions, hearsay_level

from .records import (
    EPOCH,
    Figure,
    Problem,
    Reading,
    Record,
    Source,
    SourceError,
    clean_name,
    one_line,
)

# Enough of the header to know the file; the reader needs these four.
REQUIRED = ("Model", "Organization", "Publication date", "Domain")
CONFIDENCE = {"confident": "confident", "likely": "likely", "speculative": "speculative"}
OPEN_WEIGHTS = {
    "open weights (unrestricted)": True,
    "open weights (non-commercial)": True,
    "open weights (restricted use)": True,
    "api access": False,
    "hosted access (no api)": False,
    "unreleased": False,
}
FIELD_SIZE_LIMIT = 64 * 1024 * 1024
MAX_COUNT = 10**18

_TOKENS = r"\btokens?\b"
_DATE = r"\d{4}-\d{2}-\d{2}"
_UNIT = {"b": 10**9, "billion": 10**9, "m": 10**6, "million": 10**6, "t": 10**12}
_NUMBER = r"(\d+(?:\.\d+)?)\s*(B|billion|M|million|T)\b"
# "12B active", "32 billion activated parameters", "21B parameters activated per token"
_ACTIVE_AFTER = _NUMBER + r"(?:\s+parameters?)?\s+(?:active|activated|activation)\b"
# "Active parameters: 10B", "Activated Parameters\t32B", "active parameters - 47B"
_ACTIVE_BEFORE = r"\bactiv\w*\s+param\w*\s*[:\-\t]?\s*" + _NUMBER


def is_epoch_header(cells: Sequence[str]) -> bool:
    names = {cell.strip() for cell in cells}
    return all(name in names for name in REQUIRED)


def read_epoch(
    text: str, *, source: str, snapshot: str = EPOCH.snapshot, url: str = EPOCH.url
) -> Reading:
    """Read the text of an Epoch CSV. ``source`` names the file in messages; ``snapshot``
    is the date the copy was taken (the bundled copy's by default)."""
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_SIZE_LIMIT))
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise SourceError(f"{source}: line {reader.line_num}: not valid CSV: {exc}") from None
    if not rows or not is_epoch_header(rows[0]):
        first = ", ".join(repr(c) for c in (rows[0] if rows else [])[:4]) or "nothing"
        raise SourceError(
            f"{source}: not an Epoch AI CSV: its first row ({first}) lacks {', '.join(REQUIRED)}"
        )
    header = [cell.strip() for cell in rows[0]]
    reading = Reading(dataset=EPOCH.key, snapshot=snapshot)
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        row = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header)}
        domains = {d.strip().lower() for d in row["Domain"].split(",")}
        if "language" not in domains:
            reading.count("other domains")
            continue
        where = f"{source}: row {number}"
        record = _record(row, number, where, snapshot, url, reading.problems)
        if record is not None:
            reading.records.append(record)
    return reading


def _record(
    row: dict[str, str], number: int, where: str, snapshot: str, url: str, problems: list[Problem]
) -> Record | None:
    name = clean_name(row["Model"])
    orgs = [clean_name(o) for o in row["Organization"].split(",")]
    if name is None or None in orgs:
        problems.append(Problem(where, "a name holds control characters", "skipped"))
        return None
    labs = tuple(lab for lab in orgs if lab)
    if not name or not labs:
        missing = "Model" if not name else "Organization"
        problems.append(Problem(where, f"{missing}: empty, so this row is no model", "skipped"))
        return None
    level = CONFIDENCE.get(row.get("Confidence", "").strip().lower())
    kept = hearsay_exceptions()

    def said(field: str, column: str, confidence: str | None = level) -> str | None:
        """Epoch's confidence in ``field``, capped where its note (``column``) says the
        figure is hearsay (provenance.hearsay_level)."""
        reviewed = (EPOCH.key, name, field) in kept
        return hearsay_level(confidence, row.get(column), reviewed)

    def source(note: str | None = None, confidence: str | None = None) -> Source:
        return Source(
            url=url,
            dataset=EPOCH.key,
            snapshot=snapshot,
            row=str(number),
            note=one_line(note) if note and note.strip() else None,
            confidence=confidence,
        )

    figures: dict[str, Figure] = {}
    date = row["Publication date"].strip()
    if re.fullmatch(_DATE, date):
        figures["released"] = Figure(date, source("Epoch's publication date"))
    elif date:
        problems.append(Problem(where, f"Publication date: {date!r} is not YYYY-MM-DD"))

    params = _count(row.get("Parameters", ""), "Parameters", where, problems)
    if params is not None:
        figures["parameters"] = Figure(
            params, source(row.get("Parameters notes"), said("parameters", "Parameters notes"))
        )
        active = active_from_notes(row.get("Parameters notes", ""))
        if active is not None and active < params:
            note = f"from Epoch's parameter notes: {row['Parameters notes']}"
            capped = said("active_parameters", "Parameters notes", _at_most_likely(level))
            figures["active_parameters"] = Figure(active, source(note, capped))

    compute = _number(row.get("Training compute (FLOP)", ""), "Training compute", where, problems)
    if compute is not None:
        figures["training_compute"] = Figure(
            compute,
            source(
                row.get("Training compute notes"),
                said("training_compute", "Training compute notes"),
            ),
        )

    size_text = row.get("Training dataset size (gradients)", "")
    size = _count(size_text, "Training dataset size", where, problems)
    if size is not None:
        notes = row.get("Dataset size notes", "")
        if counts_tokens(notes):
            tokens, how = trained_tokens(size, row.get("Epochs", ""))
            note = f"{how}; Epoch's notes: {notes}"
            figures["tokens"] = Figure(tokens, source(note, said("tokens", "Dataset size notes")))
        else:
            problems.append(
                Problem(
                    where,
                    f"Training dataset size {size_text.strip()}: Epoch's notes do not say it "
                    "counts tokens, so it is not taken as tokens",
                )
            )

    access = row.get("Model accessibility", "").strip()
    if access.lower() in OPEN_WEIGHTS:
        figures["open_weights"] = Figure(
            OPEN_WEIGHTS[access.lower()], source(f"Model accessibility: {access}")
        )
    elif access:
        problems.append(Problem(where, f"Model accessibility: {access!r} is not known"))

    link = _first_url(row.get("Link", ""))
    if link:
        figures["links.paper"] = Figure(link, source("the row's Link"))
    return Record(
        dataset=EPOCH.key,
        key=name,
        name=name,
        lab=labs[0],
        labs=labs,
        where=where,
        snapshot=snapshot,
        figures=figures,
    )


def trained_tokens(size: int, epochs: str) -> tuple[int, str]:
    """Tokens trained on: Epoch's dataset size (its unique tokens) times its ``Epochs``
    where given (RoBERTa: 42.7B x 48 = 2.05T), and what was done, for the note."""
    number = _exact(epochs) if epochs.strip() else None
    if number is None or number <= 0 or number == 1:
        return size, "Epoch's training dataset size"
    return max(1, round(size * number)), f"Epoch's dataset size x its {float(number):g} epochs"


def counts_tokens(notes: str) -> bool:
    """Whether Epoch's dataset-size notes say the size is a number of tokens."""
    if "[words]" in notes.lower():
        return False
    return re.search(_TOKENS, notes, re.IGNORECASE) is not None


def active_from_notes(notes: str) -> int | None:
    """Active parameters where the notes state them plainly, else None."""
    for pattern in (_ACTIVE_BEFORE, _ACTIVE_AFTER):
        match = re.search(pattern, notes, re.IGNORECASE)
        if match:
            return int(Fraction(match[1]) * _UNIT[match[2].lower()])
    return None


def _at_most_likely(level: str | None) -> str:
    return "speculative" if level == "speculative" else "likely"


def _exact(text: str) -> Fraction | None:
    try:
        return Fraction(text.strip().replace(",", ""))
    except (ValueError, ZeroDivisionError):
        return None


def _count(text: str, column: str, where: str, problems: list[Problem]) -> int | None:
    """A float written by Epoch (``236000000000.0``) as an exact count, rounded to whole."""
    if not text.strip():
        return None
    value = _exact(text)
    if value is None or value <= 0 or value > MAX_COUNT:
        problems.append(Problem(where, f"{column}: {one_line(text, 40)!r} is not a count"))
        return None
    return max(1, round(value))


def _number(text: str, column: str, where: str, problems: list[Problem]) -> float | None:
    if not text.strip():
        return None
    value = _exact(text)
    if value is None or value <= 0:
        problems.append(Problem(where, f"{column}: {one_line(text, 40)!r} is not a number"))
        return None
    return float(value)


def _first_url(text: str) -> str | None:
    match = re.search(r"https?://[^\s,;\"'<>]+", text)
    return match[0] if match else None


__all__ = ["active_from_notes", "counts_tokens", "is_epoch_header", "read_epoch", "trained_tokens"]
