"""Putting user text into Markdown so that it stays text.

The rule, checked with markdown-it-py (CommonMark with HTML on, plus GFM tables and
strikethrough): the rendered text of every user field equals the stored text (with its
whitespace folded onto one line), and the only links, images, emphasis and HTML in a page
are the ones the format writes.

Escaping is minimal, so that ordinary text stays as it was typed (the reference card of
dots.llm1 has not one backslash): a character is escaped only where it could mean
something. ``[ ] < * ` | ~`` always (links, autolinks and HTML, emphasis, code spans,
table cells, GFM strikethrough); ``_`` unless it sits inside a word (where it cannot
open or close emphasis); ``\\`` before punctuation or at the end (where it would escape
what follows); ``&`` where it would start an entity; and where user text starts a line,
the characters that open a block there (``#`` headings, ``>`` quotes, ``-``/``+`` lists
and rules, ``1.`` ordered lists).

GFM's extended autolinks (a bare ``www.`` or ``https://`` address in text becomes a link on
GitHub) are left alone on purpose: such a link shows its own address as its text, can only
lead to http(s) (or mailto), and escaping it would put backslashes into every URL that a
note quotes. No hidden target, script or image can come from it.
"""

from __future__ import annotations

import re
from functools import cache

# Patterns as text: compiled on first use, not at start-up.
# what may need a backslash; _escaped decides
_SPECIAL = r"[\[\]<*`|~\\_&\x00-\x08\x0b-\x1f\x7f-\x9f]"
_CONTROL = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"
_ENTITY = r"&(?=#[0-9xX]|[A-Za-z0-9]+;)"
_BLOCK_START = r"[#>+=-]"
_ORDERED = r"([0-9]{1,9})([.)])(?=\s|$)"
_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"


def inline(value: str) -> str:
    """One line: every run of whitespace, line breaks included, folded into one space."""
    return " ".join(value.split())


def text(value: str) -> str:
    """User text inside a line of Markdown (a heading, a sentence, a table cell, a link's
    text): one line that renders as exactly that text."""
    folded = inline(value)
    if _special().search(folded) is None:
        return folded  # most names and labs: nothing to escape, no substitution to run
    return re.sub(_SPECIAL, lambda m: _escaped(folded, m.start()), folded)


@cache
def _special() -> re.Pattern[str]:
    return re.compile(_SPECIAL)


def cell(value: str) -> str:
    """User text as a whole table cell: ``text``, but a lone ``~`` (an estimate mark,
    ``~6T``) stays as it is, since a cell is read on its own and one tilde has nothing to
    pair with there to strike text through."""
    folded = inline(value)
    if folded.count("~") != 1:
        return text(folded)
    return "~".join(text(part) for part in folded.split("~"))


def line_start(markdown: str) -> str:
    """Markdown that begins a line (a paragraph, a quote's text) with the character that
    would open a block there escaped: ``#`` heading, ``>`` quote, ``-``/``+`` list or rule,
    ``1.`` ordered list."""
    if re.match(_BLOCK_START, markdown):
        return "\\" + markdown
    return re.sub("^" + _ORDERED, r"\1\\\2", markdown)


def _escaped(folded: str, i: int) -> str:
    """The character at ``i``, escaped if it could mean something there."""
    ch = folded[i]
    if ch == "\\":
        escape = i == len(folded) - 1 or folded[i + 1] in _PUNCTUATION
    elif ch == "_":
        inside = 0 < i < len(folded) - 1 and folded[i - 1].isalnum() and folded[i + 1].isalnum()
        escape = not inside
    elif ch == "&":
        escape = re.compile(_ENTITY).match(folded, i) is not None
    elif ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F:
        return f"\\x{ord(ch):02x}"  # refused on input; shown, never obeyed
    else:
        escape = True
    return "\\" + ch if escape else ch


def paragraph(value: str) -> str:
    """A paragraph of user text (the notes), on one line."""
    return line_start(text(value))


def heading(value: str) -> str:
    """User text as a heading's whole text: a trailing run of ``#`` (after a space, or the
    whole text) would be read as the heading's closing sequence and dropped."""
    escaped = text(value)
    return re.sub(r"(^|\s)(#+)$", r"\1\\\2", escaped)


def code(value: str) -> str:
    """Inline code holding exactly ``value`` (on one line): fenced with one backtick more
    than the longest run inside, and padded where the text starts or ends with one."""
    folded = _visible_controls(inline(value))
    longest = max((len(run) for run in re.findall("`+", folded)), default=0)
    fence = "`" * (longest + 1)
    if folded.startswith("`") or folded.endswith("`"):
        folded = f" {folded} "
    return f"{fence}{folded}{fence}"


def is_url(value: str) -> bool:
    """An http(s) URL that can be a link's target as it is: no whitespace, no control
    characters, nothing that would end the target early."""
    return (
        value.startswith(("http://", "https://"))
        and len(value) > len("https://")
        and not any(c.isspace() or c in '<>"' or not c.isprintable() for c in value)
    )


def url(value: str) -> str:
    """A URL as a link target: parentheses, ``|`` and backslashes encoded so that they cannot
    end the link or a table cell; an ``&`` that would read as an entity escaped."""
    encoded = value.replace("\\", "%5C").replace("(", "%28").replace(")", "%29")
    return re.sub(_ENTITY, r"\\&", encoded.replace("|", "%7C"))


def _visible_controls(value: str) -> str:
    """Control characters (refused on input, so never in a valid entry) shown, not obeyed."""
    return re.sub(_CONTROL, lambda m: f"\\x{ord(m[0]):02x}", value)
