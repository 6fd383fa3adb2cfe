from __future__ import annotations

import os
from pathlib import Path

import pytest

from modelcard.atomic import atomic_write
from modelcard.entry import Entry
from modelcard.errors import AlreadyExists, Ambiguous, NotFound
from modelcard.store import Catalog, builtin_dir, resolve_home


def test_home_is_resolved_at_call_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELCARD_HOME", str(tmp_path / "a"))
    assert resolve_home() == tmp_path / "a"
    monkeypatch.setenv("MODELCARD_HOME", str(tmp_path / "b"))
    assert resolve_home() == tmp_path / "b"
    assert resolve_home(tmp_path / "opt") == tmp_path / "opt"
    monkeypatch.setenv("MODELCARD_HOME", "")
    assert resolve_home().name == "modelcard"


def test_user_entry_shadows_bundled(home: Path) -> None:
    catalog = Catalog(home)
    assert catalog.load("dots.llm1").builtin
    catalog.write(Entry(id="dots.llm1", name="dots.llm1", lab="Me"), force=True)
    shadow = catalog.load("dots.llm1")
    assert shadow.lab == "Me" and not shadow.builtin
    assert Catalog(home, builtin=False).ids() == {"dots.llm1": home / "models" / "dots.llm1.toml"}


def test_write_refuses_existing_ids(home: Path) -> None:
    catalog = Catalog(home)
    with pytest.raises(AlreadyExists, match="bundled catalog"):
        catalog.write(Entry(id="dots.llm1", name="dots.llm1", lab="Me"))
    catalog.write(Entry(id="mine", name="Mine", lab="Me"))
    with pytest.raises(AlreadyExists, match="already exists"):
        catalog.write(Entry(id="mine", name="Mine", lab="Other"))
    assert catalog.load("mine").lab == "Me"
    assert sorted(os.listdir(home / "models")) == ["mine.toml"]
    tmp = home / ".modelcard" / "tmp"
    assert not tmp.exists() or os.listdir(tmp) == []


def test_atomic_write_keeps_the_old_file_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.toml"
    target.write_text("old", encoding="utf-8")

    def boom(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="No space"):
        atomic_write(target, "new", tmp_dir=tmp_path / "tmp")
    assert target.read_text(encoding="utf-8") == "old"
    assert list((tmp_path / "tmp").iterdir()) == []


def test_find_by_id_name_and_case(home: Path) -> None:
    catalog = Catalog(home)
    assert catalog.find("dots.llm1").id == "dots.llm1"
    assert catalog.find("DOTS.LLM1").id == "dots.llm1"
    assert catalog.find("claude opus 4").id == "claude-opus-4"
    assert catalog.find("wizardlm").name == "WizardLM"  # an exact id chooses
    with pytest.raises(Ambiguous) as info:
        catalog.find("WizardLM")
    assert "wizardlm " in str(info.value) and "wizardlm-2 " in str(info.value)
    with pytest.raises(NotFound, match="did you mean dots.llm1"):
        catalog.find("dots.llm")


def test_no_prefix_matching(home: Path) -> None:
    with pytest.raises(NotFound):
        Catalog(home).find("Claude Opus")


def test_read_only_use_creates_nothing(home: Path) -> None:
    catalog = Catalog(home)
    catalog.find("dots.llm1")
    catalog.entries()
    assert not home.exists()


def test_bundled_catalog_is_the_models_table_and_the_models_after_it() -> None:
    from modelcard.sources.manifest import bundled

    assert len(list(builtin_dir().glob("*.toml"))) == 811
    counts = bundled().counts
    assert counts["lifearchitect"] == 678
    assert counts["lifearchitect"] + counts["epoch new"] + counts["modelsdev new"] == 811


