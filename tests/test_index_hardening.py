"""The index under stress: locked by another process, files from the future, the racy
two-second window, a cache that cannot be written at the size where reading goes parallel,
and a cold build killed halfway."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from modelcard import index
from modelcard.cli import app

runner = CliRunner()
ENTRY = 'name = "M{n}"\nlab = "Lab"\nparameters = "{n}B"\ntokens = "1T"\n'


def make_store(models: Path, count: int, *, old: bool = True) -> None:
    models.mkdir(parents=True, exist_ok=True)
    past = time.time() - 3600
    for n in range(1, count + 1):
        path = models / f"m{n}.toml"
        path.write_text(ENTRY.format(n=n), encoding="utf-8")
        if old:
            os.utime(path, (past, past))


def rank_ids(*args: str, env: dict[str, str] | None = None) -> list[str]:
    result = runner.invoke(
        app, ["--no-builtin", "rank", "--by", "params", "-f", "json", *args], env=env
    )
    assert result.exit_code == 0, result.output
    return [m["id"] for m in json.loads(result.stdout)]


def test_a_fresh_file_is_read_again_until_it_settles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "models"
    make_store(folder, 2, old=False)
    assert index.scan(folder) == {"m1": None, "m2": None}  # written just now: in doubt
    later = time.time_ns() + 10 * index.RACY_NS
    monkeypatch.setattr(time, "time_ns", lambda: later)  # the clock index.scan reads
    assert all(sig is not None for sig in index.scan(folder).values())


def test_a_file_from_the_future_is_cached(tmp_path: Path) -> None:
    folder = tmp_path / "models"
    make_store(folder, 1)
    tomorrow = time.time() + 86400
    os.utime(folder / "m1.toml", (tomorrow, tomorrow))
    assert index.scan(folder)["m1"] is not None


def test_a_locked_index_is_busy_not_damaged(home: Path, tmp_path: Path) -> None:
    make_store(home / "models", 3)
    assert rank_ids() == ["m3", "m2", "m1"]
    (database,) = (tmp_path / "cache" / "index").glob("*.sqlite3")
    inode = database.stat().st_ino
    holder = subprocess.Popen(
        [
            sys.executable, "-c",
            "import sqlite3, sys\n"
            f"con = sqlite3.connect({str(database)!r}, isolation_level=None)\n"
            "con.execute('BEGIN EXCLUSIVE')\n"
            "print('locked', flush=True)\n"
            "sys.stdin.read()\n",
        ],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        # in this process (so that a mutation run sees it); it waited 60 s before the fix
        assert rank_ids() == ["m3", "m2", "m1"]
    finally:
        holder.communicate("", timeout=30)
    assert database.stat().st_ino == inode  # the same file: not deleted as damaged
    con = sqlite3.connect(database)
    try:
        assert con.execute("SELECT count(*) FROM files").fetchone() == (3,)
    finally:
        con.close()


def test_an_unwritable_cache_on_the_parallel_path(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # at PARALLEL_MIN files and more, the build reads in worker processes
    make_store(home / "models", index.PARALLEL_MIN + 20)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    here = tmp_path / "cwd"
    here.mkdir()
    monkeypatch.chdir(here)  # the in-memory index must leave no file behind, here or anywhere
    ranked = rank_ids("--limit", "0", env={"MODELCARD_CACHE_DIR": str(blocker)})
    assert list(here.iterdir()) == []
    assert len(ranked) == index.PARALLEL_MIN + 20
    assert ranked[:2] == [f"m{index.PARALLEL_MIN + 20}", f"m{index.PARALLEL_MIN + 19}"]


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc (Linux)")
def test_a_killed_cold_build_leaves_no_worker_talking(home: Path) -> None:
    make_store(home / "models", 3000)
    proc = subprocess.Popen(
        [sys.executable, "-m", "modelcard", "--no-builtin", "rank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not children(proc.pid) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.001)
    workers = children(proc.pid)
    time.sleep(0.3)  # into the build: the workers are reading and writing their shares
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.stderr is not None
    with proc.stderr:
        stderr = proc.stderr.read().decode()  # until every worker has closed it: all gone
    assert workers, "the build ended before its workers could be seen"
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr


def test_busy_is_told_from_damage() -> None:
    assert index._busy(sqlite3.OperationalError("database is locked"))
    assert index._busy(sqlite3.OperationalError("database is busy"))
    assert not index._busy(sqlite3.OperationalError("no such table: meta"))
    assert not index._busy(sqlite3.OperationalError("file is not a database"))
