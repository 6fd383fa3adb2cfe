"""Helpers for tests that read Markdown: tables and links."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

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
    """Relative links and images in the Markdown files under ``root`` whose target is no
    file, as a renderer (markdown-it-py) reads the pages."""
    return local_links(root)[1]


def local_links(root: Path) -> tuple[int, list[str]]:
    """How many relative links and images the Markdown files under ``root`` hold, read with
    markdown-it-py, and the dead ones (``page -> target``)."""
    count, dead = 0, []
    for page in sorted(root.rglob("*.md")):
        for target, _ in links(page.read_text(encoding="utf-8")):
            if re.match(r"[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("#"):
                continue  # a URL (http, mailto) or a place on the same page
            count += 1
            if not (page.parent / target.split("#")[0]).resolve().is_file():
                dead.append(f"{page.relative_to(root)} -> {target}")
    return count, dead


# -- reading Markdown as a renderer does (markdown-it-py) -----------------------------------


@functools.cache
def parser(*, linkify: bool = False) -> Any:
    """CommonMark with raw HTML on (the riskiest reading), plus GFM's tables and
    strikethrough; with ``linkify``, GFM's bare-URL autolinks too."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True, "linkify": linkify})
    return md.enable(["table", "strikethrough", *(["linkify"] if linkify else [])])


@functools.lru_cache(maxsize=64)
def parse(markdown: str, *, linkify: bool = False) -> list[Any]:
    return list(parser(linkify=linkify).parse(markdown))


def plain(children: list[Any]) -> str:
    """The text a reader sees of an inline token's children."""
    parts = []
    for token in children:
        if token.type in ("text", "code_inline", "html_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif token.type == "image":
            parts.append(plain(token.children or []))
    return "".join(parts)


def blocks(markdown: str, *, linkify: bool = False) -> list[tuple[str, str, list[Any]]]:
    """Each run of inline text with the block that holds it: (block, text, inline tokens).
    The block is the innermost open tag: h1, p, th, td, ..."""
    found = []
    open_tags: list[str] = []
    for token in parse(markdown, linkify=linkify):
        if token.nesting == 1:
            open_tags.append(token.tag)
        elif token.nesting == -1:
            open_tags.pop()
        elif token.type == "inline":
            children = token.children or []
            found.append((open_tags[-1] if open_tags else "", plain(children), children))
        else:
            found.append((token.type, token.content, []))
    return found


def skeleton(markdown: str, *, linkify: bool = False) -> list[tuple[str, ...]]:
    """Everything in a page but its text: the blocks, and the links, images, emphasis, code
    spans and HTML inside them. Links are kept as their kind (``http`` or ``page``): where
    they point is checked apart."""
    shape: list[tuple[str, ...]] = []
    for token in parse(markdown, linkify=linkify):
        if token.type != "inline":
            shape.append((token.type, token.tag))
            continue
        for child in token.children or []:
            if child.type == "text":
                continue
            if child.type in ("link_open", "image"):
                target = str(child.attrGet("href") or child.attrGet("src") or "")
                kind = "http" if target.startswith(("http://", "https://")) else "page"
                shape.append((child.type, kind))
            else:
                shape.append((child.type,))
    return shape


def links(markdown: str, *, linkify: bool = False) -> list[tuple[str, str]]:
    """(target, text) of every link and image; targets percent-decoded."""
    found = []
    for token in parse(markdown, linkify=linkify):
        children = token.children or []
        for i, child in enumerate(children):
            if child.type == "image":
                found.append((unquote(str(child.attrGet("src"))), plain(child.children or [])))
            elif child.type == "link_open":
                end = next(j for j in range(i, len(children)) if children[j].type == "link_close")
                found.append((unquote(str(child.attrGet("href"))), plain(children[i + 1 : end])))
    return found


def unsafe(markdown: str) -> list[str]:
    """Raw HTML, images and links that lead anywhere but an http(s) URL or a page of the
    site: what no user text may produce."""
    bad = []
    for token in parse(markdown):
        if token.type == "html_block":
            bad.append(f"html block {token.content!r}")
        for child in token.children or []:
            if child.type == "html_inline":
                bad.append(f"html {child.content!r}")
    for target, label in links(markdown):
        page = PAGE.fullmatch(unquote(target))
        if not (target.startswith(("http://", "https://")) or page):
            bad.append(f"link to {target!r} ({label!r})")
    return bad


PAGE = re.compile(r"(\.\./)*([\w.-]+/)*[\w.-]+\.(md|svg)")
