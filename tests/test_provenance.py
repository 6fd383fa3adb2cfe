"""Every figure says where it came from and how sure it is, by the written rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from modelcard import provenance
from modelcard.entry import Entry
from modelcard.store import Catalog

ROW = provenance.table_source(12, dt.date(2025, 10, 2))


def entry(open_weights: bool | None) -> Entry:
    sources = {k: dict(ROW) for k in ("parameters", "tokens", "benchmarks.mmlu")}
    return Entry(
        id="m",
        name="M",
        lab="L",
        open_weights=open_weights,
        sources=sources,
        parameters=10**11,
        tokens=10**12,
        benchmarks={"mmlu": 50.0},
    )


def test_the_table_is_the_source_of_its_figures() -> None:
    assert ROW == {
        "url": "https://lifearchitect.ai/models-table/",
        "dataset": "lifearchitect",
        "row": "12",
        "snapshot": "2025-10-02",
    }
    assert provenance.describe_source(ROW) == "LifeArchitect.ai Models Table of 2025-10-02, row 12"


@pytest.mark.parametrize(
    ("open_weights", "level"), [(True, "likely"), (False, "speculative"), (None, "speculative")]
)
def test_the_confidence_rule(open_weights: bool | None, level: str) -> None:
    rated = provenance.rated(entry(open_weights))
    assert rated.sources["parameters"]["confidence"] == level
    assert rated.sources["tokens"]["confidence"] == level
    assert rated.sources["benchmarks.mmlu"]["confidence"] == "likely"
    assert provenance.rated(rated) == rated  # it can run again
    assert provenance.is_estimate(rated, "alscore") is (level == "speculative")


def test_a_lab_source_is_not_rated_by_the_table_rule() -> None:
    lab = {"url": "https://lab.example/paper", "confidence": "confident"}
    rated = provenance.rated(entry(False).with_(sources={"parameters": lab}))
    assert rated.sources["parameters"] == lab


def test_computed_figures_are_as_sure_as_their_weakest_count() -> None:
    sure = {"url": "https://lab.example", "confidence": "confident"}
    mixed = provenance.rated(entry(False)).with_(
        active_parameters=10**10,
        sources={**provenance.rated(entry(False)).sources, "active_parameters": sure},
    )
    assert provenance.figure_confidence(mixed, "alscore") == "speculative"
    assert provenance.figure_confidence(mixed, "training_compute") == "speculative"  # tokens
    plain = Entry(id="u", name="U", lab="L", parameters=10**9, tokens=10**12)
    assert provenance.figure_confidences(plain) == dict.fromkeys(
        ("parameters", "active_parameters", "tokens", "alscore", "ratio", "training_compute")
    )
    assert provenance.marked("6T", mixed, "parameters") == "~6T"
    assert provenance.marked("-", mixed, "parameters") == "-"


def test_no_bundled_figure_is_sourced_to_the_rows_paper() -> None:
    for e in Catalog(Path("/nonexistent-home")).entries():
        paper = e.links.get("paper")
        for field, source in e.sources.items():
            if field.startswith("benchmarks.") or field in ("parameters", "tokens"):
                # a table figure names the table; a lab figure names a reviewed page
                assert provenance.from_table(source) or source.get("confidence"), (e.id, field)
                if provenance.from_table(source):
                    assert source["url"] != paper and source["snapshot"] == "2025-10-02"
            assert source.get("confidence") in provenance.LEVELS, (e.id, field)
