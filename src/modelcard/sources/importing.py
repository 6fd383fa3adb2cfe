"""What ``import`` of a whole dataset writes into a user's store: pure, nothing is written here.

The dataset's records are matched against every entry the user sees (``combine``) and
merged with provenance. Then only two kinds of entry are written:

- a model the catalog does not have: a new entry in the store;
- a model that is already the user's own entry: that entry, with the dataset merged in (a
  value the user typed is never replaced; a disagreeing one is kept beside it).

A model the catalog has in a lower layer (bundled, fetched, a team folder) is **not** copied
into the store: a copy there would shadow that entry for good and hide every later update of
it (the issue that started this: ``import --force`` of a Models Table copied 678 entries
that no upgrade could reach any more). Those are counted, and ``update NAME --url FILE``
makes the file a layer of its own instead. ``force`` copies them anyway.

Importing the same file twice writes nothing the second time: every record now finds the
entry it made (it cites the same dataset, snapshot and row), and merging what it already
holds changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from modelcard.entry import Entry, to_mapping

from .combine import Combined, Input, combine, to_entry

if TYPE_CHECKING:
    from modelcard.progress import Tick


@dataclass
class Plan:
    """The entries to write (new, then updated), and what was left alone."""

    new: list[Entry] = field(default_factory=list)
    updated: list[Entry] = field(default_factory=list)
    copied: list[Entry] = field(default_factory=list)  # lower-layer models, with force
    unchanged: list[str] = field(default_factory=list)  # the user's entries, already so
    elsewhere: dict[str, list[str]] = field(default_factory=dict)  # layer -> ids not copied
    skipped: list[str] = field(default_factory=list)  # records the crosswalk skips, or none
    report: list[str] = field(default_factory=list)  # near misses, conflicts
    combined: Combined | None = None

    @property
    def writes(self) -> list[Entry]:
        return [*self.new, *self.updated, *self.copied]


def plan_import(
    inputs: Sequence[Input],
    visible: Iterable[Entry],
    *,
    updated: dt.date,
    force: bool = False,
    progress: Tick | None = None,
) -> Plan:
    """What importing ``inputs`` into the user's store would write, given the entries the
    user sees (each with its ``layer``). ``progress`` is told of each record matched and
    merged."""
    from . import crosswalk, policy

    visible = list(visible)
    layer_of = {e.id: e.layer or ("bundled" if e.builtin else "user") for e in visible}
    combined = combine(
        visible, inputs, crosswalk=crosswalk.load(), policy=policy.load(), progress=progress
    )
    plan = Plan(combined=combined)
    done: set[str] = set()
    changed = combined.changed
    starts = {key: start for item in inputs for key, start in item.starts.items()}
    for step in combined.steps:
        plan.report += step.report
        plan.skipped += [f"{m.record.where}: {m.how}" for m in step.skipped]
        for m in [*step.created, *step.matched]:
            id = m.entry
            if id is None or id in done:
                continue
            done.add(id)
            layer = layer_of.get(id)
            if layer is None:
                start = starts.get(m.record.key)
                if start is not None and to_mapping(start) == combined.documents[id]:
                    # a table row nothing else added to: its entry, read and checked already
                    plan.new.append(start.with_(id=id, updated=updated))
                else:
                    plan.new.append(to_entry(id, combined.documents[id], updated=updated))
            elif layer == "user":
                if id in changed:
                    plan.updated.append(to_entry(id, combined.documents[id], updated=updated))
                else:
                    plan.unchanged.append(id)
            elif force:
                plan.copied.append(to_entry(id, combined.documents[id], updated=updated))
            else:
                plan.elsewhere.setdefault(layer, []).append(id)
    return plan


__all__ = ["Plan", "plan_import"]
