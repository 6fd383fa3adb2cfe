"""The LifeArchitect.ai Models Table (a CSV export of the sheet) -> entries.

Parsing only: nothing here writes. Rows that cannot become an entry come back as problems
with their row number (the sheet's own numbering: the header is row 1), and figures the
sheet states that disagree with ours come back as warnings.

Every figure read from a row is sourced to the table (``provenance.table_source``: its page,
the snapshot's date when known, the row), rated by the confidence rule of ``provenance``;
the row's Paper / Repo stays the model's ``paper`` link. ``open_weights`` is read from
what the row says: a private model (🔴) has none; a Hugging Face model or collection link
means the weights are there; anything else leaves it unknown.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .entry import MONTHS, Entry, check_released, from_mapping, released_text
from .errors import InvalidEntry, InvalidValue, NotATable, shorten
from .metrics import alscore, ratio
from .provenance import NOTE_PRIVATE, rated, table_source
from .slugs import assign_ids, model_id
from .units import billions, format_score, parse_count, parse_score, short_count

HEADERS = (
    "Model",
    "Lab",
    "Playground",
    "Parameters (B)",
    "Tokens trained (B)",
    "Ratio",
    "ALScore",
    "MMLU",
    "MMLU-Pro",
    "GPQA",
    "HLE",
    "Training dataset",
    "Announced",
    "Public?",
    "Paper / Repo",
    "Arch",
    "Tags",
    "Notes",
)
BENCHMARK_COLUMNS = {"MMLU": "mmlu", "MMLU-Pro": "mmlu_pro", "GPQA": "gpqa", "HLE": "hle"}
ACCESS_BY_MARK = {"🟢": "public", "🔴": "private", "🟡": "limited", "": "unknown"}
MARK_BY_ACCESS = {access: mark for mark, access in ACCESS_BY_MARK.items()}
# A Hugging Face model repository or collection (not a Space, paper, blog post or dataset).
_HF_WEIGHTS = (
    r"https?://(?:www\.)?huggingface\.co/(?:(collections)/)?"
    r"(?!(?:spaces|papers|blog|datasets|docs|models|chat|learn|posts)/)[^/\s?#]+/[^/\s?#]+"
)
# Notes can be long; the entry's own limit (1 MB) is checked, with the field named, later.
FIELD_SIZE_LIMIT = 64 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    row: int
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.message}"


@dataclass
class TableImport:
    """What a Models Table holds: entries (with their row numbers), bad rows, warnings, and
    what was inferred (active parameters from the MoE notation)."""

    entries: list[Entry] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    inferred: list[Problem] = field(default_factory=list)


# The MoE notations: total and active ("142B-A14B", "235B-A22B", "1TA32B", "1.2TA78B",
# "3B-A800M"), or the active count alone ("A22B").
_ACTIVE = (
    r"(?<![A-Za-z0-9.])(?:(?P<total>\d+(?:\.\d+)?)(?P<tunit>[BT])[-_ ]?)?"
    r"A(?P<active>\d+(?:\.\d+)?)(?P<aunit>[BM])(?![A-Za-z0-9])"
)
# Experts times their size ("8x22B", "16x3.8B") or size times experts ("22Bx8").
_EXPERTS = (
    r"(?<![A-Za-z0-9.])(?:(?P<n>\d+)\s?[xX]\s?(?P<size>\d+(?:\.\d+)?)(?P<unit>[BM])"
    r"|(?P<size2>\d+(?:\.\d+)?)(?P<unit2>[BM])\s?[xX]\s?(?P<n2>\d+))(?![A-Za-z0-9])"
)


@dataclass(frozen=True)
class Notation:
    """An MoE size written in a name or notes: ``text`` as written, ``where`` it was found,
    and what it states. ``8x22B`` states experts and their size, not the active count:
    that needs the routing (top-2 for Mixtral), and shared layers make experts times size
    more than the total (Mixtral 8x22B has 141B in all, not 176B)."""

    text: str
    where: str
    active: int | None = None
    total: int | None = None
    experts: int | None = None
    expert_size: int | None = None


def read_notation(text: str, where: str) -> Notation | None:
    """The first MoE notation in ``text``: an active count (with its total, if written)
    before an experts-times-size one."""
    match = re.search(_ACTIVE, text)
    if match:
        total = match["total"] and parse_count(match["total"] + match["tunit"], field=where)
        active = parse_count(match["active"] + match["aunit"], field=where)
        return Notation(match[0], where, active=active, total=total or None)
    match = re.search(_EXPERTS, text)
    if match:
        experts = int(match["n"] or match["n2"])
        size = (match["size"] or match["size2"]) + (match["unit"] or match["unit2"])
        if experts < 2:
            return None
        return Notation(
            match[0], where, experts=experts, expert_size=parse_count(size, field=where)
        )
    return None


def notation_of(entry: Entry) -> Notation | None:
    """The MoE notation of an entry: in its name, else in its notes."""
    for where, text in (("name", entry.name), ("notes", entry.notes or "")):
        found = read_notation(text, where)
        if found is not None:
            return found
    return None


def with_active(
    entry: Entry, *, row: int = 0, snapshot: dt.date | None = None
) -> tuple[Entry, str | None, str | None]:
    """The entry with active parameters filled from its notation (if it has none), what was
    inferred, and a warning where the notation contradicts the stated total (then nothing
    is inferred: one of the two is wrong, and the table cannot say which)."""
    found = notation_of(entry)
    if found is None or found.active is None:
        return entry, None, None
    active, total, text, where = found.active, found.total, found.text, found.where
    if total is not None and entry.parameters is not None and total != entry.parameters:
        warning = (
            f"{entry.name}: {text!r} in the {where} says {short_count(total)} parameters in all, "
            f"Parameters (B) says {billions(entry.parameters)}; no active count inferred"
        )
        return entry, None, warning
    if entry.active_parameters is not None:
        return entry, None, None
    if entry.parameters is not None and active > entry.parameters:
        return entry, None, None
    note = f"{entry.name}: {short_count(active)} active parameters, from {text!r} in the {where}"
    sources = dict(entry.sources)
    sources["active_parameters"] = table_source(
        row, snapshot, note=f"inferred from {text!r} in the {where}"
    )
    return (
        entry.with_(active_parameters=active, sources=dict(sorted(sources.items()))),
        note,
        None,
    )


def with_open_weights(entry: Entry, *, row: int = 0, snapshot: dt.date | None = None) -> Entry:
    """``open_weights`` as the row tells it: false for a private model, true with a Hugging
    Face model or collection link, else unknown (left as it is)."""
    if entry.open_weights is not None:
        return entry
    source: dict[str, str]
    if entry.access == "private":
        value, source = False, table_source(row, snapshot, note=NOTE_PRIVATE)
    else:
        for key in ("paper", "playground"):
            link = entry.links.get(key, "")
            match = re.match(_HF_WEIGHTS, link)
            if match:
                kind = "a Hugging Face collection" if match[1] else "a Hugging Face repository"
                note = f"the row's {key} link is {kind} of the weights"
                value, source = True, {"url": link, "note": note, "confidence": "likely"}
                break
        else:
            return entry
    sources = dict(sorted({**entry.sources, "open_weights": source}.items()))
    return entry.with_(open_weights=value, sources=sources)


def read_models_table(
    text: str, *, source: str, updated: dt.date, snapshot: dt.date | None = None
) -> TableImport:
    """Parse the text of a Models Table CSV export. ``source`` names the file in messages;
    ``snapshot`` is the date of the table's data, when known (it goes into every source)."""
    text = text.removeprefix("\ufeff")
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_SIZE_LIMIT))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records = list(reader)
    except csv.Error as exc:
        raise NotATable(f"{source}: line {reader.line_num}: not valid CSV: {exc}") from None
    if not records:
        raise NotATable(f"{source}: empty file, not a Models Table export")
    header = [cell.strip() for cell in records[0]]
    known = [name for name in header if name in HEADERS]
    if not known:
        shown = ", ".join(repr(h) for h in header[:4]) or "nothing"
        raise NotATable(
            f"{source}: not a Models Table export: its first row ({shown}) has none of "
            f"the sheet's headers ({', '.join(HEADERS[:3])}, ...)"
        )
    for required in ("Model", "Lab"):
        if required not in header:
            raise NotATable(f"{source}: not a Models Table export: no {required!r} column")
    rows = [(number, cells) for number, cells in enumerate(records[1:], start=2) if any(cells)]
    model_column = header.index("Model")
    names = [cells[model_column].strip() if model_column < len(cells) else "" for _, cells in rows]
    ids = iter(assign_ids(name for name in names if name))
    result = TableImport()
    for (number, cells), name in zip(rows, names, strict=True):
        entry_id = next(ids) if name else ""
        if len(cells) > len(header):
            extra = [c for c in cells[len(header) :] if c.strip()]
            if extra:
                result.problems.append(
                    Problem(number, f"{len(cells)} cells, but the header has {len(header)}")
                )
                continue
        row = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}
        try:
            entry = row_entry(
                row,
                id=entry_id,
                source=f"{source}: row {number}",
                updated=updated,
                number=number,
                snapshot=snapshot,
            )
        except InvalidEntry as exc:
            prefix = f"{source}: row {number}: "
            result.problems.append(Problem(number, str(exc).removeprefix(prefix)))
            continue
        entry = with_open_weights(entry, row=number, snapshot=snapshot)
        entry, note, contradiction = with_active(entry, row=number, snapshot=snapshot)
        entry = rated(entry)
        if note:
            result.inferred.append(Problem(number, note))
        if contradiction:
            result.warnings.append(Problem(number, contradiction))
        result.entries.append(entry)
        result.rows.append(number)
        result.warnings.extend(Problem(number, w) for w in stale_figures(entry))
    return result


