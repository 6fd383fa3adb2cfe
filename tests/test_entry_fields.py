"""The fields other sources give (training compute as stated, limits, knowledge cutoff,
licence, prices, the weights link) and [alternatives]: checked, written, read back, shown."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from modelcard import entry as entry_mod
from modelcard.cli import app
from modelcard.errors import InvalidEntry

runner = CliRunner()

FULL: dict[str, Any] = {
    "name": "Full",
    "lab": "Lab",
    "released": "2026-03-02",
    "parameters": "400B",
    "tokens": "10T",
    "training_compute": 3.8e25,
    "context_window": 131072,
    "output_limit": 8192,
    "knowledge_cutoff": "2025-06",
    "license": "Apache-2.0",
    "price_input": 1.25,
    "price_output": 10,
    "links": {"weights": "https://huggingface.co/lab/full"},
    "sources": {
        "training_compute": {
            "url": "https://epoch.ai/data/notable-ai-models",
            "confidence": "likely",
            "dataset": "epoch",
            "snapshot": "2026-01-26",
            "row": "7",
        },
        "links.weights": "https://models.dev",
    },
    "alternatives": {
        "parameters": [
            {
                "value": "1T",
                "url": "https://epoch.ai/data/notable-ai-models",
                "confidence": "speculative",
                "dataset": "epoch",
                "snapshot": "2026-01-26",
                "row": "7",
            }
        ],
        "released": [{"value": "2026-02", "note": "the value held before, which names no source"}],
    },
}


def test_a_full_entry_reads_back_as_written() -> None:
    entry = entry_mod.from_mapping(FULL, id="full", source="full.toml")
    assert entry.training_compute == 3.8e25 and entry.price_output == 10.0
    assert entry.alternatives["parameters"][0]["value"] == 10**12
    text = entry_mod.dumps(entry)
    assert tomllib.loads(text)["alternatives"]["parameters"][0]["value"] == "1T"
    assert entry_mod.loads(text, id="full", source="t") == entry


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("training_compute", -1, "training_compute: '-1' is not a number of FLOP"),
        ("training_compute", "lots", "training_compute: 'lots' is not a number of FLOP"),
        ("context_window", 1.5, "context_window: expected a whole number of tokens"),
        ("context_window", 0, "context_window: 0 is not a number of tokens"),
        ("output_limit", True, "output_limit: expected a whole number of tokens"),
        ("knowledge_cutoff", "June 2025", "knowledge_cutoff: 'June 2025' is not YYYY"),
        ("price_input", -0.5, "price_input: '-0.5' is not a price per million tokens"),
        ("price_output", float("nan"), "price_output: 'nan' is not a price"),
        ("license", "x" * 201, "license: 201 characters is too long"),
    ],
)
def test_bad_values_name_the_field(field: str, value: object, message: str) -> None:
    with pytest.raises(InvalidEntry, match="^t.toml: " + message.replace("(", r"\(")):
        entry_mod.from_mapping({"name": "X", "lab": "L", field: value}, id="x", source="t.toml")


@pytest.mark.parametrize(
    ("alternatives", "message"),
    [
        ({"vibes": [{"value": 1}]}, "alternatives: 'vibes' is not a sourced field"),
        ({"parameters": []}, r"alternatives.parameters: expected a list"),
        ({"parameters": [{"url": "https://x.org"}]}, r"alternatives.parameters\[1\]: expected a"),
        ({"parameters": [{"value": "lots", "note": "n"}]}, r"\[1\]: 'lots' is not a count"),
        ({"parameters": [{"value": "7B"}]}, r"\[1\]: say where the value comes from"),
        ({"parameters": [{"value": "7B", "url": "ftp://x"}]}, r"\[1\]\.url: 'ftp://x' is not"),
        ({"parameters": [{"value": "7B", "note": "a\x07"}]}, r"\[1\]\.note: control characters"),
        (
            {"benchmarks.MMLU": [{"value": 1, "note": "n"}], "benchmarks.mmlu": [{"value": 2}]},
            "alternatives: 'benchmarks.mmlu' names benchmarks.mmlu a second time",
        ),
    ],
)
def test_bad_alternatives(alternatives: dict[str, Any], message: str) -> None:
    data = {"name": "X", "lab": "L", "alternatives": alternatives}
    with pytest.raises(InvalidEntry, match=message):
        entry_mod.from_mapping(data, id="x", source="t.toml")


def test_sources_name_a_field_once_and_notes_may_span_lines() -> None:
    twice = {"benchmarks.MMLU": "https://a.org", "benchmarks.mmlu": "https://b.org"}
    with pytest.raises(InvalidEntry, match="names benchmarks.mmlu a second time"):
        entry_mod.from_mapping({"name": "X", "lab": "L", "sources": twice}, id="x", source="t")
    escape = {"parameters": {"url": "https://a.org", "note": "red \x1b[31m"}}
    with pytest.raises(InvalidEntry, match="sources.parameters.note: control characters"):
        entry_mod.from_mapping({"name": "X", "lab": "L", "sources": escape}, id="x", source="t")
    data = {
        "name": "X",
        "lab": "L",
        "parameters": "7B",
        "sources": {"parameters": {"url": "https://a.org", "note": "one\ntwo\tcells"}},
        "alternatives": {"parameters": [{"value": "8B", "url": "https://b.org", "note": "a\nb"}]},
    }
    entry = entry_mod.from_mapping(data, id="x", source="t")
    again = entry_mod.loads(entry_mod.dumps(entry), id="x", source="t")
    assert again.sources["parameters"]["note"] == "one\ntwo\tcells"
    assert again.alternatives["parameters"][0]["note"] == "a\nb"


def test_show_compare_json_and_rank(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "full.toml"
    path.write_text(entry_mod.dumps(entry_mod.from_mapping(FULL, id="full", source="t")), "utf-8")
    assert runner.invoke(app, ["add", "--from", str(path)]).exit_code == 0
    text = runner.invoke(app, ["show", "full"]).stdout
    for line in (
        "  Training compute:  2.40e+25 FLOPs (6·N·D estimate)",
        "  Reported compute:  3.80e+25 FLOPs (Epoch AI)  [likely]",
        "  Context window:    131,072 tokens",
        "  Output limit:      8,192 tokens",
        "  Knowledge cutoff:  2025-06",
        "  License:           Apache-2.0",
        "  Price:             $1.25 in, $10.00 out per million tokens",
        "  Links:",
        "    weights: https://huggingface.co/lab/full",
        "  Other sources disagree:",
        "    parameters: 1T (speculative; Epoch AI of 2026-01-26, row 7)",
        "    released: 2026-02 (the value held before, which names no source)",
    ):
        assert any(shown.startswith(line) for shown in text.splitlines()), line
    record = json.loads(runner.invoke(app, ["show", "full", "-f", "json"]).stdout)
    assert record["reported_compute"] == 3.8e25 and record["training_compute"] == 24 * 10**24
    assert (record["context_window"], record["price_input"]) == (131072, 1.25)
    assert record["alternatives"]["parameters"][0]["value"] == 10**12
    compared = runner.invoke(app, ["compare", "full", "dots.llm1"]).stdout
    assert "Context window" in compared and "131,072 tokens" in compared
    assert "Other sources disagree\n  Full\n    parameters: 1T (speculative; Epoch" in compared
    card = runner.invoke(app, ["export", "full"]).stdout
    assert "131" not in card and "Apache" not in card  # the card format has no such fields
    for by, title, cell in (
        ("context", "Context", "131,072"),
        ("price", "$/M in", "$1.25"),
        ("reported-compute", "Reported FLOPs", "3.80e+25"),
        ("cutoff", "Cutoff", "2025-06"),
    ):
        ranked = runner.invoke(app, ["rank", "--by", by, "--lab", "Lab"]).stdout
        assert title in ranked and cell in ranked, by
    cheapest = json.loads(
        runner.invoke(app, ["rank", "--by", "price", "--asc", "-f", "json"]).stdout
    )
    prices = [m["price_input"] for m in cheapest if m["price_input"] is not None]
    assert prices == sorted(prices) and prices[0] < 0.1
