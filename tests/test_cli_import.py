from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from modelcard.cli import app
from modelcard.store import Catalog

from .conftest import CSV

runner = CliRunner()


def test_import_the_snapshot_into_an_empty_store(home: Path) -> None:
    result = runner.invoke(app, ["--no-builtin", "import", str(CSV), "--updated", "2025-10-02"])
    assert result.exit_code == 0, result.output
    assert "skipped row 680: Lab: empty, so this row is no model" in result.stderr
    assert "row 179: DeepSeek-V3.1-Terminus: sheet ALScore 10.6, computed 10.9" in result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"imported 678 models from {CSV} into {home / 'models'}; 1 row skipped, "
        "0 already present, 9 warnings, 29 active counts inferred"
    )
    assert len(list((home / "models").glob("*.toml"))) == 678
    # every imported entry validates
    entries = Catalog(home, builtin=False).entries()
    assert len(entries) == 678
    # and the bundled catalog is these entries with the reviewed data of data/curation
    # added (aliases, open weights, active counts, the labs' own figures): the table's
    # other facts are the same, model for model
    bundled = {e.id: e for e in Catalog(home / "none").entries()}
    same = ("name", "lab", "released", "access", "dataset", "tags", "notes", "benchmarks")
    for entry in entries:
        twin = bundled[entry.id]
        assert [getattr(entry, k) for k in same] == [getattr(twin, k) for k in same], entry.id
        assert entry.links == twin.links, entry.id


def test_reimport_skips_existing_unless_forced(home: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "t.csv"
    csv_file.write_text("Model,Lab,Parameters (B)\nA,L,7\nB,L,8\n", encoding="utf-8")
    assert runner.invoke(app, ["import", str(csv_file)]).exit_code == 0
    again = runner.invoke(app, ["import", str(csv_file)])
    assert again.exit_code == 0
    assert "row 2: a exists; skipped" in again.stderr
    assert "imported 0 models" in again.stderr and "2 already present" in again.stderr
    csv_file.write_text("Model,Lab,Parameters (B)\nA,L,9\n", encoding="utf-8")
    assert runner.invoke(app, ["import", str(csv_file), "--force"]).exit_code == 0
    shown = json.loads(runner.invoke(app, ["show", "a", "-f", "json"]).stdout)
    assert shown["parameters"] == 9 * 10**9


def test_strict_and_dry_run_write_nothing(home: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "t.csv"
    csv_file.write_text("Model,Lab,Parameters (B)\nA,L,7\nB,L,x\n", encoding="utf-8")
    strict = runner.invoke(app, ["import", str(csv_file), "--strict"])
    assert strict.exit_code == 1 and "nothing written (--strict)" in strict.stderr
    dry = runner.invoke(app, ["import", str(csv_file), "--dry-run"])
    assert dry.exit_code == 0 and "checked 1 model from" in dry.stderr
    assert not (home / "models").exists()
    ok = runner.invoke(app, ["import", str(csv_file)])
    assert ok.exit_code == 0 and "skipped row 3: Parameters (B): 'x' is not a count" in ok.stderr
    assert [p.name for p in (home / "models").iterdir()] == ["a.toml"]


def test_not_a_table_writes_nothing(home: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(other)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"modelcard: error: {other}: not a Models Table export")
    assert not home.exists()
    missing = runner.invoke(app, ["import", str(tmp_path / "nope.csv")])
    assert missing.exit_code == 1 and "nope.csv: No such file" in missing.stderr
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"\xff\xfe\x00bad")
    assert "not UTF-8" in runner.invoke(app, ["import", str(binary)]).stderr
