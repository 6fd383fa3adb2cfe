"""The columns of a listing (``rank``, ``search``): one name per column, the same in every
output (``--columns id,name,params`` in a table, in Markdown and as the CSV header), its title
in tables, how it reads there (readable counts, ``~`` on estimates) and its value for data
(exact counts, numbers as numbers).

Pure: entries in, text and values out.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from modelcard import benchmarks, provenance
from modelcard.entry import ANNOUNCED, Entry, status
from modelcard.errors import BadOption, shorten
from modelcard.metrics import Figures, figures_of
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
)

ANNOUNCED_MARK = " (announced)"

# kinds: how a table lays a column out. A "number" is never wrapped or shortened; a "name"
# may wrap anywhere (it shrinks first); "text" wraps between words, each word whole.
RANK, NAME, NUMBER, TEXT, ID = "rank", "name", "number", "text", "id"


def _plain(value: Any) -> str:
    return "-" if value is None or value == "" else str(value)


@dataclass(frozen=True)
class Column:
    """``value`` gives the column's value for data; ``show`` how a table reads it; the
    estimates of ``figure`` carry the ``~`` mark; ``text_of`` replaces all that where a
    column reads otherwise."""

    name: str  # what --columns and the CSV header call it
    title: str  # what a table's header calls it
    kind: str
    value: Callable[[Entry, Figures], Any]
    show: Callable[[Any], str] = _plain
    figure: str | None = None
    text_of: Callable[[Entry, Figures], str] | None = None
    # the stored field whose source says how sure the value is, where ``figure`` does not
    sourced: str | None = None

    def confidence(self, entry: Entry) -> str | None:
        """How sure the column's value is: a figure's (computed ones as their weakest
        input), or the source's of the stored field; None where nothing says."""
        if self.sourced is not None:
            return provenance.confidence(entry, self.sourced)
        return provenance.figure_confidence(entry, self.figure) if self.figure else None

    def text(self, entry: Entry, figures: Figures) -> str:
        if self.text_of is not None:
            return self.text_of(entry, figures)
        shown = self.show(self.value(entry, figures))
        return provenance.marked(shown, entry, self.figure) if self.figure else shown


def _compute(e: Entry, f: Figures) -> str:
    text = compute_text(f.training_compute).removesuffix(" FLOPs")
    return provenance.marked(text, e, "training_compute")


def _reported(e: Entry, f: Figures) -> str:
    """A stored figure: marked by its own source, not by the 6·N·D estimate's inputs."""
    text = compute_text(e.training_compute).removesuffix(" FLOPs")
    guess = provenance.confidence(e, "training_compute") == "speculative"
    return provenance.ESTIMATE_MARK + text if guess and text != "-" else text


def _tokens_count(count: int | None) -> str:
    return "-" if count is None else f"{count:,}"


def _name(e: Entry, f: Figures) -> str:
    return e.name + (ANNOUNCED_MARK if status(e) == ANNOUNCED else "")


def _released(released: str | None) -> str:
    return released_label(released) if released else "-"


COLUMNS: dict[str, Column] = {
    c.name: c
    for c in (
        Column("rank", "Rank", RANK, lambda e, f: None),  # numbered by the row
        Column("id", "Id", ID, lambda e, f: e.id),
        Column("name", "Model", NAME, lambda e, f: e.name, text_of=_name),
        Column("lab", "Lab", NAME, lambda e, f: e.lab),
        Column("architecture", "Arch", TEXT, lambda e, f: e.architecture),
        Column("params", "Params", NUMBER, lambda e, f: e.parameters, size_text, "parameters"),
        Column(
            "active",
            "Active",
            NUMBER,
            lambda e, f: e.active_parameters,
            size_text,
            "active_parameters",
        ),
        Column("tokens", "Tokens", NUMBER, lambda e, f: e.tokens, size_text, "tokens"),
        Column("ratio", "Ratio", NUMBER, lambda e, f: f.ratio, ratio_text, "ratio"),
        Column("alscore", "ALScore", NUMBER, lambda e, f: f.alscore, alscore_text, "alscore"),
        Column(
            "compute",
            "FLOPs",
            NUMBER,
            lambda e, f: f.training_compute,
            figure="training_compute",
            text_of=_compute,
        ),
        Column(
            "reported-compute",
            "Reported FLOPs",
            NUMBER,
            lambda e, f: e.training_compute,
            text_of=_reported,
            sourced="training_compute",
        ),
        Column(
            "released", "Released", TEXT, lambda e, f: e.released, _released, sourced="released"
        ),
        Column("access", "Access", TEXT, lambda e, f: e.access, access_label),
        Column(
            "open-weights",
            "Open weights",
            TEXT,
            lambda e, f: e.open_weights,
            open_weights_label,
            sourced="open_weights",
        ),
        Column(
            "context",
            "Context",
            NUMBER,
            lambda e, f: e.context_window,
            _tokens_count,
            sourced="context_window",
        ),
        Column(
            "output",
            "Output",
            NUMBER,
            lambda e, f: e.output_limit,
            _tokens_count,
            sourced="output_limit",
        ),
        Column(
            "price", "$/M in", NUMBER, lambda e, f: e.price_input, price_text, sourced="price_input"
        ),
        Column(
            "price-output",
            "$/M out",
            NUMBER,
            lambda e, f: e.price_output,
            price_text,
            sourced="price_output",
        ),
        Column(
            "cutoff", "Cutoff", TEXT, lambda e, f: e.knowledge_cutoff, sourced="knowledge_cutoff"
        ),
    )
}
# other spellings people type for the same columns (the --by names among them)
SYNONYMS = {
    "model": "name",
    "arch": "architecture",
    "active-params": "active",
    "open_weights": "open-weights",
    "open": "open-weights",
    "parameters": "params",
    "context-window": "context",
    "output-limit": "output",
    "price-input": "price",
}
DEFAULT = ("rank", "name", "lab", "params", "tokens", "ratio", "alscore")


