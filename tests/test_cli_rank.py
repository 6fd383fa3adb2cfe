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
    assert len(models) == 811
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
    # readable counts; ~ marks an estimate, and the line under the table says so
    assert md[2] == "| 1 | Claude Opus 4 | Anthropic | ~6T | ~100T | ~17:1 | ~81.6 |"
    assert md[-1].startswith("~ an estimate: a speculative figure")
    assert len(md) == 6


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


def test_open_weight_released_moe_models() -> None:
    models = rank_json("--open-weights", "--released", "--arch", "MoE")
    names = [str(m["name"]) for m in models]
    assert models and all(m["open_weights"] is True for m in models)
    assert all(m["status"] == "released" and m["architecture"] == "MoE" for m in models)
    for closed in ("GPT-4.5", "Claude Opus 4.1", "o3", "Grok 4", "Qwen3-Max", "DeepSeek-R2"):
        assert closed not in names
    top = names[:10]
    assert any(n.startswith("DeepSeek") for n in top) and any(n.startswith("Qwen") for n in top)
    closed_ones = rank_json("--no-open-weights", "--arch", "MoE")
    assert closed_ones and all(m["open_weights"] is False for m in closed_ones)
    assert {m["id"] for m in closed_ones}.isdisjoint(m["id"] for m in models)


def test_announced_models_rank_marked_unless_released_is_asked() -> None:
    table = runner.invoke(app, ["rank", "--limit", "5"]).stdout
    assert "DeepSeek-R2 (announced)" in table
    assert table.rstrip("\n").splitlines()[-1].startswith("~ an estimate:")
    assert "   1  Claude Opus 4" in table and "~6T   ~100T" in table
    released = runner.invoke(app, ["rank", "--released", "--limit", "5"]).stdout
    assert "DeepSeek-R2" not in released


def test_readable_counts_in_tables_exact_counts_in_data() -> None:
    table = runner.invoke(app, ["rank", "--lab", "openai", "--by", "params", "--asc"]).stdout
    assert "117M" in table and "0.117B" not in table  # GPT-1
    data = rank_json("--lab", "openai", "--by", "params", "--asc", "--limit", "1")
    assert data[0]["parameters"] == 117_000_000
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["rank", "-f", "csv"]).stdout)))
    assert rows[0]["parameters"] == "6000000000000" and rows[0]["tokens"] == "100000000000000"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--access", "open"], 2, "'open' is not one of 'public', 'private', 'limited', 'unknown'"),
        (["--arch", "moee"], 2, "--arch: no model has the architecture 'moee' (known: CoE, "),
        (["--lab", "Open AI"], 1, "--lab: no model is from 'Open AI'; the nearest labs: OpenAI"),
        (["--by", "gsm8k"], 1, "--by: no model records GSM8K (benchmarks recorded: 3-banking, "),
    ],
)
def test_filters_check_their_values(args: list[str], code: int, message: str) -> None:
    result = runner.invoke(app, ["rank", *args])
    assert result.exit_code == code, result.output
    assert message in " ".join(result.stderr.split())
    assert result.stdout == ""


def test_filter_values_in_any_case() -> None:
    assert rank_json("--access", "PUBLIC", "--arch", "moe", "--lab", "openai", "--limit", "1")


def test_export_filters_and_names_as_rank_and_show_do() -> None:
    result = runner.invoke(app, ["export", "--open-weights", "--arch", "moe", "-f", "json"])
    assert result.exit_code == 0, result.output
    models = json.loads(result.stdout)
    assert models and all(m["open_weights"] is True for m in models)
    card = runner.invoke(app, ["export", "Mixtral 8x7B"])
    assert card.exit_code == 0 and card.stdout.startswith("# mixtral-8x7b-32kseqlen\n")
    bad = runner.invoke(app, ["export", "--all", "--arch", "moee", "-f", "json"])
    assert bad.exit_code == 2 and "--arch: no model has the architecture 'moee'" in bad.stderr


def test_columns_are_the_same_names_in_every_format() -> None:
    args = ["rank", "--by", "gpqa", "--limit", "3", "--columns", "rank,id,params,GPQA,open-weights"]
    md = runner.invoke(app, [*args, "-f", "md"]).stdout.splitlines()
    assert md[0] == "| Rank | Id | Params | GPQA | Open weights |"
    table = runner.invoke(app, args).stdout.splitlines()
    assert table[1].split() == ["Rank", "Id", "Params", "GPQA", "Open", "weights"]
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, [*args, "-f", "csv"]).stdout)))
    assert list(rows[0]) == ["rank", "id", "params", "gpqa", "open-weights"]
    data = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    assert list(data[0]) == ["rank", "id", "params", "gpqa", "open-weights", "confidence"]
    # data gives exact values, the table readable ones; the same models in the same order
    assert (
        [r["id"] for r in rows]
        == [m["id"] for m in data]
        == [line.split()[1] for line in table[3:6]]
    )
    assert rows[0]["rank"] == "1" and data[0]["rank"] == 1
    top = rank_json("--by", "gpqa", "--limit", "1")[0]
    assert data[0]["params"] == top["parameters"]
    assert data[0]["gpqa"] == top["benchmarks"]["gpqa"]  # type: ignore[index]
    assert rows[0]["open-weights"] in ("true", "false", "")
    # JSON says how sure each value is, as the table's ~ mark does: the columns' own levels
    assert set(data[0]["confidence"]) <= {"params", "gpqa", "open-weights"}
    assert data[0]["confidence"].get("params") == top["confidence"]["parameters"]  # type: ignore[index]
    shown = json.loads(runner.invoke(app, ["show", data[0]["id"], "-f", "json"]).stdout)
    gpqa = shown["sources"]["benchmarks.gpqa"]
    assert data[0]["confidence"]["gpqa"] == gpqa["confidence"]


def test_columns_json_marks_a_speculative_figure() -> None:
    # the top ALScore is a speculative estimate (a closed model's size): JSON says so
    args = ["rank", "--limit", "1", "-c", "id,params,ratio,compute,cutoff", "-f", "json"]
    data = json.loads(runner.invoke(app, args).stdout)
    top = rank_json("--limit", "1")[0]
    sure = top["confidence"]
    assert data[0]["confidence"]["params"] == sure["parameters"]  # type: ignore[index]
    assert data[0]["confidence"]["ratio"] == sure["ratio"]  # type: ignore[index]
    assert data[0]["confidence"]["compute"] == sure["training_compute"]  # type: ignore[index]
    assert "speculative" in data[0]["confidence"].values()
    assert "cutoff" not in data[0]["confidence"] or data[0]["cutoff"] is not None


def test_an_id_column_and_a_benchmark_outside_the_known_ones() -> None:
    result = runner.invoke(
        app,
        ["rank", "--by", "swe-bench-verified", "--columns", "id,swe_bench_verified", "-f", "csv"],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["id", "swe-bench-verified"]
    scores = [float(r["swe-bench-verified"]) for r in rows if r["swe-bench-verified"]]
    assert len(scores) == 24 and scores == sorted(scores, reverse=True)
    search = runner.invoke(app, ["search", "qwen3", "--columns", "id,active", "-f", "csv"]).stdout
    assert search.splitlines()[0] == "id,active" and "qwen3-235b-a22b,22000000000" in search


def test_unknown_columns_are_a_usage_error() -> None:
    result = runner.invoke(app, ["rank", "--columns", "id,vibes"])
    assert result.exit_code == 2
    assert "--columns: unknown column 'vibes' (known: rank, id, name, lab," in result.stderr
    assert runner.invoke(app, ["rank", "--columns", ","]).exit_code == 2
