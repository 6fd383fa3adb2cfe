"""The chart people would rather look at than read: parameters against training tokens.

Log scales on both axes labelled in counts (``1B 10B 100B 1T``), one point per model that
has both counts, coloured by architecture or lab with a legend; the 20:1 line (Chinchilla's
compute-optimal ratio) and the ALScore contours at the tier edges (ALScore is
sqrt(P x T) / 300 with P and T in billions, so each contour is the line
P x T = (300 x score)^2 x 10^18 in counts), drawn as lines so that they never pass for
data; and the leaders by ALScore named, each label placed where it overlaps no other
(labels that cannot fit are dropped, and the chart says how many).

The SVG is drawn with matplotlib, an optional extra (``modelcard[plot]``): it brings numpy
and about a second of import, which the base install and every other command should not
pay, so it is imported here, inside the functions, and nowhere else. The terminal chart
(``render/textchart.py``) needs nothing beyond the standard library.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from modelcard.entry import Entry
from modelcard.metrics import ALSCORE_DIVISOR, COMPUTE_OPTIMAL_RATIO, TIERS, alscore
from modelcard.ranking import ranked
from modelcard.units import BILLION

from .placement import Box, place

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase

LEADERS = 10
CONTOURS = tuple(sorted(floor for floor, _ in TIERS))  # 1, 5, 10, 20
INSTALL_HINT = "the SVG chart needs the plot extra: pip install 'modelcard[plot]'"
COLOR_BY = ("architecture", "lab")
# Named colour groups at most; the rest share "other". Eight stay tellable apart.
MAX_GROUPS = 8
OTHER = "other"
UNKNOWN = "unknown"
# matplotlib's tab10, without its grey (kept for "other")
PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22",
)  # fmt: skip
GREYS = {-1: "#8c8c8c", -2: "#c4c4c4"}
_SUFFIXES = ("", "K", "M", "B", "T")


@dataclass(frozen=True)
class Point:
    id: str
    name: str
    lab: str
    architecture: str | None
    parameters: int
    tokens: int
    alscore: float


@dataclass(frozen=True)
class Group:
    """Points sharing a colour: one architecture or lab, or the rest as ``other``."""

    name: str
    points: list[Point]
    index: int  # its colour: PALETTE[index]; -1 for "other", -2 for "unknown"

    @property
    def color(self) -> str:
        return PALETTE[self.index] if self.index >= 0 else GREYS[self.index]


@dataclass(frozen=True)
class ChartData:
    points: list[Point]
    leaders: list[Point]
    x_range: tuple[float, float]  # parameters, as counts
    y_range: tuple[float, float]  # training tokens, as counts

    def ratio_line(self) -> tuple[list[float], list[float]]:
        """The 20:1 line across the plotted range."""
        xs = list(self.x_range)
        return xs, [COMPUTE_OPTIMAL_RATIO * x for x in xs]

    def contour(self, score: float, steps: int = 20) -> tuple[list[float], list[float]]:
        """The ALScore contour: tokens = (300 x score)^2 x 10^18 / parameters (counts)."""
        product = (ALSCORE_DIVISOR * score) ** 2 * BILLION**2
        low, high = self.x_range
        xs = [low * (high / low) ** (i / steps) for i in range(steps + 1)]
        return xs, [product / x for x in xs]

    def inside(self, x: float, y: float) -> bool:
        return self.x_range[0] <= x <= self.x_range[1] and self.y_range[0] <= y <= self.y_range[1]

    def groups(self, by: str) -> list[Group]:
        """The colour groups, largest first (ties by name), beyond ``MAX_GROUPS`` as other."""
        members: dict[str, list[Point]] = {}
        for p in self.points:
            members.setdefault(group_name(p, by), []).append(p)
        # "unknown" (no architecture stated) comes last and grey, like "other"
        order = sorted(
            members,
            key=lambda name: (name == UNKNOWN, -len(members[name]), name.casefold(), name),
        )
        named = order if len(order) <= MAX_GROUPS else order[: MAX_GROUPS - 1]
        groups = [
            Group(name, members[name], -2 if name == UNKNOWN else i) for i, name in enumerate(named)
        ]
        rest = [p for name in order[len(named) :] for p in members[name]]
        if rest:
            groups.append(Group(OTHER, rest, -1))
        return groups


def group_name(point: Point, by: str) -> str:
    return point.lab if by == "lab" else (point.architecture or UNKNOWN)


def chart_data(entries: Sequence[Entry], leaders: int = LEADERS) -> ChartData | None:
    """The points to plot; None when no model has both counts."""
    plotted = [e for e in entries if e.parameters and e.tokens]
    if not plotted:
        return None
    points = [
        Point(
            e.id,
            e.name,
            e.lab,
            e.architecture,
            e.parameters or 0,
            e.tokens or 0,
            alscore(e.parameters, e.tokens) or 0.0,
        )
        for e in plotted
    ]
    by_id = {p.id: p for p in points}
    top = [by_id[e.id] for e in ranked(plotted, "alscore")[:leaders]]
    xs = [p.parameters for p in points]
    ys = [p.tokens for p in points]
    return ChartData(
        points=points,
        leaders=top,
        x_range=(min(xs) / 2, max(xs) * 2),
        y_range=(min(ys) / 2, max(ys) * 2),
    )


def count_tick(value: float) -> str:
    """A power of ten as a count: ``1e9`` -> ``1B``, ``1e14`` -> ``100T``, ``100`` -> ``100``."""
    exponent = round(math.log10(value))
    if exponent < 0:
        return f"{value:g}"
    unit = min(exponent // 3, len(_SUFFIXES) - 1)
    return f"{10 ** (exponent - 3 * unit)}{_SUFFIXES[unit]}"


def default_title(data: ChartData, by: str, what: str = "") -> str:
    shown = f"{len(data.points):,} model" + ("" if len(data.points) == 1 else "s")
    return f"Parameters and training tokens of {shown}{what}, coloured by {by}"


def available(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


@dataclass(frozen=True)
class Drawn:
    """A drawn chart and what became of its labels."""

    text: str
    named: list[str]  # the leaders whose labels were drawn, in rank order
    dropped: list[str]  # the leaders left unnamed for want of room


def labels_note(drawn: Drawn, leaders: int) -> str:
    """``named the 10 leaders by ALScore`` or ``named 8 of the 10 leaders ...; 2 had no room``."""
    if not leaders:
        return "no labels asked for"
    what = f"the {leaders} leaders by ALScore" if leaders > 1 else "the leader by ALScore"
    if not drawn.dropped:
        return f"named {what}"
    return f"named {len(drawn.named)} of {what}; {len(drawn.dropped)} had no room"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def svg_chart(data: ChartData, *, title: str | None = None, by: str = "architecture") -> str:
    """The chart as an SVG document (deterministic: no date, fixed ids)."""
    return draw_svg(data, title=title, by=by).text


# Sizes in points (the figure is drawn at 72 dpi, so display units are SVG units).
LABEL_SIZE = 7.5
CONTOUR_LABEL_SIZE = 7.0
MARKER_AREA = 16.0
LABEL_GAP = 2.0
RINGS = (4.0, 10.0, 18.0, 28.0, 40.0, 56.0)


def draw_svg(data: ChartData, *, title: str | None = None, by: str = "architecture") -> Drawn:
    """The chart as SVG, with the names of the labels drawn and dropped."""
    import io
    import warnings

    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    settings = matplotlib.rc_context(
        {
            "svg.hashsalt": "modelcard",
            "svg.fonttype": "none",
            "font.size": 9,
            # model names are data: "$x$" is a name, not mathtext
            "text.parse_math": False,
            "text.usetex": False,
        }
    )
    with settings, warnings.catch_warnings():
        # a name with glyphs the font lacks is still drawn (by the viewer's fonts)
        warnings.simplefilter("ignore", UserWarning)
        figure = Figure(figsize=(10, 7.2), dpi=72)
        renderer = FigureCanvasAgg(figure).get_renderer()  # type: ignore[no-untyped-call]
        figure.subplots_adjust(left=0.08, right=0.98, top=0.9, bottom=0.12)
        axes = figure.add_subplot()
        axes.set_xscale("log")
        axes.set_yscale("log")
        axes.set_xlim(*data.x_range)
        axes.set_ylim(*data.y_range)
        ticks = FuncFormatter(lambda value, _: count_tick(value))
        for axis in (axes.xaxis, axes.yaxis):
            axis.set_major_locator(LogLocator(base=10, numticks=20))
            axis.set_major_formatter(ticks)
            axis.set_minor_formatter(NullFormatter())
        axes.grid(True, which="major", linewidth=0.3, alpha=0.5)
        axes.set_xlabel("Parameters (log scale)")
        axes.set_ylabel("Training tokens (log scale)")
        figure.suptitle(title or default_title(data, by), fontsize=12, y=0.975)

        for score in CONTOURS:
            xs, ys = data.contour(score, steps=60)
            (line,) = axes.plot(xs, ys, color="#8a8a8a", linewidth=0.9, dashes=(5, 3), zorder=1)
            line.set_gid(f"alscore-{score:g}")
        xs, ys = data.ratio_line()
        (ratio,) = axes.plot(xs, ys, color="#2a7", linewidth=1.4, zorder=2)
        ratio.set_gid("ratio-20")

        groups = data.groups(by)
        handles = []
        # the largest group first, so that the smaller ones show on top of it
        for group in sorted(groups, key=lambda g: (g.index < 0, -len(g.points))):
            dots = axes.scatter(
                [p.parameters for p in group.points],
                [p.tokens for p in group.points],
                s=MARKER_AREA,
                color=group.color,
                alpha=0.85,
                linewidths=0.3,
                edgecolors="white",
                zorder=3,
            )
            dots.set_gid(f"models-{groups.index(group) + 1}")
        for group in groups:
            handles.append(
                Line2D([], [], marker="o", linestyle="", color=group.color, markersize=5,
                       label=f"{group.name} ({len(group.points)})")
            )  # fmt: skip
        handles.append(Line2D([], [], color="#2a7", linewidth=1.4, label="20:1 tokens per param"))
        handles.append(
            Line2D([], [], color="#8a8a8a", linewidth=0.9, dashes=(5, 3),
                   label="ALScore " + ", ".join(f"{c:g}" for c in CONTOURS))
        )  # fmt: skip
        legend = axes.legend(handles=handles, loc="upper left", fontsize=8, framealpha=0.9)
        legend.set_gid("legend")
        legend.set_zorder(5)

        drawn = _place_labels(axes, renderer, data, legend.get_window_extent(renderer))
        figure.text(
            0.98, 0.015, _sentence(labels_note(drawn, len(data.leaders))),
            ha="right", va="bottom", fontsize=7.5, color="#555555",
        )  # fmt: skip
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return Drawn(buffer.getvalue(), drawn.named, drawn.dropped)


def _place_labels(axes: Axes, renderer: RendererBase, data: ChartData, legend: Any) -> Drawn:
    """Name the contours, then the leaders, where no label overlaps another."""
    from matplotlib.font_manager import FontProperties

    to_display = axes.transData.transform
    frame = axes.get_window_extent(renderer)
    bounds = Box(frame.x0 + 2, frame.y0 + 2, frame.x1 - 2, frame.y1 - 2)
    obstacles = [Box(legend.x0 - 2, legend.y0 - 2, legend.x1 + 2, legend.y1 + 2)]
    dots = [tuple(to_display((p.parameters, p.tokens))) for p in data.points]
    leaders = [tuple(to_display((p.parameters, p.tokens))) for p in data.leaders]
    radius = math.sqrt(MARKER_AREA) / 2 + 0.5
    obstacles += [Box(x - radius, y - radius, x + radius, y + radius) for x, y in leaders]

    def covered(box: Box) -> float:
        return sum(1 for x, y in dots if box.contains(x, y))

    def extent(text: str, size: float) -> tuple[float, float, float]:
        width, height, descent = renderer.get_text_width_height_descent(
            text, FontProperties(size=size), ismath=False
        )
        return float(width), float(height), float(descent)

    # The contours are named where they run through empty space, from the lower right.
    texts: list[tuple[str, float, tuple[float, float] | None]] = []
    candidates: list[list[Box]] = []
    for score in CONTOURS:
        text = f"ALScore {score:g}"
        width, height, _ = extent(text, CONTOUR_LABEL_SIZE)
        xs, ys = data.contour(score, steps=80)
        on_line = [to_display(xy) for xy in zip(xs, ys, strict=True) if data.inside(*xy)]
        candidates.append(
            [Box(x + 2, y + 2, x + 2 + width, y + 2 + height) for x, y in reversed(on_line)]
        )
        texts.append((text, CONTOUR_LABEL_SIZE, None))
    for (x, y), point in zip(leaders, data.leaders, strict=True):
        width, height, _ = extent(point.name, LABEL_SIZE)
        candidates.append(_around(x, y, width, height))
        texts.append((point.name, LABEL_SIZE, (x, y)))

    chosen = place(
        candidates,
        bounds=bounds,
        obstacles=obstacles,
        gap_x=LABEL_GAP,
        gap_y=LABEL_GAP,
        # hiding a model costs more than moving a label one ring further out
        cost=lambda label, order, box: covered(box) * 1.5 + order // 8 * 0.6,
        allowed=lambda label, box, before: _line_is_clear(texts, label, box, before),
    )
    named: list[str] = []
    dropped: list[str] = []
    for index, ((text, size, anchor), box) in enumerate(zip(texts, chosen, strict=True)):
        if box is None:
            if anchor is not None:
                dropped.append(text)
            continue
        _, _, descent = extent(text, size)
        baseline = (box.x0, box.y0 + descent)
        xy = axes.transData.inverted().transform(baseline)
        if anchor is None:
            label = axes.text(
                xy[0], xy[1], text, fontsize=size, color="#6a6a6a", style="italic",
                ha="left", va="baseline", zorder=4,
            )  # fmt: skip
            label.set_gid(f"label-contour-{index}")
            continue
        point = data.leaders[index - len(CONTOURS)]
        far = _distance(anchor, box) > RINGS[0] + 1
        label = axes.annotate(
            text,
            (point.parameters, point.tokens),
            xytext=(float(xy[0]), float(xy[1])),
            textcoords="data",
            fontsize=size,
            ha="left",
            va="baseline",
            zorder=4,
            # a light backing keeps the name readable over lines and points
            bbox={
                "boxstyle": "square,pad=0.1",
                "facecolor": "white",
                "edgecolor": "none",
                "alpha": 0.7,
            },
            arrowprops=_leader_line(anchor, box) if far else None,
        )
        label.set_gid(f"label-{point.id}")
        named.append(text)
    return Drawn("", named, dropped)


def _around(x: float, y: float, width: float, height: float) -> list[Box]:
    """Candidate boxes around a point, nearest ring first: E, W, NE, NW, SE, SW, N, S."""
    boxes = []
    for r in RINGS:
        d = r * 0.7
        for x0, y0 in (
            (x + r, y - height / 2),
            (x - r - width, y - height / 2),
            (x + d, y + d),
            (x - d - width, y + d),
            (x + d, y - d - height),
            (x - d - width, y - d - height),
            (x - width / 2, y + r),
            (x - width / 2, y - r - height),
        ):
            boxes.append(Box(x0, y0, x0 + width, y0 + height))
    return boxes


def _leader_line(anchor: tuple[float, float], box: Box) -> dict[str, Any]:
    """A thin line from the point to the nearest point of its label, the segment that
    ``_line_is_clear`` checked."""
    x, y = _nearest(anchor, box)
    relpos = ((x - box.x0) / (box.x1 - box.x0), (y - box.y0) / (box.y1 - box.y0))
    return {
        "arrowstyle": "-",
        "color": "#777777",
        "linewidth": 0.5,
        "shrinkA": 0,
        "shrinkB": 2,
        "relpos": relpos,
    }


def _distance(point: tuple[float, float], box: Box) -> float:
    x, y = point
    dx = max(box.x0 - x, 0.0, x - box.x1)
    dy = max(box.y0 - y, 0.0, y - box.y1)
    return math.hypot(dx, dy)


def _nearest(point: tuple[float, float], box: Box) -> tuple[float, float]:
    x, y = point
    return min(max(x, box.x0), box.x1), min(max(y, box.y0), box.y1)


def _line_is_clear(
    texts: list[tuple[str, float, tuple[float, float] | None]],
    label: int,
    box: Box,
    before: list[Box | None],
) -> bool:
    """A leader line (from a point to its label) crosses no other label, and no earlier
    leader line crosses this label."""
    anchor = texts[label][2]
    segment = None
    if anchor is not None and _distance(anchor, box) > RINGS[0] + 1:
        segment = (anchor, _nearest(anchor, box))
        if any(other is not None and _crosses(segment, other) for other in before):
            return False
    for index, other in enumerate(before):
        other_anchor = texts[index][2]
        if other is None or other_anchor is None:
            continue
        if _distance(other_anchor, other) > RINGS[0] + 1:
            other_segment = (other_anchor, _nearest(other_anchor, other))
            if _crosses(other_segment, box):
                return False
            if segment is not None and _intersect(segment, other_segment):
                return False
    return True


Segment = tuple[tuple[float, float], tuple[float, float]]


def _intersect(a: Segment, b: Segment) -> bool:
    """Whether two segments cross (touching ends, as two labels of one point do, is not)."""

    def side(p: tuple[float, float], q: tuple[float, float], r: tuple[float, float]) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    d1, d2 = side(*b, a[0]), side(*b, a[1])
    d3, d4 = side(*a, b[0]), side(*a, b[1])
    return d1 * d2 < 0 and d3 * d4 < 0


def _crosses(segment: Segment, box: Box) -> bool:
    (x0, y0), (x1, y1) = segment
    steps = max(2, int(math.hypot(x1 - x0, y1 - y0) / 2))
    return any(
        box.contains(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps)
        for i in range(1, steps)
    )
