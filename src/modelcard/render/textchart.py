"""The chart in a terminal, drawn on a grid of character cells (no plotting library).

Each model is a glyph in its cell, one glyph per colour group (so that the groups stay
apart without colour too); the 20:1 line and the ALScore contours are Braille lines (two
dots across, four down per cell), marked ``20:1`` and ``AL 5`` at one end, so that they
never pass for data; the axes are labelled in counts. Labels are placed by
``placement.place`` in whole cells: no label overlaps another or hides a named model.
Colour (ANSI, 16 or 256 colours) is added only when asked for.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterator, Sequence

from .chart import CONTOURS, ChartData, Drawn, Group, count_tick, default_title, labels_note
from .placement import Box, place

# The groups' glyphs, in the order of the groups (largest first); ASCII so that every
# terminal and font gives them one column.
GLYPHS = ("o", "+", "x", "*", "#", "%", "@", "&")
OTHER_GLYPHS = {-1: ".", -2: "?"}
# xterm-256 colours near matplotlib's tab10 (as in the SVG), and 16-colour stand-ins
COLORS_256 = (32, 208, 34, 160, 98, 130, 175, 142)
COLORS_16 = (34, 33, 32, 31, 35, 36, 94, 93)
GREY_256, GREY_16 = 244, 90
RATIO_256, RATIO_16 = 35, 32
GUTTER = 6  # "100T ┤"
ToDots = Callable[[float, float], tuple[int, int]]  # a point's sub-cell, y downwards
_BRAILLE = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))  # [row][column]


def color_system(stream: object, environ: dict[str, str]) -> str | None:
    """``"256"``, ``"standard"`` (16 colours) or None: no colour when NO_COLOR is set, when
    the stream is not a terminal, or when the terminal is dumb."""
    if environ.get("NO_COLOR"):
        return None
    isatty = getattr(stream, "isatty", None)
    if isatty is None or not isatty():
        return None
    term = environ.get("TERM", "")
    if term in ("", "dumb"):
        return None
    colorterm = environ.get("COLORTERM", "")
    if "256" in term or colorterm in ("truecolor", "24bit"):
        return "256"
    return "standard"


class Grid:
    """Cells of text with a colour each; ``""`` marks the second cell of a wide character."""

    def __init__(self, columns: int, rows: int) -> None:
        self.columns, self.rows = columns, rows
        self.text = [[" "] * columns for _ in range(rows)]
        self.color: list[list[int | None]] = [[None] * columns for _ in range(rows)]
        self.dots = [[0] * columns for _ in range(rows)]

    def dot(self, x: int, y: int, color: int | None) -> None:
        """A Braille dot at sub-cell (x, y): two across and four down per cell."""
        column, row = x // 2, y // 4
        if 0 <= column < self.columns and 0 <= row < self.rows:
            self.dots[row][column] |= _BRAILLE[y % 4][x % 2]
            self.text[row][column] = chr(0x2800 + self.dots[row][column])
            self.color[row][column] = color

    def put(self, column: int, row: int, text: str, color: int | None) -> None:
        for offset, (char, width) in enumerate(_cells(text)):
            if 0 <= column + offset < self.columns:
                self.text[row][column + offset] = char if width else ""
                self.color[row][column + offset] = color

    def lines(self, codes: dict[int, str] | None) -> Iterator[str]:
        for text, colors in zip(self.text, self.color, strict=True):
            yield _colored(text, colors, codes)


def _cells(text: str) -> list[tuple[str, int]]:
    """The cells a text takes: (text of the cell, 1), or ("", 0) for the right half of a
    wide character; zero-width characters join the cell before them."""
    cells: list[tuple[str, int]] = []
    for char in text:
        if unicodedata.combining(char) or char == "\u200d" or 0xFE00 <= ord(char) <= 0xFE0F:
            if cells:
                cells[-1] = (cells[-1][0] + char, cells[-1][1])
            continue
        cells.append((char, 1))
        if unicodedata.east_asian_width(char) in ("W", "F"):
            cells.append(("", 0))
    return cells


def display_width(text: str) -> int:
    return len(_cells(text))


def clean(text: str) -> str:
    """Names as labels: format characters that reorder or hide text (bidi overrides,
    invisible marks) are dropped; the joiner of emoji sequences is kept."""
    return "".join(c for c in text if unicodedata.category(c) != "Cf" or c == "\u200d")


def _colored(text: list[str], colors: list[int | None], codes: dict[int, str] | None) -> str:
    """The cells as one line, trailing blanks dropped, with colour codes if any."""
    end = len(text)
    while end and text[end - 1] == " ":
        end -= 1
    text, colors = text[:end], colors[:end]
    if codes is None:
        return "".join(text)
    out: list[str] = []
    current: int | None = None
    for char, color in zip(text, colors, strict=True):
        if color != current and char.strip():
            if current is not None:
                out.append("\x1b[0m")
            if color is not None:
                out.append(codes[color])
            current = color
        out.append(char)
    if current is not None:
        out.append("\x1b[0m")
    return "".join(out)


def terminal_chart(
    data: ChartData,
    *,
    width: int = 100,
    height: int = 30,
    colors: str | None = None,
    by: str = "architecture",
    title: str | None = None,
) -> Drawn:
    """The chart in ``width`` columns and about ``height`` rows (``colors``: None,
    ``"standard"`` or ``"256"``)."""
    groups = data.groups(by)
    legend = _legend(groups, width)
    heading = _wrap(title or default_title(data, by), width)
    # the rest: "tokens" above the plot, the x axis and its labels, "parameters", the note
    # on labels (which wraps in a narrow terminal)
    rows = max(8, height - len(heading) - len(legend) - (5 if width >= 60 else 6))
    columns = max(20, width - GUTTER - 1)
    grid = Grid(columns, rows)
    lx0, lx1 = (math.log10(v) for v in data.x_range)
    ly0, ly1 = (math.log10(v) for v in data.y_range)

    def sub(x: float, y: float) -> tuple[int, int]:
        """Sub-cell coordinates (Braille dots) of a point, y downwards."""
        fx = (math.log10(x) - lx0) / (lx1 - lx0)
        fy = (math.log10(y) - ly0) / (ly1 - ly0)
        return min(int(fx * columns * 2), columns * 2 - 1), min(
            int((1 - fy) * rows * 4), rows * 4 - 1
        )

    def cell(x: float, y: float) -> tuple[int, int]:
        sx, sy = sub(x, y)
        return sx // 2, sy // 4

    ends: list[tuple[str, list[tuple[int, int]], int]] = []
    for score in CONTOURS:
        xs, ys = data.contour(score, steps=columns * 4)
        # marked at the lower right, where few models are
        cells = _line(grid, sub, xs, ys, data, 0)
        ends.append((f"AL {score:g}", cells[::-1], 0))
    xs, ys = data.ratio_line()
    steps = columns * 4
    xs = [xs[0] * (xs[1] / xs[0]) ** (i / steps) for i in range(steps + 1)]
    ys = [20 * x for x in xs]
    ends.append(("20:1", _line(grid, sub, xs, ys, data, 1), 1))  # marked at the lower left

    occupied: dict[tuple[int, int], int] = {}
    for group in sorted(groups, key=lambda g: (g.index < 0, -len(g.points))):
        glyph = _glyph(group, groups)
        for p in group.points:
            column, row = cell(p.parameters, p.tokens)
            grid.put(column, row, glyph, _color_key(group))
            occupied[(column, row)] = occupied.get((column, row), 0) + 1
    leaders = [cell(p.parameters, p.tokens) for p in data.leaders]
    named_at = {(q.parameters, q.tokens) for q in data.leaders}
    for group in groups:  # a named model's own glyph shows on top
        for p in group.points:
            if (p.parameters, p.tokens) in named_at:
                column, row = cell(p.parameters, p.tokens)
                grid.put(column, row, _glyph(group, groups), _color_key(group))

    texts = [text for text, _, _ in ends] + [clean(p.name) for p in data.leaders]
    candidates = [_along(text, cells) for text, cells, _ in ends]
    candidates += [
        _beside(column, row, display_width(text))
        for (column, row), text in zip(leaders, texts[len(ends) :], strict=True)
    ]
    chosen = place(
        candidates,
        bounds=Box(0, 0, columns, rows),
        obstacles=[Box(c, r, c + 1, r + 1) for c, r in leaders],
        gap_x=1,
        cost=lambda label, order, box: _hidden(box, occupied) * 2 + order // 6,
    )
    named: list[str] = []
    dropped: list[str] = []
    for index, (text, box) in enumerate(zip(texts, chosen, strict=True)):
        if box is None:
            if index >= len(ends):
                dropped.append(data.leaders[index - len(ends)].name)
            continue
        if index < len(ends):
            grid.put(int(box.x0), int(box.y0), text, -3 if ends[index][2] == 0 else -4)
        else:
            grid.put(int(box.x0), int(box.y0), text, None)
            named.append(data.leaders[index - len(ends)].name)

    drawn = Drawn("", named, dropped)
    codes = _codes(colors)
    lines = [*heading, "tokens".rjust(GUTTER - 2)]
    lines += _with_y_axis(grid.lines(codes), data, rows, sub)
    lines += _x_axis(data, columns, sub)
    lines += ["parameters".center(GUTTER + columns).rstrip()]
    lines += [_colored(list(t), c, codes) for t, c in legend]
    lines += _wrap(labels_note(drawn, len(data.leaders)), width)
    return Drawn("\n".join(lines) + "\n", named, dropped)


def _glyph(group: Group, groups: Sequence[Group]) -> str:
    if group.index < 0:
        return OTHER_GLYPHS[group.index]
    return GLYPHS[group.index % len(GLYPHS)]


def _color_key(group: Group) -> int:
    return group.index if group.index >= 0 else -1


def _codes(colors: str | None) -> dict[int, str] | None:
    """ANSI codes by colour key: a group's index, -1 grey (other groups), -3 the contours,
    -4 the 20:1 line."""
    if colors is None:
        return None
    if colors == "256":
        codes = {i: f"\x1b[38;5;{c}m" for i, c in enumerate(COLORS_256)}
        codes.update({-1: f"\x1b[38;5;{GREY_256}m", -3: f"\x1b[38;5;{GREY_256}m"})
        codes[-4] = f"\x1b[38;5;{RATIO_256}m"
    else:
        codes = {i: f"\x1b[{c}m" for i, c in enumerate(COLORS_16)}
        codes.update({-1: f"\x1b[{GREY_16}m", -3: f"\x1b[{GREY_16}m", -4: f"\x1b[{RATIO_16}m"})
    return codes


def _line(
    grid: Grid,
    sub: ToDots,
    xs: list[float],
    ys: list[float],
    data: ChartData,
    kind: int,
) -> list[tuple[int, int]]:
    """Draw a line through (xs, ys) inside the plot; returns its cells, in order."""
    cells: list[tuple[int, int]] = []
    previous: tuple[int, int] | None = None
    for x, y in zip(xs, ys, strict=True):
        if not data.inside(x, y):
            continue
        sx, sy = sub(x, y)
        for px, py in _steps(previous, (sx, sy)):
            grid.dot(px, py, -3 if kind == 0 else -4)
            if not cells or cells[-1] != (px // 2, py // 4):
                cells.append((px // 2, py // 4))
        previous = (sx, sy)
    return cells


def _steps(start: tuple[int, int] | None, end: tuple[int, int]) -> list[tuple[int, int]]:
    """The dots from just after ``start`` to ``end``, none skipped (a gapless line)."""
    if start is None:
        return [end]
    (x0, y0), (x1, y1) = start, end
    n = max(abs(x1 - x0), abs(y1 - y0))
    return [(x0 + round((x1 - x0) * i / n), y0 + round((y1 - y0) * i / n)) for i in range(1, n + 1)]


def _along(text: str, cells: list[tuple[int, int]]) -> list[Box]:
    """Where a line's mark may go: beside its cells, in their order."""
    width = display_width(text)
    boxes = []
    for column, row in cells:
        for x0, y0 in ((column - width, row - 1), (column + 1, row - 1), (column - width, row)):
            boxes.append(Box(x0, y0, x0 + width, y0 + 1))
    return boxes


