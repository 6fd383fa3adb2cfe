"""The merge policy (a table of data, tested on its own) and the merge: provenance kept per
field, disagreements kept beside the chosen value, the same record twice changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modelcard import entry as entry_mod
from modelcard.sources import policy as policy_mod
from modelcard.sources.merging import merge, new_document
from modelcard.sources.policy import Policy, PolicyError, parse
from modelcard.sources.records import EPOCH, FIELDS, Figure, Record, Source, Value

from .conftest import ROOT

POLICY = policy_mod.load()
TABLE_URL = "https://lifearchitect.ai/models-table/"


def source(dataset: str, confidence: str | None = None, row: str = "147") -> Source:
    url = {"epoch": EPOCH.url, "modelsdev": "https://models.dev"}.get(dataset, TABLE_URL)
    return Source(url, dataset, "2026-01-26", row, note=f"from {dataset}", confidence=confidence)


def rec(dataset: str = "epoch", name: str = "Llama 3.1 405B", **figures: Figure) -> Record:
    return Record(
        dataset=dataset,
        key=name,
        name=name,
        lab="Meta AI",
        where="t",
        snapshot="2026-01-26",
        figures={k.replace("__", "."): v for k, v in figures.items()},
    )


def fig(value: Any, dataset: str = "epoch", confidence: str | None = None) -> Figure:
    return Figure(value, source(dataset, confidence))


def llama() -> dict[str, Any]:
    """The bundled Llama 3.1 405B entry, as entry.to_mapping gives it (the Models Table's)."""
    path = ROOT / "src" / "modelcard" / "data" / "catalog" / "llama-3.1-405b.toml"
    loaded = entry_mod.loads(path.read_text(encoding="utf-8"), id="llama-3.1-405b", source="t")
    return entry_mod.to_mapping(loaded)


# ---------------------------------------------------------------------------------------------
# the policy table


def test_the_policy_covers_every_field_a_reader_gives() -> None:
    for field in (*FIELDS, "links.weights", "links.paper", "benchmarks.mmlu"):
        assert POLICY.rule(field) is not None, field


@pytest.mark.parametrize(
    ("field", "first", "then"),
    [
        # the Models Table's sizes stay primary (ALScore is its metric)
        ("parameters", "lifearchitect", "epoch"),
        ("tokens", "lifearchitect", "epoch"),
        # Epoch for training compute and exact dates
        ("training_compute", "epoch", None),
        ("released", "epoch", "modelsdev"),
        # models.dev for what it alone knows well
        ("context_window", "modelsdev", None),
        ("output_limit", "modelsdev", None),
        ("knowledge_cutoff", "modelsdev", None),
        ("open_weights", "modelsdev", "epoch"),
        ("links.weights", "modelsdev", None),
        ("price_input", "modelsdev", None),
        ("price_output", "modelsdev", None),
        ("benchmarks.swe_bench_verified", "lifearchitect", "modelsdev"),
    ],
)
def test_the_starting_policy(field: str, first: str, then: str | None) -> None:
    rule = POLICY.rule(field)
    assert rule is not None
    # a person's value ("entry") always comes first
    assert rule.prefer[0] == "entry" and rule.prefer[1] == first
    assert (rule.prefer[2] if len(rule.prefer) > 2 else None) == then


def test_confidence_may_override_only_for_sizes() -> None:
    overriding = {name for name, rule in POLICY.rules.items() if rule.confident_wins}
    assert overriding == {"parameters", "active_parameters"}
    assert all(POLICY.rule(f).tolerance == 0.10 for f in ("parameters", "price_input"))  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "expected one table"),
        ({"fields": {"x": {"prefer": []}}}, "prefer must list"),
        ({"fields": {"x": {"prefer": ["nowhere"]}}}, "prefer must list"),
        ({"fields": {"x": {"prefer": ["epoch", "epoch"]}}}, "prefer must list"),
        ({"fields": {"x": {"prefer": ["epoch"], "tolerance": 10}}}, "from 0 up to 1"),
        ({"fields": {"x": {"prefer": ["epoch"], "confident_wins": "yes"}}}, "true or false"),
        ({"fields": {"x": {"prefer": ["epoch"], "order": 1}}}, "unknown key 'order'"),
    ],
)
def test_a_bad_policy_names_the_field(data: dict[str, Any], message: str) -> None:
    with pytest.raises(PolicyError, match=r"^policy\.toml") as raised:
        parse(data, source="policy.toml")
    assert message in str(raised.value)


# ---------------------------------------------------------------------------------------------
# merging


