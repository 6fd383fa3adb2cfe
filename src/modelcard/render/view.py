"""What the HTML site shows of an entry: plain display values, worked out once per model.

The templates read only these dicts and never an Entry.

Values are text to show (escaped by the templates) and sort keys (numbers, or lower-case
text); a missing value is None, which the page sorts last in either direction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from modelcard import benchmarks, datasets
from modelcard.entry import MONTHS, Entry, status
from modelcard.metrics import COMPUTE_OPTIMAL_RATIO, figures_of
from modelcard.render.markdown import is_url
from modelcard.units import format_score, short_count

# a figure whose source says one of these is marked as an estimate (the rule of every view:
# provenance.is_estimate)
ESTIMATES = ("speculative",)
ACCESS = {"public": "Public", "private": "Private", "limited": "Limited", "unknown": "Unknown"}


class Column(NamedTuple):
    key: str  # also the name of the column in the page's URL fragment
    title: str
    numeric: bool
    first: str  # the direction of a first click: "desc" (highest first) or "asc"
    help: str


def columns(entries: Sequence[Entry]) -> list[Column]:
    """The leaderboard's columns. Open weights, the context window and each benchmark only
    when some model has a value: a column of dashes tells a reader nothing."""
    cols = [
        Column("rank", "#", True, "asc", "Rank by ALScore"),
        Column("model", "Model", False, "asc", "Model name"),
        Column("lab", "Lab", False, "asc", "Lab or company"),
        Column("alscore", "ALScore", True, "desc", "√(Parameters × Tokens) ÷ 300, in billions"),
        Column("params", "Params", True, "desc", "Total parameters"),
        Column("active", "Active", True, "desc", "Active parameters per token (MoE)"),
        Column("tokens", "Tokens", True, "desc", "Training tokens"),
        Column("ratio", "Ratio", True, "desc", "Training tokens per parameter"),
        Column("compute", "Compute", True, "desc", "Training compute, FLOPs (6 × N × T)"),
    ]
    if any(context_of(e) is not None for e in entries):
        cols.append(Column("context", "Context", True, "desc", "Context window, tokens"))
    recorded = {name for e in entries for name in e.benchmarks}
    for name in benchmarks.card_order(sorted(recorded)):
        if name in recorded:
            title = benchmarks.label(name)
            cols.append(Column(f"b-{name}", title, True, "desc", f"{title} score, %"))
    cols += [
        Column("released", "Released", True, "desc", "Release date; TBA when not released"),
        Column("access", "Access", False, "asc", "Who can use the model"),
    ]
    if any(open_weights_of(e) is not None for e in entries):
        cols.append(Column("open", "Open weights", False, "desc", "Weights can be downloaded"))
    return cols


# -- fields that arrive with other branches (read with defaults) --------------------------


def open_weights_of(entry: Entry) -> bool | None:
    return entry.open_weights


def aliases_of(entry: Entry) -> tuple[str, ...]:
    return entry.aliases


def context_of(entry: Entry) -> int | None:
    value = getattr(entry, "context_window", None)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def status_of(entry: Entry) -> str:
    """``released`` or ``announced`` (``entry.status``: TBA, or dated after its snapshot)."""
    return status(entry)


# -- readable values ----------------------------------------------------------------------


def readable_count(count: int | None) -> str:
    """Up to three significant digits in the largest unit that fits: ``11.2T``, ``142B``,
    ``6T``, ``117M``; ``-`` when unknown."""
    return "-" if count is None else short_count(count)


def compute_text(flops: int | None) -> str:
    """``9.4e24``: the form training compute is quoted in (Epoch AI, papers)."""
    if flops is None:
        return "-"
    mantissa, exponent = f"{flops:.1e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def released_text(released: str | None) -> str:
    """``Jun 2025``, ``12 Jun 2025``, ``2025``; ``TBA`` when unknown."""
    if not released:
        return "TBA"
    parts = released.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    return f"{int(parts[2])} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


def released_key(released: str | None) -> int | None:
    """``2025-06`` -> 20250600: dates as numbers, a bare year before its months."""
    if not released:
        return None
    parts = [int(p) for p in released.split("-")] + [0, 0]
    return parts[0] * 10000 + parts[1] * 100 + parts[2]


# -- sources ------------------------------------------------------------------------------


def source_view(source: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A figure's source as the page shows it; a URL that is not http(s) is shown as text,
    never as a link."""
    if not source:
        return None
    url = str(source.get("url") or "")
    link = url if is_url(url) else None
    host = ""
    if link:
        from urllib.parse import urlsplit

        host = urlsplit(link).hostname or link
    dataset = source.get("dataset")
    where = []
    if dataset:
        where.append(datasets.title(str(dataset)))
    if source.get("snapshot"):
        where.append(f"snapshot {source['snapshot']}")
    if source.get("row"):
        where.append(f"row {source['row']}")
    confidence = source.get("confidence")
    return {
        "url": link,
        "host": host,
        "text": None if link else url or None,  # a non-http(s) URL, shown inert
        "dataset": ", ".join(where) or None,
        "note": source.get("note") or None,
        "confidence": str(confidence) if confidence else None,
    }


