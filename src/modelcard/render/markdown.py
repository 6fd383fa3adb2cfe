"""Putting user text into Markdown so that it stays text: it never breaks a table, opens a
heading, becomes a link or a tag, or ends a link early."""

from __future__ import annotations

import re

_ESCAPED = r"([\[\]\\<])"


def inline(text: str) -> str:
    """One line: every run of whitespace, line breaks included, folded into one space."""
    return " ".join(text.split())


def text(value: str) -> str:
    """A name in running text or a heading: one line; brackets, backslashes and ``<``
    escaped, so that it cannot become a link or an HTML tag."""
    return re.sub(_ESCAPED, r"\\\1", inline(value))


def cell(value: str) -> str:
    """A table cell: one line, ``|`` escaped."""
    return inline(value).replace("|", "\\|")


def link_text(value: str) -> str:
    """The text of a link: as ``text``, with ``|`` escaped too, since links sit in tables."""
    return text(value).replace("|", "\\|")


def paragraph(text: str) -> str:
    """A paragraph of user text, as stored but on one line, and never a heading (the only
    line start that would change the card's outline)."""
    folded = inline(text)
    return "\\" + folded if folded.startswith("#") else folded


def code(text: str) -> str:
    """Inline code; text holding a backtick is fenced with two."""
    folded = inline(text)
    return f"`` {folded} ``" if "`" in folded else f"`{folded}`"


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://")) and not any(c in text for c in ' \t<>"')


def url(text: str) -> str:
    """A URL as a link target: parentheses encoded so that they cannot close the link."""
    return text.replace("(", "%28").replace(")", "%29").replace("|", "%7C")