def test_llama_405b_parameters_from_the_table_compute_from_epoch() -> None:
    epoch = rec(
        parameters=fig(405_000_000_000, confidence="confident"),
        tokens=fig(15_600_000_000_000, confidence="confident"),
        training_compute=fig(3.8e25, confidence="confident"),
        released=fig("2024-07-23"),
    )
    merged, report = merge(llama(), epoch, POLICY, base_dataset="lifearchitect")
    # the sizes agree: the table's stay, with the table's own source
    assert merged["parameters"] == "405B" and merged["tokens"] == "15.6T"
    assert merged["sources"]["parameters"]["url"] == TABLE_URL
    # Epoch adds what the table lacks, with its source
    assert merged["training_compute"] == 3.8e25
    assert merged["sources"]["training_compute"] == source("epoch", "confident").as_mapping()
    # and its exact date, which agrees with the table's month
    assert merged["released"] == "2024-07-23"
    assert "alternatives" not in merged
    assert {c.field: c.action for c in report.changes} == {
        "parameters": "agrees",
        "tokens": "agrees",
        "training_compute": "added",
        "released": "replaced",
    }


def test_a_disagreeing_value_is_kept_beside_the_chosen_one() -> None:
    epoch = rec(parameters=fig(480_000_000_000, confidence="likely"))
    merged, report = merge(llama(), epoch, POLICY, base_dataset="lifearchitect")
    assert merged["parameters"] == "405B"  # the table is preferred, Epoch only likely
    assert merged["alternatives"] == {
        "parameters": [{"value": "480B", **source("epoch", "likely").as_mapping()}]
    }
    assert [str(c) for c in report.of("alternative")] == [
        "alternative: parameters = 480000000000 (epoch), was 405000000000"
    ]


def test_within_ten_percent_is_agreement() -> None:
    epoch = rec(parameters=fig(440_000_000_000, confidence="likely"))  # 8% more
    merged, report = merge(llama(), epoch, POLICY, base_dataset="lifearchitect")
    assert "alternatives" not in merged and report.of("agrees")


def test_a_confident_epoch_replaces_a_table_value_that_is_not() -> None:
    epoch = rec(parameters=fig(480_000_000_000, confidence="confident"))
    merged, _ = merge(llama(), epoch, POLICY, base_dataset="lifearchitect")
    assert merged["parameters"] == "480B"
    assert merged["sources"]["parameters"]["dataset"] == "epoch"
    [kept] = merged["alternatives"]["parameters"]
    assert kept["value"] == "405B" and kept["url"] == TABLE_URL
    assert kept["dataset"] == "lifearchitect"


def test_a_person_s_value_is_never_replaced() -> None:
    mine = {"name": "Mine", "lab": "Me", "parameters": "7B", "released": "2024-07"}
    epoch = rec(parameters=fig(8_000_000_000, confidence="confident"), released=fig("2024-09-01"))
    merged, _ = merge(mine, epoch, POLICY)  # no base dataset: these are a person's values
    assert merged["parameters"] == "7B" and merged["released"] == "2024-07"
    assert merged["alternatives"]["parameters"][0]["value"] == "8B"
    assert merged["alternatives"]["released"][0]["value"] == "2024-09-01"


def test_a_value_without_a_source_keeps_a_note_when_replaced() -> None:
    doc = {"name": "M", "lab": "L", "context_window": 8_000}
    md = rec("modelsdev", context_window=fig(262_144, "modelsdev"))
    merged, _ = merge(doc, md, POLICY, base_dataset="lifearchitect")
    assert merged["context_window"] == 262_144
    [kept] = merged["alternatives"]["context_window"]
    assert kept == {
        "value": 8_000,
        "note": "the value held before, which names no source",
        "dataset": "lifearchitect",
    }


def test_dates_disagree_only_at_the_coarser_precision() -> None:
    doc = llama()
    same_month = rec("modelsdev", released=fig("2024-07-23", "modelsdev"))
    other_month = rec("modelsdev", released=fig("2024-09-05", "modelsdev"))
    assert "alternatives" not in merge(doc, same_month, POLICY, base_dataset="lifearchitect")[0]
    merged, _ = merge(doc, other_month, POLICY, base_dataset="lifearchitect")
    assert merged["released"] == "2024-09-05"  # models.dev is preferred to the table for dates
    assert merged["alternatives"]["released"][0]["value"] == "2024-07"


def test_a_newer_copy_of_a_dataset_replaces_its_older_value() -> None:
    first = rec("modelsdev", price_input=fig(1.0, "modelsdev"))
    merged, _ = merge({"name": "M", "lab": "L"}, first, POLICY)
    newer_source = Source("https://models.dev", "modelsdev", "2026-11-29", "x")
    newer = rec("modelsdev", price_input=Figure(0.5, newer_source))
    again, report = merge(merged, newer, POLICY)
    assert again["price_input"] == 0.5 and "alternatives" not in again
    assert again["sources"]["price_input"]["snapshot"] == "2026-11-29"
    assert report.of("updated")


def test_fields_the_policy_takes_from_elsewhere_are_ignored() -> None:
    md = rec("modelsdev", parameters=fig(1, "modelsdev"))
    merged, report = merge({"name": "M", "lab": "L"}, md, POLICY)
    assert "parameters" not in merged and report.of("ignored")


