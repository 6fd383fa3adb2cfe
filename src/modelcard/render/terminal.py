"""Everything rich: one console and the views for people at a terminal.

User text goes in as ``rich.text.Text`` or through a console with markup off, so a model
called ``Llama [8B]`` prints as written. rich honours ``NO_COLOR`` by itself.

Nothing is cut: a value wraps at spaces, and a word longer than the room left for it (a URL,
a path) goes whole on a line of its own, where the terminal wraps it if it must; URLs are
OSC 8 hyperlinks where the terminal shows them. Numbers in tables are never wrapped or
shortened: names wrap first, then the table drops its borders, then it becomes a list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.console import Console
from rich.style import Style
from rich.text import Text

from .showview import NOT_RECORDED, ShowView, source_line

if TYPE_CHECKING:
    from .compareview import CompareView
from modelcard.errors import printable

# A URL inside prose: up to a space, without the punctuation that ends a sentence.
_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")


def console() -> Console:
    return Console(markup=False, highlight=False, emoji=False)


def linked(text: str, style: str | Style = "") -> Text:
    """``text`` (shown printable) with every http(s) URL in it a hyperlink."""
    shown = Text(printable(text), style=style)
    for match in _URL.finditer(shown.plain):
        shown.stylize(Style(link=match[0]), match.start(), match.end())
    return shown


def words(text: Text, width: int) -> list[Text]:
    """``text`` broken at spaces into lines of at most ``width`` cells; a word wider than
    that stays whole, on a line of its own."""
    lines: list[Text] = []
    for paragraph in text.split("\n", allow_blank=True):
        plain = paragraph.plain
        line_start, line_width, last_end = 0, 0, 0
        for match in re.finditer(r"\S+", plain):
            size = cell_len(match[0])
            gap = cell_len(plain[last_end : match.start()]) if line_width else 0
            if line_width and line_width + gap + size > width:
                lines.append(paragraph[line_start:last_end])
                line_start, line_width = match.start(), size
            else:
                if not line_width:
                    line_start = match.start()
                line_width += gap + size
            last_end = match.end()
        lines.append(paragraph[line_start:last_end] if line_width else Text(""))
    return lines


class Flow:
    """Labelled values under one another: ``label  value``, the values wrapped in their
    column; a line that cannot fit there goes whole onto a line of its own."""

    def __init__(self, out: Console, labels: Sequence[str], *, indent: int = 0) -> None:
        self.out, self.indent = out, indent
        self.label_width = max((cell_len(label) for label in labels), default=0)

    def row(self, label: str | Text, value: Text) -> None:
        head = label if isinstance(label, Text) else Text(label, style="bold")
        room = self.out.width - self.indent - self.label_width - 2
        lines = words(value, max(room, 1))
        if room < 30 and (len(lines) > 1 or lines[0].cell_len > room):
            # a narrow terminal: a value that needs more than its line goes under its label,
            # where it has the whole width
            self.line(Text(" " * self.indent) + head)
            self.block(value, self.indent + 2)
            return
        gap = " " * (self.label_width - head.cell_len + 2)
        lead = Text(" " * self.indent) + head + gap
        for n, line in enumerate(lines):
            if n:
                lead = Text(" " * (self.indent + self.label_width + 2))
            if line.cell_len <= room:
                self.line(lead + line)
            else:
                if not n:
                    self.line(Text(" " * self.indent) + head)
                self.whole(line, self.indent + 2)

    def block(self, value: Text, indent: int, *, hang: int = 0) -> None:
        """``value`` wrapped at ``indent``, its second and later lines ``hang`` further."""
        for n, line in enumerate(words(value, max(self.out.width - indent - hang, 12))):
            at = indent + (hang if n else 0)
            if line.cell_len <= self.out.width - at:
                self.line(Text(" " * at) + line)
            else:
                self.whole(line, at)

    def whole(self, line: Text, indent: int) -> None:
        """A line too long for its column, on a line of its own: at ``indent``, or at the
        first column if that lets it fit; longer than the terminal, the terminal wraps it
        (nothing of it is cut)."""
        width = self.out.width
        fits_flush = indent + line.cell_len > width >= line.cell_len
        self.line(Text(" " * (0 if fits_flush else indent)) + line)

    def line(self, text: Text) -> None:
        self.out.print(text, soft_wrap=True)


def print_show(view: ShowView) -> None:
    out = console()
    labels = [label for label, _ in view.rows] + ([NOT_RECORDED] if view.missing else [])
    flow = Flow(out, labels)
    flow.block(Text(printable(view.title), style="bold underline"), 0)
    for label, value in view.rows:
        flow.row(label, linked(value))
    if view.missing:
        flow.row(NOT_RECORDED, Text(", ".join(view.missing), style="dim"))
    if view.links:
        out.print(Text("Links", style="bold"))
        links = Flow(out, [name for name, _ in view.links], indent=2)
        for name, url in view.links:
            links.row(Text(printable(name)), linked(url))
    if view.sources:
        out.print(Text("Sources", style="bold"))
        for group in view.sources:
            flow.whole(linked(group.url), 2)
            if group.where:
                flow.block(Text(printable(group.where), style="dim"), 4)
            for fields, detail in group.lines:
                flow.block(_source_text(fields, detail), 6 if group.where else 4, hang=2)
    if view.others:
        out.print(Text("Other sources disagree", style="bold"))
        for name, text in view.others:
            flow.block(Text(printable(name) + ": ", style="bold") + linked(text), 2, hang=2)


def print_compare(view: CompareView) -> None:
    """The comparison: the table (no number cut), then the sources and the other values."""
    from .compareview import NONE_HAVE, OTHERS, SOURCES, TITLE

    out = console()
    kinds = [NAME] + [TEXT] * (len(view.header) - 1)
    print_table(view.header, view.cells, title=TITLE, kinds=kinds, caption=view.note, pairs="lines")
    flow = Flow(out, [])
    if view.missing:
        flow.block(Text(f"{NONE_HAVE}: {', '.join(view.missing)}", style="dim"), 0, hang=2)
    if view.sources:
        out.print(Text(SOURCES, style="bold"), soft_wrap=True)
        for name, groups in view.sources:
            flow.block(Text(printable(name), style="bold"), 2)
            for group in groups:
                flow.whole(linked(group.url), 4)
                for fields, detail in group.lines:
                    flow.block(_source_text(fields, detail), 6, hang=2)
    if view.others:
        out.print(Text(OTHERS, style="bold"))
        for name, items in view.others:
            flow.block(Text(printable(name), style="bold"), 2)
            for field, text in items:
                flow.block(Text(printable(field) + ": ", style="bold") + linked(text), 4, hang=2)


def _source_text(fields: list[str], detail: str) -> Text:
    text = source_line(fields, detail)
    names = printable(", ".join(fields))
    return Text(names, style="bold") + linked(text[len(names) :])


def print_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    title: str,
    kinds: Sequence[str] | None = None,
    left: Sequence[str] = ("Model", "Lab"),
    caption: str | None = None,
    pairs: str = "flow",
) -> None:
    """A table that fits the terminal without cutting a number. ``kinds`` says how each
    column may give way (``render.columns``): names wrap anywhere, text between words,
    numbers never; without it, the columns named in ``left`` are names, the others numbers.
    When the numbers and the narrowest names do not fit in a boxed table, the borders go;
    when they do not fit without them either, each row becomes a few lines of its own: its
    names, then ``Title: value`` pairs, flowed (``pairs="flow"``) or one to a line."""
    out = console()
    kinds = list(kinds or [NAME if name in left else NUMBER for name in header])
    cells = [[printable(" ".join(v.split())) for v in row] for row in rows]
    natural, longest, least = _widths(header, cells, kinds)
    n = len(header)
    whole_names = [w if k == NAME else m for w, m, k in zip(longest, least, kinds, strict=True)]
    for boxed, floor in ((True, whole_names), (False, whole_names), (False, least)):
        room = out.width - (3 * n + 1 if boxed else n - 1)
        if sum(floor) <= room:
            widths = _shrink(natural, longest, least, kinds, room)
            out.print(_table(header, cells, kinds, widths, title, caption, boxed=boxed))
            return
    out.print(Text(title), soft_wrap=True)
    _stacked(out, header, cells, kinds, flowed=pairs == "flow")
    if caption:
        Flow(out, []).block(Text(caption), 0)


# ID: an entry id, which scripts and people copy: never cut, like a number
NAME, NUMBER, TEXT, RANK, ID = "name", "number", "text", "rank", "id"


# a word, with the " *" that marks a better value kept on its line
_WORD = re.compile(r"\S+(?: \*(?=\s|$))?")


def _cell_words(value: str, kind: str) -> list[str]:
    return _WORD.findall(value) if kind == TEXT else value.split()


def wrap_cell(value: str, width: int, kind: str) -> str:
    """A cell's text in lines of at most ``width`` cells: numbers as they are (their
    column is wide enough), text between words, names inside a word if they must."""
    if kind in (NUMBER, RANK):
        return value
    lines: list[str] = []
    line = ""
    for word in _cell_words(value, kind):
        if line and cell_len(line) + 1 + cell_len(word) <= width:
            line += " " + word
            continue
        if line:
            lines.append(line)
        while cell_len(word) > width and kind == NAME:
            cut = next(i for i in range(len(word), 0, -1) if cell_len(word[:i]) <= width)
            lines.append(word[: max(cut, 1)])
            word = word[max(cut, 1) :]
        line = word
    lines.append(line)
    return "\n".join(lines)


def _widths(
    header: Sequence[str], cells: Sequence[Sequence[str]], kinds: Sequence[str]
) -> tuple[list[int], list[int], list[int]]:
    """Each column's natural width, its longest word, and the least it can take: a
    number's whole width, the longest word of a text, a few cells of a name."""
    natural, longest, least = [], [], []
    for i, (title, kind) in enumerate(zip(header, kinds, strict=True)):
        column = [title, *(row[i] for row in cells)]
        full = max(cell_len(value) for value in column)
        word = max((cell_len(w) for v in column for w in _cell_words(v, kind)), default=1)
        natural.append(full)
        longest.append(word)
        if kind in (NUMBER, RANK, ID):
            least.append(full)
        elif kind == TEXT:
            least.append(word)
        else:
            least.append(min(full, 8))
    return natural, longest, least


