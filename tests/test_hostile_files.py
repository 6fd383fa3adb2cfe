"""Hostile files in the store: each is that file's one-line warning (a validate error), and
every command about the other models goes on. Real processes, so that a hang is a hang and
a traceback a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

NESTED = 'name = "Deep"\nlab = "L"\nnotes = ' + "[" * 500 + "]" * 500 + "\n"
GOOD = 'name = "Good"\nlab = "L"\nparameters = "7B"\ntokens = "1T"\n'


def modelcard(
    *args: str, timeout: float = 60, builtin: bool = False
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "modelcard", *([] if builtin else ["--no-builtin"]), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,  # a guard against a hang, not a measure of speed
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture
def models(home: Path) -> Path:
    folder = home / "models"
    folder.mkdir(parents=True)
    (folder / "good.toml").write_text(GOOD, encoding="utf-8")
    return folder


def ranked_ids() -> list[str]:
    done = modelcard("rank", "-f", "json")
    assert done.returncode == 0, done.stderr
    return [m["id"] for m in json.loads(done.stdout)]


def test_a_deeply_nested_entry_stops_nothing(models: Path, tmp_path: Path) -> None:
    (models / "deep.toml").write_text(NESTED, encoding="utf-8")
    done = modelcard("rank", "-f", "json")
    assert done.returncode == 0
    assert [m["id"] for m in json.loads(done.stdout)] == ["good"]
    assert done.stderr.strip() == (
        f"modelcard: warning: skipped {models / 'deep.toml'}: nested too deeply to be read"
    )
    assert modelcard("search", "good").returncode == 0
    assert modelcard("export", "--all", "--out-dir", str(tmp_path / "cards")).returncode == 0
    assert modelcard("export", "--site", str(tmp_path / "site")).returncode == 0
    assert modelcard("show", "Good").returncode == 0
    shown = modelcard("show", "deep")
    assert shown.returncode == 1 and "deep.toml: nested too deeply" in shown.stderr
    check = modelcard("validate")
    assert check.returncode == 1 and "deep.toml: nested too deeply to be read" in check.stdout
    edit = modelcard("edit", "deep")
    assert edit.returncode == 1 and "nested too deeply" in edit.stderr
    (tmp_path / "deep.toml").write_text(NESTED, encoding="utf-8")
    added = modelcard("add", "--from", str(tmp_path / "deep.toml"))
    assert added.returncode == 1 and "nested too deeply to be read" in added.stderr
    removed = modelcard("remove", "deep")
    assert removed.returncode == 0, removed.stderr
    assert "removed deep" in removed.stderr and "could not be read" in removed.stderr
    assert not (models / "deep.toml").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_named_like_an_entry_blocks_nothing(models: Path) -> None:
    os.mkfifo(models / "pipe.toml")
    assert ranked_ids() == ["good"]
    check = modelcard("validate")
    assert check.returncode == 1
    assert "pipe.toml: not a regular file (a FIFO)" in check.stdout
    assert modelcard("show", "pipe").stderr.strip().endswith("not a regular file (a FIFO)")
    assert modelcard("remove", "pipe").returncode == 0
    assert not os.path.lexists(models / "pipe.toml")


def test_symlinks_that_loop_or_lead_to_a_device(models: Path) -> None:
    (models / "loop.toml").symlink_to("loop.toml")
    (models / "zero.toml").symlink_to("/dev/zero")
    done = modelcard("rank", "-f", "json")
    assert done.returncode == 0 and [m["id"] for m in json.loads(done.stdout)] == ["good"]
    assert "loop.toml: cannot be read: Too many levels of symbolic links" in done.stderr
    assert "zero.toml: not a regular file (a device)" in done.stderr
    assert modelcard("validate").stdout.count("error: ") == 2


def test_a_symlink_to_a_regular_entry_is_an_entry(models: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "kept-elsewhere.toml"
    elsewhere.write_text('name = "Linked"\nlab = "L"\n', encoding="utf-8")
    (models / "linked.toml").symlink_to(elsewhere)
    assert ranked_ids() == ["good", "linked"]


def test_a_huge_entry_is_refused_unread(models: Path) -> None:
    with open(models / "huge.toml", "wb") as handle:
        handle.truncate(9 * 1024 * 1024)  # sparse: nothing is really written
    done = modelcard("rank", "-f", "json")
    assert "huge.toml: 9,437,184 bytes is larger than the limit of 8,388,608" in done.stderr


def test_an_entry_with_a_byte_order_mark(models: Path) -> None:
    (models / "notepad.toml").write_bytes(b"\xef\xbb\xbf" + b'name = "Notepad"\nlab = "L"\n')
    assert ranked_ids() == ["good", "notepad"]
    assert modelcard("validate").returncode == 0
    assert modelcard("show", "notepad").returncode == 0


@pytest.mark.parametrize("file_name", ["Alpha.toml", "con.toml", "has space.toml"])
def test_file_names_that_are_not_ids_are_left_out_everywhere(models: Path, file_name: str) -> None:
    (models / file_name).write_text('name = "Odd"\nlab = "L"\n', encoding="utf-8")
    done = modelcard("rank", "-f", "json")
    assert [m["id"] for m in json.loads(done.stdout)] == ["good"]
    assert f"{file_name}: the file name is not an id; rename it to" in done.stderr
    shown = modelcard("show", file_name.removesuffix(".toml"))
    assert shown.returncode == 1
    assert "did you mean" not in shown.stderr or file_name[:-5] not in shown.stderr.split("mean")[1]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_hostile_files_in_a_team_folder(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a MODELCARD_PATH folder is read as carefully as the user's store: each hostile file
    # is that file's one warning, never a hang or a traceback
    team = tmp_path / "team"
    models = team / "models"
    models.mkdir(parents=True)
    (models / "good.toml").write_text(GOOD, encoding="utf-8")
    (models / "deep.toml").write_text(NESTED, encoding="utf-8")
    os.mkfifo(models / "pipe.toml")
    os.mkfifo(models / "dots.llm1.toml")  # in the place of a bundled model
    monkeypatch.setenv("MODELCARD_PATH", str(team))
    done = modelcard("rank", "-f", "json")
    assert done.returncode == 0
    assert [m["id"] for m in json.loads(done.stdout)] == ["good"]
    assert done.stderr.splitlines() == [
        f"modelcard: warning: skipped {models / 'deep.toml'}: nested too deeply to be read",
        f"modelcard: warning: skipped {models / 'dots.llm1.toml'}: not a regular file (a FIFO)",
        f"modelcard: warning: skipped {models / 'pipe.toml'}: not a regular file (a FIFO)",
    ]
    assert modelcard("search", "good").returncode == 0
    assert modelcard("export", "--site", str(tmp_path / "site")).returncode == 0
    for id, problem in (("pipe", "not a regular file (a FIFO)"), ("deep", "nested too deeply")):
        shown = modelcard("show", id)
        assert shown.returncode == 1
        assert shown.stderr.startswith(f"modelcard: error: {models / id}.toml: {problem}")
    check = modelcard("validate")
    assert check.returncode == 1 and check.stdout.count("error: ") == 3
    # over the bundled catalog, the team's unreadable file is the answer for its id, not
    # the bundled entry it would shadow
    shown = modelcard("show", "dots.llm1", builtin=True)
    assert shown.returncode == 1 and "dots.llm1.toml: not a regular file (a FIFO)" in shown.stderr
    ranked = modelcard("rank", "--limit", "3", builtin=True)
    assert ranked.returncode == 0 and ranked.stderr.count("modelcard: warning: skipped") == 3


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_hostile_files_in_the_fetched_layer(home: Path) -> None:
    from typer.testing import CliRunner

    from modelcard.cli import app
    from modelcard.store import builtin_dir

    from .conftest import ROOT

    local = ROOT / "tests" / "data" / "modelsdev" / "catalog.json"
    fetched = CliRunner().invoke(app, ["update", "modelsdev", "--url", f"modelsdev={local}"])
    assert fetched.exit_code == 0, fetched.output
    layer = home / ".modelcard" / "fetched"
    models = layer / "models"
    (models / "deep.toml").write_text(NESTED, encoding="utf-8")
    os.mkfifo(models / "pipe.toml")
    done = modelcard("rank", "-f", "json", builtin=True)
    assert done.returncode == 0
    assert len(json.loads(done.stdout)) == len(list(builtin_dir().glob("*.toml")))
    assert done.stderr.splitlines() == [
        f"modelcard: warning: skipped {models / 'deep.toml'}: nested too deeply to be read",
        f"modelcard: warning: skipped {models / 'pipe.toml'}: not a regular file (a FIFO)",
    ]
    shown = modelcard("show", "pipe", builtin=True)
    assert shown.returncode == 1 and "pipe.toml: not a regular file (a FIFO)" in shown.stderr
    # a FIFO in the place of the layer's manifest: the layer is left out, and said so
    (layer / "manifest.toml").unlink()
    os.mkfifo(layer / "manifest.toml")
    shown = modelcard("show", "Kimi K2.6", builtin=True)
    assert shown.returncode == 0, shown.stderr
    assert "not a layer of fetched sources (no manifest): left out" in shown.stderr
    assert modelcard("--version", builtin=True).returncode == 0