def _beside(column: int, row: int, width: int) -> list[Box]:
    """Candidate places of a label beside its model's cell, nearest first."""
    spots = [
        (column + 2, row),
        (column - 1 - width, row),
        (column + 1, row - 1),
        (column - width, row - 1),
        (column + 1, row + 1),
        (column - width, row + 1),
    ]
    spots += [(column - width // 2, row - 1), (column - width // 2, row + 1)]
    for d in (2,):  # further away, a name would seem to belong to another model
        spots += [(column + 1, row - d), (column - width, row - d)]
        spots += [(column + 1, row + d), (column - width, row + d)]
    return [Box(x0, y0, x0 + width, y0 + 1) for x0, y0 in spots]


def _hidden(box: Box, occupied: dict[tuple[int, int], int]) -> int:
    row = int(box.y0)
    return sum(occupied.get((column, row), 0) for column in range(int(box.x0), int(box.x1)))


def _with_y_axis(plot: Iterator[str], data: ChartData, rows: int, sub: ToDots) -> list[str]:
    ticks: dict[int, str] = {}
    last = -10
    for exponent in range(math.ceil(math.log10(data.y_range[0])), 19):
        value = 10.0**exponent
        if value > data.y_range[1]:
            break
        row = sub(data.x_range[0], value)[1] // 4
        ticks[row] = count_tick(value)
    kept: dict[int, str] = {}
    for row in sorted(ticks, reverse=True):  # from the bottom up, a free row between
        if abs(last - row) >= 2:
            kept[row] = ticks[row]
            last = row
    return [
        f"{kept[i]:>{GUTTER - 2}} ┤{line}" if i in kept else f"{'':>{GUTTER - 2}} │{line}"
        for i, line in enumerate(plot)
    ]


def _x_axis(data: ChartData, columns: int, sub: ToDots) -> list[str]:
    axis = ["─"] * columns
    labels = [" "] * (columns + GUTTER)
    free = 0
    for exponent in range(math.ceil(math.log10(data.x_range[0])), 19):
        value = 10.0**exponent
        if value > data.x_range[1]:
            break
        column = sub(value, data.y_range[0])[0] // 2
        axis[column] = "┬"
        text = count_tick(value)
        start = min(GUTTER + column - len(text) // 2, len(labels) - len(text))
        if start >= free and start + len(text) <= len(labels):
            labels[start : start + len(text)] = list(text)
            free = start + len(text) + 1
    return [" " * (GUTTER - 2) + " └" + "".join(axis), "".join(labels).rstrip()]


def _legend(groups: Sequence[Group], width: int) -> list[tuple[str, list[int | None]]]:
    """The legend's lines as (text, colour key per character), wrapped to ``width``."""
    items = [
        (f"{_glyph(g, groups)} {clean(g.name)} ({len(g.points)})", _color_key(g)) for g in groups
    ]
    items += [("⠤ 20:1 tokens per parameter", -4), ("⠑ ALScore contours (AL n)", -3)]
    lines: list[tuple[str, list[int | None]]] = []
    text, colors = "", list[int | None]()
    for item, key in items:
        gap = "   " if text else ""
        if text and display_width(text + gap + item) > width:
            lines.append((text, colors))
            text, colors, gap = "", [], ""
        # only the glyph is coloured: the name reads in the terminal's own colour
        text += gap + item
        colors += [None] * len(gap) + [key] + [None] * (len(item) - 1)
    if text:
        lines.append((text, colors))
    return lines


def _wrap(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width) or [""]
