"""Counts of parameters and tokens: parsing ``142B`` / ``11.2T`` / ``14e9``, and their display.

Counts are exact integers, and so is all the arithmetic here: ``11.2T`` is read as the
digits 112 scaled by 10**11, exactly 11,200,000,000,000, never the nearest binary float.
(Integer arithmetic also keeps the ``decimal`` module out of every command's start-up.)
"""

from __future__ import annotations

import math
import re

from .errors import InvalidValue, shorten

BILLION = 10**9
UNITS = {"K": 10**3, "M": 10**6, "B": 10**9, "T": 10**12}
_EXPONENTS = {"K": 3, "M": 6, "B": 9, "T": 12}
# A count no model will reach (a quintillion); it also bounds what `1e400` can cost.
MAX_COUNT = 10**18

_COUNT = (
    r"(?P<int>[0-9]*)(?:\.(?P<frac>[0-9]*))?(?:[eE](?P<exp>[+-]?[0-9]{1,4}))?"
    r"\s*(?P<unit>[KMBTkmbt])?"
)


def parse_count(value: object, *, field: str, unit: str | None = None) -> int:
    """Read a count (``142B``, ``1.2T``, ``350M``, ``7K``, ``14e9``, ``14000000000``).

    ``unit`` is the unit of a plain number (the Models Table's columns are in billions);
    without it, a plain number in text must be at least a million: ``142`` typed alone is
    almost surely ``142B``. An integer (a TOML integer) is taken as an exact count.
    """
    if isinstance(value, bool):
        raise InvalidValue(f"{field}: expected a count such as 142B, got {value!r}")
    if isinstance(value, int):
        # an integer (from a TOML file, or already parsed) is an exact count
        if value <= 0:
            raise InvalidValue(f"{field}: {value} is not a positive count")
        if value > MAX_COUNT:
            raise InvalidValue(f"{field}: {value} is too large")
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidValue(f"{field}: {value!r} is not a count")
        text = repr(value)
    elif isinstance(value, str):
        text = value.strip().replace(",", "").replace("_", "")
    else:
        raise InvalidValue(f"{field}: expected a count such as 142B, got {type(value).__name__}")
    shown = shorten(str(value).strip())
    if text.startswith("-"):
        raise InvalidValue(f"{field}: {shown!r} is negative; a count must be positive")
    match = re.fullmatch(_COUNT, text.removeprefix("+"))
    if match is None or not (match["int"] or match["frac"]):
        raise InvalidValue(
            f"{field}: {shown!r} is not a count (use a number with K, M, B or T, such as 142B)"
        )
    digits = (match["int"] + (match["frac"] or "")).lstrip("0") or "0"
    # the value is int(digits) * 10**scale
    scale = int(match["exp"] or 0) - len(match["frac"] or "")
    if len(digits) + scale > 19:
        raise InvalidValue(f"{field}: {shown!r} is too large")
    letter = match["unit"]
    if letter:
        scale += _EXPONENTS[letter.upper()]
    elif unit is not None:
        scale += _EXPONENTS[unit]
    elif len(digits) + scale <= 6:
        # below a million: almost surely a count in billions typed without its unit
        raise InvalidValue(f"{field}: {shown!r} has no unit; did you mean {text}B?")
    count = _scaled(int(digits), scale)
    if count <= 0:
        raise InvalidValue(f"{field}: {shown!r} is zero; a count must be positive")
    if count > MAX_COUNT:
        raise InvalidValue(f"{field}: {shown!r} is too large")
    return count


def _scaled(number: int, scale: int) -> int:
    """``number * 10**scale`` rounded to a whole count (half to even)."""
    power: int
    if scale >= 0:
        power = 10**scale
        return number * power
    if scale < -40:
        return 0
    power = 10**-scale
    quotient, remainder = divmod(number, power)
    twice = 2 * remainder
    if twice > power or (twice == power and quotient % 2):
        quotient += 1
    return quotient