def row_entry(
    row: dict[str, str],
    *,
    id: str,
    source: str,
    updated: dt.date,
    number: int = 0,
    snapshot: dt.date | None = None,
) -> Entry:
    """Row ``number`` of the sheet as an entry; errors name the column."""
    if not row.get("Model"):
        raise InvalidEntry(f"{source}: Model: empty, so this row is no model")
    if not row.get("Lab"):
        raise InvalidEntry(f"{source}: Lab: empty, so this row is no model")
    try:
        data = _row_data(row, table_source(number, snapshot))
    except InvalidValue as exc:
        raise InvalidEntry(f"{source}: {exc}") from None
    data["updated"] = updated
    entry = from_mapping(data, id=id, source=source)
    # The sheet's own figures are kept only where they differ from ours: that is where
    # they tell something (a stale figure, or one whose inputs are missing).
    stale = {k: v for k, v in entry.sheet.items() if k not in _agreeing(entry)}
    return entry.with_(sheet=stale) if stale != entry.sheet else entry


def _agreeing(entry: Entry) -> set[str]:
    computed = {"alscore": alscore(entry.parameters, entry.tokens)}
    computed["ratio"] = ratio(entry.parameters, entry.tokens)
    return {k for k, v in entry.sheet.items() if computed[k] is not None and computed[k] == v}


