"""Merging one record into one entry, field by field: a pure function on the entry's TOML
document (the mapping ``entry.to_mapping`` gives, with the new optional fields).

    merged, report = merge(document, record, policy)

- A field the entry lacks is filled, with the record's source.
- A field both have is settled by the policy (``policy.py``): the preferred dataset's value
  is shown; a value its source rates ``confident`` replaces a preferred one that is not,
  where the policy allows it. A newer copy of the same dataset replaces its older value.
- The value not shown is kept beside the chosen one when they disagree (numbers: by more
  than the field's tolerance, 10%; dates: at the coarser precision; text and yes/no: at
  all), in ``[alternatives]``: ``alternatives.FIELD`` is a list of tables, one per dataset,
  each the value and its source::

      [[alternatives.parameters]]
      value = "1.8T"
      url = "https://epoch.ai/data/notable-ai-models"
      confidence = "speculative"
      dataset = "epoch"
      snapshot = "2026-01-26"
      row = "290"

  A value that had no source keeps a note saying so instead of a URL.
- The record's names become aliases of the entry (not those of a moving pointer).

Merging the same record twice changes nothing the second time (``report.changed`` is False).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .names import name_key
from .policy import ENTRY, Policy, Rule
from .records import DATE_FIELDS, Record, Value

# Counts the entry format writes readably (``405B``); the other counts are plain integers.
_READABLE_COUNTS = ("parameters", "active_parameters", "tokens")
_TABLES = ("benchmarks", "links")
CHANGES = ("added", "updated", "replaced", "alternative", "alias")


@dataclass(frozen=True)
class Change:
    """What the merge did with one figure: ``added``, ``updated`` (a newer copy of the same
    dataset), ``replaced`` (a preferred dataset's value took the place of another's),
    ``alternative`` (kept beside the shown value), ``agrees``, ``unchanged``, ``ignored``
    (the policy takes this field from other datasets), ``alias``."""

    field: str
    action: str
    value: Value | None = None
    previous: Value | None = None
    dataset: str = ""

    def __str__(self) -> str:
        if self.action == "alias":
            return f"alias {self.value!r} added"
        shown = f"{self.field} = {self.value!r} ({self.dataset})"
        if self.previous is not None:
            shown += f", was {self.previous!r}"
        return f"{self.action}: {shown}"


@dataclass
class MergeReport:
    changes: list[Change] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(c.action in CHANGES for c in self.changes)

    def of(self, action: str) -> list[Change]:
        return [c for c in self.changes if c.action == action]


def merge(
    document: Mapping[str, Any],
    record: Record,
    policy: Policy,
    *,
    base_dataset: str | None = None,
    add_aliases: bool = True,
) -> tuple[dict[str, Any], MergeReport]:
    """The entry document with the record merged in, and what changed.

    ``base_dataset`` is the dataset of the entry's values whose source names none (the
    build passes ``lifearchitect`` for the Models Table's entries); without it they count
    as ``entry``, a person's values, which nothing replaces. ``add_aliases=False`` keeps the
    record's names out of the entry's aliases (a moving pointer's, or a name the crosswalk
    replaced: ``Match.adds_aliases`` says which)."""
    doc = _copied(document)
    report = MergeReport()
    for name in sorted(record.figures):
        figure = record.figures[name]
        report.changes.append(
            _merge_figure(
                doc,
                name,
                figure.value,
                figure.source.as_mapping(),
                record.dataset,
                policy,
                base_dataset or ENTRY,
            )
        )
    if add_aliases:
        report.changes.extend(_add_aliases(doc, record))
    for table in ("sources", "alternatives", *_TABLES):
        if doc.get(table):
            doc[table] = dict(sorted(doc[table].items()))
        else:
            doc.pop(table, None)
    return doc, report


def _copied(value: Any) -> Any:
    """A copy of an entry document: its tables and arrays new, its scalars (str, numbers,
    dates: immutable) shared. ``copy.deepcopy`` did the same at several times the cost (its
    memo), a quarter of a 10,000-row import."""
    if isinstance(value, Mapping):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copied(item) for item in value]
    return value


def new_document(
    record: Record, *, name: str | None = None, lab: str | None = None
) -> dict[str, Any]:
    """The smallest entry document a new record starts from (merge fills the rest)."""
    return {"name": name or record.name, "lab": lab or record.lab}


def _merge_figure(
    doc: dict[str, Any],
    name: str,
    incoming: Value,
    source: dict[str, str],
    dataset: str,
    policy: Policy,
    base: str,
) -> Change:
    rule = policy.rule(name)
    if rule is None or rule.rank(dataset) is None:
        return Change(name, "ignored", incoming, dataset=dataset)
    current = _get(doc, name)
    sources = doc.setdefault("sources", {})
    if current is None:
        _show(doc, name, incoming, source, dataset, rule.tolerance)
        return Change(name, "added", incoming, dataset=dataset)
    held = _source_of(sources.get(name))
    held_dataset = held.get("dataset") or base
    if held_dataset == dataset:
        if _same(current, incoming) and held == source:
            return Change(name, "unchanged", incoming, dataset=dataset)
        _show(doc, name, incoming, source, dataset, rule.tolerance)
        return Change(name, "updated", incoming, current, dataset)
    differ = _disagree(name, current, incoming, rule.tolerance)
    if _incoming_wins(rule, (held_dataset, held), (dataset, source), differ):
        if differ:
            _put_alternative(doc, name, current, held, held_dataset)
        _show(doc, name, incoming, source, dataset, rule.tolerance)
        return Change(name, "replaced", incoming, current, dataset)
    if differ:
        if _alternative(doc, name, dataset) == _alternative_item(incoming, source, name):
            return Change(name, "unchanged", incoming, dataset=dataset)
        _put_alternative(doc, name, incoming, source, dataset)
        return Change(name, "alternative", incoming, current, dataset)
    if _alternative(doc, name, dataset) is not None:
        _drop_alternative(doc, name, dataset)
        return Change(name, "updated", incoming, current, dataset)
    return Change(name, "agrees", incoming, current, dataset)


def _show(
    doc: dict[str, Any],
    name: str,
    value: Value,
    source: dict[str, str],
    dataset: str,
    tolerance: float,
) -> None:
    """Show ``value``; of the values kept beside it, drop those that now agree with it."""
    _set(doc, name, value)
    doc.setdefault("sources", {})[name] = source
    _drop_alternative(doc, name, dataset)
    table = doc.get("alternatives") or {}
    kept = [
        item
        for item in table.get(name, [])
        if _disagree(name, value, _parsed(name, item["value"]), tolerance)
    ]
    if kept:
        table[name] = kept
    else:
        table.pop(name, None)


def _parsed(name: str, value: Any) -> Value:
    if name in _READABLE_COUNTS and isinstance(value, str):
        from modelcard.units import parse_count

        return parse_count(value, field=name)
    return value  # type: ignore[no-any-return]


def _incoming_wins(
    rule: Rule,
    held: tuple[str, Mapping[str, str]],
    incoming: tuple[str, Mapping[str, str]],
    differ: bool,
) -> bool:
    """Whether the incoming value is shown rather than the held one. Symmetric, so that the
    order in which datasets are merged does not change the result: the preferred dataset's
    value, unless the two disagree, the other's source rates it confident, the preferred's
    does not, the field allows it, and neither is a person's (``entry``) value."""
    (held_dataset, held_source), (dataset, source) = held, incoming
    held_rank, rank = rule.rank(held_dataset), rule.rank(dataset)
    if held_rank is None:
        return True
    preferred_is_incoming = rank is not None and rank < held_rank
    preferred, other = (source, held_source) if preferred_is_incoming else (held_source, source)
    if (
        differ
        and rule.confident_wins
        and ENTRY not in (held_dataset, dataset)
        and other.get("confidence") == "confident"
        and preferred.get("confidence") != "confident"
    ):
        return not preferred_is_incoming
    return preferred_is_incoming