def estimate_of(*sources: Mapping[str, Any] | None) -> str | None:
    """The weakest confidence among the sources of a figure's inputs, if any is an estimate."""
    levels = [str(s.get("confidence")) for s in sources if s and s.get("confidence")]
    return next((level for level in ESTIMATES if level in levels), None)


# -- a row of the leaderboard and a model's page --------------------------------------------


def _cell(text: str, sort: Any, estimate: str | None = None) -> dict[str, Any]:
    return {"text": text, "sort": sort, "estimate": estimate if sort is not None else None}


def row_view(
    entry: Entry, *, rank: int, page: str, lab_page: str, arch_key: str | None
) -> dict[str, Any]:
    """One model as a row of the leaderboard: cells by column key, and what the filters read.

    ``page`` and ``lab_page`` are paths from the site's root."""
    figures = figures_of(entry)
    source = entry.sources.get
    params, active, tokens = source("parameters"), source("active_parameters"), source("tokens")
    open_weights = open_weights_of(entry)
    status = status_of(entry)
    released = released_text(entry.released)
    counts = estimate_of(params, tokens)
    cells = {
        "rank": _cell(str(rank), rank),
        "model": _cell(entry.name, entry.name.lower()),
        "lab": _cell(entry.lab, entry.lab.lower()),
        "released": _cell(
            f"{released} (announced)" if status == "announced" and entry.released else released,
            released_key(entry.released),
            estimate_of(source("released")),
        ),
        "access": _cell(ACCESS.get(entry.access, entry.access), entry.access),
        "open": _cell(
            {True: "Yes", False: "No", None: "-"}[open_weights],
            None if open_weights is None else ("yes" if open_weights else "no"),
        ),
        "params": _cell(readable_count(entry.parameters), entry.parameters, estimate_of(params)),
        "active": _cell(
            readable_count(entry.active_parameters), entry.active_parameters, estimate_of(active)
        ),
        "tokens": _cell(readable_count(entry.tokens), entry.tokens, estimate_of(tokens)),
        "ratio": _cell(
            "-" if figures.ratio is None else f"{figures.ratio:,}:1", figures.ratio, counts
        ),
        "alscore": _cell(
            "-" if figures.alscore is None else f"{figures.alscore:.1f}", figures.alscore, counts
        ),
        "compute": _cell(
            compute_text(figures.training_compute),
            figures.training_compute,
            estimate_of(active if entry.active_parameters else params, tokens),
        ),
        "context": _cell(
            readable_count(context_of(entry)),
            context_of(entry),
            estimate_of(source("context_window")),
        ),
    }
    for name, score in entry.benchmarks.items():
        cells[f"b-{name}"] = _cell(
            format_score(score), score, estimate_of(source(f"benchmarks.{name}"))
        )
    words = [entry.name, entry.lab, entry.id, *entry.tags, *aliases_of(entry)]
    return {
        "id": entry.id,
        "page": page,
        "lab_page": lab_page,
        "cells": cells,
        "query": " ".join(" ".join(w.split()) for w in words).lower(),
        "arch": arch_key or "",
        "open": cells["open"]["sort"] or "",
        "status": status,
    }


MISSING = _cell("-", None)


