"""Matching records of one dataset to the catalog's entries: pure and deterministic.

In the manner of beets: every record is compared with the entries, a distance is built from
weighted penalties (name, lab, release date), and only a strong match is applied on its own.
Strong means all three at once:

- the name, or one of the names the record gives, equals the entry's name or one of its
  aliases after ``names.name_key`` (spelling folded, every digit and suffix kept);
- the labs are one lab (``names.lab_key`` and the crosswalk's ``[labs]``); for a record
  naming several organisations, any of them;
- both have a release date, and the dates are at most ``MONTHS`` months apart.

Anything weaker makes a new entry and a line in the report naming the nearest entry, never
a silent merge. The crosswalk overrides all of this in both directions (``same``,
``different``, ``alias``, ``skip``). Two records of one dataset never match one entry: if
they would, the closer keeps it and the other is reported; a tie keeps neither.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from .crosswalk import Crosswalk, Decision
from .names import months_apart, name_key, name_tokens
from .records import Record

if TYPE_CHECKING:
    from modelcard.progress import Tick

MONTHS = 3
# The weights of the distance's parts (beets weighs its penalties the same way).
WEIGHTS = {"name": 3.0, "lab": 2.0, "date": 1.0}
# A near miss worth a report line: a distance under this, with the same lab or name.
NEAR = 0.5


class Candidate(Protocol):
    """What matching needs of an entry (``Entry`` has it, once it has ``aliases``)."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def aliases(self) -> Sequence[str]: ...

    @property
    def lab(self) -> str: ...

    @property
    def released(self) -> str | None: ...


@dataclass(frozen=True)
class Known:
    """A plain candidate: for tests, scripts, and entries not yet written."""

    id: str
    name: str
    lab: str
    released: str | None = None
    aliases: Sequence[str] = ()


@dataclass(frozen=True)
class Match:
    """What became of one record.

    ``entry`` is the id it merges into (an existing entry, or, if ``new``, the id of the
    entry it creates), or None when skipped. ``how`` says why, for the report. ``moving``
    marks a pointer matched through the crosswalk: its name is no alias. ``name`` is the
    name a new entry gets (the record's, unless the crosswalk gives one)."""

    record: Record
    entry: str | None
    how: str
    new: bool = False
    moving: bool = False
    distance: float = 0.0
    name: str | None = None

    @property
    def entry_name(self) -> str:
        return self.name or self.record.name

    @property
    def adds_aliases(self) -> bool:
        """Whether the record's names become aliases of its entry: not a moving pointer's,
        nor those of a record the crosswalk renamed."""
        return not self.moving and self.name is None


@dataclass
class Matching:
    matches: list[Match] = field(default_factory=list)
    report: list[str] = field(default_factory=list)  # near misses, conflicts, crosswalk notes

    @property
    def matched(self) -> list[Match]:
        return [m for m in self.matches if m.entry is not None and not m.new]

    @property
    def created(self) -> list[Match]:
        return [m for m in self.matches if m.new]

    @property
    def skipped(self) -> list[Match]:
        return [m for m in self.matches if m.entry is None]


@dataclass(frozen=True)
class _Side:
    """A candidate prepared once: its name keys, token set and lab group."""

    id: str
    name: str
    keys: frozenset[str]
    tokens: frozenset[str]
    lab: str
    released: str | None


