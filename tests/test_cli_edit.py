from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from modelcard.cli import app
from modelcard.store import builtin_dir

runner = CliRunner()


def editor(tmp_path: Path, old: str, new: str) -> dict[str, str]:
    """$EDITOR set to a script that replaces ``old`` by ``new`` in the file it is given."""
    script = tmp_path / "ed.py"
    script.write_text(
        "import pathlib, sys\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "t = p.read_text(encoding='utf-8')\n"
        f"p.write_text(t.replace({old!r}, {new!r}), encoding='utf-8')\n",
        encoding="utf-8",
    )
    return {"EDITOR": f"{sys.executable} {script}", "VISUAL": ""}


def test_edit_a_bundled_entry_copies_it(home: Path, tmp_path: Path) -> None:
    bundled = (builtin_dir() / "dots.llm1.toml").read_bytes()
    env = editor(tmp_path, 'lab = "Xiaohongshu/RedNote"', 'lab = "Edited Lab"')
    result = runner.invoke(app, ["edit", "dots.llm1", "--updated", "2026-01-02"], env=env)
    assert result.exit_code == 0, result.output
    assert "(a copy of the entry in the bundled catalog)" in result.stderr
    saved = tomllib.loads((home / "models" / "dots.llm1.toml").read_text(encoding="utf-8"))
    assert saved["lab"] == "Edited Lab" and str(saved["updated"]) == "2026-01-02"
    assert (builtin_dir() / "dots.llm1.toml").read_bytes() == bundled
    assert list((home / ".modelcard" / "drafts").iterdir()) == []