def decimal_text(count: int, exponent: int) -> str:
    """``count / 10**exponent`` written out exactly, without trailing zeros: ``11.2``, ``142``."""
    whole, part = divmod(count, 10**exponent)
    fraction = f"{part:0{exponent}d}".rstrip("0") if exponent else ""
    return f"{whole}.{fraction}" if fraction else str(whole)


def format_count(count: int) -> str:
    """The readable form stored in entry files: ``142B``, ``11.2T``, ``350M``, ``7K``.

    ``parse_count(format_count(n)) == n`` for every count; counts under a thousand are
    written in K so that they stay readable as counts.
    """
    for letter in ("T", "B", "M"):
        if count >= UNITS[letter]:
            return decimal_text(count, _EXPONENTS[letter]) + letter
    return decimal_text(count, 3) + "K"


def short_count(count: int) -> str:
    """A count to read at a glance: at most three significant digits in the largest unit
    that fits (``11.2T``, ``142B``, ``6T``, ``117M``, ``2.7B``, ``1.23K``); under a thousand,
    the count itself. Rounded half up, in integers: ``999.6B`` is ``1T``."""
    if count < 1000:
        return str(count)
    drop = len(str(count)) - 3
    if drop > 0:
        power = 10**drop
        count = (count + power // 2) // power * power
    for letter in ("T", "B", "M", "K"):
        if count >= UNITS[letter]:
            return decimal_text(count, _EXPONENTS[letter]) + letter
    return str(count)  # unreachable: count >= 1000 here


def billions(count: int | None) -> str:
    """A count in billions, the card's way: ``142.0``, ``0.117``, ``11200.0``; ``-`` if missing."""
    if count is None:
        return "-"
    return with_fraction(decimal_text(count, 9))


def format_score(score: float | None) -> str:
    """A stored score in its shortest round-tripping decimal: ``83.2``, ``91.0``, ``87.81``."""
    if score is None:
        return "-"
    text = repr(float(score))
    if "e" in text:  # repr writes 0.00001 as 1e-05
        from decimal import Decimal

        text = format(Decimal(text), "f")
    return with_fraction(text)


def with_fraction(text: str) -> str:
    return text if "." in text else text + ".0"


def parse_score(value: object, *, field: str, fraction_ok: bool = True) -> float:
    """A benchmark score: a finite percentage in [0, 100].

    Without ``fraction_ok``, a number strictly between 0 and 1 is refused as a likely
    fraction (``0.615`` for 61.5%), unless written with ``%`` (``0.615%``)."""
    if isinstance(value, bool):
        raise InvalidValue(f"{field}: expected a score from 0 to 100, got {value!r}")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().removesuffix("%"))
        except ValueError:
            raise InvalidValue(
                f"{field}: {shorten(value)!r} is not a score (a number from 0 to 100)"
            ) from None
    else:
        raise InvalidValue(f"{field}: expected a score from 0 to 100, got {type(value).__name__}")
    if not math.isfinite(number) or not 0 <= number <= 100:
        shown = shorten(value) if isinstance(value, str) else value
        raise InvalidValue(f"{field}: {shown!r} is outside 0-100")
    explicit = isinstance(value, str) and value.strip().endswith("%")
    if not fraction_ok and 0 < number < 1 and not explicit:
        raise InvalidValue(
            f"{field}: {shorten(str(value).strip())!r} looks like a fraction; scores are "
            f"percentages: did you mean {_percent(value)}? (if {shorten(str(value).strip())}% "
            "is meant, write it with % or pass --fraction-ok)"
        )
    return number


def _percent(value: object) -> str:
    """A fraction as the percentage it likely means, in its shortest decimal: 0.615 -> 61.5."""
    from decimal import Decimal

    text = format(Decimal(str(value).strip()) * 100, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


__all__ = [
    "BILLION",
    "billions",
    "decimal_text",
    "format_count",
    "format_score",
    "parse_count",
    "parse_score",
    "short_count",
]
