"""Plain outputs for programs and pipes: records, JSON, CSV, Markdown tables, plain text.

Nothing here imports rich, so a piped ``show`` starts fast.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from modelcard import provenance
from modelcard.entry import SERVING_FIELDS, Entry, plain_data, status
from modelcard.errors import printable
from modelcard.metrics import figures_of

from .labels import (
    compute_text,
    open_weights_label,
    price_text,
    size_text,
    tokens_text,
)
from .markdown import cell

RECORD_KEYS = (
    "id",
    "name",
    "aliases",
    "lab",
    "released",
    "status",
    "access",
    "open_weights",
    "architecture",
    "parameters",
    "active_parameters",
    "tokens",
    *SERVING_FIELDS,
    "dataset",
    "tags",
    "notes",
    "updated",
    "alscore",
    "tier",
    "ratio",
    "compute_optimal",
    "training_compute",
    "training_compute_basis",
    "reported_compute",
    "confidence",
    "benchmarks",
    "links",
    "sheet",
    "sources",
    "alternatives",
    "source",
)
# ``source`` in JSON: the layer an entry was read from (``builtin`` is the bundled catalog).
SOURCE_NAMES = {"bundled": "builtin", "fetched": "fetched", "team": "team", "user": "user"}


def record(entry: Entry) -> dict[str, Any]:
    """An entry with its computed figures: stable keys (RECORD_KEYS, in that order), numbers
    as numbers, missing as null. ``status`` is released or announced; ``confidence`` gives
    each count's and each computed figure's (null where nothing says);
    ``training_compute_basis`` says which parameter count training compute used.
    ``training_compute`` is the 6·N·D estimate; ``reported_compute`` is the figure a source
    states (the entry file's ``training_compute``, its source in ``sources``), never merged
    into the estimate. ``alternatives`` holds the values other sources give where they
    disagree with the one shown. ``source`` is the layer: builtin, fetched, team or user."""
    figures = figures_of(entry)
    data = plain_data(entry)
    data |= {
        "id": entry.id,
        "status": status(entry),
        "alscore": figures.alscore,
        "tier": figures.tier,
        "ratio": figures.ratio,
        "compute_optimal": figures.compute_optimal,
        "training_compute": figures.training_compute,
        "training_compute_basis": compute_basis(entry),
        "reported_compute": entry.training_compute,
        "confidence": provenance.figure_confidences(entry),
        "source": layer_name(entry),
    }
    return {key: data[key] for key in RECORD_KEYS}


def layer_name(entry: Entry) -> str:
    if entry.layer in SOURCE_NAMES:
        return SOURCE_NAMES[entry.layer]
    return "builtin" if entry.builtin else "user"


def compute_basis(entry: Entry) -> str | None:
    """Which count training compute rests on: ``active`` parameters when known, else the
    ``total``; None when there is no figure."""
    if figures_of(entry).training_compute is None:
        return None
    return "active" if entry.active_parameters is not None else "total"


def to_json(data: Any) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def alternative_text(field: str, item: Mapping[str, Any], *, brief: bool = False) -> str:
    """A value another source gives, with where it comes from: ``1.8T (speculative;
    epoch of 2026-01-26, row 290)``; ``brief`` leaves out its note, unless it is all
    there is to say."""
    value = item["value"]
    if field in ("parameters", "active_parameters", "tokens"):
        shown = size_text(value)
    elif field == "training_compute":
        shown = compute_text(value)
    elif field in ("context_window", "output_limit"):
        shown = tokens_text(value)
    elif field.startswith("price_"):
        shown = price_text(value)
    elif isinstance(value, bool):
        shown = open_weights_label(value)
    else:
        shown = str(value)
    where = [item.get("confidence", ""), provenance.describe_source(item)]
    where.append("" if brief and any(where) else item.get("note", ""))
    if item.get("url") and not item.get("dataset"):
        where.append(str(item["url"]))
    parts = [p for p in where if p]
    return shown + (f" ({'; '.join(parts)})" if parts else "")


def source_text(source: Mapping[str, str], *, brief: bool = False) -> str:
    """``URL (confidence; where in a dataset; note)``; ``brief`` keeps the confidence."""
    extra = [source.get("confidence", ""), provenance.describe_source(source)]
    extra.append(source.get("note", ""))
    extra = [part for part in extra if part]
    if brief:
        extra = extra[:1] if source.get("confidence") else []
    return source["url"] + (f" ({'; '.join(extra)})" if extra else "")


# -- listings (rank, search) -------------------------------------------------------------


def plain_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    title: str,
    left: Sequence[str] = ("Model", "Lab"),
) -> str:
    """An aligned text table for pipes and files: no colour, no box drawing. Columns named
    in ``left`` are aligned left, the others (numbers) right, by the cells a terminal gives
    each character (an emoji or a CJK character takes two)."""
    from rich.cells import cell_len  # the width table alone, not the rest of rich

    cells = [[printable(" ".join(v.split())) for v in row] for row in rows]
    widths = [max([cell_len(h), *(cell_len(r[i]) for r in cells)]) for i, h in enumerate(header)]

    def line(values: Sequence[str]) -> str:
        parts = []
        for i, (value, width) in enumerate(zip(values, widths, strict=True)):
            pad = " " * (width - cell_len(value))
            parts.append(value + pad if header[i] in left else pad + value)
        return "  ".join(parts).rstrip()

    out = [title, line(header), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    return "\n".join(out) + "\n"


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(cell(h) for h in header) + " |"]
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def csv_text(entries: Sequence[Entry]) -> str:
    """One row per entry with its fields and figures; nested tables as ``name=value;...``."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    nested = ("benchmarks", "links", "sheet", "sources", "alternatives", "confidence")
    keys = [k for k in RECORD_KEYS if k not in nested]
    bench_names = sorted({name for e in entries for name in e.benchmarks})
    writer.writerow(keys + bench_names)
    for entry in entries:
        data = record(entry)
        row = [_csv_value(data[k]) for k in keys]
        row += [_csv_value(entry.benchmarks.get(name)) for name in bench_names]
        writer.writerow(row)
    return buffer.getvalue()


def values_csv(names: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> str:
    """Rows of values as CSV under the header ``names``."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    writer.writerows([_csv_value(row[name]) for name in names] for row in rows)
    return buffer.getvalue()


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)
