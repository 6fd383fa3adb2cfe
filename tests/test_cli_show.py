from __future__ import annotations

import json
import tomllib

import pytest
from typer.testing import CliRunner

from modelcard.cli import app

from .conftest import GOLDEN_CARD

runner = CliRunner()


def test_show_dots_llm1_plain() -> None:
    result = runner.invoke(app, ["show", "dots.llm1"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "dots.llm1"
    assert "  Parameters:        142B  [likely]" in lines
    assert "  Training tokens:   11.2T  [likely]" in lines
    assert "  ALScore:           4.2 (Mid-tier)  [likely]" in lines
    assert "  Token:param ratio: 79:1 ✅ Compute-optimal  [likely]" in lines
    assert "  Open weights:      yes  [likely]" in lines
    assert "  MMLU:              83.2" in lines
    assert "  HLE:               -" in lines


def test_show_json_has_figures() -> None:
    result = runner.invoke(app, ["show", "dots.llm1", "--format", "json"])
    data = json.loads(result.stdout)
    assert data["alscore"] == 4.2
    assert data["tier"] == "Mid-tier"
    assert data["ratio"] == 79
    assert data["compute_optimal"] is True
    assert data["parameters"] == 142_000_000_000
    assert data["benchmarks"] == {"gpqa": 52.6, "mmlu": 83.2, "mmlu_pro": 61.9}
    assert data["active_parameters"] == 14_000_000_000  # from "142B-A14B" in its notes
    assert data["training_compute"] == 6 * 14 * 11_200 * 10**18
    assert data["source"] == "builtin"


def test_show_toml_reads_back() -> None:
    result = runner.invoke(app, ["show", "dots.llm1", "-f", "toml"])
    assert tomllib.loads(result.stdout)["tokens"] == "11.2T"


def test_show_md_is_the_reference_card() -> None:
    result = runner.invoke(app, ["show", "dots.llm1", "--format", "md"])
    assert result.stdout == GOLDEN_CARD.read_text(encoding="utf-8")


def test_show_rich_prints_user_text_as_written(home: object) -> None:
    added = runner.invoke(app, ["add", "Llama [8B] [bold]x[/bold]", "--lab", "[red]L"])
    assert added.exit_code == 0, added.output
    result = runner.invoke(app, ["show", "Llama [8B] [bold]x[/bold]", "--format", "rich"])
    assert result.exit_code == 0, result.output
    assert "Llama [8B] [bold]x[/bold]" in result.stdout
    assert "[red]L" in result.stdout


def test_ambiguous_name_lists_candidates() -> None:
    result = runner.invoke(app, ["show", "WizardLM"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("modelcard: error: 'WizardLM' is ambiguous; it names 2 models:")
    assert "  wizardlm  WizardLM  (Microsoft, 70B, 2023-08)" in result.stderr
    assert "  wizardlm-2  WizardLM  (Microsoft, 7B, 2023-04)" in result.stderr


def test_unknown_name_suggests_ids() -> None:
    result = runner.invoke(app, ["show", "dots.llm"])
    assert result.exit_code == 1
    assert "no model named 'dots.llm'; did you mean dots.llm1" in result.stderr
    assert "Traceback" not in result.output


def test_broken_file_is_reported_with_its_name(home: object) -> None:
    from pathlib import Path

    models = Path(str(home)) / "models"
    models.mkdir(parents=True)
    (models / "broken.toml").write_text('name = "Broken"\nlab = \n', encoding="utf-8")
    result = runner.invoke(app, ["show", "broken"])
    assert result.exit_code == 1
    assert "broken.toml:2:7: not valid TOML" in result.stderr
    ok = runner.invoke(app, ["show", "dots.llm1"])
    assert ok.exit_code == 0


def test_no_builtin_hides_the_catalog(monkeypatch: object) -> None:
    assert runner.invoke(app, ["--no-builtin", "show", "dots.llm1"]).exit_code == 1
    result = runner.invoke(app, ["show", "dots.llm1"], env={"MODELCARD_NO_BUILTIN": "yes"})
    assert result.exit_code == 1
    result = runner.invoke(app, ["show", "dots.llm1"], env={"MODELCARD_NO_BUILTIN": "0"})
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("name", "id"),
    [
        ("GPT-4", "gpt-4-classic-gpt-4-0314-gpt-4-0613-non-turbo"),
        ("gpt-4-0613", "gpt-4-classic-gpt-4-0314-gpt-4-0613-non-turbo"),
        ("Mixtral 8x22B", "mixtral-8x22b"),
        ("Llama 3 405B", "llama-3.1-405b"),
        ("llama.3.1.405b", "llama-3.1-405b"),
        ("Gemini 2.5 Pro", "gemini-2.5-pro-06-05"),
        ("claude-3-5-sonnet-20241022", "claude-3.5-sonnet-new"),
        ("DBRX INSTRUCT", "dbrx"),
    ],
)
def test_names_people_type(name: str, id: str) -> None:
    result = runner.invoke(app, ["show", name, "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"] == id


def test_unknown_names_suggest_from_aliases_too() -> None:
    result = runner.invoke(app, ["show", "GPT4"])
    assert result.exit_code == 1
    assert (
        "no model named 'GPT4'; did you mean 'GPT-4' "
        "(gpt-4-classic-gpt-4-0314-gpt-4-0613-non-turbo)" in result.stderr
    )


def test_claude_opus_4_is_sourced_to_the_table_not_the_lab() -> None:
    data = json.loads(runner.invoke(app, ["show", "Claude Opus 4", "-f", "json"]).stdout)
    paper = data["links"]["paper"]
    assert paper.startswith("https://www-cdn.anthropic.com/")
    assert all(source["url"] != paper for source in data["sources"].values())
    assert data["sources"]["parameters"]["url"] == "https://lifearchitect.ai/models-table/"
    assert data["sources"]["parameters"]["confidence"] == "speculative"
    assert data["confidence"]["parameters"] == "speculative"
    assert data["confidence"]["alscore"] == "speculative"
    assert data["open_weights"] is False and data["status"] == "released"
    assert data["aliases"] == ["claude-opus-4-20250514", "Claude 4 Opus"]


def test_deepseek_v3_computes_with_its_active_parameters() -> None:
    data = json.loads(runner.invoke(app, ["show", "DeepSeek-V3", "-f", "json"]).stdout)
    assert data["active_parameters"] == 37 * 10**9
    assert data["training_compute"] == 6 * 37 * 10**9 * 14_800 * 10**9  # about 3.3e24
    assert data["training_compute_basis"] == "active"
    assert data["sources"]["active_parameters"]["url"] == "https://arxiv.org/abs/2412.19437"
    text = runner.invoke(app, ["show", "DeepSeek-V3"]).stdout
    assert "training compute uses the 37B active" in text
    assert "  Parameters:        685B  [likely]" in text.splitlines()


def test_an_announced_model_says_so() -> None:
    data = json.loads(runner.invoke(app, ["show", "DeepSeek-R2", "-f", "json"]).stdout)
    assert data["status"] == "announced" and data["released"] is None
    assert data["open_weights"] is None  # nothing says
    text = runner.invoke(app, ["show", "DeepSeek-R2"]).stdout
    assert "  Released:          TBA (announced, not released)" in text.splitlines()
    assert "  Open weights:      unknown" in text.splitlines()
