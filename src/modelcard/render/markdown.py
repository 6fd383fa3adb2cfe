"""Putting user text into Markdown so that it stays text: it never breaks a table, opens a
heading, becomes a link or a tag, or ends a link early."""

from __future__ import annotations

import re

_ESCAPED = r"([\[\]\\<|])"  # compiled on first use, not at start-up


def inline(value: str) -> str:
    """One line: every run of whitespace, line breaks included, folded into one space."""
    return " ".join(value.split())


def text(value: str) -> str:
    """User text anywhere in Markdown (a heading, a sentence, a table cell, a link's text):
    one line, with brackets, backslashes, ``<`` and ``|`` escaped, so that it cannot become
    a link or a tag, end a link early, or break a table."""
    escaped = re.sub(_ESCAPED, r"\\\1", inline(value))
    # at the start of a line (an overview sentence starts with the name), '#' is a heading
    return "\\" + escaped if escaped.startswith("#") else escaped


def paragraph(value: str) -> str:
    """A paragraph of user text, as stored but on one line, that never starts a heading or
    a table row (the line starts that would change the card's outline)."""
    folded = inline(value)
    return "\\" + folded if folded.startswith(("#", "|")) else folded


def code(value: str) -> str:
    """Inline code; text holding a backtick is fenced with two."""
    folded = inline(value)
    return f"`` {folded} ``" if "`" in folded else f"`{folded}`"


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://")) and not any(c in value for c in ' \t<>"')


def url(value: str) -> str:
    """A URL as a link target: parentheses encoded so that they cannot close the link."""
    return value.replace("(", "%28").replace(")", "%29").replace("|", "%7C")