def _add_aliases(doc: dict[str, Any], record: Record) -> list[Change]:
    aliases = list(doc.get("aliases") or [])
    taken = {name_key(n) for n in [doc["name"], *aliases]}
    changes = []
    for name in (record.name, *record.aliases):
        key = name_key(name)
        if key and key not in taken:
            aliases.append(name)
            taken.add(key)
            changes.append(Change("aliases", "alias", name, dataset=record.dataset))
    if aliases:
        doc["aliases"] = aliases
    return changes


def _get(doc: Mapping[str, Any], name: str) -> Value | None:
    table, dot, key = name.partition(".")
    if dot and table in _TABLES:
        value = (doc.get(table) or {}).get(key)
    else:
        value = doc.get(name)
    if name in _READABLE_COUNTS and isinstance(value, str):
        from modelcard.units import parse_count

        return parse_count(value, field=name)
    if isinstance(value, int | float | str | bool):
        return value
    return None


def _set(doc: dict[str, Any], name: str, value: Value) -> None:
    table, dot, key = name.partition(".")
    if dot and table in _TABLES:
        doc.setdefault(table, {})[key] = value
    else:
        doc[name] = _written(name, value)


def _written(name: str, value: Value) -> Value:
    """A value as the entry document writes it (``405B`` for the counts that read so)."""
    if name in _READABLE_COUNTS and isinstance(value, int) and not isinstance(value, bool):
        from modelcard.units import format_count

        return format_count(value)
    return value