def match_records(
    records: Iterable[Record],
    entries: Iterable[Candidate],
    crosswalk: Crosswalk,
    *,
    progress: Tick | None = None,
) -> Matching:
    """Decide, for each record of one dataset, the entry it merges into or a new entry.
    ``progress`` is told of each record weighed.

    Deterministic: the result depends only on the records (in order), the entries (in any
    order) and the crosswalk."""
    sides = sorted((_side(e, crosswalk) for e in entries), key=lambda s: s.id)
    by_id = {s.id: s for s in sides}
    by_key: dict[str, list[_Side]] = {}
    by_lab: dict[str, list[_Side]] = {}
    for side in sides:
        for key in side.keys:
            by_key.setdefault(key, []).append(side)
        by_lab.setdefault(side.lab, []).append(side)
    records = list(records)
    result = Matching()
    claims: list[_Claim] = []
    unmatched: list[Record] = []
    for done, record in enumerate(records):
        if progress is not None:
            progress("matching", done, len(records))
        decisions = crosswalk.about(record.dataset, record.key)
        pinned = next((d for d in decisions if d.kind != "different"), None)
        if pinned is not None:
            claim = _pinned(record, pinned, by_id, result)
            if claim is not None:
                claims.append(claim)
            continue
        barred = {e for d in decisions for e in d.entries}
        labs = {crosswalk.lab_group(lab) for lab in (record.lab, *record.labs)}
        keys = {name_key(n) for n in (record.name, *record.aliases)}
        pool = {s.id: s for key in keys for s in by_key.get(key, [])}
        for lab in labs:
            pool.update((s.id, s) for s in by_lab.get(lab, []))
        scored = sorted(
            (_distance(record, keys, labs, s), s.id) for s in pool.values() if s.id not in barred
        )
        strong = [(d, i) for d, i in scored if _strong(record, keys, labs, by_id[i])]
        if strong:
            distance, entry = strong[0]
            claims.append(_Claim(record, entry, "name, lab and date", distance))
            continue
        unmatched.append(record)
        near = [(d, i) for d, i in scored if d < NEAR]
        if near:
            i = near[0][1]
            result.report.append(
                f"{record.where}: {record.name!r} is a new entry; nearest: {i} "
                f"({by_id[i].name!r}: {_why_not(record, keys, labs, by_id[i])})"
            )
        for i in sorted(barred & set(by_id)):
            if _strong(record, keys, labs, by_id[i]):
                result.report.append(
                    f"{record.where}: {record.name!r} is not {i}, as the crosswalk says"
                )
    if progress is not None:
        progress("matching", len(records), len(records))
    taken = _resolve(claims, result)
    assigned = set(by_id)
    for claim in claims:
        if taken.get(claim.entry) is claim:
            new = claim.entry not in by_id
            assigned.add(claim.entry)
            result.matches.append(
                Match(
                    claim.record,
                    claim.entry,
                    claim.how,
                    new=new,
                    moving=claim.moving,
                    distance=claim.distance,
                    name=claim.name if new else None,
                )
            )
        else:
            unmatched.append(claim.record)
    from modelcard.slugs import model_id, unique_id

    # each base remembers the suffix it reached: linear in rows that share a name
    reached: dict[str, int] = {}
    for record in unmatched:
        decisions = crosswalk.about(record.dataset, record.key)
        name = next((d.name for d in decisions if d.name), None)
        base = model_id(name or record.name)
        new_id = unique_id(base, assigned, start=reached.get(base, 2))
        if new_id != base:  # base-N: the next one tries base-(N+1)
            reached[base] = int(new_id.rpartition("-")[2]) + 1
        assigned.add(new_id)
        result.matches.append(Match(record, new_id, "new", new=True, name=name))
    order = {id(r): n for n, r in enumerate(records)}
    result.matches.sort(key=lambda m: order[id(m.record)])
    return result


@dataclass(frozen=True)
class _Claim:
    """A record's claim on an entry, before claims on one entry are settled."""

    record: Record
    entry: str
    how: str
    distance: float
    pinned: bool = False  # by the crosswalk, which outranks any computed match
    moving: bool = False
    name: str | None = None


