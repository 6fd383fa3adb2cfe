from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from modelcard.cli import app

runner = CliRunner()


def complete(words: str, home: Path) -> list[str]:
    env = {
        **os.environ,
        "_MODELCARD_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
        "MODELCARD_HOME": str(home),
    }
    done = subprocess.run(
        [sys.executable, "-m", "modelcard"], env=env, capture_output=True, text=True, check=False
    )
    return done.stdout.split()


def test_model_ids_complete_from_file_names(home: Path) -> None:
    assert complete("modelcard show dots", home) == ["dots.llm1"]
    assert complete("modelcard compare claude-opus-4.", home) == [
        "claude-opus-4.1",
        "claude-opus-4.5",
        "claude-opus-4.6",
        "claude-opus-4.7",
        "claude-opus-4.8",
    ]
    runner.invoke(app, ["add", "Dotty", "--lab", "L"])
    assert complete("modelcard export dot", home) == ["dots.llm1", "dotty"]
    assert complete("modelcard --no-builtin show dot", home) == ["dotty"]


def test_by_fields_complete(home: Path) -> None:
    assert complete("modelcard rank --by mm", home) == ["mmlu", "mmlu-pro", "mmmu"]
    assert complete("modelcard search x --by act", home) == ["active-params"]
