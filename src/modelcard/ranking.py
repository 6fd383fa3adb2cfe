"""Filtering and ordering entries by a field or figure: the core of ``rank`` (and the site)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from . import benchmarks
from .entry import ACCESS_LEVELS, ANNOUNCED, Entry, status
from .errors import BadOption, ModelcardError, shorten
from .metrics import alscore, ratio, training_compute

Value = float | int | str | None


FIELDS: dict[str, Callable[[Entry], Value]] = {
    "alscore": lambda e: alscore(e.parameters, e.tokens),
    "params": lambda e: e.parameters,
    "active-params": lambda e: e.active_parameters,
    "tokens": lambda e: e.tokens,
    "ratio": lambda e: ratio(e.parameters, e.tokens),
    "compute": lambda e: training_compute(e.parameters, e.tokens, e.active_parameters),
    "reported-compute": lambda e: e.training_compute,
    "released": lambda e: e.released,
    "context": lambda e: e.context_window,
    "output": lambda e: e.output_limit,
    "price": lambda e: e.price_input,
    "price-output": lambda e: e.price_output,
    "cutoff": lambda e: e.knowledge_cutoff,
}


# The same fields as columns of the index (index.py), for ranking without building entries.
SQL_FIELDS = {
    "alscore": "alscore",
    "params": "parameters",
    "active-params": "active_parameters",
    "tokens": "tokens",
    "ratio": "ratio",
    "compute": "compute",
    "reported-compute": "reported_compute",
    "released": "released",
    "context": "context_window",
    "output": "output_limit",
    "price": "price_input",
    "price-output": "price_output",
    "cutoff": "knowledge_cutoff",
}


def sql_value(key: str) -> tuple[str, tuple[str, ...]]:
    """The SQL expression (and its arguments) of a canonical field or benchmark key."""
    if key in SQL_FIELDS:
        return SQL_FIELDS[key], ()
    # benchmark keys are [A-Za-z0-9_.-] (entry.py), so quoting them in a JSON path is safe
    return "json_extract(benchmarks, ?)", (f'$."{key}"',)


class Filters:
    """Exact, case-insensitive filters; an empty one lets everything through.

    ``open_weights`` keeps models whose weights are known to be open (True) or known to be
    closed (False); a model whose weights are unknown passes neither. ``released`` leaves
    out announced models (``entry.status``)."""

    def __init__(
        self,
        lab: str | None = None,
        arch: str | None = None,
        access: str | None = None,
        tag: str | None = None,
        *,
        open_weights: bool | None = None,
        released: bool = False,
    ) -> None:
        if access is not None and str(access).casefold() not in ACCESS_LEVELS:
            raise BadOption(
                f"--access: {shorten(str(access))!r} is not one of {', '.join(ACCESS_LEVELS)}"
            )
        self.lab, self.arch, self.tag = lab, arch, tag
        self.access = None if access is None else str(access)
        self.open_weights, self.released = open_weights, released

    def __repr__(self) -> str:
        return (
            f"Filters({self.lab!r}, {self.arch!r}, {self.access!r}, {self.tag!r}, "
            f"open_weights={self.open_weights!r}, released={self.released!r})"
        )

    @property
    def active(self) -> bool:
        chosen = (self.lab, self.arch, self.access, self.tag, self.open_weights)
        return self.released or any(v is not None for v in chosen)

    def sql(self) -> tuple[str, tuple[str | int, ...]]:
        """The filters as an SQL condition on the index's columns (``fold`` is casefold)."""
        where, args = "", []
        for column, wanted in (
            ("lab", self.lab),
            ("architecture", self.arch),
            ("access", self.access),
        ):
            if wanted is not None:
                where += f" AND fold({column}) = ?"
                args.append(wanted.casefold())
        if self.tag is not None:
            # tags are kept joined by \x1f: look for the whole tag between separators
            where += " AND instr(fold(char(31) || tags || char(31)), ?) > 0"
            args.append(f"\x1f{self.tag.casefold()}\x1f")
        if self.open_weights is not None:
            where += f" AND open_weights = {int(self.open_weights)}"
        if self.released:
            where += " AND NOT announced"
        return where, tuple(args)

    def keep(self, entry: Entry) -> bool:
        return (
            _same(self.lab, entry.lab)
            and _same(self.arch, entry.architecture)
            and _same(self.access, entry.access)
            and (self.tag is None or any(_same(self.tag, t) for t in entry.tags))
            and (self.open_weights is None or entry.open_weights is self.open_weights)
            and not (self.released and status(entry) == ANNOUNCED)
        )

    def check(self, labs: Iterable[str], architectures: Iterable[str]) -> None:
        """Refuse a lab or architecture that no model has (``labs`` and ``architectures``
        are the catalog's): an empty answer to a typo would look like a real one."""
        known_archs = sorted(set(architectures), key=str.casefold)
        if self.arch is not None and not any(_same(self.arch, a) for a in known_archs):
            raise BadOption(
                f"--arch: no model has the architecture {shorten(self.arch)!r} "
                f"(known: {', '.join(known_archs)})"
            )
        known_labs = sorted(set(labs), key=str.casefold)
        if self.lab is not None and not any(_same(self.lab, lab) for lab in known_labs):
            raise ModelcardError(
                f"--lab: no model is from {shorten(self.lab)!r}"
                + _nearest(self.lab, known_labs, "the nearest labs")
            )


