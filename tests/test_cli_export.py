from __future__ import annotations

import json
import tomllib
from pathlib import Path

from typer.testing import CliRunner

from modelcard.cli import app

from .markdown_check import dead_links, local_links

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
    assert "(3 cards)" in result.stderr
    assert dead_links(tmp_path) == []


def test_export_all_moe_cards(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--all", "--arch", "moe", "--out-dir", str(tmp_path)])
    assert result.exit_code == 0
    assert len(list(tmp_path.glob("models/*/*.md"))) == 131


def test_out_dir_cards_links_resolve(tmp_path: Path) -> None:
    out = tmp_path / "d"
    result = runner.invoke(app, ["export", "--all", "--out-dir", str(out)])
    assert result.exit_code == 0, result.output
    cards = list(out.glob("models/*/*.md"))
    assert len(cards) == 811 and f"(811 cards) to {out}" in result.stderr
    # every card links its lab, its architecture (if any) and the leaderboard
    count, dead = local_links(out)
    assert dead == [] and count > 3 * 811
    # the pages the cards link to, and no more than those (no rankings, no chart)
    assert {p.name for p in out.iterdir()} == {
        ".modelcard-export.json", "README.md", "labs", "architectures", "models"
    }  # fmt: skip
    assert (out / "labs/xiaohongshurednote.md").is_file()
    assert (out / "architectures/moe.md").is_file()
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "811 models" in readme and "rankings/" not in readme
    # the one card to stdout is still the seed's, byte for byte
    assert runner.invoke(app, ["export", "dots.llm1"]).stdout == GOLDEN.read_text("utf-8")


def test_out_dir_cards_accumulate(tmp_path: Path) -> None:
    """A second export adds its cards; the pages list both, and every link resolves."""
    first = runner.invoke(app, ["export", "dots.llm1", "--out-dir", str(tmp_path)])
    second = runner.invoke(app, ["export", "Command-R+", "--out-dir", str(tmp_path)])
    assert first.exit_code == 0 and second.exit_code == 0, second.output
    assert "(1 card)" in second.stderr
    assert (tmp_path / "models/xiaohongshurednote/dotsllm1.md").is_file()
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "2 models from 2 labs" in readme
    assert "[dots.llm1](models/xiaohongshurednote/dotsllm1.md)" in readme
    assert "[Command-R+](models/cohere/command-r-plus.md)" in readme
    assert dead_links(tmp_path) == []
    manifest = json.loads((tmp_path / ".modelcard-export.json").read_text(encoding="utf-8"))
    assert "models/xiaohongshurednote/dotsllm1.md" in manifest["files"]
    assert "models/cohere/command-r-plus.md" in manifest["files"]


def test_out_dir_keeps_files_no_export_wrote(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("my notes\n", encoding="utf-8")
    (tmp_path / "dots.llm1.toml").write_text("mine\n", encoding="utf-8")
    for args in (["dots.llm1"], ["dots.llm1", "-f", "toml"]):
        refused = runner.invoke(app, ["export", *args, "--out-dir", str(tmp_path)])
        assert refused.exit_code == 1 and "use --force" in refused.stderr
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "my notes\n"
    assert not (tmp_path / "models").exists()
    forced = runner.invoke(app, ["export", "dots.llm1", "--out-dir", str(tmp_path), "--force"])
    assert forced.exit_code == 0 and dead_links(tmp_path) == []


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