def card_view(entry: Entry, *, rank: int, total: int) -> dict[str, Any]:
    """Everything a model's page shows, in the order it shows it."""
    figures = figures_of(entry)
    source = entry.sources.get
    open_weights = open_weights_of(entry)

    def figure(label: str, count: int | None, field: str) -> dict[str, Any]:
        return {
            "label": label,
            "value": readable_count(count),
            "exact": None if count is None else f"{count:,}",
            "source": source_view(source(field)) if count is not None else None,
            "how": None,
            "estimate": None,
        }

    def computed(label: str, value: str, how: str, *inputs: str) -> dict[str, Any]:
        return {
            "label": label,
            "value": value,
            "exact": None,
            "source": None,
            "how": how,
            "estimate": None if value == "-" else estimate_of(*(source(f) for f in inputs)),
        }

    ratio = "-"
    if figures.ratio is not None:
        ratio = f"{figures.ratio:,}:1"
        ratio += " (compute-optimal)" if figures.compute_optimal else " (under-trained)"
    score = "-" if figures.alscore is None else f"{figures.alscore:.1f}"
    if figures.tier:
        score += f" ({figures.tier})"
    n = "active_parameters" if entry.active_parameters else "parameters"
    flops = figures.training_compute
    rows = [
        figure("Parameters", entry.parameters, "parameters"),
        figure("Active parameters", entry.active_parameters, "active_parameters"),
        figure("Training tokens", entry.tokens, "tokens"),
        computed(
            "Token:parameter ratio",
            ratio,
            "computed as tokens ÷ parameters, rounded up",
            "parameters",
            "tokens",
        ),
        computed(
            "ALScore",
            score,
            "computed as √(Parameters × Tokens) ÷ 300, in billions",
            "parameters",
            "tokens",
        ),
        computed(
            "Training compute",
            "-" if flops is None else f"{compute_text(flops)} FLOPs",
            f"computed as 6 × {n.replace('_', ' ')} × tokens",
            n,
            "tokens",
        ),
    ]
    if context_of(entry) is not None:
        rows.append(figure("Context window", context_of(entry), "context_window"))
    published = []
    for name, ours in (("alscore", figures.alscore), ("ratio", figures.ratio)):
        sheet = entry.sheet.get(name)
        if sheet is not None and ours is not None and float(sheet) != float(ours):
            label = "ALScore" if name == "alscore" else "Ratio"
            published.append(f"The Models Table gives {label} {sheet:g}; computed: {ours:g}.")
    return {
        "id": entry.id,
        "name": entry.name,
        "lab": entry.lab,
        "rank": rank,
        "total": total,
        "tags": list(entry.tags),
        "aliases": list(aliases_of(entry)),
        "released": released_text(entry.released),
        "released_source": source_view(source("released")),
        "status": status_of(entry),
        "access": ACCESS.get(entry.access, entry.access),
        "open_weights": {True: "Yes", False: "No", None: "Not stated"}[open_weights],
        "architecture": entry.architecture,
        "architecture_source": source_view(source("architecture")),
        "dataset": entry.dataset,
        "updated": entry.updated.isoformat() if entry.updated else None,
        "figures": rows,
        "published": published,
        "benchmarks": [
            {
                "label": benchmarks.label(name),
                "score": format_score(score),
                "description": benchmarks.description(name),
                "source": source_view(source(f"benchmarks.{name}")),
            }
            for name, score in _benchmark_order(entry.benchmarks)
        ],
        "notes": entry.notes,
        "links": [_link(name, target) for name, target in _link_order(entry.links)],
        "optimal_ratio": COMPUTE_OPTIMAL_RATIO,
    }


def _benchmark_order(scores: Mapping[str, float]) -> Iterable[tuple[str, float]]:
    for name in benchmarks.card_order(list(scores)):
        if name in scores:
            yield name, scores[name]


def _link_order(links: Mapping[str, str]) -> list[tuple[str, str]]:
    first = [k for k in ("playground", "paper") if k in links]
    return [(k, links[k]) for k in first + sorted(k for k in links if k not in first)]


LINK_TITLES = {"playground": "Try the model", "paper": "Paper or repository"}


def _link(name: str, target: str) -> dict[str, Any]:
    return {
        "title": LINK_TITLES.get(name, name),
        "url": target if is_url(target) else None,
        "text": target,
    }
