"""Filtering and ordering entries by a field or figure: the core of ``rank`` (and the site)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from . import benchmarks
from .entry import Entry
from .errors import ModelcardError
from .metrics import figures_of

Value = float | int | str | None

FIELDS: dict[str, Callable[[Entry], Value]] = {
    "alscore": lambda e: figures_of(e).alscore,
    "params": lambda e: e.parameters,
    "active-params": lambda e: e.active_parameters,
    "tokens": lambda e: e.tokens,
    "ratio": lambda e: figures_of(e).ratio,
    "compute": lambda e: figures_of(e).training_compute,
    "released": lambda e: e.released,
}


@dataclass(frozen=True)
class Filters:
    """Exact, case-insensitive filters; an empty one lets everything through."""

    lab: str | None = None
    arch: str | None = None
    access: str | None = None
    tag: str | None = None

    def keep(self, entry: Entry) -> bool:
        return (
            _same(self.lab, entry.lab)
            and _same(self.arch, entry.architecture)
            and _same(self.access, entry.access)
            and (self.tag is None or any(_same(self.tag, t) for t in entry.tags))
        )


def _same(wanted: str | None, value: str | None) -> bool:
    return wanted is None or (value is not None and wanted.casefold() == value.casefold())


def field_key(by: str) -> str:
    """The canonical name of a ranking field, or of a benchmark (``MMLU-Pro`` -> ``mmlu_pro``)."""
    lowered = by.strip().lower()
    if lowered in FIELDS:
        return lowered
    if lowered.replace("_", "-") in FIELDS:
        return lowered.replace("_", "-")
    return benchmarks.key(lowered)


def value_getter(by: str) -> Callable[[Entry], Value]:
    key = field_key(by)
    if key in FIELDS:
        return FIELDS[key]
    return lambda e: e.benchmarks.get(key)


def check_field(by: str, entries: Iterable[Entry]) -> str:
    """``by`` made canonical; a name that is neither a field nor a recorded benchmark is an
    error listing what is known."""
    key = field_key(by)
    if key in FIELDS or key in benchmarks.LABELS:
        return key
    if any(key in e.benchmarks for e in entries):
        return key
    known = ", ".join([*FIELDS, *benchmarks.CARD_ROWS])
    raise ModelcardError(f"--by: unknown field {by!r} (known: {known}, or any benchmark name)")


def ranked(entries: Sequence[Entry], by: str, *, ascending: bool = False) -> list[Entry]:
    """Entries ordered by ``by``, highest first (or lowest with ``ascending``); ties keep id
    order; entries missing the value come last, in id order."""
    get = value_getter(by)
    in_order = sorted(entries, key=lambda e: e.id)
    with_value = [(get(e), e) for e in in_order]
    present = [(v, e) for v, e in with_value if v is not None]
    missing = [e for v, e in with_value if v is None]
    present.sort(key=lambda pair: pair[0], reverse=not ascending)
    return [e for _, e in present] + missing
