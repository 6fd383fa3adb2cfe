"""The merge policy: which dataset's figure an entry shows, per field. A small table of data
(``src/modelcard/data/merge-policy.toml``), read and checked here, tested on its own."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelcard.errors import ModelcardError

from .records import DATASET_KEYS

ENTRY = "entry"  # a value without a dataset: typed by a person, or imported without one


class PolicyError(ModelcardError):
    """The policy file does not hold what it must; the message names the field."""


@dataclass(frozen=True)
class Rule:
    prefer: tuple[str, ...]
    confident_wins: bool = False
    tolerance: float = 0.0

    def rank(self, dataset: str) -> int | None:
        """0 for the first choice; None for a dataset this field never takes."""
        return self.prefer.index(dataset) if dataset in self.prefer else None


@dataclass(frozen=True)
class Policy:
    rules: Mapping[str, Rule]

    def rule(self, field: str) -> Rule | None:
        """The rule of a field; ``benchmarks.NAME`` follows ``benchmarks``."""
        if field in self.rules:
            return self.rules[field]
        if field.startswith("benchmarks."):
            return self.rules.get("benchmarks")
        return None


def default_path() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "merge-policy.toml"


def load(path: Path | None = None) -> Policy:
    import tomllib

    path = path or default_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PolicyError(f"{path}: cannot be read: {exc}") from None
    return parse(data, source=str(path))


def parse(data: Mapping[str, Any], *, source: str) -> Policy:
    fields = data.get("fields")
    if set(data) != {"fields"} or not isinstance(fields, dict):
        raise PolicyError(f"{source}: expected one table, [fields.NAME] for each field")
    rules = {}
    for name, table in fields.items():
        where = f"{source}: fields.{name}"
        if not isinstance(table, dict):
            raise PolicyError(f"{where}: expected a table")
        unknown = set(table) - {"prefer", "confident_wins", "tolerance"}
        if unknown:
            raise PolicyError(f"{where}: unknown key {sorted(unknown)[0]!r}")
        prefer = table.get("prefer")
        known = (ENTRY, *DATASET_KEYS)
        if (
            not isinstance(prefer, list)
            or not prefer
            or not all(isinstance(p, str) and p in known for p in prefer)
            or len(set(prefer)) != len(prefer)
        ):
            raise PolicyError(f"{where}: prefer must list datasets once each ({', '.join(known)})")
        confident = table.get("confident_wins", False)
        tolerance = table.get("tolerance", 0.0)
        if not isinstance(confident, bool):
            raise PolicyError(f"{where}: confident_wins must be true or false")
        if isinstance(tolerance, bool) or not isinstance(tolerance, int | float):
            raise PolicyError(f"{where}: tolerance must be a number")
        if not 0 <= tolerance < 1:
            raise PolicyError(f"{where}: tolerance must be from 0 up to 1 (0.10 is 10%)")
        rules[name] = Rule(tuple(prefer), confident, float(tolerance))
    return Policy(rules)


__all__ = ["ENTRY", "Policy", "PolicyError", "Rule", "default_path", "load", "parse"]
