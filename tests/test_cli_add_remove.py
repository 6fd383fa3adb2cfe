from __future__ import annotations

import json
import tomllib
from pathlib import Path

from typer.testing import CliRunner

from modelcard.cli import app

runner = CliRunner()


def test_add_then_show(home: Path) -> None:
    result = runner.invoke(
        app,
        [
            "add", "My Model", "--lab", "My Lab", "--params", "7B", "--tokens", "2T",
            "--mmlu", "61.5", "--bench", "GSM8K=80", "--tag", "Reasoning",
            "--released", "2025-03", "--access", "public", "--updated", "2025-01-02",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == "my-model\n"
    data = tomllib.loads((home / "models" / "my-model.toml").read_text(encoding="utf-8"))
    assert data["parameters"] == "7B" and data["tokens"] == "2T"
    assert data["benchmarks"] == {"gsm8k": 80.0, "mmlu": 61.5}
    assert str(data["updated"]) == "2025-01-02"
    shown = json.loads(runner.invoke(app, ["show", "my model", "-f", "json"]).stdout)
    assert shown["alscore"] == 0.4 and shown["ratio"] == 286 and shown["source"] == "user"


def test_add_sets_updated_to_today(home: Path) -> None:
    import datetime as dt

    runner.invoke(app, ["add", "M", "--lab", "L"])
    data = tomllib.loads((home / "models" / "m.toml").read_text(encoding="utf-8"))
    assert data["updated"] == dt.date.today()


def test_add_existing_fails_without_force(home: Path) -> None:
    assert runner.invoke(app, ["add", "M", "--lab", "L"]).exit_code == 0
    again = runner.invoke(app, ["add", "M", "--lab", "Other"])
    assert again.exit_code == 1 and "already exists" in again.stderr
    assert runner.invoke(app, ["add", "M", "--lab", "Other", "--force"]).exit_code == 0
    bundled = runner.invoke(app, ["add", "dots.llm1", "--lab", "X"])
    assert bundled.exit_code == 1 and "bundled catalog" in bundled.stderr


def test_add_rejects_bad_values_naming_the_option(home: Path) -> None:
    for args, message in [
        (["--params", "142"], "--params: '142' has no unit; did you mean 142B?"),
        (["--tokens", "abc"], "--tokens: 'abc' is not a count"),
        (["--mmlu", "101"], "--mmlu: '101' is outside 0-100"),
        (["--bench", "x"], "--bench: 'x' is not NAME=SCORE"),
        (["--released", "soon"], "released: 'soon' is not YYYY"),
        (["--access", "open"], "access: 'open' is not one of"),
    ]:
        result = runner.invoke(app, ["add", "M", "--lab", "L", *args])
        assert result.exit_code != 0, args
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.output
    assert not (home / "models" / "m.toml").exists()


def test_add_from_file(home: Path, tmp_path: Path) -> None:
    source = tmp_path / "e.toml"
    source.write_text('name = "From File"\nlab = "L"\nparameters = "1.5B"\n', encoding="utf-8")
    result = runner.invoke(app, ["add", "--from", str(source)])
    assert result.exit_code == 0, result.output
    assert (home / "models" / "from-file.toml").exists()
    source.write_text('name = "Bad"\nlab = "L"\nparameters = "lots"\n', encoding="utf-8")
    bad = runner.invoke(app, ["add", "--from", str(source)])
    assert bad.exit_code == 1
    assert f"{source}: parameters: 'lots' is not a count" in bad.stderr


def test_add_with_id_and_hostile_names(home: Path) -> None:
    assert runner.invoke(app, ["add", "WizardLM", "--lab", "L", "--id", "my-wiz"]).exit_code == 0
    assert runner.invoke(app, ["add", "X", "--lab", "L", "--id", "../evil"]).exit_code == 1
    result = runner.invoke(app, ["add", "../../evil", "--lab", "L"])
    assert result.exit_code == 0 and result.stdout == "evil\n"
    assert sorted(p.name for p in (home / "models").iterdir()) == ["evil.toml", "my-wiz.toml"]


def test_remove(home: Path) -> None:
    runner.invoke(app, ["add", "Gone Soon", "--lab", "L"])
    result = runner.invoke(app, ["remove", "gone soon"])
    assert result.exit_code == 0
    assert not (home / "models" / "gone-soon.toml").exists()
    assert runner.invoke(app, ["remove", "gone-soon"]).exit_code == 1
    bundled = runner.invoke(app, ["remove", "dots.llm1"])
    assert bundled.exit_code == 1 and "bundled catalog" in bundled.stderr


def test_remove_of_a_shadow_reveals_the_bundled_entry(home: Path) -> None:
    runner.invoke(app, ["add", "dots.llm1", "--lab", "Me", "--force"])
    result = runner.invoke(app, ["remove", "dots.llm1"])
    assert result.exit_code == 0
    assert "the bundled dots.llm1 is visible again" in result.stderr
