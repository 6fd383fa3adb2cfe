"""Plain outputs for programs and pipes: records, JSON, CSV, Markdown tables, plain text.

Nothing here imports rich, so a piped ``show`` starts fast.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from modelcard import benchmarks, provenance
from modelcard.entry import ANNOUNCED, SERVING_FIELDS, Entry, plain_data, status
from modelcard.metrics import figures_of
from modelcard.units import format_score

from .labels import (
    access_label,
    alscore_text,
    compute_text,
    open_weights_label,
    price_text,
    ratio_text,
    released_label,
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


def show_lines(entry: Entry, *, layer: str | None = None) -> list[tuple[str, str]]:
    """The labelled values of ``show``, in order; shared by the plain and the rich views.
    Each figure carries its confidence where a source gives one. ``layer`` describes the
    layer the entry was read from (with its snapshot dates)."""
    figures = figures_of(entry)
    ratio = ratio_text(figures.ratio)
    if figures.ratio_label:
        ratio += f" {figures.ratio_label}"
    score = alscore_text(figures.alscore)
    if figures.tier:
        score += f" ({figures.tier})"
    compute = compute_text(figures.training_compute)
    if figures.training_compute is not None:
        compute += " (6·N·D estimate)"
    # the day where a source gives it (the sheet's month otherwise)
    day = entry.released if entry.released and len(entry.released) == 10 else None
    released = day or released_label(entry.released)
    if status(entry) == ANNOUNCED:
        released += " (announced, not released)"

    def sure(text: str, figure: str) -> str:
        level = provenance.figure_confidence(entry, figure)
        return f"{text}  [{level}]" if level and text != "-" else text

    def stated(text: str, field: str) -> str:
        # a stored figure's own source, not the 6·N·D estimate's inputs
        level = provenance.confidence(entry, field)
        return f"{text}  [{level}]" if level and text != "-" else text

    rows = [
        ("Id", entry.id),
        ("Aliases", ", ".join(entry.aliases) or "-"),
        ("Lab", entry.lab),
        ("Released", released),
        ("Access", access_label(entry.access)),
        ("Open weights", sure(open_weights_label(entry.open_weights), "open_weights")),
        ("Architecture", entry.architecture or "-"),
        ("Parameters", sure(size_text(entry.parameters), "parameters")),
        ("Active parameters", sure(size_text(entry.active_parameters), "active_parameters")),
        ("Training tokens", sure(size_text(entry.tokens), "tokens")),
        ("Token:param ratio", sure(ratio, "ratio")),
        ("ALScore", sure(score, "alscore")),
        ("Training compute", sure(compute, "training_compute")),
        ("Reported compute", stated(reported_compute(entry), "training_compute")),
        ("Counts used", counts_used(entry)),
        ("Context window", stated(tokens_text(entry.context_window), "context_window")),
        ("Output limit", stated(tokens_text(entry.output_limit), "output_limit")),
        ("Knowledge cutoff", stated(entry.knowledge_cutoff or "-", "knowledge_cutoff")),
        ("License", stated(entry.license or "-", "license")),
        ("Price", prices(entry)),
        ("Dataset", entry.dataset or "-"),
        ("Tags", ", ".join(entry.tags) or "-"),
    ]
    for name in benchmarks.card_order(list(entry.benchmarks)):
        rows.append((benchmarks.label(name), format_score(entry.score(name))))
    for name, target in entry.links.items():
        rows.append((f"Link: {name}", target))
    for name, value in entry.sheet.items():
        rows.append((f"Sheet {name}", f"{value:g}"))
    for field, source in entry.sources.items():
        rows.append((f"{SOURCE}{field}", source_text(source)))
    for field, items in entry.alternatives.items():
        for item in items:
            rows.append((f"{ALSO}{field}", alternative_text(field, item)))
    rows += [
        ("Notes", entry.notes or "-"),
        ("Updated", entry.updated.isoformat() if entry.updated else "-"),
        ("Layer", layer or layer_title(entry)),
        ("File", str(entry.path) if entry.path else "-"),
    ]
    return rows


SOURCE = "Source of "
ALSO = "Also for "


def layer_title(entry: Entry) -> str:
    from modelcard.store import LAYER_TITLES

    return LAYER_TITLES.get(entry.layer or ("bundled" if entry.builtin else "user"), "-")


def reported_compute(entry: Entry) -> str:
    """Training compute as a source states it, with the dataset that gives it."""
    if entry.training_compute is None:
        return "-"
    source = entry.sources.get("training_compute", {})
    by = provenance.dataset_title(source.get("dataset", ""))
    return compute_text(entry.training_compute) + (f" ({by})" if by else "")


def prices(entry: Entry) -> str:
    """``$0.95 in, $4.00 out per million tokens (moonshotai)``, or ``-``."""
    if entry.price_input is None and entry.price_output is None:
        return "-"
    text = (
        f"{price_text(entry.price_input)} in, {price_text(entry.price_output)} out "
        "per million tokens"
    )
    level = provenance.confidence(entry, "price_input")
    return f"{text}  [{level}]" if level else text


def alternative_text(field: str, item: Mapping[str, Any]) -> str:
    """A value another source gives, with where it comes from: ``1.8T (speculative;
    epoch of 2026-01-26, row 290)``."""
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
    where = [item.get("confidence", ""), provenance.describe_source(item), item.get("note", "")]
    if item.get("url") and not item.get("dataset"):
        where.append(str(item["url"]))
    parts = [p for p in where if p]
    return shown + (f" ({'; '.join(parts)})" if parts else "")


def counts_used(entry: Entry) -> str:
    """Which parameter count each figure rests on: totals for ALScore and the ratio, active
    parameters (when known) for training compute."""
    if entry.parameters is None and entry.active_parameters is None:
        return "-"
    total = f"{size_text(entry.parameters)} in all" if entry.parameters else "no total"
    text = f"ALScore and ratio use {total}"
    if entry.active_parameters is not None:
        return f"{text}; training compute uses the {size_text(entry.active_parameters)} active"
    return f"{text}; so does training compute (no active count)"


def source_text(source: Mapping[str, str], *, brief: bool = False) -> str:
    """``URL (confidence; where in a dataset; note)``; ``brief`` keeps the confidence."""
    extra = [source.get("confidence", ""), provenance.describe_source(source)]
    extra.append(source.get("note", ""))
    extra = [part for part in extra if part]
    if brief:
        extra = extra[:1] if source.get("confidence") else []
    return source["url"] + (f" ({'; '.join(extra)})" if extra else "")


def show_text(
    entry: Entry, *, layer: str | None = None, layers: Mapping[str, str] | None = None
) -> str:
    """The plain view: the rows of ``show_lines``, then the sources (each with the layer it
    came from, for an entry of the fetched layer: ``layers``) and the values other sources
    give where they disagree."""
    every = show_lines(entry, layer=layer)
    rows = [(k, v) for k, v in every if not k.startswith((SOURCE, ALSO))]
    width = max(len(label) for label, _ in rows) + 1
    lines = [printable(entry.name)]
    lines += [f"  {label + ':':<{width}} {printable(value)}" for label, value in rows]
    if entry.sources:
        lines.append("  Sources:")
        for field, source in entry.sources.items():
            where = f"  [{layers[field]}]" if layers and field in layers else ""
            lines.append(f"    {field}: {printable(source_text(source))}{where}")
    if entry.alternatives:
        lines.append("  Other sources disagree:")
        lines += [
            f"    {label.removeprefix(ALSO)}: {printable(value)}"
            for label, value in every
            if label.startswith(ALSO)
        ]
    return "\n".join(lines) + "\n"


def printable(text: str) -> str:
    """User text for a terminal: control characters (escape sequences) shown, not obeyed."""
    return "".join(ch if ch.isprintable() or ch in "\n\t" else repr(ch)[1:-1] for ch in text)


# -- listings (rank, search) -------------------------------------------------------------

LIST_COLUMNS = ("Rank", "Model", "Lab", "Params", "Tokens", "Ratio", "ALScore")
ANNOUNCED_MARK = " (announced)"


def list_rows(entries: Sequence[Entry], by: str) -> tuple[list[str], list[list[str]]]:
    """The text table of a ranking: fixed columns, plus the ranked field if not among them.
    Estimates carry ``~`` (see ``list_note``); announced models say so after their name."""
    extra = by not in ("alscore", "params", "tokens", "ratio")
    header = list(LIST_COLUMNS) + ([_column_title(by)] if extra else [])
    rows = []
    for n, entry in enumerate(entries, start=1):
        figures = figures_of(entry)
        mark = provenance.marked
        name = entry.name + (ANNOUNCED_MARK if status(entry) == ANNOUNCED else "")
        row = [
            str(n),
            name,
            entry.lab,
            mark(size_text(entry.parameters), entry, "parameters"),
            mark(size_text(entry.tokens), entry, "tokens"),
            mark(ratio_text(figures.ratio), entry, "ratio"),
            mark(alscore_text(figures.alscore), entry, "alscore"),
        ]
        if extra:
            row.append(_field_text(entry, by))
        rows.append(row)
    return header, rows


def list_note(rows: Sequence[Sequence[str]]) -> str | None:
    """The line under a table that explains its estimate mark, if any cell has one."""
    mark = provenance.ESTIMATE_MARK
    if any(cell.startswith(mark) for row in rows for cell in row[3:]):
        return provenance.ESTIMATE_NOTE
    return None


def _column_title(by: str) -> str:
    titles = {
        "active-params": "Active",
        "compute": "FLOPs",
        "reported-compute": "Reported FLOPs",
        "released": "Released",
        "context": "Context",
        "output": "Output",
        "price": "$/M in",
        "price-output": "$/M out",
        "cutoff": "Cutoff",
    }
    return titles.get(by, benchmarks.label(by))


def _field_text(entry: Entry, by: str) -> str:
    mark = provenance.marked
    if by == "active-params":
        return mark(size_text(entry.active_parameters), entry, "active_parameters")
    if by == "compute":
        text = compute_text(figures_of(entry).training_compute)
        return mark(text.removesuffix(" FLOPs"), entry, "training_compute")
    if by == "reported-compute":
        text = compute_text(entry.training_compute).removesuffix(" FLOPs")
        guess = provenance.confidence(entry, "training_compute") == "speculative"
        return provenance.ESTIMATE_MARK + text if guess and text != "-" else text
    if by == "released":
        return released_label(entry.released) if entry.released else "-"
    if by in ("context", "output"):
        count = entry.context_window if by == "context" else entry.output_limit
        return "-" if count is None else f"{count:,}"
    if by in ("price", "price-output"):
        return price_text(entry.price_input if by == "price" else entry.price_output)
    if by == "cutoff":
        return entry.knowledge_cutoff or "-"
    return format_score(entry.score(by))


def plain_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    title: str,
    left: Sequence[str] = ("Model", "Lab"),
) -> str:
    """An aligned text table for pipes and files: no colour, no box drawing, no rich.
    Columns named in ``left`` are aligned left, the others (numbers) right."""
    cells = [[printable(" ".join(v.split())) for v in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(header)]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.ljust(w) if header[i] in left else v.rjust(w)
            for i, (v, w) in enumerate(zip(values, widths, strict=True))
        ]
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


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)
