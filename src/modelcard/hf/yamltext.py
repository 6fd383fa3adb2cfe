"""A small YAML writer for model card metadata: mappings, lists, text, numbers, booleans.

Every text value is written double-quoted, with every character that YAML would not keep
as it is escaped (controls, line breaks, the byte order mark, lone surrogates), so that no
user string can end the metadata block, start a new key, or read back as another type
(``no``, ``1e3``, ``null`` are text here). Keys are written bare only when they are plain
identifiers. The output reads back through any YAML 1.1 or 1.2 parser as the same data.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

_BARE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
# text YAML would read as something else when bare: booleans, nulls, numbers in any version
_NOT_TEXT = re.compile(
    r"(?i:y|n|yes|no|true|false|on|off|null|~)|[-+]?[0-9.][0-9_.:eE+-]*|[-+]?\.(?i:inf|nan)"
)
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def _printable(char: str) -> bool:
    """Characters YAML 1.1 allows unescaped inside a double-quoted scalar, less the ones it
    folds or strips (the NEL and Unicode line and paragraph separators, the BOM)."""
    code = ord(char)
    if 0x20 <= code <= 0x7E:
        return True
    if code in (0x85, 0x2028, 0x2029, 0xFEFF):
        return False
    return 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF


def quote(text: str) -> str:
    """A double-quoted YAML scalar of ``text``."""
    out = ['"']
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _printable(char):
            out.append(char)
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    out.append('"')
    return "".join(out)


def key(name: str) -> str:
    return name if _BARE_KEY.fullmatch(name) and not _NOT_TEXT.fullmatch(name) else quote(name)


def scalar(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} cannot be written as a YAML number")
        text = repr(value)
        mantissa, e, exponent = text.partition("e")
        # YAML 1.1 reads a float only with a dot and a signed exponent: 1.0e+16, not 1e16
        if "." not in mantissa:
            mantissa += ".0"
        if e and not exponent.startswith(("+", "-")):
            exponent = "+" + exponent
        return mantissa + (f"e{exponent}" if e else "")
    if isinstance(value, str):
        return quote(value)
    raise TypeError(f"cannot write {type(value).__name__} as YAML")


def dumps(data: Mapping[str, Any]) -> str:
    """A YAML document (without the ``---`` markers) of a mapping."""
    return "".join(line + "\n" for line in _mapping(data, 0))


def _mapping(data: Mapping[str, Any], indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for name, value in data.items():
        if not isinstance(name, str):
            raise TypeError(f"a key must be text, not {type(name).__name__}")
        lines += _entry(f"{pad}{key(name)}:", value, indent)
    return lines


def _entry(head: str, value: object, indent: int) -> list[str]:
    if isinstance(value, Mapping) and value:
        return [head, *_mapping(value, indent + 2)]
    if isinstance(value, list | tuple) and value:
        return [head, *_sequence(value, indent)]
    return [f"{head} {_empty(value) if _is_empty(value) else scalar(value)}"]


def _sequence(items: Sequence[Any], indent: int) -> list[str]:
    """``- item`` lines at ``indent``; a mapping item starts on the dash's line."""
    pad = " " * indent
    lines: list[str] = []
    for item in items:
        if isinstance(item, Mapping) and item:
            inner = _mapping(item, indent + 2)
            lines.append(f"{pad}- {inner[0].lstrip()}")
            lines += inner[1:]
        elif isinstance(item, list | tuple) and item:
            inner = _sequence(item, indent + 2)
            lines.append(f"{pad}- {inner[0].lstrip()}")
            lines += inner[1:]
        else:
            lines.append(f"{pad}- {_empty(item) if _is_empty(item) else scalar(item)}")
    return lines


def _is_empty(value: object) -> bool:
    return isinstance(value, Mapping | list | tuple) and not value


def _empty(value: object) -> str:
    return "{}" if isinstance(value, Mapping) else "[]"
