"""The index never serves stale data, and never stops a command."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from modelcard.cli import app

runner = CliRunner()
ENTRY = 'name = "{name}"\nlab = "Lab"\nparameters = "{params}"\ntokens = "1T"\n'


def age(path: Path, seconds: float = 60) -> None:
    """Make a file look old, out of the index's two-second window of doubt."""
    past = time.time() - seconds
    os.utime(path, (past, past))


def ranked(*args: str) -> list[tuple[str, int]]:
    result = runner.invoke(app, ["--no-builtin", "rank", "--by", "params", "-f", "json", *args])
    assert result.exit_code == 0, result.output
    return [(m["id"], m["parameters"]) for m in json.loads(result.stdout)]


@pytest.fixture
def store(home: Path) -> Path:
    models = home / "models"
    models.mkdir(parents=True)
    for n in (1, 2, 3):
        path = models / f"m{n}.toml"
        path.write_text(ENTRY.format(name=f"M{n}", params=f"{n}B"), encoding="utf-8")
        age(path, 100 + n)
    assert ranked() == [("m3", 3 * 10**9), ("m2", 2 * 10**9), ("m1", 10**9)]
    return models


def test_hand_edit_of_the_same_size_shows_at_once(store: Path) -> None:
    path = store / "m1.toml"
    before = path.stat()
    path.write_text(ENTRY.format(name="M1", params="9B"), encoding="utf-8")  # same size
    age(path, 50)  # and an old mtime again, different from the indexed one
    assert path.stat().st_size == before.st_size
    assert ranked()[0] == ("m1", 9 * 10**9)


def test_edit_within_the_same_clock_tick(store: Path) -> None:
    path = store / "m2.toml"
    path.write_text(ENTRY.format(name="M2", params="7B"), encoding="utf-8")
    assert ranked()[0] == ("m2", 7 * 10**9)
    # a second write of the same size at once: mtime may not move, the index must not care
    path.write_text(ENTRY.format(name="M2", params="8B"), encoding="utf-8")
    assert ranked()[0] == ("m2", 8 * 10**9)


def test_added_and_deleted_files(store: Path) -> None:
    (store / "m3.toml").unlink()
    new = store / "m4.toml"
    new.write_text(ENTRY.format(name="M4", params="4B"), encoding="utf-8")
    age(new)
    assert ranked() == [("m4", 4 * 10**9), ("m2", 2 * 10**9), ("m1", 10**9)]


def test_a_file_broken_after_indexing_is_reported(store: Path) -> None:
    path = store / "m2.toml"
    path.write_text('name = "M2"\nlab = \n', encoding="utf-8")
    age(path, 10)
    result = runner.invoke(app, ["--no-builtin", "rank", "-f", "json"])
    assert result.exit_code == 0
    assert "m2.toml:2:7: not valid TOML" in result.stderr
    assert [m["id"] for m in json.loads(result.stdout)] == ["m3", "m1"]


def test_corrupt_index_is_rebuilt_silently(store: Path, tmp_path: Path) -> None:
    index_files = list((tmp_path / "cache" / "index").glob("*.sqlite3"))
    assert index_files
    for path in index_files:
        path.write_bytes(b"this is not a database" * 100)
    result = runner.invoke(app, ["--no-builtin", "rank", "--by", "params", "-f", "json"])
    assert result.exit_code == 0 and result.stderr == ""
    assert [m["id"] for m in json.loads(result.stdout)] == ["m3", "m2", "m1"]


def test_unwritable_cache_still_answers(store: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    result = runner.invoke(
        app,
        ["--no-builtin", "rank", "--by", "params", "-f", "json"],
        env={"MODELCARD_CACHE_DIR": str(blocker)},
    )
    assert result.exit_code == 0 and result.stderr == ""
    assert [m["id"] for m in json.loads(result.stdout)] == ["m3", "m2", "m1"]


def test_a_new_format_discards_the_old_rows(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    (path,) = list((tmp_path / "cache" / "index").glob("*.sqlite3"))
    con = sqlite3.connect(path)
    con.execute("UPDATE files SET parameters = 1, name = 'stale'")
    con.execute("UPDATE meta SET value = 'old-format'")
    con.commit()
    con.close()
    assert ranked()[0] == ("m3", 3 * 10**9)


def test_show_by_id_does_not_need_the_index(store: Path, tmp_path: Path) -> None:
    cache = tmp_path / "fresh-cache"
    result = runner.invoke(app, ["show", "m1"], env={"MODELCARD_CACHE_DIR": str(cache)})
    assert result.exit_code == 0
    assert not cache.exists()


def test_name_lookup_sees_renames(store: Path) -> None:
    path = store / "m1.toml"
    path.write_text(ENTRY.format(name="Renamed", params="1B"), encoding="utf-8")
    age(path, 30)
    assert runner.invoke(app, ["show", "renamed"]).exit_code == 0
    other = store / "m2.toml"
    other.write_text(ENTRY.format(name="RENAMED", params="2B"), encoding="utf-8")
    age(other, 20)
    both = runner.invoke(app, ["show", "Renamed"])
    assert both.exit_code == 1 and "it names 2 models" in both.stderr


def test_forked_scan_equals_the_plain_one(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from modelcard import index

    for n in range(4, 40):
        path = store / f"m{n}.toml"
        path.write_text(ENTRY.format(name=f"M{n}", params=f"{n}B"), encoding="utf-8")
        age(path, n)
    plain = index.scan(store)
    monkeypatch.setattr(index, "FORK_STAT_MIN", 2)
    assert index.scan(store) == plain
    assert len(plain) == 39
