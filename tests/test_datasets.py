"""The datasets are named in one place; everything that names one agrees with it."""

from __future__ import annotations

import tomllib

from modelcard import datasets, entry, provenance
from modelcard.sources.manifest import bundled_path


def test_a_source_may_name_exactly_the_registered_datasets() -> None:
    assert entry.DATASETS == datasets.KEYS
    assert datasets.KEYS == ("lifearchitect", "epoch", "modelsdev", "hf-card", "checkpoint")


def test_the_built_catalog_records_what_the_registry_says() -> None:
    """catalog.toml is written from the registry by scripts/build_catalog.py; a registry
    changed without a rebuild shows here."""
    recorded = tomllib.loads(bundled_path().read_text(encoding="utf-8"))["datasets"]
    assert list(recorded) == list(datasets.BUNDLED)
    for key, d in datasets.BUNDLED.items():
        written = recorded[key]
        assert (written["title"], written["url"]) == (d.title, d.url)
        assert (written["licence"], written["credit"]) == (d.licence, d.credit)
        assert str(written["snapshot"]) == d.snapshot


def test_names_and_credits() -> None:
    assert datasets.title("epoch") == "Epoch AI, Notable AI Models"
    assert datasets.name("epoch") == "Epoch AI"
    assert datasets.title("someone-else") == "someone-else"
    row = {"dataset": "epoch", "snapshot": "2026-01-26", "row": "7"}
    assert provenance.describe_source(row) == "Epoch AI of 2026-01-26, row 7"
    assert datasets.EPOCH.credit_markdown() == (
        "[Epoch AI, Notable AI Models](https://epoch.ai/data/notable-ai-models), accessed "
        "2026-01-26; licence: [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/); "
        "credit: Data: Epoch AI (epoch.ai)"
    )


def test_credited_datasets_come_in_registry_order_with_their_snapshots() -> None:
    from modelcard.entry import from_mapping

    def sourced(dataset: str, snapshot: str) -> dict[str, str]:
        return {"url": "https://example.org/", "dataset": dataset, "snapshot": snapshot}

    a = from_mapping(
        {"name": "A", "lab": "L", "parameters": "7B", "tokens": "1T",
         "sources": {"parameters": sourced("modelsdev", "2026-07-02"),
                     "tokens": sourced("epoch", "2026-02-01")}},
        id="a", source="t",
    )  # fmt: skip
    b = from_mapping(
        {"name": "B", "lab": "L", "parameters": "7B",
         "sources": {"parameters": sourced("epoch", "2026-01-26")}},
        id="b", source="t",
    )  # fmt: skip
    assert datasets.credited([a, b]) == {
        "epoch": {"2026-01-26", "2026-02-01"},
        "modelsdev": {"2026-07-02"},
    }