def _shrink(
    natural: list[int], longest: list[int], least: list[int], kinds: Sequence[str], room: int
) -> list[int]:
    """Widths that fit ``room``. Names give way first, down to their longest word (they
    wrap between words), then texts (never below a word), then names below their longest
    word (they wrap inside it); the widest column of a kind first."""
    widths = list(natural)
    for kind, floor in ((NAME, longest), (TEXT, least), (NAME, least)):
        while sum(widths) > room:
            can = [i for i, k in enumerate(kinds) if k == kind and widths[i] > floor[i]]
            if not can:
                break
            widest = max(can, key=lambda i: widths[i])
            widths[widest] -= 1
    return widths


def _table(
    header: Sequence[str],
    cells: Sequence[Sequence[str]],
    kinds: Sequence[str],
    widths: Sequence[int],
    title: str,
    caption: str | None,
    *,
    boxed: bool,
) -> Any:
    from rich import box
    from rich.table import Table

    table = Table(
        title=Text(title),
        title_justify="left",
        caption=Text(caption) if caption else None,
        caption_justify="left",
        box=box.HEAVY_HEAD if boxed else None,
        padding=(0, 1),
        pad_edge=boxed,
        show_edge=boxed,
        collapse_padding=not boxed,
    )
    for name, kind, width in zip(header, kinds, widths, strict=True):
        number = kind in (NUMBER, RANK)
        table.add_column(
            Text(wrap_cell(name, width, kind), style="" if boxed else "bold"),
            justify="right" if number else "left",
            width=width,
            no_wrap=True,
            overflow="fold",
        )
    for row in cells:
        table.add_row(
            *(Text(wrap_cell(v, w, k)) for v, w, k in zip(row, widths, kinds, strict=True))
        )
    return table


def _stacked(
    out: Console,
    header: Sequence[str],
    cells: Sequence[Sequence[str]],
    kinds: Sequence[str],
    *,
    flowed: bool,
) -> None:
    """Each row as a heading (its rank and names) and its other cells as ``Title: value``
    pairs, flowed under it; a pair is never broken."""
    heads = [i for i, k in enumerate(kinds) if k in (RANK, NAME, ID)] or [0]
    flow = Flow(out, [])
    for row in cells:
        flow.block(Text("  ".join(row[i] for i in heads), style="bold"), 0, hang=2)
        pairs = [f"{header[i]}: {row[i]}" for i in range(len(row)) if i not in heads]
        room = out.width - 2
        line = ""
        for pair in pairs:
            if line and (not flowed or cell_len(line) + 3 + cell_len(pair) > room):
                flow.whole(Text(line), 2)
                line = ""
            line = f"{line}   {pair}" if line else pair
        if line:
            flow.whole(Text(line), 2)