def benchmark_column(key: str) -> Column:
    return Column(
        key.replace("_", "-"),
        benchmarks.label(key),
        NUMBER,
        lambda e, f: e.score(key),
        format_score,
        f"benchmarks.{key}",
    )


def column_named(name: str, recorded: Callable[[], Collection[str]] = tuple) -> Column | None:
    """The column ``name`` names (any case; ``-`` or ``_``), a benchmark some model records
    (``recorded()``, asked only for a name no column has) included; None when none."""
    lowered = name.strip().lower()
    for candidate in (lowered, lowered.replace("_", "-")):
        candidate = SYNONYMS.get(candidate, candidate)
        if candidate in COLUMNS:
            return COLUMNS[candidate]
    key = benchmarks.key(lowered)
    if key in benchmarks.LABELS:
        return benchmark_column(key)
    known = recorded()
    for spelled in (key, key.replace("-", "_")):
        if spelled in known:
            return benchmark_column(spelled)
    return None


def chosen(
    names: str | None, by: str, recorded: Callable[[], Collection[str]] = tuple
) -> list[Column]:
    """The columns of ``--columns NAMES`` (comma-separated), or the default ones with the
    ranked field ``by`` (a ``--by`` key) added when it is not among them. An unknown name is
    an error that lists the known ones."""
    if names is None:
        columns = [COLUMNS[name] for name in DEFAULT]
        extra = column_named(by, lambda: (by,))
        if extra is not None and extra.name not in DEFAULT:
            columns.append(extra)
        return columns
    columns = []
    for name in (part for part in names.split(",") if part.strip()):
        column = column_named(name, recorded)
        if column is None:
            known = ", ".join(COLUMNS)
            raise BadOption(
                f"--columns: unknown column {shorten(name.strip())!r} (known: {known}, "
                "or a benchmark: mmlu, mmlu-pro, gpqa, hle, ...)"
            )
        if column.name not in (c.name for c in columns):
            columns.append(column)
    if not columns:
        raise BadOption("--columns: name at least one column (id, name, params, ...)")
    return columns


def table_rows(entries: Sequence[Entry], columns: Sequence[Column]) -> list[list[str]]:
    """The cells of a table, as read: row numbers from 1 in the rank column."""
    rows = []
    for n, entry in enumerate(entries, start=1):
        figures = figures_of(entry)
        rows.append([str(n) if c.kind == RANK else c.text(entry, figures) for c in columns])
    return rows


def data_rows(
    entries: Sequence[Entry], columns: Sequence[Column], *, sureness: bool = False
) -> list[dict[str, Any]]:
    """The values of the columns, for CSV and JSON: exact counts, numbers as numbers.
    ``sureness`` adds ``confidence``: how sure each shown value is, where a source says
    (JSON's counterpart of the table's estimate mark)."""
    rows = []
    for n, entry in enumerate(entries, start=1):
        figures = figures_of(entry)
        row = {c.name: n if c.kind == RANK else c.value(entry, figures) for c in columns}
        if sureness:
            levels = {c.name: c.confidence(entry) for c in columns if row[c.name] is not None}
            row["confidence"] = {name: level for name, level in levels.items() if level}
        rows.append(row)
    return rows


def estimate_note(columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> str | None:
    """The line under a table that explains its estimate mark, if a figure has one."""
    mark = provenance.ESTIMATE_MARK
    figures = [i for i, c in enumerate(columns) if c.kind == NUMBER]
    if any(row[i].startswith(mark) for row in rows for i in figures):
        return provenance.ESTIMATE_NOTE
    return None