def test_edit_names_the_layer_it_copies_from(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry of a team catalog is copied from the team catalog, not "the bundled" one."""
    team = tmp_path / "team"
    (team / "models").mkdir(parents=True)
    original = 'name = "Ours"\nlab = "Team"\nparameters = "7B"\n'
    (team / "models" / "ours.toml").write_text(original, encoding="utf-8")
    monkeypatch.setenv("MODELCARD_PATH", str(team))
    env = editor(tmp_path, 'lab = "Team"', 'lab = "Mine"')
    result = runner.invoke(app, ["edit", "ours"], env=env)
    assert result.exit_code == 0, result.output
    assert "(a copy of the entry in the team catalog (MODELCARD_PATH))" in result.stderr
    assert "bundled" not in result.stderr
    assert (team / "models" / "ours.toml").read_text(encoding="utf-8") == original
    assert 'lab = "Mine"' in (home / "models" / "ours.toml").read_text(encoding="utf-8")


def test_invalid_edit_keeps_the_original(home: Path, tmp_path: Path) -> None:
    runner.invoke(app, ["add", "Mine", "--lab", "L", "--params", "7B"])
    before = (home / "models" / "mine.toml").read_bytes()
    env = editor(tmp_path, 'parameters = "7B"', 'parameters = "lots"')
    result = runner.invoke(app, ["edit", "mine"], env=env)
    assert result.exit_code == 1
    assert "parameters: 'lots' is not a count" in result.stderr
    assert "mine is unchanged; your edit is kept in" in result.stderr
    assert (home / "models" / "mine.toml").read_bytes() == before
    draft = home / ".modelcard" / "drafts" / "mine.toml.edit"
    assert 'parameters = "lots"' in draft.read_text(encoding="utf-8")


def test_no_change_and_failing_editor(home: Path, tmp_path: Path) -> None:
    runner.invoke(app, ["add", "Mine", "--lab", "L"])
    unchanged = runner.invoke(app, ["edit", "mine"], env=editor(tmp_path, "zzz", "yyy"))
    assert unchanged.exit_code == 0 and "no changes to mine" in unchanged.stderr
    failing = runner.invoke(app, ["edit", "mine"], env={"EDITOR": "false", "VISUAL": ""})
    assert failing.exit_code == 1 and "the editor exited with 1" in failing.stderr
    missing = runner.invoke(app, ["edit", "mine"], env={"EDITOR": "no-such-editor-x", "VISUAL": ""})
    assert missing.exit_code == 1 and "cannot start the editor" in missing.stderr


def test_a_kept_draft_is_never_overwritten_silently(home: Path, tmp_path: Path) -> None:
    runner.invoke(app, ["add", "Mine", "--lab", "L", "--params", "7B"])
    bad = editor(tmp_path, 'parameters = "7B"', 'parameters = "lots"')
    assert runner.invoke(app, ["edit", "mine"], env=bad).exit_code == 1
    draft = home / ".modelcard" / "drafts" / "mine.toml.edit"
    again = runner.invoke(app, ["edit", "mine"], env=editor(tmp_path, "x", "y"))
    assert again.exit_code == 1
    assert "an earlier edit of mine left a draft" in again.stderr and "--resume" in again.stderr
    assert 'parameters = "lots"' in draft.read_text(encoding="utf-8")
    fix = editor(tmp_path, 'parameters = "lots"', 'parameters = "8B"')
    resumed = runner.invoke(app, ["edit", "mine", "--resume"], env=fix)
    assert resumed.exit_code == 0, resumed.output
    assert 'parameters = "8B"' in (home / "models" / "mine.toml").read_text(encoding="utf-8")
    assert not draft.exists()
    assert runner.invoke(app, ["edit", "mine", "--resume"], env=fix).exit_code == 1


def test_discard_starts_anew(home: Path, tmp_path: Path) -> None:
    runner.invoke(app, ["add", "Mine", "--lab", "L", "--params", "7B"])
    bad = editor(tmp_path, 'parameters = "7B"', 'parameters = "lots"')
    runner.invoke(app, ["edit", "mine"], env=bad)
    good = editor(tmp_path, 'parameters = "7B"', 'parameters = "9B"')
    result = runner.invoke(app, ["edit", "mine", "--discard"], env=good)
    assert result.exit_code == 0, result.output
    assert 'parameters = "9B"' in (home / "models" / "mine.toml").read_text(encoding="utf-8")


def test_a_symlinked_draft_is_not_written_through(home: Path, tmp_path: Path) -> None:
    runner.invoke(app, ["add", "Mine", "--lab", "L"])
    drafts = home / ".modelcard" / "drafts"
    drafts.mkdir(parents=True)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    (drafts / "mine.toml.edit").symlink_to(victim)
    result = runner.invoke(app, ["edit", "mine"], env=editor(tmp_path, "L", "M"))
    assert result.exit_code == 1 and "not a regular file" in result.stderr
    assert victim.read_text(encoding="utf-8") == "precious"


def test_a_concurrent_change_is_not_lost(home: Path, tmp_path: Path) -> None:
    runner.invoke(app, ["add", "Mine", "--lab", "L", "--params", "7B"])
    entry = home / "models" / "mine.toml"
    # the "editor" edits the draft while another process changes the entry itself
    script = tmp_path / "racing.py"
    script.write_text(
        "import pathlib, sys\n"
        "draft = pathlib.Path(sys.argv[1])\n"
        "draft.write_text(draft.read_text().replace('7B', '8B'))\n"
        f"entry = pathlib.Path({str(entry)!r})\n"
        "entry.write_text(entry.read_text().replace('lab = \"L\"', 'lab = \"Other\"'))\n",
        encoding="utf-8",
    )
    env = {"EDITOR": f"{sys.executable} {script}", "VISUAL": ""}
    result = runner.invoke(app, ["edit", "mine"], env=env)
    assert result.exit_code == 1
    assert "mine was changed by someone else while you edited it" in result.stderr
    assert 'lab = "Other"' in entry.read_text(encoding="utf-8")  # their change stays
    draft = home / ".modelcard" / "drafts" / "mine.toml.edit"
    assert 'parameters = "8B"' in draft.read_text(encoding="utf-8")  # and so does ours


def test_no_editor_and_no_terminal(home: Path) -> None:
    runner.invoke(app, ["add", "Mine", "--lab", "L"])
    result = runner.invoke(app, ["edit", "mine"], env={"EDITOR": "", "VISUAL": ""})
    assert result.exit_code == 1
    assert "no editor: set $VISUAL or $EDITOR" in result.stderr
    assert not (home / ".modelcard" / "drafts" / "mine.toml.edit").exists()
