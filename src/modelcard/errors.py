"""The one exception family the core raises; ``cli.py`` turns it into a message and an exit code."""

from __future__ import annotations


def shorten(text: str, limit: int = 60) -> str:
    """User text quoted in a message: at most ``limit`` characters, so a message stays a line."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def printable(text: str) -> str:
    """Text for a terminal: control characters (C0, C1, DEL) and bidi controls shown as
    escapes, never obeyed, so that a file name cannot send a terminal sequence. Line breaks
    and tabs stay."""
    if text.isprintable():
        return text
    return "".join(
        ch
        if ch in "\n\t" or not (ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or ch in _BIDI)
        else ascii(ch)[1:-1]
        for ch in text
    )


_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


class ModelcardError(Exception):
    """A problem the user can act on: printed as one line on stderr, exit code 1."""

    exit_code = 1


class InvalidValue(ModelcardError):
    """A value that cannot be stored: a bad count, score, date or name."""


class InvalidEntry(ModelcardError):
    """An entry file or CSV row that does not validate; the message names the file and field."""


class NotFound(ModelcardError):
    """No entry matches the name or id given."""


class Ambiguous(ModelcardError):
    """More than one entry matches the name given."""


class AlreadyExists(ModelcardError):
    """An entry with this id exists already."""


class NotATable(ModelcardError):
    """A file given to ``import`` is not a Models Table export."""


class BadOption(ModelcardError):
    """An option given a value it does not take (an unknown --arch, --access): usage, exit 2."""

    exit_code = 2
