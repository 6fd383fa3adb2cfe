"""The bundled catalog built from the three snapshots: current to mid-2026, one entry per
model with every source it has, the hard cases kept apart, and every disagreement kept."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from modelcard.cli import app
from modelcard.entry import ANNOUNCED, RELEASED, Entry, status
from modelcard.store import Catalog

runner = CliRunner()


def show(name: str) -> dict[str, Any]:
    result = runner.invoke(app, ["show", name, "-f", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def datasets(model: dict[str, Any]) -> set[str]:
    return {s.get("dataset") for s in model["sources"].values()} - {None}


def test_the_newest_models_are_of_2026() -> None:
    result = runner.invoke(app, ["rank", "--by", "released", "-n", "5", "-f", "json"])
    top = json.loads(result.stdout)
    assert len(top) == 5 and all(m["released"].startswith("2026-") for m in top)
    assert all(m["status"] == "released" for m in top)


@pytest.mark.parametrize(
    ("name", "released", "context", "open_weights"),
    [
        ("Kimi K2.6", "2026-04-21", 262144, True),
        ("DeepSeek V4 Pro", "2026-04-24", 1000000, True),
        ("Claude Opus 4.7", "2026-04-16", 1000000, False),
    ],
)
def test_new_models_with_date_context_and_open_weights(
    name: str, released: str, context: int, open_weights: bool
) -> None:
    model = show(name)
    assert (model["released"], model["context_window"], model["open_weights"]) == (
        released,
        context,
        open_weights,
    )
    for field in ("released", "context_window", "open_weights"):
        source = model["sources"][field]
        assert source["dataset"] == "modelsdev" and source["snapshot"] == "2026-07-02"
        assert source["url"].startswith("https://github.com/anomalyco/models.dev/blob/f3fc692/")
    lines = runner.invoke(app, ["show", name]).stdout.splitlines()
    fields = lines[1 : lines.index("  Sources:")]
    shown = {line.split(":")[0].strip(): line.split(":", 1)[1].strip() for line in fields}
    assert shown["Released"] == released
    assert shown["Context window"] == f"{context:,} tokens  [likely]"
    assert shown["Open weights"] == ("yes" if open_weights else "no") + "  [likely]"
    # its source: the models.dev file, with the fields it gives
    sources = lines[lines.index("  Sources:") :]
    cited = next(i for i, line in enumerate(sources) if "context_window" in line)
    assert sources[cited - 2].startswith("    https://github.com/anomalyco/models.dev/blob/")
    assert sources[cited - 1].startswith("      models.dev of 2026-07-02, row models/")


def test_an_epoch_only_model_with_epochs_confidence_and_compute() -> None:
    olmo = show("Olmo 3")
    assert datasets(olmo) == {"epoch"}
    assert olmo["parameters"] == 32 * 10**9 and olmo["confidence"]["parameters"] == "confident"
    assert olmo["sources"]["parameters"]["url"] == "https://epoch.ai/data/notable-ai-models"
    thinking = show("Kimi K2 Thinking")  # Epoch's, and models.dev's limits and price
    assert datasets(thinking) == {"epoch", "modelsdev"}
    assert thinking["reported_compute"] == pytest.approx(4.2e24, rel=0.5)
    assert thinking["sources"]["training_compute"]["dataset"] == "epoch"
    text = runner.invoke(app, ["show", "Kimi K2 Thinking"]).stdout
    assert "  Reported compute:  " in text and "FLOPs (Epoch AI)" in text


def test_llama_405b_is_one_entry_with_both_sources() -> None:
    llama = show("Llama 3.1 405B")
    assert llama["id"] == "llama-3.1-405b"
    assert llama["sources"]["parameters"]["dataset"] == "lifearchitect"
    assert llama["sources"]["training_compute"]["dataset"] == "epoch"
    assert llama["reported_compute"] == 3.8e25
    assert llama["training_compute"] == 6 * 405 * 10**9 * 15_600 * 10**9  # 6·N·D, beside it
    assert show("Llama 3.1-405B")["id"] == "llama-3.1-405b"  # Epoch's spelling finds it


@pytest.mark.parametrize(
    ("one", "other", "why"),
    [
        ("mistral-large", "mistral-large-2", "Feb 2024 against Jul 2024 (2407)"),
        ("deepseek-v3", "deepseek-v3-0324", "a snapshot suffix is another model"),
        ("qwen3-235b-a22b", "qwen3-235b-a22b-thinking-2507", "-2507 is another checkpoint"),
        ("claude-3.5-sonnet", "claude-3.5-sonnet-new", "(new) is the October model"),
        ("deepseek-v3.2", "deepseek-v3", "deepseek-chat is V3.2 in this snapshot only"),
    ],
)
def test_the_hard_cases_are_not_merged(one: str, other: str, why: str) -> None:
    a, b = show(one), show(other)
    rows = {s.get("row") for s in a["sources"].values()} & {
        s.get("row") for s in b["sources"].values()
    }
    assert not rows - {None}, why
    assert a["released"][:7] != b["released"][:7], why


def test_mistral_large_2411_and_pointers_join_nothing() -> None:
    everything = json.loads(runner.invoke(app, ["rank", "-f", "json"]).stdout)
    rows = {(s.get("dataset"), s.get("row")) for m in everything for s in m["sources"].values()}
    assert ("modelsdev", "models/mistral/mistral-large-2411.toml") not in rows
    assert not [r for r in rows if r[0] == "modelsdev" and str(r[1]).endswith("-latest.toml")]
    # deepseek-chat is no alias: a name that moves names no model
    aliases = {a.lower() for m in everything for a in m["aliases"]}
    assert "deepseek-chat" not in aliases and "deepseek-reasoner" not in aliases


def test_status_is_the_snapshot_of_the_source_that_dates_it() -> None:
    entries = {e.id: e for e in Catalog_entries()}
    assert status(entries["kimi-k2.6"]) == RELEASED
    tba = [e for e in entries.values() if e.released is None]
    assert tba and all(status(e) == ANNOUNCED for e in tba)
    planned = Entry(
        id="x",
        name="X",
        lab="L",
        released="2025-11",
        sources={
            "released": {"url": "https://lifearchitect.ai/models-table/", "snapshot": "2025-10-02"}
        },
    )
    assert status(planned) == ANNOUNCED
    dated = planned.with_(
        sources={"released": {"url": "https://models.dev", "snapshot": "2026-07-02"}}
    )
    assert status(dated) == RELEASED


def Catalog_entries() -> list[Entry]:
    from pathlib import Path

    return Catalog(Path("/nonexistent-home")).entries()


def test_validate_conflicts_lists_every_value_kept_beside_another() -> None:
    result = runner.invoke(app, ["validate", "--conflicts"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("conflict: ")]
    assert len(lines) == 51
    assert "51 values kept beside another" in result.stderr
    ul2 = next(line for line in lines if line.startswith("conflict: ul2-20b: open_weights: "))
    assert "yes (likely; Epoch AI of 2026-01-26" in ul2 and "; also no (likely;" in ul2
    data = json.loads(runner.invoke(app, ["validate", "--conflicts", "-f", "json"]).stdout)
    assert len(data["conflicts"]) == 51 and data["ok"] is True
    first = data["conflicts"][0]
    assert set(first) == {"id", "field", "value", "source", "other_value", "other_source", "layer"}


def test_the_manifest_credits_each_source() -> None:
    from modelcard.sources.manifest import bundled

    manifest = bundled()
    assert manifest.snapshots == {
        "lifearchitect": "2025-10-02",
        "epoch": "2026-01-26",
        "modelsdev": "2026-07-02",
    }
    assert manifest.datasets["epoch"].credit == "Data: Epoch AI (epoch.ai)"
    assert "CC BY 4.0" in manifest.datasets["epoch"].licence
    assert manifest.counts["entries"] == 811
