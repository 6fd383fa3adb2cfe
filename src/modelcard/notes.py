"""What an import has to say about single rows, kept as data: counted by kind with a few
examples on the terminal, listed in full on request (``--verbose``), written as JSON lines
for a program (``--report FILE``).

A table of 10,000 rows says a line about hundreds of them (an active count read from a
name, a sheet's ALScore that is not the computed one); printing each before the one line
that matters buried it. Errors (a row that could not be read) are not notes: they are
always printed in full.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# kind -> (how a count of them reads, singular and plural; "warning" or "note")
KINDS = {
    "bad-row": ("row skipped", "rows skipped", "error"),
    "active-inferred": (
        "active count read from an MoE name",
        "active counts read from MoE names",
        "note",
    ),
    "moe-notation-disagrees": (
        "MoE name that disagrees with the parameter count",
        "MoE names that disagree with the parameter count",
        "warning",
    ),
    "sheet-figure-differs": (
        "sheet ALScore or Ratio that is not the computed one",
        "sheet ALScores or Ratios that are not the computed ones",
        "warning",
    ),
    # a record that did not become an entry is said even with --quiet, like a bad row
    "record-skipped": ("record skipped", "records skipped", "warning"),
    "value-not-taken": ("value not taken", "values not taken", "note"),
    "crosswalk-skip": (
        "record the crosswalk leaves out",
        "records the crosswalk leaves out",
        "note",
    ),
    "near-miss": (
        "note of the matching (a near miss, a reviewed name)",
        "notes of the matching (near misses, reviewed names)",
        "note",
    ),
    "already-present": ("entry already present", "entries already present", "note"),
}
EXAMPLES = 2


@dataclass(frozen=True)
class Note:
    """One thing said about one row: ``row`` is its number in a CSV, or its place in a
    dataset (a file's path); ``model`` its name where known."""

    kind: str
    message: str
    row: int | str | None = None
    model: str | None = None

    @property
    def level(self) -> str:
        return KINDS.get(self.kind, ("", "", "note"))[2]

    def __str__(self) -> str:
        where = f"row {self.row}" if isinstance(self.row, int) else self.row
        return f"{where}: {self.message}" if where else self.message

    def record(self) -> dict[str, object]:
        return {"row": self.row, "model": self.model, "kind": self.kind, "message": self.message}


def counted(count: int, kind: str) -> str:
    one, many, _ = KINDS.get(kind, (kind, kind, "note"))
    return f"{count:,} {one if count == 1 else many}"


def summary(notes: Sequence[Note], *, examples: int = EXAMPLES) -> list[tuple[str, str]]:
    """(level, line) pairs: per kind, in the order kinds first occur, a count and the first
    ``examples`` of them, indented under it."""
    by_kind: dict[str, list[Note]] = {}
    for note in notes:
        by_kind.setdefault(note.kind, []).append(note)
    lines = []
    for kind, found in by_kind.items():
        shown = found[:examples]
        head = counted(len(found), kind)
        if len(found) > len(shown):
            head += f"; the first {len(shown)}:"
        elif shown:
            head += ":"
        lines.append((found[0].level, head))
        lines += [("", f"  {note}") for note in shown]
    return lines


def json_lines(notes: Iterable[Note]) -> str:
    """One JSON object per note and line: row, model, kind, message."""
    return "".join(json.dumps(note.record(), ensure_ascii=False) + "\n" for note in notes)