def _pinned(
    record: Record, decision: Decision, by_id: dict[str, _Side], result: Matching
) -> _Claim | None:
    if decision.kind == "skip":
        result.matches.append(Match(record, None, f"skipped (crosswalk: {decision.why})"))
        return None
    if decision.kind == "same":
        return _Claim(record, decision.entry, "crosswalk", 0.0, pinned=True, name=decision.name)
    if decision.snapshot != record.snapshot:
        result.matches.append(Match(record, None, "skipped (a moving alias)"))
        result.report.append(
            f"{record.where}: {record.name!r} is a moving alias, reviewed for the "
            f"{decision.snapshot} snapshot only; this is {record.snapshot}: not matched"
        )
        return None
    if decision.entry not in by_id and decision.name is None:
        result.matches.append(Match(record, None, "skipped (alias of a missing entry)"))
        result.report.append(
            f"{record.where}: {record.name!r} points at {decision.entry}, which is not in "
            "the catalog: not matched"
        )
        return None
    how = f"crosswalk alias ({decision.snapshot})"
    return _Claim(record, decision.entry, how, 0.0, pinned=True, moving=True, name=decision.name)


def _resolve(claims: list[_Claim], result: Matching) -> dict[str, _Claim]:
    """One record per entry: the closest (the crosswalk's first); a tie keeps none."""
    by_entry: dict[str, list[_Claim]] = {}
    for claim in claims:
        by_entry.setdefault(claim.entry, []).append(claim)
    taken: dict[str, _Claim] = {}
    for entry, rivals in sorted(by_entry.items()):
        rivals.sort(key=_rank)
        best = rivals[0]
        names = ", ".join(repr(c.record.name) for c in rivals)
        if len(rivals) > 1 and _rank(rivals[1]) == _rank(best):
            result.report.append(
                f"conflict: {names} all match {entry} equally: none is merged into it"
            )
            continue
        taken[entry] = best
        if len(rivals) > 1:
            result.report.append(
                f"conflict: {names} match {entry}; {best.record.name!r} "
                f"({best.record.where}) is the closest and merges, the others become new entries"
            )
    return taken


def _rank(claim: _Claim) -> tuple[bool, float]:
    return (not claim.pinned, claim.distance)


def _side(entry: Candidate, crosswalk: Crosswalk) -> _Side:
    names = (entry.name, *getattr(entry, "aliases", ()))
    return _Side(
        id=entry.id,
        name=entry.name,
        keys=frozenset(name_key(n) for n in names),
        tokens=frozenset(t for n in names for t in name_tokens(n)),
        lab=crosswalk.lab_group(entry.lab),
        released=entry.released,
    )


def _strong(record: Record, keys: set[str], labs: set[str], side: _Side) -> bool:
    return (
        bool(keys & side.keys)
        and side.lab in labs
        and record.released is not None
        and side.released is not None
        and months_apart(record.released, side.released) <= MONTHS
    )


def _distance(record: Record, keys: set[str], labs: set[str], side: _Side) -> float:
    """0 (the same in every part) to 1 (nothing alike), weighted as ``WEIGHTS``."""
    if keys & side.keys:
        name = 0.0
    else:
        tokens = set(name_tokens(record.name))
        name = 1.0 - len(tokens & side.tokens) / len(tokens | side.tokens)
    lab = 0.0 if side.lab in labs else 1.0
    if record.released and side.released:
        date = min(1.0, months_apart(record.released, side.released) / 12)
    else:
        date = 0.5
    total = WEIGHTS["name"] * name + WEIGHTS["lab"] * lab + WEIGHTS["date"] * date
    return round(total / sum(WEIGHTS.values()), 4)


def _why_not(record: Record, keys: set[str], labs: set[str], side: _Side) -> str:
    reasons = []
    if not keys & side.keys:
        reasons.append("another name")
    if side.lab not in labs:
        reasons.append(f"another lab ({side.lab})")
    if record.released is None or side.released is None:
        reasons.append("no date to compare")
    else:
        months = months_apart(record.released, side.released)
        if months > MONTHS:
            reasons.append(f"{months} months apart")
    return ", ".join(reasons) or "close, but not strong"


__all__ = ["MONTHS", "Candidate", "Known", "Match", "Matching", "match_records"]
