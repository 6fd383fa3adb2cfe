from __future__ import annotations

import os
from pathlib import Path

import pytest

from modelcard.atomic import atomic_write
from modelcard.entry import Entry
from modelcard.errors import AlreadyExists, Ambiguous, NotFound
from modelcard.store import Catalog, builtin_dir, resolve_home


def test_home_is_resolved_at_call_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELCARD_HOME", str(tmp_path / "a"))
    assert resolve_home() == tmp_path / "a"
    monkeypatch.setenv("MODELCARD_HOME", str(tmp_path / "b"))
    assert resolve_home() == tmp_path / "b"
    assert resolve_home(tmp_path / "opt") == tmp_path / "opt"
    monkeypatch.setenv("MODELCARD_HOME", "")
    assert resolve_home().name == "modelcard"


def test_user_entry_shadows_bundled(home: Path) -> None:
    catalog = Catalog(home)
    assert catalog.load("dots.llm1").builtin
    catalog.write(Entry(id="dots.llm1", name="dots.llm1", lab="Me"), force=True)
    shadow = catalog.load("dots.llm1")
    assert shadow.lab == "Me" and not shadow.builtin
    assert Catalog(home, builtin=False).ids() == {"dots.llm1": home / "models" / "dots.llm1.toml"}


def test_write_refuses_existing_ids(home: Path) -> None:
    catalog = Catalog(home)
    with pytest.raises(AlreadyExists, match="bundled catalog"):
        catalog.write(Entry(id="dots.llm1", name="dots.llm1", lab="Me"))
    catalog.write(Entry(id="mine", name="Mine", lab="Me"))
    with pytest.raises(AlreadyExists, match="already exists"):
        catalog.write(Entry(id="mine", name="Mine", lab="Other"))
    assert catalog.load("mine").lab == "Me"
    assert sorted(os.listdir(home / "models")) == ["mine.toml"]
    tmp = home / ".modelcard" / "tmp"
    assert not tmp.exists() or os.listdir(tmp) == []


def test_atomic_write_keeps_the_old_file_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.toml"
    target.write_text("old", encoding="utf-8")

    def boom(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="No space"):
        atomic_write(target, "new", tmp_dir=tmp_path / "tmp")
    assert target.read_text(encoding="utf-8") == "old"
    assert list((tmp_path / "tmp").iterdir()) == []


def test_find_by_id_name_and_case(home: Path) -> None:
    catalog = Catalog(home)
    assert catalog.find("dots.llm1").id == "dots.llm1"
    assert catalog.find("DOTS.LLM1").id == "dots.llm1"
    assert catalog.find("claude opus 4").id == "claude-opus-4"
    assert catalog.find("wizardlm").name == "WizardLM"  # an exact id chooses
    with pytest.raises(Ambiguous) as info:
        catalog.find("WizardLM")
    assert "wizardlm " in str(info.value) and "wizardlm-2 " in str(info.value)
    with pytest.raises(NotFound, match="did you mean dots.llm1"):
        catalog.find("dots.llm")


def test_no_prefix_matching(home: Path) -> None:
    with pytest.raises(NotFound):
        Catalog(home).find("Claude Opus")


def test_read_only_use_creates_nothing(home: Path) -> None:
    catalog = Catalog(home)
    catalog.find("dots.llm1")
    catalog.entries()
    assert not home.exists()


def test_bundled_catalog_is_the_models_table_and_the_models_after_it() -> None:
    from modelcard.sources.manifest import bundled

    assert len(list(builtin_dir().glob("*.toml"))) == 811
    counts = bundled().counts
    assert counts["lifearchitect"] == 678
    assert counts["lifearchitect"] + counts["epoch new"] + counts["modelsdev new"] == 811