def _same(wanted: str | None, value: str | None) -> bool:
    return wanted is None or (value is not None and wanted.casefold() == value.casefold())


def _nearest(wanted: str, known: list[str], what: str) -> str:
    """``; the nearest labs: A, B`` (compared without case, spaces or punctuation)."""
    import difflib

    def squeeze(text: str) -> str:
        return "".join(ch for ch in text.casefold() if ch.isalnum())

    by_key: dict[str, list[str]] = {}
    for name in known:
        by_key.setdefault(squeeze(name), []).append(name)
    close = difflib.get_close_matches(squeeze(wanted), list(by_key), n=3, cutoff=0.6)
    names = [name for key in close for name in by_key[key]]
    return f"; {what}: {', '.join(names)}" if names else ""


def field_key(by: str) -> str:
    """The canonical name of a ranking field, or of a benchmark (``MMLU-Pro`` -> ``mmlu_pro``)."""
    lowered = by.strip().lower()
    if lowered in FIELDS:
        return lowered
    if lowered.replace("_", "-") in FIELDS:
        return lowered.replace("_", "-")
    return benchmarks.key(lowered)


def recorded_spelling(key: str, recorded: Iterable[str]) -> str:
    """A benchmark key as the catalog records it: ``swe-bench-verified`` is
    ``swe_bench_verified`` (the error listing the benchmarks shows them with hyphens)."""
    names = set(recorded)
    if key in names:
        return key
    for other in (key.replace("-", "_"), key.replace("_", "-")):
        if other in names:
            return other
    return key


def value_getter(by: str) -> Callable[[Entry], Value]:
    key = field_key(by)
    if key in FIELDS:
        return FIELDS[key]
    return lambda e: e.score(key)


def unknown_field(key: str, recorded: Iterable[str]) -> ModelcardError | None:
    """The error for a ``--by`` that is neither a field nor a benchmark some model records
    (``recorded``), or None. Ranking by a benchmark nobody has would list every model
    with ``-``: an answer to nothing."""
    names = sorted(recorded)
    if key in FIELDS or key in names:
        return None
    shown = ", ".join(name.replace("_", "-") for name in names) or "none"
    if key in benchmarks.LABELS:
        return ModelcardError(
            f"--by: no model records {benchmarks.label(key)} (benchmarks recorded: {shown})"
        )
    return ModelcardError(
        f"--by: unknown field {shorten(key)!r} (known: {', '.join(FIELDS)}, "
        f"or a benchmark recorded: {shown})"
    )


def ranking_key(by: str, recorded: Callable[[], Iterable[str]]) -> str:
    """The key a ``--by`` ranks by (``field_key``, a benchmark as the catalog spells it),
    or raise ``unknown_field``'s error. The benchmarks recorded are asked for only when
    ``by`` names none of the fields: the question reads every row's scores (13 ms of a
    warm rank at 10,000 models)."""
    key = field_key(by)
    if key in FIELDS:
        return key
    names = list(recorded())
    key = recorded_spelling(key, names)
    problem = unknown_field(key, names)
    if problem is not None:
        raise problem
    return key


def order(pairs: Iterable[tuple[str, Value]], *, ascending: bool = False) -> list[str]:
    """Ids ordered by their values, highest first (lowest with ``ascending``); ties keep id
    order; ids without a value come last, in id order."""
    in_order = sorted(pairs, key=lambda pair: pair[0])
    present = [pair for pair in in_order if pair[1] is not None]
    missing = [id for id, value in in_order if value is None]
    present.sort(key=lambda pair: pair[1], reverse=not ascending)  # type: ignore[arg-type,return-value]
    return [id for id, _ in present] + missing


def order_key(ascending: bool) -> Callable[[tuple[str, Value]], tuple[Any, ...]]:
    """The sort key of ``order`` for (id, value) pairs, for merging already sorted lists."""

    def key(pair: tuple[str, Value]) -> tuple[Any, ...]:
        id, value = pair
        if value is None:
            return (1, 0, id)
        if ascending:
            return (0, value, id)
        return (0, _Reversed(value), id)

    return key


class _Reversed:
    """Orders values from the highest to the lowest."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __lt__(self, other: _Reversed) -> bool:
        return bool(self.value > other.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Reversed) and bool(self.value == other.value)


def ranked(entries: Sequence[Entry], by: str, *, ascending: bool = False) -> list[Entry]:
    """Entries in the order of ``order``."""
    get = value_getter(by)
    by_id = {e.id: e for e in entries}
    return [by_id[id] for id in order(((e.id, get(e)) for e in entries), ascending=ascending)]