def _row_data(row: dict[str, str], figure_source: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {"name": row["Model"], "lab": row["Lab"]}
    released = parse_announced(row.get("Announced", ""))
    if released:
        data["released"] = released
    mark = row.get("Public?", "")
    if mark not in ACCESS_BY_MARK:
        raise InvalidValue(f"Public?: {mark!r} is not one of 🟢, 🔴, 🟡 or empty")
    data["access"] = ACCESS_BY_MARK[mark]
    for column, key in (("Parameters (B)", "parameters"), ("Tokens trained (B)", "tokens")):
        if row.get(column):
            data[key] = parse_count(row[column], field=column, unit="B")
    for column, key in (("Arch", "architecture"), ("Training dataset", "dataset")):
        if row.get(column):
            data[key] = row[column]
    if row.get("Notes"):
        data["notes"] = row["Notes"]
    if row.get("Tags"):
        data["tags"] = [tag.strip() for tag in row["Tags"].split(",") if tag.strip()]
    benchmarks = {
        key: parse_score(row[column], field=column)
        for column, key in BENCHMARK_COLUMNS.items()
        if row.get(column)
    }
    if benchmarks:
        data["benchmarks"] = benchmarks
    links = {
        key: row[column]
        for column, key in (("Playground", "playground"), ("Paper / Repo", "paper"))
        if row.get(column)
    }
    if links:
        data["links"] = links
    # The figures are the table's: the row's Paper / Repo is the model's paper, and need
    # not state them (a lab's paper is not the source of the table's estimate).
    figures: list[str] = [k for k in ("parameters", "tokens") if k in data]
    figures += [f"benchmarks.{k}" for k in benchmarks]
    if figures:
        data["sources"] = {k: dict(figure_source) for k in figures}
    sheet: dict[str, float] = {}
    if row.get("ALScore"):
        sheet["alscore"] = _sheet_number(row["ALScore"], "ALScore")
    if row.get("Ratio"):
        sheet["ratio"] = _sheet_number(row["Ratio"], "Ratio")
    if sheet:
        data["sheet"] = sheet
    return data


def _sheet_number(text: str, column: str) -> float:
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        raise InvalidValue(f"{column}: {shorten(text)!r} is not a number") from None
    if not number >= 0 or number == float("inf"):
        raise InvalidValue(f"{column}: {shorten(text)!r} is not a figure")
    return number


def parse_announced(text: str) -> str | None:
    """``Jun/2025`` -> ``2025-06``; ``TBA`` or empty -> None; ISO dates pass through."""
    text = text.strip()
    if not text or text.upper() == "TBA":
        return None
    month, sep, year = text.partition("/")
    if sep:
        if month.title() not in MONTHS or not (year.isdigit() and len(year) == 4):
            raise InvalidValue(
                f"Announced: {shorten(text)!r} is not Mon/YYYY (such as Jun/2025) or TBA"
            )
        return f"{year}-{MONTHS.index(month.title()) + 1:02d}"
    try:
        return check_released(text)
    except InvalidValue:
        raise InvalidValue(
            f"Announced: {shorten(text)!r} is not Mon/YYYY (such as Jun/2025) or TBA"
        ) from None


def to_models_table(entries: Iterable[Entry]) -> str:
    """Entries as a Models Table CSV, the inverse of ``read_models_table``: importing the
    result gives back the same entries, as far as the sheet's columns hold them (it has no
    column for active parameters, other benchmarks or links, or the day of a release).

    Ratio and ALScore are the sheet's own figures where an entry keeps them, else ours.
    Rows are in (lab, name, id) order, so that an import and a second export give the
    same file.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADERS)
    for entry in sorted(entries, key=_table_order):
        writer.writerow(_row_cells(entry))
    return buffer.getvalue()


def _table_order(entry: Entry) -> tuple[str, str, str, str, int, str]:
    # Models with the same lab and name keep the order of their ids' -2, -3 suffixes, which
    # is the order in which an import gives those suffixes out again.
    base = model_id(entry.name)
    suffix = entry.id.removeprefix(base + "-") if entry.id != base else "0"
    number = int(suffix) if suffix.isdigit() else 10**9
    return (entry.lab.casefold(), entry.lab, entry.name.casefold(), entry.name, number, entry.id)


def _row_cells(entry: Entry) -> list[str]:
    score = entry.sheet.get("alscore", alscore(entry.parameters, entry.tokens))
    sheet_ratio = entry.sheet.get("ratio", ratio(entry.parameters, entry.tokens))
    cells = {
        "Model": entry.name,
        "Lab": entry.lab,
        "Playground": entry.links.get("playground", ""),
        "Parameters (B)": billions(entry.parameters) if entry.parameters else "",
        "Tokens trained (B)": billions(entry.tokens) if entry.tokens else "",
        "Ratio": "" if sheet_ratio is None else str(int(sheet_ratio)),
        "ALScore": "" if score is None else f"{score:.1f}",
        "Training dataset": entry.dataset or "",
        "Announced": released_text(entry.released),
        "Public?": MARK_BY_ACCESS.get(entry.access, ""),
        "Paper / Repo": entry.links.get("paper", ""),
        "Arch": entry.architecture or "",
        "Tags": ", ".join(entry.tags),
        "Notes": entry.notes or "",
    }
    for column, key in BENCHMARK_COLUMNS.items():
        value = entry.benchmarks.get(key)
        cells[column] = "" if value is None else format_score(value)
    return [cells[h] for h in HEADERS]


def stale_figures(entry: Entry) -> list[str]:
    """Where the sheet's own ALScore or Ratio disagrees with the figure computed from counts."""
    found = []
    sheet_score = entry.sheet.get("alscore")
    if sheet_score is not None:
        score = alscore(entry.parameters, entry.tokens)
        if score is None or abs(score - sheet_score) > 1e-9:
            found.append(
                f"{entry.name}: sheet ALScore {sheet_score:.1f}, computed {_shown(score, entry)}"
            )
    sheet_ratio = entry.sheet.get("ratio")
    if sheet_ratio is not None:
        token_ratio = ratio(entry.parameters, entry.tokens)
        if token_ratio is None or token_ratio != sheet_ratio:
            found.append(
                f"{entry.name}: sheet Ratio {sheet_ratio:g}, computed {_shown(token_ratio, entry)}"
            )
    return found


def _shown(value: float | None, entry: Entry) -> str:
    if isinstance(value, float):
        return f"{value:.1f}"
    if value is not None:
        return str(value)
    missing = [
        label
        for label, count in (("parameters", entry.parameters), ("tokens", entry.tokens))
        if count is None
    ]
    return f"- (no {' or '.join(missing)})"
