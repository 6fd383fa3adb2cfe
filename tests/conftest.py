from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CSV = ROOT / "data" / "models-table.csv"
REFERENCE = ROOT.parent / "shared" / "reference" / "dots.llm1.md"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own store; nothing touches a real home."""
    home = tmp_path / "home"
    monkeypatch.setenv("MODELCARD_HOME", str(home))
    monkeypatch.setenv("MODELCARD_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("MODELCARD_NO_BUILTIN", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    return home


@pytest.fixture
def home(isolated: Path) -> Path:
    return isolated