def _source_of(item: object) -> dict[str, str]:
    if isinstance(item, str):
        return {"url": item}
    if isinstance(item, Mapping):
        return {str(k): str(v) for k, v in item.items()}
    return {}


def _alternative_item(value: Value, source: Mapping[str, str], name: str) -> dict[str, Any]:
    item: dict[str, Any] = {"value": _written(name, value)}
    if source.get("url"):
        item.update(source)
    else:
        item["note"] = "the value held before, which names no source"
        item.update({k: v for k, v in source.items() if k != "note"})
    return item


def _alternative(doc: Mapping[str, Any], name: str, dataset: str) -> dict[str, Any] | None:
    for item in (doc.get("alternatives") or {}).get(name, []):
        if item.get("dataset", ENTRY) == dataset:
            return dict(item)
    return None


def _put_alternative(
    doc: dict[str, Any], name: str, value: Value, source: Mapping[str, str], dataset: str
) -> None:
    _drop_alternative(doc, name, dataset)
    item = _alternative_item(value, source, name)
    if dataset != ENTRY:
        item["dataset"] = dataset
    items = doc.setdefault("alternatives", {}).setdefault(name, [])
    items.append(item)
    items.sort(key=lambda i: str(i.get("dataset", ENTRY)))


def _drop_alternative(doc: dict[str, Any], name: str, dataset: str) -> None:
    table = doc.get("alternatives")
    if not table or name not in table:
        return
    kept = [i for i in table[name] if i.get("dataset", ENTRY) != dataset]
    if kept:
        table[name] = kept
    else:
        del table[name]


def _same(a: Value, b: Value) -> bool:
    return type(a) is type(b) and a == b


def _disagree(name: str, a: Value, b: Value, tolerance: float) -> bool:
    """Whether two values of one field say different things (see the module's docstring)."""
    if name.startswith("links."):
        return False  # two links are two pages, not two claims about one figure
    if isinstance(a, bool) or isinstance(b, bool):
        return a is not b
    if isinstance(a, int | float) and isinstance(b, int | float):
        larger = max(abs(a), abs(b))
        return larger > 0 and abs(a - b) / larger > tolerance
    if name in DATE_FIELDS and isinstance(a, str) and isinstance(b, str):
        common = min(len(a), len(b))
        return a[:common] != b[:common]
    return str(a).strip().casefold() != str(b).strip().casefold()


__all__ = ["CHANGES", "Change", "MergeReport", "merge", "new_document"]
