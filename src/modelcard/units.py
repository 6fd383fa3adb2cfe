"""Counts of parameters and tokens: parsing ``142B`` / ``11.2T`` / ``14e9``, and their display.

Counts are exact integers. Text is parsed with ``Decimal`` so that ``11.2T`` is exactly
11,200,000,000,000 and not the nearest binary float.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

from .errors import InvalidValue

BILLION = 10**9
UNITS = {"K": 10**3, "M": 10**6, "B": 10**9, "T": 10**12}
# A count no model will reach (a quintillion); it also bounds what `1e400` can cost.
MAX_COUNT = 10**18
# A plain number below this is almost surely a count in billions typed without its unit.
MIN_PLAIN_COUNT = 1_000_000

_COUNT = re.compile(r"(?P<num>[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*(?P<unit>[KMBTkmbt])?")


def parse_count(value: object, *, field: str, unit: str | None = None) -> int:
    """Read a count (``142B``, ``1.2T``, ``350M``, ``7K``, ``14e9``, ``14000000000``).

    ``unit`` is the unit of a plain number (the Models Table's columns are in billions);
    without it a plain number must be a whole count of at least a million.
    """
    if isinstance(value, bool):
        raise InvalidValue(f"{field}: expected a count such as 142B, got {value!r}")
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidValue(f"{field}: {value!r} is not a count")
        text = repr(value)
    elif isinstance(value, str):
        text = value.strip().replace(",", "").replace("_", "")
    else:
        raise InvalidValue(f"{field}: expected a count such as 142B, got {type(value).__name__}")
    shown = _shorten(str(value).strip())
    if text.startswith("-"):
        raise InvalidValue(f"{field}: {shown!r} is negative; a count must be positive")
    match = _COUNT.fullmatch(text.lstrip("+"))
    if match is None:
        raise InvalidValue(
            f"{field}: {shown!r} is not a count (use a number with K, M, B or T, such as 142B)"
        )
    number = Decimal(match["num"])
    if number.adjusted() > 18:
        raise InvalidValue(f"{field}: {shown!r} is too large")
    letter = match["unit"]
    if letter:
        number *= UNITS[letter.upper()]
    elif unit is not None:
        number *= UNITS[unit]
    elif number < MIN_PLAIN_COUNT:
        raise InvalidValue(
            f"{field}: {shown!r} has no unit; did you mean {format_decimal(number)}B?"
        )
    count = int(number.to_integral_value())
    if count <= 0:
        raise InvalidValue(f"{field}: {shown!r} is zero; a count must be positive")
    if count > MAX_COUNT:
        raise InvalidValue(f"{field}: {shown!r} is too large")
    return count


def format_count(count: int) -> str:
    """The readable form stored in entry files: ``142B``, ``11.2T``, ``350M``, ``7K``, ``512``.

    ``parse_count(format_count(n)) == n`` for every count; plain numbers under a thousand
    are written in K so that they stay readable as counts.
    """
    for letter in ("T", "B", "M"):
        if count >= UNITS[letter]:
            return format_decimal(Decimal(count) / UNITS[letter]) + letter
    return format_decimal(Decimal(count) / UNITS["K"]) + "K"


def format_decimal(number: Decimal) -> str:
    """A decimal without exponent or trailing zeros: ``142``, ``11.2``, ``0.117``."""
    text = format(number.normalize(), "f")
    return text


def billions(count: int | None) -> str:
    """A count in billions, the card's way: ``142.0``, ``0.117``, ``11200.0``; ``-`` if missing."""
    if count is None:
        return "-"
    return with_fraction(format_decimal(Decimal(count) / BILLION))


def format_score(score: float | None) -> str:
    """A stored score in its shortest round-tripping decimal: ``83.2``, ``91.0``, ``87.81``."""
    if score is None:
        return "-"
    return with_fraction(format_decimal(Decimal(repr(float(score)))))


def with_fraction(text: str) -> str:
    return text if "." in text else text + ".0"


def parse_score(value: object, *, field: str) -> float:
    """A benchmark score: a finite percentage in [0, 100]."""
    if isinstance(value, bool):
        raise InvalidValue(f"{field}: expected a score from 0 to 100, got {value!r}")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(Decimal(value.strip().removesuffix("%")))
        except (InvalidOperation, ValueError):
            raise InvalidValue(
                f"{field}: {_shorten(value)!r} is not a score (a number from 0 to 100)"
            ) from None
    else:
        raise InvalidValue(f"{field}: expected a score from 0 to 100, got {type(value).__name__}")
    if not math.isfinite(number) or not 0 <= number <= 100:
        raise InvalidValue(f"{field}: {value!r} is outside 0-100")
    return number


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


__all__ = [
    "BILLION",
    "billions",
    "format_count",
    "format_decimal",
    "format_score",
    "parse_count",
    "parse_score",
]
