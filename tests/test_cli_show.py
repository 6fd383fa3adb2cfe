from __future__ import annotations

import json
import tomllib

from typer.testing import CliRunner

from modelcard.cli import app

from .conftest import GOLDEN_CARD

runner = CliRunner()


def test_show_dots_llm1_plain() -> None:
    result = runner.invoke(app, ["show", "dots.llm1"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "dots.llm1"
    assert "  Parameters:        142.0B" in lines
    assert "  Training tokens:   11200.0B" in lines
    assert "  ALScore:           4.2 (Mid-tier)" in lines
    assert "  Token:param ratio: 79:1 ✅ Compute-optimal" in lines
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
    assert "  wizardlm  (Microsoft, 70.0B, 2023-08)" in result.stderr
    assert "  wizardlm-2  (Microsoft, 7.0B, 2023-04)" in result.stderr


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
