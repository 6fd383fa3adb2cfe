"""Putting user text into Markdown so that it stays text: it never breaks a table, opens a
heading or a list, or ends a link early."""

from __future__ import annotations

import re

_BLOCK_START = re.compile(r"^(?:[#>*+=|`~-]|\d+[.)](?:\s|$))")
_LINK_TEXT = re.compile(r"([\[\]\\])")


def inline(text: str) -> str:
    """One line: every run of whitespace, line breaks included, folded into one space."""
    return " ".join(text.split())


def cell(text: str) -> str:
    """A table cell: one line, ``|`` escaped."""
    return inline(text).replace("|", "\\|")


def link_text(text: str) -> str:
    """The text of a link: one line, brackets escaped, ``|`` escaped (links sit in tables)."""
    return _LINK_TEXT.sub(r"\\\1", inline(text)).replace("|", "\\|")


def paragraph(text: str) -> str:
    """A paragraph of user text: one line that cannot start a heading, quote or list."""
    folded = inline(text)
    if _BLOCK_START.match(folded):
        return "\\" + folded
    return folded


def code(text: str) -> str:
    """Inline code; text holding a backtick is fenced with two."""
    folded = inline(text)
    return f"`` {folded} ``" if "`" in folded else f"`{folded}`"


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://")) and not any(c in text for c in ' \t<>"')


def url(text: str) -> str:
    """A URL as a link target: parentheses encoded so that they cannot close the link."""
    return text.replace("(", "%28").replace(")", "%29").replace("|", "%7C")
