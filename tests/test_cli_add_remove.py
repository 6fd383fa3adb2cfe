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


def test_remove_of_a_shadow_reveals_the_bundled_entry(home: Path) -> None:
    runner.invoke(app, ["add", "dots.llm1", "--lab", "Me", "--force"])
    result = runner.invoke(app, ["remove", "dots.llm1"])
    assert result.exit_code == 0
    assert "the bundled dots.llm1 is visible again" in result.stderr


def test_removing_a_bundled_model_hides_it(home: Path) -> None:
    result = runner.invoke(app, ["remove", "GPT-4.5"])
    assert result.exit_code == 0, result.output
    assert "hid gpt-4.5 (GPT-4.5)" in result.stderr and "--unhide gpt-4.5" in result.stderr
    # recorded beside the store's own data, never among the entries
    assert (home / ".modelcard" / "hidden" / "gpt-4.5").is_file()
    assert not (home / "models").exists()
    gone = runner.invoke(app, ["show", "gpt-4.5"])
    assert gone.exit_code == 1
    assert "gpt-4.5 is hidden (modelcard remove --unhide gpt-4.5 shows it again)" in gone.stderr
    ranked = json.loads(runner.invoke(app, ["rank", "-f", "json"]).stdout)
    assert "gpt-4.5" not in [m["id"] for m in ranked] and len(ranked) == 677
    found = json.loads(runner.invoke(app, ["search", "gpt", "-f", "json"]).stdout)
    assert "gpt-4.5" not in [m["id"] for m in found]
    assert runner.invoke(app, ["export", "gpt-4.5"]).exit_code == 1
    listed = runner.invoke(app, ["remove", "--hidden"])
    assert listed.exit_code == 0 and listed.stdout == "gpt-4.5\tGPT-4.5\n"
    shown = runner.invoke(app, ["remove", "--unhide", "GPT-4.5"])
    assert shown.exit_code == 0 and "gpt-4.5 (GPT-4.5) shows again" in shown.stderr
    assert runner.invoke(app, ["show", "gpt-4.5"]).exit_code == 0
    assert runner.invoke(app, ["remove", "--hidden"]).stdout == ""
    again = runner.invoke(app, ["remove", "--unhide", "gpt-4.5"])
    assert again.exit_code == 1 and "gpt-4.5 is not hidden" in again.stderr


def test_a_hidden_id_stays_hidden_below_the_users_own_entry(home: Path) -> None:
    assert runner.invoke(app, ["remove", "dots.llm1"]).exit_code == 0
    runner.invoke(app, ["add", "dots.llm1", "--lab", "Me", "--force"])
    mine = json.loads(runner.invoke(app, ["show", "dots.llm1", "-f", "json"]).stdout)
    assert mine["lab"] == "Me"
    assert runner.invoke(app, ["remove", "dots.llm1"]).exit_code == 0
    # the user's file is gone and the bundled one is still hidden
    assert runner.invoke(app, ["show", "dots.llm1"]).exit_code == 1


def test_remove_takes_one_thing_to_do(home: Path) -> None:
    assert runner.invoke(app, ["remove"]).exit_code == 2
    assert runner.invoke(app, ["remove", "x", "--hidden"]).exit_code == 2


def test_a_score_that_looks_like_a_fraction(home: Path) -> None:
    refused = runner.invoke(app, ["add", "Frac", "--lab", "L", "--mmlu", "0.615"])
    assert refused.exit_code == 1
    assert "--mmlu: '0.615' looks like a fraction" in refused.stderr
    assert "did you mean 61.5?" in refused.stderr
    bench = runner.invoke(app, ["add", "Frac", "--lab", "L", "--bench", "gsm8k=0.9"])
    assert bench.exit_code == 1 and "did you mean 90?" in bench.stderr
    meant = runner.invoke(app, ["add", "Frac", "--lab", "L", "--hle", "0.8", "--fraction-ok"])
    assert meant.exit_code == 0, meant.output
    percent = runner.invoke(app, ["add", "Frac 2", "--lab", "L", "--hle", "0.8%"])
    assert percent.exit_code == 0, percent.output
    data = json.loads(runner.invoke(app, ["show", "frac-2", "-f", "json"]).stdout)
    assert data["benchmarks"] == {"hle": 0.8}
