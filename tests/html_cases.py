"""Shared by the HTML site's tests: a hostile entry and a link checker."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

# Every payload sets window.pwned if it ever runs; each must show as text instead.
HOSTILE_NAME = '<img src=x onerror="window.pwned=1"><b>Bold</b> & co'
HOSTILE_LAB = "</style><script>window.pwned=2</script>Lab"
HOSTILE_TAG = '"><svg onload=window.pwned=3>'
HOSTILE_NOTES = "<script>window.pwned=4</script>\nSecond line & <i>markup</i>"
HOSTILE_TOML = r"""schema = 1
name = "<img src=x onerror=\"window.pwned=1\"><b>Bold</b> & co"
lab = "</style><script>window.pwned=2</script>Lab"
released = "2025-01"
access = "public"
architecture = "<style>body{display:none}</style>"
parameters = "7B"
tokens = "1T"
tags = ["\"><svg onload=window.pwned=3>", "Reasoning"]
notes = "<script>window.pwned=4</script>\nSecond line & <i>markup</i>"

[benchmarks]
mmlu = 50.0

[links]
paper = "javascript:window.pwned=5"
playground = "https://example.com/\"><script>window.pwned=6</script>"
home = "data:text/html,<script>window.pwned=7</script>"

[sources.parameters]
url = "file:///x\"><script>window.pwned=8</script>"
note = "<a href=javascript:window.pwned=9>click</a>"
"""


def bundled_count() -> int:
    """How many models the bundled catalog holds (its files), so counts follow a rebuild."""
    from modelcard.store import builtin_dir

    return len(list(builtin_dir().glob("*.toml")))


def export_html_site(factory: pytest.TempPathFactory) -> Path:
    """The bundled catalog and the hostile entry, exported as HTML through the CLI."""
    from typer.testing import CliRunner

    from modelcard.cli import app

    out, home = factory.mktemp("html"), factory.mktemp("home")
    (home / "models").mkdir()
    (home / "models" / "hostile.toml").write_text(HOSTILE_TOML, encoding="utf-8")
    args = ["--store", str(home), "export", "--site", str(out), "--format", "html"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    models = bundled_count() + 1  # and the hostile entry
    assert re.match(rf"wrote \d+ files \({models} cards\)", result.stderr), result.stderr
    return out


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if "href" in found or "src" in found:
            self.links.append({"tag": tag, **found})


def page_links(path: Path) -> tuple[list[dict[str, str | None]], int]:
    """The elements with an href or src in a page, and how many script elements it has."""
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.links, parser.scripts


def dead_links(root: Path) -> list[str]:
    """Local links (href or src) in the HTML pages under ``root`` whose target is no file,
    and links to anything but a local page, an http(s) URL, a fragment or a data: image."""
    bad = []
    for page in sorted(root.rglob("*.html")):
        links, _ = page_links(page)
        for link in links:
            target = str(link.get("href") or link.get("src") or "")
            scheme = urlsplit(target).scheme
            where = f"{page.relative_to(root)} -> {target[:80]}"
            if scheme in ("http", "https"):
                if link["tag"] == "a" and link.get("rel") != "noopener noreferrer":
                    bad.append(f"{where} (rel={link.get('rel')})")
                continue
            if scheme == "data":
                if not target.startswith(("data:image/svg+xml;base64,", "data:,")):
                    bad.append(where)
                continue
            if scheme or target.startswith("//"):
                bad.append(where)  # javascript:, file:, mailto:, a protocol-relative URL
                continue
            local = unquote(urlsplit(target).path)
            if local and not (page.parent / local).resolve().is_file():
                bad.append(where)
    return bad
