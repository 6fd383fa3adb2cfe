from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CSV = ROOT / "data" / "models-table.csv"
# the shared reference card, beside the repository (CI's clone) or two levels up (a
# worktree under wt/); None when neither has it, which test_card reports as a skip
REFERENCE = next(
    (
        folder / "shared" / "reference" / "dots.llm1.md"
        for folder in (ROOT.parent, ROOT.parent.parent)
        if (folder / "shared" / "reference" / "dots.llm1.md").is_file()
    ),
    None,
)


@pytest.fixture(autouse=True, scope="session")
def isolated_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Module-scoped fixtures run before the per-test isolation: give them a cache and a
    home of their own too, so that no test touches the real ones."""
    import os

    saved = {k: os.environ.get(k) for k in ("MODELCARD_HOME", "MODELCARD_CACHE_DIR")}
    os.environ["MODELCARD_HOME"] = str(tmp_path_factory.mktemp("session-home"))
    os.environ["MODELCARD_CACHE_DIR"] = str(tmp_path_factory.mktemp("session-cache"))
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own store; nothing touches a real home."""
    home = tmp_path / "home"
    monkeypatch.setenv("MODELCARD_HOME", str(home))
    monkeypatch.setenv("MODELCARD_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("MODELCARD_NO_BUILTIN", raising=False)
    monkeypatch.delenv("MODELCARD_PATH", raising=False)
    # the note on an old catalog depends on today's date; the tests that want it unset this
    monkeypatch.setenv("MODELCARD_NO_STALE_WARNING", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    return home


@pytest.fixture
def home(isolated: Path) -> Path:
    return isolated


GOLDEN_CARD = Path(__file__).parent / "golden" / "dots.llm1.md"
