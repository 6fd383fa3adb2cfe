"""The bulk writer of `import`: batched syncs, no read-back, the same files as `write`."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from modelcard import atomic
from modelcard.entry import from_mapping, loads, to_mapping
from modelcard.errors import AlreadyExists
from modelcard.importers import read_models_table
from modelcard.store import Catalog

CSV = Path(__file__).parent.parent / "data" / "models-table.csv"


@pytest.fixture(params=["unnamed", "named"])
def way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways of writing: unnamed files (O_TMPFILE) and, where they are not supported,
    one ``atomic_write`` per file."""
    if request.param == "named":
        monkeypatch.setattr(atomic, "_unnamed_supported", lambda folder: False)
    elif not atomic._unnamed_supported(Path("/tmp")):
        pytest.skip("no O_TMPFILE here")
    return str(request.param)


def test_write_many_creates_refuses_and_replaces(tmp_path: Path, way: str) -> None:
    folder, tmp = tmp_path / "models", tmp_path / "tmp"
    folder.mkdir()
    (folder / "old.toml").write_text("old\n", encoding="utf-8")
    (folder / "kept.toml").write_text("kept\n", encoding="utf-8")
    files = [(folder / f"new-{n}.toml", f"n = {n}\n", True) for n in range(1300)]
    files += [(folder / "old.toml", "replaced\n", False), (folder / "kept.toml", "no\n", True)]
    done = list(atomic.write_many(files, folder=folder, tmp_dir=tmp))
    assert done[:-1] == [(target, True) for target, _, _ in files[:-1]]
    assert done[-1] == (folder / "kept.toml", False)
    assert (folder / "new-1299.toml").read_text(encoding="utf-8") == "n = 1299\n"
    assert (folder / "old.toml").read_text(encoding="utf-8") == "replaced\n"
    assert (folder / "kept.toml").read_text(encoding="utf-8") == "kept\n"
    assert len(os.listdir(folder)) == 1302  # nothing but the files
    assert not tmp.exists() or os.listdir(tmp) == []


def test_write_many_names_the_file_it_could_not_write(tmp_path: Path, way: str) -> None:
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "taken.toml").mkdir()  # a folder where a file must go: replacing it fails
    files = [(folder / "a.toml", "a\n", True), (folder / "taken.toml", "t\n", False)]
    with pytest.raises(OSError) as caught:
        list(atomic.write_many(files, folder=folder, tmp_dir=tmp_path / "tmp"))
    assert caught.value.filename == str(folder / "taken.toml")
    assert os.listdir(tmp_path / "tmp") == []


def test_bulk_import_writes_what_it_planned(home: Path, way: str) -> None:
    """Without a read-back per file, the writer is proven here: every entry of the whole
    Models Table, written in bulk, reads back as the very entry planned."""
    table = read_models_table(
        CSV.read_text(encoding="utf-8"), source=CSV.name, updated=dt.date(2026, 1, 1)
    )
    catalog = Catalog(home, builtin=False)
    results = list(catalog.write_many((entry, False) for entry in table.entries))
    assert [refused for _, refused in results] == [None] * len(table.entries)
    for entry in table.entries:
        path = catalog.models_dir / f"{entry.id}.toml"
        text = path.read_text(encoding="utf-8")
        again = loads(text, id=entry.id, source=path.name)
        assert to_mapping(again) == to_mapping(entry)


def test_bulk_write_refuses_a_bundled_id_and_an_existing_file(home: Path) -> None:
    catalog = Catalog(home)
    bundled = catalog.load("dots.llm1")
    mine = Catalog(home, builtin=False)
    first = from_mapping({"name": "Nobody's Model", "lab": "L"}, id="nobodys-model", source="t")
    list(mine.write_many([(first, False)]))
    results = list(catalog.write_many([(bundled, False), (first, False)]))
    reasons = {entry.id: str(refused) for entry, refused in results}
    assert "already exists in the bundled catalog" in reasons["dots.llm1"]
    assert f"{first.id} already exists at" in reasons[first.id]
    assert all(isinstance(refused, AlreadyExists) for _, refused in results)
    assert not (catalog.models_dir / "dots.llm1.toml").exists()


def test_a_low_open_file_limit_does_not_stop_an_import(tmp_path: Path) -> None:
    # a batch holds its files open until the sync: under `ulimit -n 64` it must be smaller
    import resource
    import subprocess
    import sys

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))

    env = {
        **os.environ,
        "MODELCARD_HOME": str(tmp_path / "home"),
        "MODELCARD_NO_STALE_WARNING": "1",
    }
    done = subprocess.run(
        [sys.executable, "-m", "modelcard", "--no-builtin", "import", str(CSV), "-q"],
        env=env,
        capture_output=True,
        text=True,
        preexec_fn=limit,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "home" / "models").glob("*.toml"))) == 678
