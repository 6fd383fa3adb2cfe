"""The material in examples/ runs as the README says it does."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from modelcard.cli import app

from .conftest import ROOT
from .markdown_check import broken_rows, dead_links

EXAMPLES = ROOT / "examples"
runner = CliRunner()
needs_jq = pytest.mark.skipif(shutil.which("jq") is None, reason="the scripts use jq")


def script(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    return subprocess.run(
        ["bash", str(EXAMPLES / name), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )


@pytest.mark.parametrize("name", ["dense-model", "moe-model", "extra-benchmarks"])
def test_example_entries_are_accepted(name: str, home: Path) -> None:
    result = runner.invoke(app, ["add", "--from", str(EXAMPLES / "entries" / f"{name}.toml")])
    assert result.exit_code == 0, result.output
    shown = json.loads(runner.invoke(app, ["show", result.stdout.strip(), "-f", "json"]).stdout)
    assert shown["source"] == "user"


def test_moe_example_uses_active_parameters(home: Path) -> None:
    runner.invoke(app, ["add", "--from", str(EXAMPLES / "entries" / "moe-model.toml")])
    shown = json.loads(runner.invoke(app, ["show", "example-moe-235b-a22b", "-f", "json"]).stdout)
    assert shown["training_compute"] == 6 * 22 * 36 * 10**21
    card = runner.invoke(app, ["export", "example-moe-235b-a22b"]).stdout
    assert "| **MMLU** | 87.8 |" in card


@needs_jq
def test_export_moe_cards(tmp_path: Path) -> None:
    done = script("export-moe-cards.sh", str(tmp_path / "cards"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"exported 131 MoE cards to {tmp_path / 'cards'}"


@needs_jq
def test_lab_leaderboard() -> None:
    done = script("lab-leaderboard.sh", "Anthropic")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("# Anthropic: ") and lines[0].endswith(" models by ALScore")
    assert lines[4].startswith("| 1 | Claude Opus 4 | 6000 | 100000 | 81.6 | Extremely powerful |")
    assert broken_rows(done.stdout) == []
    missing = script("lab-leaderboard.sh", "No Such Lab")
    assert missing.returncode == 1 and "--lab: no model is from 'No Such Lab'" in missing.stderr


@needs_jq
def test_publish_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = script("publish-site.sh", str(site))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"site in {site}: 678 cards"
    assert dead_links(site) == []
