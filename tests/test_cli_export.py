from __future__ import annotations

import json
import tomllib
from pathlib import Path

from typer.testing import CliRunner

from modelcard.cli import app

runner = CliRunner()
GOLDEN = Path(__file__).parent / "golden" / "dots.llm1.md"


def test_export_reference_card() -> None:
    result = runner.invoke(app, ["export", "dots.llm1"])
    assert result.exit_code == 0, result.output
    assert result.stdout == GOLDEN.read_text(encoding="utf-8")  # the shared reference's copy


def test_export_names_to_out_dir(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["export", "dots.llm1", "Command-R+", "command-r", "--out-dir", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "models/xiaohongshurednote/dotsllm1.md").read_text(
        encoding="utf-8"
    ) == GOLDEN.read_text(encoding="utf-8")
    # Command-R+ and Command-R share the slug command-r; both get a page
    assert (
        (tmp_path / "models/cohere/command-r.md")
        .read_text(encoding="utf-8")
        .startswith("# Command-R\n")
    )
    assert (
        (tmp_path / "models/cohere/command-r-plus.md")
        .read_text(encoding="utf-8")
        .startswith("# Command-R+\n")
    )
    assert "wrote 3 files" in result.stderr


def test_export_all_moe_cards(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--all", "--arch", "moe", "--out-dir", str(tmp_path)])
    assert result.exit_code == 0
    assert len(list(tmp_path.glob("models/*/*.md"))) == 131


def test_export_data_formats(tmp_path: Path) -> None:
    data = json.loads(runner.invoke(app, ["export", "--lab", "Cohere", "-f", "json"]).stdout)
    assert len(data) == 13 and {d["lab"] for d in data} == {"Cohere"}
    toml_text = runner.invoke(app, ["export", "dots.llm1", "-f", "toml"]).stdout
    assert tomllib.loads(toml_text)["parameters"] == "142B"
    result = runner.invoke(
        app, ["export", "--lab", "cohere", "-f", "toml", "--out-dir", str(tmp_path)]
    )
    assert result.exit_code == 0
    assert len(list(tmp_path.glob("*.toml"))) == 13


def test_csv_round_trip(tmp_path: Path) -> None:
    first = runner.invoke(app, ["export", "--all", "--format", "csv"])
    assert first.exit_code == 0
    (tmp_path / "a.csv").write_text(first.stdout, encoding="utf-8")
    store = tmp_path / "store"
    imported = runner.invoke(
        app, ["--store", str(store), "--no-builtin", "import", str(tmp_path / "a.csv")]
    )
    assert imported.exit_code == 0, imported.output
    assert "imported 811 models" in imported.stderr
    second = runner.invoke(
        app, ["--store", str(store), "--no-builtin", "export", "--all", "-f", "csv"]
    )
    assert second.stdout == first.stdout
    # the entries come back the same, as far as the sheet's columns hold them
    again = json.loads(
        runner.invoke(
            app, ["--store", str(store), "--no-builtin", "show", "dots.llm1", "-f", "json"]
        ).stdout
    )
    original = json.loads(runner.invoke(app, ["show", "dots.llm1", "-f", "json"]).stdout)
    for key in ("name", "lab", "parameters", "tokens", "benchmarks", "links", "notes", "sheet"):
        assert again[key] == original[key], key


def test_export_usage_errors(tmp_path: Path) -> None:
    nothing = runner.invoke(app, ["export"])
    assert nothing.exit_code == 2 and "give model names, --all or --site" in nothing.stderr
    several = runner.invoke(app, ["export", "dots.llm1", "Command-R"])
    assert several.exit_code == 1 and "use --out-dir" in several.stderr
    unknown = runner.invoke(app, ["export", "nope-model"])
    assert unknown.exit_code == 1 and "no model named" in unknown.stderr
    mixed = runner.invoke(app, ["export", "dots.llm1", "--site", str(tmp_path)])
    assert mixed.exit_code == 2
