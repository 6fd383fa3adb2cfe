"""The chart, checked by rendering it: the SVG's labels measured with matplotlib's own
renderer, the terminal chart read as text."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from modelcard.cli import app
from modelcard.entry import Entry
from modelcard.render import chart, textchart
from modelcard.render.placement import Box, place
from modelcard.store import Catalog

runner = CliRunner()
SVG = "{http://www.w3.org/2000/svg}"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def plotted() -> int:
    entries = Catalog(Path("/nonexistent-home"), builtin=True).entries()
    return sum(1 for e in entries if e.parameters and e.tokens)


def groups_of(svg: Path) -> dict[str, ET.Element]:
    return {g.get("id", ""): g for g in ET.parse(svg).getroot().iter(f"{SVG}g")}


def test_svg_has_one_point_per_model_the_ratio_line_contours_and_a_legend(
    tmp_path: Path, plotted: int
) -> None:
    out = tmp_path / "chart.svg"
    result = runner.invoke(app, ["plot", "--svg", str(out)])
    assert result.exit_code == 0, result.output
    assert f"({plotted} models; named " in result.stderr
    groups = groups_of(out)
    points = [
        u for gid, g in groups.items() if gid.startswith("models-") for u in g.iter(f"{SVG}use")
    ]
    assert len(points) == plotted == 577
    assert groups["ratio-20"].find(f"{SVG}path") is not None
    for score in ("1", "5", "10", "20"):
        assert groups[f"alscore-{score}"].find(f"{SVG}path") is not None
    text = out.read_text(encoding="utf-8")
    assert "Claude Opus 4" in text  # the leader is named
    assert "Parameters and training tokens of 577 models, coloured by architecture" in text
    legend = "".join(groups["legend"].itertext())
    assert "Dense (449)" in legend and "MoE (120)" in legend
    assert "20:1 tokens per param" in legend and "ALScore 1, 5, 10, 20" in legend


def test_svg_axes_are_in_counts(tmp_path: Path) -> None:
    out = tmp_path / "chart.svg"
    assert runner.invoke(app, ["plot", "--svg", str(out)]).exit_code == 0
    groups = groups_of(out)
    xs = ["".join(g.itertext()).strip() for gid, g in groups.items() if gid.startswith("xtick_")]
    ys = ["".join(g.itertext()).strip() for gid, g in groups.items() if gid.startswith("ytick_")]
    assert [t for t in xs if t] == ["100M", "1B", "10B", "100B", "1T", "10T"]
    assert [t for t in ys if t] == ["10M", "100M", "1B", "10B", "100B", "1T", "10T", "100T"]


def label_boxes(svg: Path) -> list[tuple[str, Box]]:
    """Every label drawn in the plot, with its box measured by matplotlib's renderer from
    the text, size and position written in the SVG (y downwards, as in the SVG)."""
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    renderer = RendererAgg(720, 720, 72)  # type: ignore[no-untyped-call]
    boxes = []
    for gid, group in groups_of(svg).items():
        if not gid.startswith("label-"):
            continue
        (element,) = group.iter(f"{SVG}text")
        style = dict(
            part.strip().split(": ", 1) for part in element.get("style", "").split(";") if part
        )
        size = float(style["font-size"].removesuffix("px"))
        italic = style.get("font-style") == "italic"
        font = FontProperties(size=size, style="italic" if italic else "normal")
        text = element.text or ""
        assert style["text-anchor"] == "start" and "rotate(-0 " in element.get("transform", "")
        measure = renderer.get_text_width_height_descent
        width, height, descent = measure(text, font, ismath=False)  # type: ignore[no-untyped-call]
        x, y = float(element.get("x", "")), float(element.get("y", ""))
        boxes.append((text, Box(x, y - (height - descent), x + width, y + descent)))
    return boxes


@pytest.mark.parametrize("labels", ["10", "40"])
def test_no_two_drawn_labels_overlap(tmp_path: Path, labels: str) -> None:
    out = tmp_path / "chart.svg"
    result = runner.invoke(app, ["plot", "--svg", str(out), "--label", labels])
    assert result.exit_code == 0, result.output
    boxes = label_boxes(out)
    contours = {"ALScore 1", "ALScore 5", "ALScore 10", "ALScore 20"}
    assert contours <= {text for text, _ in boxes}
    named = len(boxes) - len(contours)
    assert named >= 10
    for i, (text, box) in enumerate(boxes):
        for other_text, other in boxes[i + 1 :]:
            assert not box.overlaps(other), f"{text!r} overlaps {other_text!r}"
    if named < int(labels):
        dropped = int(labels) - named
        assert f"named {named} of the {labels} leaders by ALScore; {dropped} had no room" in (
            result.stderr
        )
        assert f"{dropped} had no room" in out.read_text(encoding="utf-8")
    else:
        assert f"named the {labels} leaders by ALScore" in result.stderr


def test_the_overlap_check_sees_an_overlap() -> None:
    a, b = Box(0, 0, 10, 2), Box(9, 1, 20, 3)
    assert a.overlaps(b) and b.overlaps(a)
    assert not a.overlaps(Box(10, 0, 12, 2))  # touching is not overlapping
    assert a.overlaps(Box(11, 0, 12, 2), gap_x=1.5)
    # two labels wanting the same spot: the second takes its next candidate, a third none
    spot, other = Box(0, 0, 4, 1), Box(0, 2, 4, 3)
    chosen = place([[spot], [spot, other], [spot]], bounds=Box(0, 0, 10, 10))
    assert chosen == [spot, other, None]


def test_svg_is_deterministic(tmp_path: Path) -> None:
    data = chart.chart_data(Catalog(tmp_path, builtin=True).entries())
    assert data is not None
    assert chart.svg_chart(data) == chart.svg_chart(data)


def test_ratio_line_and_contours_are_the_formulas() -> None:
    data = chart.ChartData(points=[], leaders=[], x_range=(1e9, 1e12), y_range=(1e9, 1e15))
    assert data.ratio_line() == ([1e9, 1e12], [2e10, 2e13])
    xs, ys = data.contour(5)
    # ALScore = sqrt(P x T) / 300 with P and T in billions
    assert all(abs((x * y) ** 0.5 / 1e9 / 300 - 5) < 1e-9 for x, y in zip(xs, ys, strict=True))


def test_count_ticks() -> None:
    ticks = [chart.count_tick(10.0**e) for e in range(0, 16)]
    assert ticks == [
        "1", "10", "100", "1K", "10K", "100K", "1M", "10M", "100M",
        "1B", "10B", "100B", "1T", "10T", "100T", "1000T",
    ]  # fmt: skip


def hostile_entries() -> list[Entry]:
    return [
        Entry(id="a", name="$\\frac{a}{b$ <b>&amp;", lab="L", parameters=10**12, tokens=10**14),
        Entry(id="b", name="evil\u202eslab", lab="$L$", parameters=10**9, tokens=10**12),
        Entry(id="c", name="模型 Ω", lab="L", parameters=10**10, tokens=10**13),
    ]


def test_names_are_text_not_mathtext_or_markup(tmp_path: Path) -> None:
    data = chart.chart_data(hostile_entries())
    assert data is not None
    svg = chart.svg_chart(data, by="lab")
    root = ET.fromstring(svg)
    texts = {"".join(t.itertext()) for t in root.iter(f"{SVG}text")}
    assert "$\\frac{a}{b$ <b>&amp;" in texts
    assert "$L$ (1)" in texts
    drawn = textchart.terminal_chart(data, width=60, height=20, by="lab")
    assert "\u202e" not in drawn.text and "evilslab" in drawn.text
    assert "模型 Ω" in drawn.text


def test_terminal_plot(plotted: int) -> None:
    result = runner.invoke(app, ["plot", "--width", "80", "--height", "36"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert not ANSI.search(text)  # no colour when piped
    lines = text.splitlines()
    assert (
        lines[0] == f"Parameters and training tokens of {plotted} models, coloured by architecture"
    )
    assert all(textchart.display_width(line) <= 80 for line in lines)
    axis = next(i for i, line in enumerate(lines) if "└" in line)
    assert lines[axis + 1].split() == ["100M", "1B", "10B", "100B", "1T", "10T"]
    ticks = [line.split("┤")[0].strip() for line in lines if "┤" in line]
    assert ticks == ["100T", "10T", "1T", "100B", "10B", "1B", "100M", "10M"]
    assert "o Dense (449)" in text and "+ MoE (120)" in text
    assert "⠤ 20:1 tokens per parameter" in text and "AL 20" in text and "20:1" in text
    # the leaders are named whole, each once, and the last line says how many
    leaders = ["Claude Opus 4", "GPT-4.5", "Claude Opus 4.1", "DeepSeek-R2", "Claude 3 Opus"]
    plot_area = "\n".join(lines[2:axis])
    for name in leaders:
        assert len(re.findall(re.escape(name) + r"(?![.\d])", plot_area)) == 1, name
    assert lines[-1] == "named the 5 leaders by ALScore"
    lab = runner.invoke(app, ["plot", "--tag", "nobody"])
    assert lab.exit_code == 1 and "no model with both parameters and tokens" in lab.stderr


def test_terminal_plot_drops_labels_without_room_and_says_so() -> None:
    result = runner.invoke(app, ["plot", "--width", "40", "--height", "20", "--label", "20"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert all(textchart.display_width(line) <= 40 for line in lines)
    note = " ".join(lines[-2:])
    match = re.search(r"named (\d+) of the 20 leaders by ALScore; (\d+) had no room", note)
    assert match and int(match[1]) + int(match[2]) == 20 and int(match[2]) > 0


def test_terminal_chart_in_colour_is_the_same_chart() -> None:
    data = chart.chart_data(Catalog(Path("/nonexistent-home"), builtin=True).entries(), 5)
    assert data is not None
    plain = textchart.terminal_chart(data, width=100, height=30).text
    for system, code in (("256", "\x1b[38;5;32m"), ("standard", "\x1b[34m")):
        coloured = textchart.terminal_chart(data, width=100, height=30, colors=system).text
        assert code in coloured  # the largest group, Dense, in blue
        assert ANSI.sub("", coloured) == plain


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color() -> None:
    system = textchart.color_system
    assert system(Tty(), {"TERM": "xterm-256color"}) == "256"
    assert system(Tty(), {"TERM": "xterm", "COLORTERM": "truecolor"}) == "256"
    assert system(Tty(), {"TERM": "xterm"}) == "standard"
    assert system(Tty(), {"TERM": "xterm-256color", "NO_COLOR": "1"}) is None
    assert system(Tty(), {"TERM": "dumb"}) is None
    assert system(io.StringIO(), {"TERM": "xterm-256color"}) is None  # a pipe


def test_colour_by_lab() -> None:
    result = runner.invoke(app, ["plot", "--color-by", "lab", "--width", "120"])
    assert result.exit_code == 0, result.output
    assert "coloured by lab" in result.stdout
    assert "o Google DeepMind (41)" in result.stdout and ". other (384)" in result.stdout


def test_without_matplotlib(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(chart, "available", lambda module: False)
    result = runner.invoke(app, ["plot", "--svg", str(tmp_path / "c.svg")])
    assert result.exit_code == 1
    assert "pip install 'modelcard[plot]'" in result.stderr
    assert runner.invoke(app, ["plot"]).exit_code == 0  # the terminal chart needs nothing
    site = runner.invoke(app, ["export", "--site", str(tmp_path / "s"), "--lab", "Cohere"])
    assert site.exit_code == 0
    assert not (tmp_path / "s" / "chart.svg").exists()
    assert "chart.svg" not in (tmp_path / "s" / "README.md").read_text(encoding="utf-8")


def test_site_shows_the_chart(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--site", str(tmp_path / "s"), "--lab", "Anthropic"])
    assert result.exit_code == 0
    readme = (tmp_path / "s" / "README.md").read_text(encoding="utf-8")
    assert "](chart.svg)" in readme
    ET.parse(tmp_path / "s" / "chart.svg")
