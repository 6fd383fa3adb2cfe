"""Telling a source's format from its content, never from its file name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from modelcard.sources.detect import detect, read
from modelcard.sources.records import SourceError

from .conftest import ROOT

DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "data" / "modelsdev"
NEWER_TABLE = (
    "https://lifearchitect.ai/models-table/,,,,,\n"
    'Model,Lab,"Params (total, B)","Params (active, B)",Announced,Arch,'
    "Tokens trained (B),,ALScore,MMLU\n"
    "Kimi K2.6,Moonshot AI,1000,32,2026-04-21,MoE,15500,,,\n"
)


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        (DATA / "models-table.csv", "lifearchitect"),
        (DATA / "epoch-notable-ai-models.csv", "epoch"),
        (DATA / "models-dev.tar.gz", "modelsdev-archive"),
        (FIXTURES / "api.json", "modelsdev-json"),
        (FIXTURES / "catalog.json", "modelsdev-json"),
    ],
)
def test_the_real_files(source: Path, kind: str, tmp_path: Path) -> None:
    assert detect(source) == kind
    # a file name says nothing: the same content under a misleading name
    renamed = tmp_path / ("data.json" if source.suffix != ".json" else "table.csv")
    shutil.copyfile(source, renamed)
    assert detect(renamed) == kind


def test_the_newer_models_table_layout(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(NEWER_TABLE, encoding="utf-8")
    assert detect(path) == "lifearchitect"


def test_a_checkout_folder(tmp_path: Path) -> None:
    (tmp_path / "models" / "lab").mkdir(parents=True)
    assert detect(tmp_path) == "modelsdev-checkout"


@pytest.mark.parametrize(
    "content",
    [b"", b"Name,Org,Date\nA,B,C\n", b"\x00\x01\x02binary", "Modèle,Labo\n".encode("latin-1")],
)
def test_anything_else_is_refused_with_its_path(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "mystery.csv"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=r"mystery\.csv: not a known source"):
        detect(path)


def test_a_folder_that_is_no_checkout_and_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not a models.dev checkout"):
        detect(tmp_path)
    with pytest.raises(SourceError, match="cannot be read"):
        detect(tmp_path / "missing.csv")


def test_read_hands_each_format_to_its_reader() -> None:
    assert read(DATA / "epoch-notable-ai-models.csv").dataset == "epoch"
    api = read(FIXTURES / "api.json", url="https://example.org/api.json", snapshot="2026-11-29")
    source = api.records[0].figures["released"].source
    assert (source.url, source.snapshot) == ("https://example.org/api.json", "2026-11-29")
    with pytest.raises(SourceError, match="modelcard.importers"):
        read(DATA / "models-table.csv")
