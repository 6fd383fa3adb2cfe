"""Hostile strings for tests: text that tries to become Markdown, HTML, a terminal command,
a look-alike or a file name too long. Any branch may reuse them.

``MARKUP`` values are valid entry text (they pass the entry's checks) and must come out of
every renderer as plain text; ``REFUSED_IN_NAMES`` and ``CONTROLS`` must be refused on
input; ``LONG_NAMES`` are valid names whose page slugs overflow a file name's 255 bytes.
"""

from __future__ import annotations

# Markdown and HTML that must stay text: links, images, raw HTML, code spans that try to
# escape, fences, emphasis, entities, block starts, table breakers.
MARKUP: dict[str, str] = {
    "link": "get [here](https://malware.example) now",
    "script": "<script>alert(1)</script>",
    "image": "![x](https://track.example/p.gif)",
    "autolink": "<https://evil.example>",
    "html comment": "<!-- hidden --> text",
    "reference link": "[a]: https://evil.example",
    "code span escape": "a`` <img src=x onerror=alert(1)> ``b",
    "backtick fence": "```",
    "tilde fence": "~~~",
    "emphasis": "*strong* _em_ **both** __under__",
    "strikethrough": "~~gone~~ ~one~",
    "entity": "&lt;b&gt; &#60;i&#62; &amp;",
    "heading": "# not a heading",
    "closing hashes": "Model ##",
    "lone hash": "#",
    "quote": "> quoted",
    "list": "- item",
    "ordered list": "1. first",
    "thematic break": "***",
    "table": "| a | b |",
    "backslash": "C:\\path\\ end\\",
    "javascript link": "[click](javascript:alert(1))",
    "data link": "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "hard break": "two  \nlines",  # a line break: in notes only (folded in names)
}

# URLs a link must never point at, or that would end a link early.
BAD_URLS: dict[str, str] = {
    "javascript": "javascript:alert(1)",
    "data": "data:text/html;base64,PHNjcmlwdD4=",
    "space": "https://example.org/a b",
    "quote": 'https://example.org/"onmouseover="x',
    "angle": "https://example.org/<script>",
    "relative": "../../../etc/passwd",
    "scheme only": "https://",
}

# URLs that are fine as links but need care inside one.
TRICKY_URLS: dict[str, str] = {
    "parenthesis": "https://example.org/a)b",
    "pipe": "https://example.org/a|b",
    "entity": "https://example.org/?a=1&amp;b=2",
    "backslash": "https://example.org/a\\)b",
}

# Terminal control sequences: refused in every field on input, escaped in every output.
CONTROLS: dict[str, str] = {
    "ESC colour": "red \x1b[31mtext\x1b[0m",
    "BEL": "ring \x07",
    "OSC title": "\x1b]0;pwned\x07title",
    "OSC 8 link": "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "C1 CSI": "c1 \x9b31m",
    "NUL": "nul \x00 byte",
    "DEL": "del \x7f",
    "carriage return": "over\rwrite",
}

# Characters that make a name look like another: refused in names (bidi, invisible).
REFUSED_IN_NAMES: dict[str, str] = {
    "bidi override": "Claude \u202eOpus 4",
    "bidi isolate": "Claude \u2066Opus\u2069 4",
    "right-to-left mark": "Claude\u200f Opus",
    "zero-width space": "Clau\u200bde Opus 4",
    "word joiner": "Claude\u2060Opus",
    "BOM in a name": "\ufeffClaude",
    "soft hyphen": "Clau\u00adde",
}

# Look-alikes that are valid names but are confusable with another.
LOOK_ALIKES: dict[str, tuple[str, str]] = {
    "Cyrillic a": ("Claude Opus 4", "Cl\u0430ude Opus 4"),
    "Greek O": ("Opus", "\u039fpus"),
}
NFD_CAFE = "Cafe\u0301"  # "Café" decomposed; NFC makes it "Caf\u00e9"

# Names that are valid (at most 500 characters) but too long for a file name as they are.
LONG_NAMES: dict[str, str] = {
    "300 ASCII characters": "L" * 300,
    "90 CJK characters": "模型" * 45,
    "250 accented letters": "é" * 250,
}

# Text that is fine and must be kept exactly (emoji sequences with joiners, scripts).
KEPT: dict[str, str] = {
    "emoji ZWJ": "Team 👨\u200d👩\u200d👧",
    "Persian ZWNJ": "می\u200cخواهم",
    "CJK": "通义千问",
    "accents": "Café Zürich",
}
