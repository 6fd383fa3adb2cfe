"""Where sources disagree: every value of the catalog that another source gives differently
from the one shown (``[alternatives]``), for ``validate --conflicts``. Pure: entries in,
rows out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .entry import Entry


@dataclass(frozen=True)
class Conflict:
    id: str
    field: str
    shown: Any
    shown_source: dict[str, str]
    other: Any
    other_source: dict[str, str]
    layer: str

    def __str__(self) -> str:
        from .errors import printable
        from .render.tabular import alternative_text

        shown = alternative_text(self.field, {"value": self.shown, **self.shown_source})
        other = alternative_text(self.field, {"value": self.other, **self.other_source})
        return printable(f"{self.id}: {self.field}: {shown}; also {other}")

    def record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "field": self.field,
            "value": self.shown,
            "source": self.shown_source,
            "other_value": self.other,
            "other_source": self.other_source,
            "layer": self.layer,
        }


def conflicts(entries: Iterable[Entry]) -> list[Conflict]:
    """Every value kept beside another, in id and field order."""
    found = []
    for entry in sorted(entries, key=lambda e: e.id):
        for field, items in sorted(entry.alternatives.items()):
            shown = _value(entry, field)
            source = dict(entry.sources.get(field, {}))
            for item in items:
                other = {k: str(v) for k, v in item.items() if k != "value"}
                layer = entry.layer or ("bundled" if entry.builtin else "user")
                found.append(Conflict(entry.id, field, shown, source, item["value"], other, layer))
    return found


def _value(entry: Entry, field: str) -> Any:
    table, dot, key = field.partition(".")
    if dot and table in ("benchmarks", "links"):
        return getattr(entry, table).get(key)
    return getattr(entry, field)


__all__ = ["Conflict", "conflicts"]