def test_names_become_aliases_but_not_a_pointer_s() -> None:
    md = rec("modelsdev", name="Llama 3.1 405B Instruct (Turbo)")
    merged, report = merge(llama(), md, POLICY)
    assert merged["aliases"] == [*llama()["aliases"], "Llama 3.1 405B Instruct (Turbo)"]
    same_name = rec("epoch", name="llama 3.1 405b")
    assert merge(llama(), same_name, POLICY)[0]["aliases"] == llama()["aliases"]
    pointer = rec("modelsdev", name="DeepSeek Chat")
    assert merge(llama(), pointer, POLICY, add_aliases=False)[0]["aliases"] == llama()["aliases"]


def test_a_new_entry_starts_from_the_record() -> None:
    md = rec(
        "modelsdev",
        name="Kimi K2.6",
        released=fig("2026-04-21", "modelsdev"),
        context_window=fig(262_144, "modelsdev"),
        open_weights=fig(True, "modelsdev"),
        benchmarks__swe_bench_verified=fig(80.2, "modelsdev"),
        links__weights=fig("https://huggingface.co/moonshotai/Kimi-K2.6", "modelsdev"),
    )
    doc, _ = merge(new_document(md, lab="Moonshot AI"), md, POLICY)
    assert doc["lab"] == "Moonshot AI"
    assert doc["benchmarks"] == {"swe_bench_verified": 80.2}
    assert doc["links"] == {"weights": "https://huggingface.co/moonshotai/Kimi-K2.6"}
    assert set(doc["sources"]) == {
        "released",
        "context_window",
        "open_weights",
        "benchmarks.swe_bench_verified",
        "links.weights",
    }
    # what entry.py knows of it today validates (the rest is for the integration)
    known = {k: v for k, v in doc.items() if k in entry_mod.FIELDS and k != "sources"}
    assert entry_mod.from_mapping(known, id="kimi-k2.6", source="t").released == "2026-04-21"


def test_merge_does_not_change_its_input() -> None:
    doc = llama()
    before = repr(doc)
    merge(doc, rec(parameters=fig(480_000_000_000, confidence="confident")), POLICY)
    assert repr(doc) == before


# ---------------------------------------------------------------------------------------------
# properties: the same record twice changes nothing; the order of datasets does not matter

DATASET = st.sampled_from(["lifearchitect", "epoch", "modelsdev"])
CONFIDENCE = st.sampled_from([None, "confident", "likely", "speculative"])
VALUES: dict[str, st.SearchStrategy[Value]] = {
    "parameters": st.integers(1_000_000, 10**13),
    "tokens": st.integers(1_000_000, 10**14),
    "training_compute": st.floats(1e18, 1e27),
    "released": st.sampled_from(["2024", "2024-07", "2024-07-23", "2024-09-01", "2025-01-02"]),
    "open_weights": st.booleans(),
    "context_window": st.integers(1_000, 2_000_000),
    "benchmarks.mmlu": st.floats(0, 100),
}


@st.composite
def records(draw: st.DrawFn, dataset: str | None = None) -> Record:
    name = dataset or draw(DATASET)
    fields = draw(st.sets(st.sampled_from(sorted(VALUES)), min_size=1))
    figures = {
        f: Figure(
            draw(VALUES[f]),
            Source("https://example.org", name, "2026-01-26", "2", confidence=draw(CONFIDENCE)),
        )
        for f in fields
    }
    return Record(
        name,
        "M",
        draw(st.sampled_from(["M", "M v2", "m"])),
        "L",
        "t",
        "2026-01-26",
        figures=figures,
    )


@given(records(), records())
def test_merging_the_same_record_twice_changes_nothing(first: Record, second: Record) -> None:
    doc, _ = merge({"name": "M", "lab": "L"}, first, POLICY)
    once, _ = merge(doc, second, POLICY)
    twice, report = merge(once, second, POLICY)
    assert twice == once and not report.changed


@given(records("lifearchitect"), records("epoch"), records("modelsdev"))
def test_the_order_of_datasets_does_not_change_the_shown_values(
    table: Record, epoch: Record, md: Record
) -> None:
    def shown(order: list[Record]) -> dict[str, Any]:
        doc: dict[str, Any] = {"name": "M", "lab": "L"}
        for record in order:
            doc, _ = merge(doc, record, POLICY)
        fields = {k: v for k, v in doc.items() if k not in ("aliases", "alternatives")}
        # the values kept beside: the same datasets whatever the order
        fields["kept"] = {
            f: sorted(i.get("dataset", "entry") for i in items)
            for f, items in (doc.get("alternatives") or {}).items()
        }
        return fields

    assert shown([table, epoch, md]) == shown([md, epoch, table]) == shown([epoch, table, md])


def test_the_policy_object_is_plain_data() -> None:
    assert isinstance(POLICY, Policy) and POLICY == policy_mod.load()
