"""modelcard import of a whole dataset: the reader chosen by content (not by name), records
matched to the catalog and merged with provenance, only new models and the user's own
entries written, and a second import of the same file writing nothing."""

from __future__ import annotations

import json
import shutil
import tarfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from modelcard.cli import app

from .conftest import ROOT

runner = CliRunner()
DATA = ROOT / "data"
EPOCH = DATA / "epoch-notable-ai-models.csv"
FIXTURES = ROOT / "tests" / "data" / "modelsdev"


def mtimes(home: Path) -> dict[str, int]:
    models = home / "models"
    return {p.name: p.stat().st_mtime_ns for p in models.iterdir()} if models.exists() else {}


def imported(*args: str) -> str:
    result = runner.invoke(app, ["import", *args])
    assert result.exit_code == 0, result.output
    return result.stderr


def test_epoch_twice_the_second_changes_nothing(home: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "download.txt"  # told by its content, not its name
    shutil.copy(EPOCH, renamed)
    first = imported(str(renamed), "--snapshot", "2026-01-26")
    assert "imported 326 models" in first
    assert (
        ": 326 new, 0 updated; 0 unchanged, 154 already in the bundled catalog (not copied)"
        in first
    )
    assert "modelcard: note: 178 values not taken; the first 2:" in first
    assert "--verbose lists all 273 notes; --report FILE writes them as JSON lines" in first
    assert "`modelcard update NAME --url FILE` adds a dataset as a layer instead" in first
    before = mtimes(home)
    assert len(before) == 326
    second = imported(str(renamed), "--snapshot", "2026-01-26")
    assert "imported 0 models" in second and ": 0 new, 0 updated; 326 unchanged" in second
    assert mtimes(home) == before
    # a model of 2019 that only Epoch has (not in the bundled catalog), with its compute
    bert = json.loads(runner.invoke(app, ["show", "Megatron-BERT", "-f", "json"]).stdout)
    assert bert["source"] == "user" and bert["reported_compute"] == 2.2e22
    assert bert["sources"]["training_compute"]["dataset"] == "epoch"
    assert bert["sources"]["training_compute"]["snapshot"] == "2026-01-26"


def test_models_dev_as_a_folder_an_archive_and_json(home: Path, tmp_path: Path) -> None:
    with tarfile.open(DATA / "models-dev.tar.gz") as archive:
        archive.extractall(tmp_path / "checkout", filter="data")
    checkout = next(p for p in (tmp_path / "checkout").rglob("models") if p.is_dir()).parent
    first = imported(str(checkout), "--snapshot", "2026-07-02")
    assert ": 84 new, 0 updated; 0 unchanged, 169 already in the bundled catalog" in first
    assert "53 records skipped" in first
    before = mtimes(home)
    # the archive of the same snapshot is the same data: nothing to change
    again = imported(str(DATA / "models-dev.tar.gz"), "--snapshot", "2026-07-02")
    assert ": 0 new, 0 updated; 84 unchanged" in again
    assert mtimes(home) == before
    # and the service's JSON, told apart by its shape
    api = tmp_path / "export"
    shutil.copy(FIXTURES / "api.json", api)
    assert "already in the bundled catalog" in imported(str(api))


def test_into_an_empty_store_without_the_bundled_catalog(home: Path) -> None:
    result = runner.invoke(app, ["--no-builtin", "import", str(EPOCH), "--snapshot", "2026-01-26"])
    assert result.exit_code == 0, result.output
    assert "imported 480 models" in result.stderr
    llama = json.loads(
        runner.invoke(app, ["--no-builtin", "show", "Llama 3.1-405B", "-f", "json"]).stdout
    )
    assert llama["parameters"] == 405 * 10**9 and llama["reported_compute"] == 3.8e25
    assert llama["confidence"]["parameters"] == "confident"


def test_force_copies_what_a_lower_layer_has(home: Path) -> None:
    result = runner.invoke(
        app, ["import", str(FIXTURES / "catalog.json"), "--force", "--snapshot", "2026-07-02"]
    )
    assert result.exit_code == 0, result.output
    assert "copied from a lower layer (--force)" in result.stderr
    kimi = json.loads(runner.invoke(app, ["show", "kimi-k2.6", "-f", "json"]).stdout)
    assert kimi["source"] == "user" and kimi["context_window"] == 262144


def test_dry_run_and_strict_write_nothing(home: Path) -> None:
    dry = runner.invoke(app, ["import", str(EPOCH), "--dry-run"])
    assert dry.exit_code == 0 and "checked 326 models from" in dry.stderr
    strict = runner.invoke(app, ["import", str(EPOCH), "--strict"])
    assert strict.exit_code == 1 and "nothing written (--strict)" in strict.stderr
    assert not (home / "models").exists()


def test_a_user_entry_takes_what_a_dataset_adds(home: Path) -> None:
    added = runner.invoke(
        app,
        [
            "add",
            "Olmo 3",
            "--lab",
            "Allen AI",
            "--params",
            "20B",
            "--released",
            "2025-11",
            "--force",
        ],
    )
    assert added.exit_code == 0, added.output
    result = imported(str(EPOCH), "--snapshot", "2026-01-26")
    assert " 1 updated;" in result
    olmo = json.loads(runner.invoke(app, ["show", "olmo-3", "-f", "json"]).stdout)
    assert olmo["parameters"] == 20 * 10**9  # what the user typed stays
    assert olmo["alternatives"]["parameters"][0]["value"] == 32 * 10**9  # Epoch's, beside it
    assert olmo["alternatives"]["parameters"][0]["confidence"] == "confident"
    assert olmo["tokens"] == 5_500_000_000_000 and olmo["sources"]["tokens"]["dataset"] == "epoch"
    assert olmo["released"] == "2025-11"  # the user's month stays: the day agrees with it


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a,b\n1,2\n", "not a Models Table export"),
        ('{"not": "models.dev"}', "not models.dev JSON (neither api.json, models.json nor"),
    ],
)
def test_a_file_no_reader_knows(home: Path, tmp_path: Path, text: str, message: str) -> None:
    other = tmp_path / "other"
    other.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["import", str(other)])
    assert result.exit_code == 1 and message in result.stderr
    assert not home.exists()


def test_the_newer_models_table_layout(home: Path, tmp_path: Path) -> None:
    table = tmp_path / "sheet.csv"
    table.write_text(
        "https://lifearchitect.ai/models-table/,,,,,\n"
        'Model,Lab,"Params (total, B)","Params (active, B)",Announced,Arch,'
        "Tokens trained (B),,ALScore,MMLU\n"
        "Sheet Model,Sheet Lab,1000,32,2026-04-21,MoE,15500,,,\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["import", str(table), "--snapshot", "2026-05-01"])
    assert result.exit_code == 0, result.output
    assert "imported 1 model" in result.stderr
    model = json.loads(runner.invoke(app, ["show", "sheet-model", "-f", "json"]).stdout)
    assert (model["parameters"], model["active_parameters"]) == (10**12, 32 * 10**9)
    assert model["released"] == "2026-04-21" and model["status"] == "released"
    assert model["sources"]["active_parameters"]["row"] == "3"  # the header is row 2
    assert model["sources"]["active_parameters"]["snapshot"] == "2026-05-01"
