"""Models side by side: one column per model, one row per field, figure and benchmark, the
better value of each row marked. Pure: entries in, rows out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from . import benchmarks
from .entry import Entry, status
from .metrics import figures_of
from .provenance import marked
from .units import format_score


@dataclass
class Row:
    field: str
    values: list[Any]  # numbers for numeric rows (None when missing), else text
    texts: list[str]  # as printed; "-" when missing
    best: list[int]  # columns holding the better value (none where "better" means nothing)


def _row(
    field: str,
    entries: Sequence[Entry],
    value: Callable[[Entry], Any],
    text: Callable[[Any], str],
    *,
    higher_is_better: bool = False,
    figure: str | None = None,
) -> Row:
    """One row; ``figure`` names the figure whose estimates get the ``~`` mark."""
    values = [value(e) for e in entries]
    texts = [text(v) if v is not None and v != "" else "-" for v in values]
    if figure is not None:
        texts = [marked(t, e, figure) for t, e in zip(texts, entries, strict=True)]
    best: list[int] = []
    present = [v for v in values if v is not None]
    if higher_is_better and len(present) >= 2 and len(set(present)) > 1:
        top = max(present)
        best = [i for i, v in enumerate(values) if v == top]
    return Row(field, values, texts, best)


def _scorer(name: str) -> Callable[[Entry], float | None]:
    return lambda e: e.score(name)


def compare(entries: Sequence[Entry]) -> list[Row]:
    """Every row of the comparison. Marked best: the highest ALScore, tokens, token ratio and
    benchmark scores, and the newest release; sizes and compute are facts, not merits."""
    from .render.labels import (
        access_label,
        alscore_text,
        compute_text,
        open_weights_label,
        ratio_text,
        released_label,
        size_text,
    )

    figures = [figures_of(e) for e in entries]
    fig = dict(zip((e.id for e in entries), figures, strict=True))
    rows = [
        _row("Id", entries, lambda e: e.id, str),
        _row("Lab", entries, lambda e: e.lab, str),
        _row(
            "Released",
            entries,
            lambda e: e.released,
            released_label,
            higher_is_better=True,
        ),
        _row("Status", entries, status, str),
        _row("Access", entries, lambda e: e.access, access_label),
        _row("Open weights", entries, lambda e: open_weights_label(e.open_weights), str),
        _row("Architecture", entries, lambda e: e.architecture, str),
        _row("Parameters", entries, lambda e: e.parameters, size_text, figure="parameters"),
        _row(
            "Active parameters",
            entries,
            lambda e: e.active_parameters,
            size_text,
            figure="active_parameters",
        ),
        _row(
            "Training tokens",
            entries,
            lambda e: e.tokens,
            size_text,
            higher_is_better=True,
            figure="tokens",
        ),
        _row(
            "Token:param ratio",
            entries,
            lambda e: fig[e.id].ratio,
            ratio_text,
            higher_is_better=True,
            figure="ratio",
        ),
        _row(
            "ALScore",
            entries,
            lambda e: fig[e.id].alscore,
            alscore_text,
            higher_is_better=True,
            figure="alscore",
        ),
        _row("Tier", entries, lambda e: fig[e.id].tier, str),
        _row(
            "Training compute",
            entries,
            lambda e: fig[e.id].training_compute,
            compute_text,
            figure="training_compute",
        ),
        _row("Dataset", entries, lambda e: e.dataset, str),
        _row("Tags", entries, lambda e: ", ".join(e.tags) or None, str),
    ]
    recorded = sorted({name for e in entries for name in e.benchmarks})
    for name in benchmarks.card_order(recorded):
        rows.append(
            _row(
                benchmarks.label(name),
                entries,
                _scorer(name),
                format_score,
                higher_is_better=True,
            )
        )
    for field in sorted({f for e in entries for f in e.sources}):
        rows.append(_row(f"Source of {field}", entries, _source(field), lambda v: v))
    rows.append(_row("Updated", entries, lambda e: e.updated, lambda d: d.isoformat()))
    return rows


def _source(field: str) -> Callable[[Entry], str | None]:
    from .render.tabular import source_text

    def get(entry: Entry) -> str | None:
        source = entry.sources.get(field)
        return source_text(source, brief=True) if source else None

    return get
