"""The pre-commit hook (.pre-commit-hooks.yaml), run by the real pre-commit: a team's catalog
repository with one good and one bad entry fails, naming the bad one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent))


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is in the test extra")
@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="try-repo needs this git repository")
def test_the_hook_checks_a_team_catalog(tmp_path: Path) -> None:
    repo = tmp_path / "team-catalog"
    (repo / "models").mkdir(parents=True)
    (repo / "models" / "good.toml").write_text(
        'name = "Good"\nlab = "Team"\nparameters = "7B"\n', encoding="utf-8"
    )
    (repo / "models" / "bad.toml").write_text(
        'name = "Bad"\nlab = "Team"\nparameters = "seven"\n', encoding="utf-8"
    )
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    env.pop("MODELCARD_HOME", None)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    assert PRE_COMMIT is not None
    done = subprocess.run(
        [PRE_COMMIT, "try-repo", str(ROOT), "modelcard-validate", "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "modelcard validate" in output and "Failed" in output
    assert "error: models/bad.toml: parameters: 'seven' is not a count" in output
    assert "good.toml" not in output
    assert "checked 2 entry files: 1 error, 0 warnings" in output
