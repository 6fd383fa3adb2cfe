"""The chart, checked by rendering it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from modelcard.cli import app
from modelcard.render import chart
from modelcard.store import Catalog

runner = CliRunner()
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def plotted() -> int:
    entries = Catalog(Path("/nonexistent-home"), builtin=True).entries()
    return sum(1 for e in entries if e.parameters and e.tokens)


def test_svg_has_one_point_per_model_the_ratio_line_and_contours(
    tmp_path: Path, plotted: int
) -> None:
    out = tmp_path / "chart.svg"
    result = runner.invoke(app, ["plot", "--svg", str(out)])
    assert result.exit_code == 0, result.output
    assert f"({plotted} models)" in result.stderr
    root = ET.parse(out).getroot()
    groups = {g.get("id"): g for g in root.iter(f"{SVG}g")}
    points = list(groups["models"].iter(f"{SVG}use"))
    assert len(points) == plotted == 577
    assert groups["ratio-20"].find(f"{SVG}path") is not None
    for score in ("1", "5", "10", "20"):
        assert groups[f"alscore-{score}"].find(f"{SVG}path") is not None
    text = out.read_text(encoding="utf-8")
    assert "Claude Opus 4" in text  # the leader is named
    assert "20:1 (compute-optimal)" in text


def test_svg_is_deterministic(tmp_path: Path) -> None:
    data = chart.chart_data(Catalog(tmp_path, builtin=True).entries())
    assert data is not None
    assert chart.svg_chart(data) == chart.svg_chart(data)


def test_ratio_line_and_contours_are_the_formulas() -> None:
    data = chart.ChartData(points=[], leaders=[], x_range=(1.0, 1000.0), y_range=(1.0, 1e6))
    assert data.ratio_line() == ([1.0, 1000.0], [20.0, 20000.0])
    xs, ys = data.contour(5)
    assert all(abs((x * y) ** 0.5 / 300 - 5) < 1e-9 for x, y in zip(xs, ys, strict=True))


def test_terminal_plot() -> None:
    result = runner.invoke(app, ["plot", "--width", "90", "--height", "25"])
    assert result.exit_code == 0, result.output
    assert "577 models" in result.stdout and "20:1" in result.stdout
    assert not re.search(r"\x1b\[", result.stdout)  # no colour codes when piped
    lab = runner.invoke(app, ["plot", "--tag", "nobody"])
    assert lab.exit_code == 1 and "no model with both parameters and tokens" in lab.stderr


def test_without_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(chart, "available", lambda module: False)
    result = runner.invoke(app, ["plot"])
    assert result.exit_code == 1
    assert "pip install 'modelcard[plot]'" in result.stderr
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
