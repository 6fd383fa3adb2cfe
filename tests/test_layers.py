"""The layers of the catalog: bundled < fetched < team folders (MODELCARD_PATH, the first
listed wins among them) < the user's store. A higher layer's entry with the same id wins;
hiding applies below the user's store; validate checks the team folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from modelcard.cli import app
from modelcard.store import Catalog

runner = CliRunner()


def team(folder: Path, **entries: str) -> Path:
    """A team catalog laid out like a store: <folder>/models/<id>.toml."""
    models = folder / "models"
    models.mkdir(parents=True, exist_ok=True)
    for id, text in entries.items():
        (models / f"{id.replace('_', '.')}.toml").write_text(text, encoding="utf-8")
    return folder


def entry(name: str, lab: str = "Team", params: str = "7B") -> str:
    return f'name = "{name}"\nlab = "{lab}"\nparameters = "{params}"\ntokens = "1T"\n'


def rank(*args: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["rank", "-f", "json", *args])
    assert result.exit_code == 0, result.output
    data: list[dict[str, object]] = json.loads(result.stdout)
    return data


def test_layers_in_order(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    monkeypatch.setenv("MODELCARD_PATH", f"{first}:{second}")
    names = [(layer.name, layer.root) for layer in Catalog(home).layers()]
    assert names[0][0] == "bundled"
    assert names[1:] == [("team", second), ("team", first), ("user", home)]
    assert [layer.name for layer in Catalog(home, builtin=False).layers()] == [
        "team",
        "team",
        "user",
    ]


def test_a_team_folder_ranks_and_shadows(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = team(tmp_path / "a", ours=entry("Ours", params="1000T"), shared=entry("Shared A"))
    second = team(tmp_path / "b", shared=entry("Shared B"), dots_llm1=entry("Team dots", "T"))
    monkeypatch.setenv("MODELCARD_PATH", f"{first}:{second}")
    ranked = rank("--by", "params", "--limit", "1")
    assert ranked[0]["id"] == "ours" and ranked[0]["source"] == "team"
    everything = {m["id"]: m for m in rank()}
    assert len(everything) == 811 + 2
    assert everything["shared"]["name"] == "Shared A"  # the first folder listed wins
    assert everything["dots.llm1"]["name"] == "Team dots"  # a team folder over the bundled
    shown = runner.invoke(app, ["show", "dots.llm1"]).stdout
    assert f"Layer:             team catalog (MODELCARD_PATH): {second}" in shown
    # the user's own entry over all of them
    assert runner.invoke(app, ["add", "Shared", "--lab", "Me", "--force"]).exit_code == 0
    assert {m["id"]: m for m in rank()}["shared"]["source"] == "user"
    # MODELCARD_NO_BUILTIN hides the bundled catalog only
    monkeypatch.setenv("MODELCARD_NO_BUILTIN", "1")
    assert sorted(str(m["id"]) for m in rank()) == ["dots.llm1", "ours", "shared"]


def test_hiding_applies_to_team_folders(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = team(tmp_path / "t", ours=entry("Ours"))
    monkeypatch.setenv("MODELCARD_PATH", str(folder))
    hid = runner.invoke(app, ["remove", "ours"])
    assert hid.exit_code == 0 and "hid ours" in hid.stderr
    assert (folder / "models" / "ours.toml").is_file()  # a team folder is read only
    assert "ours" not in {m["id"] for m in rank()}


def test_validate_checks_team_folders(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = team(tmp_path / "good", ours=entry("Ours"))
    bad = team(tmp_path / "bad", broken='name = "X"\nlab = "L"\nparameters = "lots"\n')
    monkeypatch.setenv("MODELCARD_PATH", f"{good}:{bad}:{tmp_path / 'missing'}")
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert f"error: {bad / 'models' / 'broken.toml'}: parameters: 'lots' is not a count" in (
        result.stdout
    )
    assert f"error: {tmp_path / 'missing'}: a MODELCARD_PATH folder that is not there" in (
        result.stdout
    )
    assert "checked 2 entry files: 2 errors" in result.stderr
    monkeypatch.setenv("MODELCARD_PATH", str(good))
    assert runner.invoke(app, ["validate"]).exit_code == 0
    # a broken team file is skipped with a warning by the commands that list
    monkeypatch.setenv("MODELCARD_PATH", f"{good}:{bad}")
    listed = runner.invoke(app, ["rank", "--limit", "1"])
    assert listed.exit_code == 0 and "skipped" in listed.stderr and "broken.toml" in listed.stderr


def test_add_refuses_an_id_a_team_folder_has(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MODELCARD_PATH", str(team(tmp_path / "t", ours=entry("Ours"))))
    refused = runner.invoke(app, ["add", "Ours", "--lab", "Me"])
    assert refused.exit_code == 1
    assert "ours already exists in the team catalog (MODELCARD_PATH)" in refused.stderr
    assert runner.invoke(app, ["add", "Ours", "--lab", "Me", "--force"]).exit_code == 0


def test_the_note_on_an_old_catalog(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import modelcard.snapshots

    monkeypatch.delenv("MODELCARD_NO_STALE_WARNING")
    quiet = runner.invoke(app, ["show", "dots.llm1"])
    assert "newest data" not in quiet.stderr  # 2026-07-02 is within 180 days of today
    monkeypatch.setattr(modelcard.snapshots, "STALE_DAYS", 30)
    noted = runner.invoke(app, ["rank", "--limit", "3"])
    lines = [line for line in noted.stderr.splitlines() if "newest data" in line]
    assert len(lines) == 1
    assert lines[0].startswith("modelcard: note: the catalog's newest data is from 2026-07-02, ")
    assert "`modelcard update` fetches newer data (MODELCARD_NO_STALE_WARNING=1" in lines[0]
    assert "newest data" in runner.invoke(app, ["--version"]).stderr
    monkeypatch.setenv("MODELCARD_NO_STALE_WARNING", "1")
    assert "newest data" not in runner.invoke(app, ["rank", "--limit", "3"]).stderr