def failing_writes(monkeypatch: pytest.MonkeyPatch, after: int, *, half: bool = False) -> None:
    """os.write that works ``after`` times, then fails as a full disk does (having written
    half of what it was given, with ``half``)."""
    import errno

    real = os.write
    calls = [0]

    def write(fd: int, data: bytes) -> int:
        calls[0] += 1
        if calls[0] > after:
            if half:
                real(fd, bytes(data)[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, data)

    monkeypatch.setattr(os, "write", write)


@pytest.mark.parametrize("force", [False, True], ids=["new entry", "replacement"])
def test_a_full_disk_names_the_entry_not_a_temporary_file(
    home: Path, monkeypatch: pytest.MonkeyPatch, force: bool
) -> None:
    from typer.testing import CliRunner

    from modelcard.cli import app

    runner = CliRunner()
    if force:
        assert runner.invoke(app, ["add", "Mine", "--lab", "Old"]).exit_code == 0
    failing_writes(monkeypatch, 0)
    args = ["add", "Mine", "--lab", "New", *(["--force"] if force else [])]
    result = runner.invoke(app, args)
    monkeypatch.undo()
    assert result.exit_code == 1
    target = home / "models" / "mine.toml"
    assert result.stderr == f"modelcard: error: {target}: No space left on device\n"
    if force:
        assert 'lab = "Old"' in target.read_text(encoding="utf-8")
    else:
        assert not target.exists()


def test_a_new_entry_is_never_written_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a write cut short (a kill, a full disk) must leave no part of the new file at its name
    target = tmp_path / "new.toml"
    failing_writes(monkeypatch, 0, half=True)
    with pytest.raises(OSError, match="No space"):
        atomic_write(target, 'name = "New"\nlab = "L"\n', tmp_dir=tmp_path / "tmp", exclusive=True)
    monkeypatch.undo()
    assert not target.exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_full_disk_during_import_says_how_far_it_got(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from modelcard.cli import app

    from .conftest import CSV

    failing_writes(monkeypatch, 5)
    result = CliRunner().invoke(app, ["--no-builtin", "import", str(CSV)])
    monkeypatch.undo()
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert "5 of 678 entries were written before it" in result.stderr
    assert ".modelcard/tmp" not in result.stderr
    assert len(os.listdir(home / "models")) == 5


def test_a_live_writer_keeps_its_temporary_file(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    from modelcard.atomic import stale_temp_files, sweep

    # a live process that tells which signals reach it: only the SIGTERM that ends it may
    watcher = (
        "import signal, sys, time\n"
        "def told(number, frame):\n"
        "    print(signal.Signals(number).name, flush=True)\n"
        "    if number == signal.SIGTERM:\n"
        "        sys.exit(0)\n"
        "for number in (signal.SIGHUP, signal.SIGINT, signal.SIGUSR1, signal.SIGTERM):\n"
        "    signal.signal(number, told)\n"
        "print('ready', flush=True)\n"
        "while True:\n"
        "    time.sleep(1)\n"
    )
    live = subprocess.Popen([sys.executable, "-c", watcher], stdout=subprocess.PIPE, text=True)
    assert live.stdout is not None and live.stdout.readline() == "ready\n"
    try:
        tmp = tmp_path / "tmp"
        tmp.mkdir()
        mine = tmp / f"{live.pid}-0123456789abcdef.tmp"
        mine.write_text("being written", encoding="utf-8")
        own = tmp / f"{os.getpid()}-fedcba9876543210.tmp"
        own.write_text("being written here", encoding="utf-8")
        assert stale_temp_files(tmp) == []
        assert sweep(tmp) == 0 and mine.exists() and own.exists()
    finally:
        live.send_signal(signal.SIGTERM)
        told = live.communicate(timeout=30)[0]
    assert told == "SIGTERM\n"  # asked whether it lives, never signalled
    assert stale_temp_files(tmp) == [mine]  # now its writer is gone


def test_a_writer_of_another_user_counts_as_alive(monkeypatch: pytest.MonkeyPatch) -> None:
    from modelcard import atomic

    def not_allowed(pid: int, sig: int) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "kill", not_allowed)
    assert atomic._alive(1)


def test_only_visible_toml_files_are_entries(home: Path) -> None:
    models = home / "models"
    models.mkdir(parents=True)
    (models / "mine.toml").write_text('name = "Mine"\nlab = "L"\n', encoding="utf-8")
    for other in (".hidden.toml", "README.md", "mine.toml.edit", "notes"):
        (models / other).write_text('name = "Other"\nlab = "L"\n', encoding="utf-8")
    catalog = Catalog(home, builtin=False)
    assert list(catalog.user_ids()) == ["mine"]
    assert [e.id for e in catalog.entries()] == ["mine"]
