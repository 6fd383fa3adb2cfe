from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from modelcard.cli import app

runner = CliRunner()


def rank_json(*args: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["rank", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    return data


def test_rank_by_alscore_puts_claude_opus_4_first() -> None:
    top = rank_json("--limit", "5")
    assert [m["name"] for m in top][:2] == ["Claude Opus 4", "GPT-4.5"]
    assert top[0]["alscore"] == 81.6
    assert len(top) == 5


def test_json_has_no_default_limit_and_missing_values_come_last() -> None:
    models = rank_json()
    assert len(models) == 678
    scores = [m["alscore"] for m in models]
    present = [s for s in scores if s is not None]
    assert present == sorted(present, reverse=True)  # type: ignore[type-var]
    assert scores[len(present) :] == [None] * (len(scores) - len(present))
    missing_ids = [m["id"] for m in models[len(present) :]]
    assert missing_ids == sorted(missing_ids)  # type: ignore[type-var]


def test_table_shows_20_rows_by_default() -> None:
    result = runner.invoke(app, ["rank"])
    assert result.exit_code == 0
    assert "Models by alscore: 20 shown" in result.stdout
    assert "Claude Opus 4" in result.stdout


def test_filters_and_ascending() -> None:
    models = rank_json("--lab", "anthropic", "--by", "params", "--asc")
    assert models and all(m["lab"] == "Anthropic" for m in models)
    sizes = [m["parameters"] for m in models if m["parameters"] is not None]
    assert sizes == sorted(sizes)  # type: ignore[type-var]
    moe = rank_json("--arch", "moe", "--access", "public")
    assert moe and all(m["architecture"] == "MoE" and m["access"] == "public" for m in moe)
    reasoning = rank_json("--tag", "reasoning")
    assert len(reasoning) == 91


def test_rank_by_benchmark_and_released() -> None:
    by_gpqa = rank_json("--by", "GPQA", "--limit", "3")
    scores = [m["benchmarks"]["gpqa"] for m in by_gpqa]  # type: ignore[index]
    assert scores == sorted(scores, reverse=True)
    newest = rank_json("--by", "released", "--limit", "1")
    assert newest[0]["released"] == max(m["released"] or "" for m in rank_json())  # type: ignore[type-var]
    mmlu_pro = rank_json("--by", "mmlu-pro", "--limit", "1")
    assert mmlu_pro[0]["benchmarks"]["mmlu_pro"]  # type: ignore[index]


def test_csv_and_md_formats() -> None:
    result = runner.invoke(app, ["rank", "--format", "csv", "--limit", "3"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["name"] for r in rows] == ["Claude Opus 4", "GPT-4.5", "Claude Opus 4.1"]
    assert rows[0]["alscore"] == "81.6"
    md = runner.invoke(app, ["rank", "--format", "md", "--limit", "2"]).stdout.splitlines()
    assert md[0] == "| Rank | Model | Lab | Params | Tokens | Ratio | ALScore |"
    assert md[2].startswith("| 1 | Claude Opus 4 | Anthropic | 6000.0B |")
    assert len(md) == 4


def test_unknown_field_is_an_error() -> None:
    result = runner.invoke(app, ["rank", "--by", "vibes"])
    assert result.exit_code == 1
    assert "--by: unknown field 'vibes'" in result.stderr


def test_bad_limit_is_a_usage_error() -> None:
    assert runner.invoke(app, ["rank", "--limit", "-1"]).exit_code == 2


def test_terminal_table_prints_user_text_as_written(capsys: pytest.CaptureFixture[str]) -> None:
    from modelcard.render.terminal import print_table

    print_table(
        ["Rank", "Model", "Lab"], [["1", "[bold]x[/bold] | y", "Lab [8B]"]], title="T [red]"
    )
    out = capsys.readouterr().out
    assert "[bold]x[/bold] | y" in out and "Lab [8B]" in out and "T [red]" in out
