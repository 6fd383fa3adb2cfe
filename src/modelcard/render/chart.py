"""The chart people would rather look at than read: parameters against training tokens.

Log scales on both axes, one point per model that has both counts, the 20:1 line
(Chinchilla's compute-optimal ratio), ALScore contours at the tier edges (ALScore is
sqrt(P x T) / 300, so each contour is the line P x T = (300 x score)^2), and the leaders by
ALScore labelled.

Drawn with matplotlib (SVG, for the exported site) and plotext (the terminal). Both are an
optional extra, ``modelcard[plot]``: matplotlib brings numpy and costs about a second to
import, which the base install and every other command should not pay. They are imported
here, inside the functions, and nowhere else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from modelcard.entry import Entry
from modelcard.metrics import ALSCORE_DIVISOR, COMPUTE_OPTIMAL_RATIO, TIERS, alscore
from modelcard.ranking import ranked
from modelcard.units import BILLION

LEADERS = 10
CONTOURS = tuple(sorted(floor for floor, _ in TIERS))  # 1, 5, 10, 20
INSTALL_HINT = "the chart needs the plot extra: pip install 'modelcard[plot]'"


@dataclass(frozen=True)
class Point:
    id: str
    name: str
    parameters: float  # billions
    tokens: float  # billions
    alscore: float


@dataclass(frozen=True)
class ChartData:
    points: list[Point]
    leaders: list[Point]
    x_range: tuple[float, float]
    y_range: tuple[float, float]

    def ratio_line(self) -> tuple[list[float], list[float]]:
        """The 20:1 line across the plotted range."""
        xs = list(self.x_range)
        return xs, [COMPUTE_OPTIMAL_RATIO * x for x in xs]

    def contour(self, score: float) -> tuple[list[float], list[float]]:
        """The ALScore contour: tokens = (300 x score)^2 / parameters (both in billions)."""
        product = (ALSCORE_DIVISOR * score) ** 2
        low, high = self.x_range
        xs = [low * (high / low) ** (i / 20) for i in range(21)]
        return xs, [product / x for x in xs]


def chart_data(entries: Sequence[Entry], leaders: int = LEADERS) -> ChartData | None:
    """The points to plot; None when no model has both counts."""
    plotted = [e for e in entries if e.parameters and e.tokens]
    if not plotted:
        return None
    points = [
        Point(
            e.id,
            e.name,
            (e.parameters or 0) / BILLION,
            (e.tokens or 0) / BILLION,
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


def available(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def svg_chart(data: ChartData, *, title: str = "Parameters and training tokens") -> str:
    """The chart as an SVG document (deterministic: no date, fixed ids)."""
    import io

    import matplotlib

    matplotlib.use("svg", force=True)
    from matplotlib.figure import Figure

    with matplotlib.rc_context(
        {"svg.hashsalt": "modelcard", "svg.fonttype": "none", "font.size": 9}
    ):
        figure = Figure(figsize=(9, 6.5))
        axes = figure.add_subplot()
        axes.set_xscale("log")
        axes.set_yscale("log")
        axes.set_xlim(*data.x_range)
        axes.set_ylim(*data.y_range)
        for score in CONTOURS:
            xs, ys = data.contour(score)
            (line,) = axes.plot(xs, ys, color="#bbbbbb", linewidth=0.8, linestyle=":")
            line.set_gid(f"alscore-{score:g}")
            inside = [(x, y) for x, y in zip(xs, ys, strict=True) if _inside(data, x, y)]
            if inside:
                x, y = inside[len(inside) // 2]
                axes.annotate(f"ALScore {score:g}", (x, y), fontsize=7, color="#888888")
        xs, ys = data.ratio_line()
        (ratio,) = axes.plot(xs, ys, color="#2a7", linewidth=1.2, label="20:1 (compute-optimal)")
        ratio.set_gid("ratio-20")
        dots = axes.scatter(
            [p.parameters for p in data.points],
            [p.tokens for p in data.points],
            s=12,
            c=[p.alscore for p in data.points],
            cmap="viridis",
            alpha=0.8,
            label="models",
        )
        dots.set_gid("models")
        for p in data.leaders:
            axes.annotate(
                p.name, (p.parameters, p.tokens), xytext=(4, 3), textcoords="offset points",
                fontsize=7,
            )  # fmt: skip
        axes.set_xlabel("Parameters (billions, log scale)")
        axes.set_ylabel("Training tokens (billions, log scale)")
        axes.set_title(title)
        axes.legend(loc="upper left")
        axes.grid(True, which="major", linewidth=0.3, alpha=0.5)
        figure.colorbar(dots, ax=axes, label="ALScore")
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _inside(data: ChartData, x: float, y: float) -> bool:
    return data.x_range[0] <= x <= data.x_range[1] and data.y_range[0] <= y <= data.y_range[1]


def terminal_chart(
    data: ChartData, *, width: int = 100, height: int = 30, color: bool = False
) -> str:
    """The chart drawn in text for a terminal (plotext)."""
    import math

    import plotext as plt

    plt.clear_figure()
    plt.plotsize(width, height)
    plt.theme("clear")

    # plotext's log axes label the exponents poorly: plot log10 values, label by hand
    def lg(values: list[float]) -> list[float]:
        return [math.log10(v) for v in values]

    for score in CONTOURS:
        xs, ys = data.contour(score)
        keep = [(x, y) for x, y in zip(xs, ys, strict=True) if _inside(data, x, y)]
        if keep:
            plt.plot(lg([x for x, _ in keep]), lg([y for _, y in keep]), marker="dot")
    xs, ys = data.ratio_line()
    plt.plot(lg(xs), lg(ys), label="20:1", marker="braille")
    plt.scatter(
        lg([p.parameters for p in data.points]),
        lg([p.tokens for p in data.points]),
        marker="•",
        label="models",
    )
    for p in data.leaders:
        plt.text(p.name, math.log10(p.parameters), math.log10(p.tokens))
    plt.xlabel("parameters, billions (10^x)")
    plt.ylabel("tokens, billions (10^y)")
    plt.title(f"{len(data.points)} models; dotted: ALScore {', '.join(f'{c:g}' for c in CONTOURS)}")
    text: str = plt.build()
    return text if color else re.sub(r"\x1b\[[0-9;]*m", "", text)
