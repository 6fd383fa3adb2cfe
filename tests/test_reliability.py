"""Concurrent writers, killed processes, corrupt files: nothing lost, nothing half-written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from modelcard.cli import app
from modelcard.store import Catalog

from .conftest import CSV

runner = CliRunner()


def modelcard(*args: str) -> list[str]:
    return [sys.executable, "-m", "modelcard", *args]


def start_all(commands: list[list[str]]) -> list[subprocess.CompletedProcess[str]]:
    procs = [
        subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for c in commands
    ]
    results = []
    for proc, command in zip(procs, commands, strict=True):
        out, err = proc.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(command, proc.returncode, out, err))
    return results


def test_24_writers_at_once_lose_nothing(home: Path) -> None:
    results = start_all(
        [
            modelcard("add", f"Parallel {n}", "--lab", "L", "--params", f"{n + 1}B")
            for n in range(24)
        ]
    )
    assert [r.returncode for r in results] == [0] * 24, [r.stderr for r in results if r.returncode]
    entries = Catalog(home, builtin=False).entries()
    assert sorted(e.parameters or 0 for e in entries) == [(n + 1) * 10**9 for n in range(24)]
    tmp = home / ".modelcard" / "tmp"
    assert not tmp.exists() or os.listdir(tmp) == []


def test_8_writers_of_one_name_one_wins(home: Path) -> None:
    results = start_all([modelcard("add", "Same Name", "--lab", f"Lab {n}") for n in range(8)])
    codes = sorted(r.returncode for r in results)
    assert codes == [0] + [1] * 7
    losers = [r for r in results if r.returncode == 1]
    assert all("already exists" in r.stderr for r in losers)
    assert all("Traceback" not in r.stderr for r in results)
    winner = next(r for r in results if r.returncode == 0)
    lab = winner.args[-1]
    assert Catalog(home, builtin=False).load("same-name").lab == lab
    assert os.listdir(home / "models") == ["same-name.toml"]


def test_killed_import_leaves_only_whole_entries(home: Path) -> None:
    proc = subprocess.Popen(
        modelcard("--no-builtin", "import", str(CSV)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    models = home / "models"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if models.is_dir() and len(os.listdir(models)) >= 40:
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    written = len(os.listdir(models))
    assert written >= 40
    check = runner.invoke(app, ["validate"])
    assert check.exit_code == 0, check.output
    assert f"checked {written} entry files: 0 errors" in check.stderr
    tmp = home / ".modelcard" / "tmp"
    assert not tmp.exists() or os.listdir(tmp) == []
    # and the import can simply be run again
    again = runner.invoke(app, ["--no-builtin", "import", str(CSV)])
    assert again.exit_code == 0
    assert f"{678 - written} new, 0 updated; {written} unchanged" in again.stderr
    assert len(os.listdir(models)) == 678


def test_concurrent_imports(home: Path) -> None:
    results = start_all([modelcard("--no-builtin", "import", str(CSV)) for _ in range(3)])
    assert [r.returncode for r in results] == [0, 0, 0]
    imported = sum(int(r.stderr.split("imported ")[1].split()[0]) for r in results)
    assert imported == 678
    assert len(os.listdir(home / "models")) == 678


def test_temp_files_of_killed_writers_are_swept(home: Path) -> None:
    tmp = home / ".modelcard" / "tmp"
    tmp.mkdir(parents=True)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    leftover = tmp / f"{dead.stdout.strip()}-0123456789abcdef.tmp"
    leftover.write_text("half an entry", encoding="utf-8")
    report = runner.invoke(app, ["validate"])
    assert "a temporary file left by a killed process" in report.stdout
    assert runner.invoke(app, ["add", "Sweeper", "--lab", "L", "--force"]).exit_code == 0
    assert not leftover.exists()


def test_corrupt_file_does_not_stop_other_commands(home: Path, tmp_path: Path) -> None:
    models = home / "models"
    models.mkdir(parents=True)
    (models / "broken.toml").write_text(
        'name = "Broken"\nlab = "L"\nparameters = "lots"\n', encoding="utf-8"
    )
    (models / "garbage.toml").write_bytes(b"\x00\xff\xfe not toml")
    (models / "Bad Name.toml").write_text('name = "X"\nlab = "L"\n', encoding="utf-8")
    rank = runner.invoke(app, ["rank", "--format", "json"])
    assert rank.exit_code == 0
    assert "broken.toml: parameters: 'lots' is not a count" in rank.stderr
    assert "garbage.toml: not UTF-8 text" in rank.stderr
    site = runner.invoke(app, ["export", "--site", str(tmp_path / "site")])
    assert site.exit_code == 0 and "wrote" in site.stderr
    assert runner.invoke(app, ["show", "dots.llm1"]).exit_code == 0
    broken = runner.invoke(app, ["show", "broken"])
    assert broken.exit_code == 1 and "parameters: 'lots' is not a count" in broken.stderr
    report = runner.invoke(app, ["validate"])
    assert report.exit_code == 1
    assert "checked 3 entry files: 3 errors" in report.stderr
    assert "Bad Name.toml: the file name is not an id" in report.stdout
