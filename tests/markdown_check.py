"""Helpers for tests that read Markdown: tables and links."""

from __future__ import annotations

import re
from pathlib import Path

LINK = re.compile(r"(?<!\\)\]\(([^)\s]+)\)")
_PIPE = re.compile(r"(?<!\\)\|")


def tables(text: str) -> list[list[str]]:
    """The tables of a Markdown text: runs of consecutive lines starting with ``|``."""
    found: list[list[str]] = []
    current: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            found.append(current)
            current = []
    return found


def columns(row: str) -> int:
    return len(_PIPE.split(row.strip())) - 2


def broken_rows(text: str) -> list[str]:
    """Rows whose column count differs from their table's header."""
    bad = []
    for table in tables(text):
        width = columns(table[0])
        bad += [row for row in table if columns(row) != width]
    return bad


def dead_links(root: Path) -> list[str]:
    """Relative links in the Markdown files under ``root`` whose target is no file."""
    dead = []
    for page in root.rglob("*.md"):
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if target.startswith(("http://", "https://")):
                continue
            if not (page.parent / target).resolve().is_file():
                dead.append(f"{page.relative_to(root)} -> {target}")
    return dead
