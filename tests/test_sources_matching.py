"""Matching records to entries: names and labs folded, the strong rule (name or alias, lab,
date), the crosswalk both ways, conflicts, determinism; and the hard cases of the real data."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

import pytest

from modelcard.sources import crosswalk as crosswalk_mod
from modelcard.sources.crosswalk import Crosswalk, CrosswalkError, parse
from modelcard.sources.epoch import read_epoch
from modelcard.sources.matching import Candidate, Known, Matching, match_records
from modelcard.sources.modelsdev import read_archive
from modelcard.sources.names import lab_key, months_apart, name_key
from modelcard.sources.records import MODELSDEV_COMMIT, Figure, Record, Source

from .conftest import ROOT
from .tablebase import table_entries


def record(
    name: str,
    lab: str = "Lab",
    released: str | None = "2025-06-01",
    *,
    dataset: str = "epoch",
    key: str | None = None,
    labs: Sequence[str] = (),
    aliases: Sequence[str] = (),
    snapshot: str = "2026-01-26",
) -> Record:
    figures = {}
    if released:
        source = Source("https://example.org", dataset, snapshot, "2")
        figures["released"] = Figure(released, source)
    return Record(
        dataset=dataset,
        key=key or name,
        name=name,
        lab=lab,
        where=f"t: {key or name}",
        snapshot=snapshot,
        labs=tuple(labs) or (lab,),
        aliases=tuple(aliases),
        figures=figures,
    )


def outcome(matching: Matching) -> list[tuple[str, str | None, bool]]:
    return [(m.record.name, m.entry, m.new) for m in matching.matches]


NONE = Crosswalk()


# ---------------------------------------------------------------------------------------------
# names and labs


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Llama 3.1 405B", "llama-3.1-405b"),
        ("Llama 3.1-405B", "Llama 3.1 405B"),
        ("Qwen2.5-72B", "Qwen 2.5 72B"),
        ("Kimi K2", "kimi-k2"),
        ("Command-R+", "command r plus"),
        ("Ernie 4.0 Turbo", "ERNIE 4.0 Turbo"),
        ("Pixtral Large", "pixtral_large"),
    ],
)
def test_spellings_of_one_name_are_equal(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mistral Large", "Mistral Large 2"),
        ("mistral-large-2411", "Mistral Large"),
        ("DeepSeek-V3", "DeepSeek-V3 0324"),
        ("Qwen3-235B-A22B", "Qwen3-235B-A22B-Thinking-2507"),
        ("Claude 3.5 Sonnet", "Claude 3.5 Sonnet (new)"),
        ("GPT-4.5", "GPT-5.4"),
        ("Llama 3.3 70B", "Llama 3.3 70B Instruct"),
        ("Command-R+", "Command-R"),
    ],
)
def test_names_that_differ_in_a_digit_or_suffix_stay_apart(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


@pytest.mark.parametrize(
    ("a", "b"), [("Mistral AI", "mistral"), ("Moonshot AI", "Moonshot"), ("Inc. Foo Labs", "foo")]
)
def test_lab_spellings_fold(a: str, b: str) -> None:
    assert lab_key(a) == lab_key(b)


@pytest.mark.parametrize(
    ("a", "b", "months"),
    [
        ("2024-07", "2024-07-23", 0),
        ("2024-12-20", "2025-04", 4),
        ("2024", "2024-11", 0),
        ("2023", "2025-01-01", 24),
    ],
)
def test_months_apart_at_the_coarser_precision(a: str, b: str, months: int) -> None:
    assert months_apart(a, b) == months == months_apart(b, a)


# ---------------------------------------------------------------------------------------------
# the strong rule


def test_a_strong_match_needs_name_lab_and_date() -> None:
    entry = Known("gemma-3", "Gemma 3", "Google DeepMind", "2025-03")
    cases = [
        record("Gemma-3", "Google DeepMind", "2025-03-12"),  # strong
        record("Gemma 3 27B", "Google DeepMind", "2025-03-12"),  # another name
        record("Gemma 3", "Alibaba", "2025-03-12"),  # another lab
        record("Gemma 3", "Google DeepMind", "2025-09-01"),  # 6 months apart
        record("Gemma 3", "Google DeepMind", None),  # no date
    ]
    for case in cases:
        matching = match_records([case], [entry], NONE)
        [match] = matching.matches
        if case is cases[0]:
            assert (match.entry, match.new, match.how) == ("gemma-3", False, "name, lab and date")
            assert matching.report == []
        else:
            assert match.new and match.entry != "gemma-3"
            # never silent: the report names the nearest entry and why it is not it
            [line] = matching.report
            assert "nearest: gemma-3" in line and case.name in line


def test_within_three_months_is_strong_and_four_is_not() -> None:
    entry = Known("o3", "o3", "OpenAI", "2025-04")
    near = match_records([record("o3", "OpenAI", "2025-01-15")], [entry], NONE)
    far = match_records([record("o3", "OpenAI", "2024-12-20")], [entry], NONE)
    assert near.matches[0].entry == "o3" and not near.matches[0].new
    assert far.matches[0].new and "4 months apart" in far.report[0]


def test_aliases_match_on_both_sides() -> None:
    entry = Known("kimi-k2", "Kimi K2", "Moonshot AI", "2025-07", aliases=["Kimi-K2-Instruct"])
    by_entry_alias = record("Kimi K2 Instruct", "Moonshot AI", "2025-07-11")
    by_record_alias = record("K2", "Moonshot AI", "2025-07-11", aliases=["kimi-k2"])
    for case in (by_entry_alias, by_record_alias):
        [match] = match_records([case], [entry], NONE).matches
        assert (match.entry, match.new) == ("kimi-k2", False)


def test_labs_are_one_lab_through_the_crosswalk_and_any_organisation_counts() -> None:
    crosswalk = parse({"labs": {"Z.AI": ["Zhipu AI", "zhipuai"]}}, source="x")
    entry = Known("glm-4.5", "GLM-4.5", "Z.AI", "2025-07")
    md = record("GLM-4.5", "zhipuai", "2025-07-28", dataset="modelsdev")
    ep = record("GLM-4.5", "Tsinghua University", "2025-08-05", labs=["Tsinghua", "Zhipu AI"])
    assert match_records([md], [entry], crosswalk).matches[0].entry == "glm-4.5"
    assert match_records([ep], [entry], crosswalk).matches[0].entry == "glm-4.5"
    assert match_records([md], [entry], NONE).matches[0].new


def test_two_records_of_one_dataset_never_share_an_entry() -> None:
    entry = Known("gpt-4o", "GPT-4o", "OpenAI", "2024-05", aliases=["GPT 4o"])
    closer = record("GPT-4o", "OpenAI", "2024-05-13")
    later = record("GPT 4o", "OpenAI", "2024-08-06")
    matching = match_records([later, closer], [entry], NONE)
    assert outcome(matching) == [("GPT 4o", "gpt-4o-2", True), ("GPT-4o", "gpt-4o", False)]
    assert any(line.startswith("conflict:") and "closest" in line for line in matching.report)
    tie = match_records([closer, record("GPT 4o", "OpenAI", "2024-05-13")], [entry], NONE)
    assert all(m.new for m in tie.matches)
    assert any("equally: none is merged" in line for line in tie.report)


def test_new_entries_get_free_ids_in_record_order() -> None:
    entries = [Known("falcon", "Falcon", "TII", "2023-01")]
    records = [record("Falcon", "Other", "2024-01-01"), record("Falcon", "Third", "2024-01-01")]
    assert [m.entry for m in match_records(records, entries, NONE).matches] == [
        "falcon-2",
        "falcon-3",
    ]


def test_new_ids_skip_taken_suffixes_and_never_repeat() -> None:
    """Each base remembers the suffix it reached (linear in rows of one name); an id that
    is taken further on is still skipped."""
    entries = [Known("falcon", "Falcon", "TII", "2023-01"), Known("falcon-3", "F3", "X", "2023")]
    records = [record("Falcon", f"Lab {n}", "2024-01-01") for n in range(5)]
    assert [m.entry for m in match_records(records, entries, NONE).matches] == [
        "falcon-2",
        "falcon-4",
        "falcon-5",
        "falcon-6",
        "falcon-7",
    ]


def test_the_same_inputs_give_the_same_result_in_any_entry_order() -> None:
    entries: list[Candidate] = [
        Known(f"m-{i}", f"Model {i}", f"Lab {i % 3}", f"2024-{1 + i % 12:02d}") for i in range(60)
    ]
    records = [
        record(f"Model {i}", f"Lab {i % 3}", f"2024-{1 + i % 12:02d}-15") for i in range(0, 90, 2)
    ]
    first = match_records(records, entries, NONE)
    shuffled = entries[:]
    random.Random(7).shuffle(shuffled)
    again = match_records(records, shuffled, NONE)
    assert outcome(first) == outcome(again) and first.report == again.report


# ---------------------------------------------------------------------------------------------
# the crosswalk


def cw(**tables: object) -> Crosswalk:
    return parse(tables, source="crosswalk.toml")


def test_same_merges_a_record_under_another_name_and_creates_a_missing_entry() -> None:
    crosswalk = cw(
        same=[
            {"dataset": "epoch", "record": "Gopher (280B)", "entry": "gopher", "why": "280B"},
            {"dataset": "epoch", "record": "Kimi K3", "entry": "kimi-k3", "why": "new"},
        ]
    )
    entries = [Known("gopher", "Gopher", "DeepMind", "2021-12")]
    matching = match_records(
        [record("Gopher (280B)", "DeepMind", "2021-12-08"), record("Kimi K3", "Moonshot")],
        entries,
        crosswalk,
    )
    assert outcome(matching) == [("Gopher (280B)", "gopher", False), ("Kimi K3", "kimi-k3", True)]
    assert matching.matches[0].how == "crosswalk"


def test_different_bars_a_strong_match() -> None:
    crosswalk = cw(
        different=[
            {
                "dataset": "modelsdev",
                "record": "cohere/command-r-08-2024",
                "entries": ["command-r"],
                "why": "the August refresh",
            }
        ]
    )
    entry = Known("command-r", "Command-R", "Cohere", "2024-06")
    refresh = record(
        "Command R", "cohere", "2024-08-30", dataset="modelsdev", key="cohere/command-r-08-2024"
    )
    assert match_records([refresh], [entry], NONE).matches[0].entry == "command-r"
    barred = match_records([refresh], [entry], crosswalk)
    assert barred.matches[0].new
    assert any("is not command-r, as the crosswalk says" in line for line in barred.report)
    # a name of its own, where the record's would read as the other model's
    renamed = cw(
        different=[
            {
                "dataset": "modelsdev",
                "record": "cohere/command-r-08-2024",
                "entries": ["command-r"],
                "name": "Command R 08-2024",
                "why": "the August refresh",
            }
        ]
    )
    [match] = match_records([refresh], [entry], renamed).matches
    assert (match.entry, match.entry_name, match.adds_aliases) == (
        "command-r-08-2024",
        "Command R 08-2024",
        False,
    )


def test_an_alias_holds_for_its_snapshot_only() -> None:
    decision = {
        "dataset": "modelsdev",
        "record": "deepseek/deepseek-chat",
        "entry": "deepseek-v3.2",
        "name": "DeepSeek-V3.2",
        "snapshot": "2026-07-02",
        "why": "a pointer",
    }
    crosswalk = cw(alias=[decision])
    chat = record(
        "DeepSeek Chat",
        "deepseek",
        "2025-12-01",
        dataset="modelsdev",
        key="deepseek/deepseek-chat",
        snapshot="2026-07-02",
    )
    [match] = match_records([chat], [], crosswalk).matches
    assert (match.entry, match.new, match.moving) == ("deepseek-v3.2", True, True)
    assert match.entry_name == "DeepSeek-V3.2"
    later = record(
        "DeepSeek Chat",
        "deepseek",
        dataset="modelsdev",
        key="deepseek/deepseek-chat",
        snapshot="2026-11-29",
    )
    skipped = match_records(
        [later], [Known("deepseek-v3.2", "DeepSeek-V3.2", "DeepSeek")], crosswalk
    )
    assert skipped.matches[0].entry is None
    assert "reviewed for the 2026-07-02 snapshot only" in skipped.report[0]


def test_skip_leaves_a_record_out() -> None:
    crosswalk = cw(skip=[{"dataset": "epoch", "record": "X", "why": "not a model"}])
    [match] = match_records([record("X")], [], crosswalk).matches
    assert match.entry is None and "not a model" in match.how


@pytest.mark.parametrize(
    ("tables", "message"),
    [
        ({"others": []}, "unknown table 'others'"),
        ({"same": {}}, "same must be an array"),
        ({"same": [{"dataset": "epoch", "record": "A", "entry": "a"}]}, "'why' is missing"),
        ({"same": [{"dataset": "x", "record": "A", "entry": "a", "why": "w"}]}, "dataset 'x'"),
        (
            {"same": [{"dataset": "epoch", "record": "A", "entry": "A B", "why": "w"}]},
            "is not an entry id",
        ),
        ({"skip": [{"dataset": "epoch", "record": "A", "why": "w", "entry": "a"}]}, "unknown key"),
        (
            {"skip": [{"dataset": "epoch", "record": "A", "why": "w"}] * 2},
            "item 2: epoch record 'A' is decided twice",
        ),
        ({"labs": {"A": ["x"], "B": ["X"]}}, "'X' is already a spelling of 'A'"),
        (
            {
                "alias": [
                    {
                        "dataset": "epoch",
                        "record": "A",
                        "entry": "a",
                        "why": "w",
                        "snapshot": "July",
                    }
                ]
            },
            "snapshot 'July'",
        ),
    ],
)
def test_a_bad_crosswalk_names_the_item(tables: dict[str, object], message: str) -> None:
    with pytest.raises(CrosswalkError, match=r"^crosswalk\.toml: ") as raised:
        parse(tables, source="crosswalk.toml")
    assert message in str(raised.value)


def test_a_crosswalk_that_is_not_toml_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "crosswalk.toml"
    path.write_text("[labs\n", encoding="utf-8")
    with pytest.raises(CrosswalkError, match="not valid TOML"):
        crosswalk_mod.load(path)


# ---------------------------------------------------------------------------------------------
# the real data: the bundled catalog (the Models Table), Epoch AI, models.dev


def bundled() -> list[Known]:
    """The Models Table's entries, which the build matches Epoch's and models.dev's records
    against."""
    return [Known(e.id, e.name, e.lab, e.released) for e in table_entries()]


class Real:
    """Epoch matched against the catalog, then models.dev against the catalog grown by
    Epoch's records (their names as aliases, their new entries), as the build does."""

    def __init__(self) -> None:
        self.crosswalk = crosswalk_mod.load()
        self.entries = bundled()
        text = (ROOT / "data" / "epoch-notable-ai-models.csv").read_text(encoding="utf-8")
        self.epoch = read_epoch(text, source="epoch.csv")
        self.modelsdev = read_archive(ROOT / "data" / "models-dev.tar.gz", commit=MODELSDEV_COMMIT)
        self.by_epoch = match_records(self.epoch.records, self.entries, self.crosswalk)
        aliases: dict[str, list[str]] = {}
        for m in self.by_epoch.matched:
            aliases.setdefault(str(m.entry), []).append(m.record.name)
        grown = [
            Known(e.id, e.name, e.lab, e.released, aliases.get(e.id, [])) for e in self.entries
        ]
        grown += [
            Known(str(m.entry), m.entry_name, m.record.lab, m.record.released)
            for m in self.by_epoch.created
        ]
        self.by_modelsdev = match_records(self.modelsdev.records, grown, self.crosswalk)

    def entry_of(self, matching: Matching, key: str) -> tuple[str | None, bool]:
        [match] = [m for m in matching.matches if m.record.key == key]
        return match.entry, match.new


@pytest.fixture(scope="module")
def real() -> Real:
    return Real()


# The hard cases of the issue, by name: generations, snapshot suffixes, moving aliases.
@pytest.mark.parametrize(
    ("dataset", "key", "entry", "new"),
    [
        # Mistral Large of February 2024 is Epoch's Mistral Large; 2411 (Large 2.1) is neither
        # it nor Large 2, and 2512 (Large 3) is a model of its own
        ("epoch", "Mistral Large", "mistral-large", False),
        ("epoch", "Mistral Large 2", "mistral-large-2", False),
        ("modelsdev", "mistral/mistral-large-2411", "mistral-large-2.1", True),
        ("modelsdev", "mistral/mistral-large-2512", "mistral-large-3", True),
        # snapshot suffixes: -0324, -2507, (new), dated GPT-4o
        ("epoch", "DeepSeek-V3", "deepseek-v3", False),
        ("epoch", "Qwen3-235B-A22B", "qwen3-235b-a22b", False),
        ("epoch", "Qwen3-235B-A22B-Thinking (Jul 2025)", "qwen3-235b-a22b-thinking-2507", False),
        ("modelsdev", "anthropic/claude-3-5-sonnet-20240620", "claude-3.5-sonnet", False),
        ("modelsdev", "anthropic/claude-3-5-sonnet-20241022", "claude-3.5-sonnet-new", False),
        ("epoch", "GPT-4o (May 2024)", "gpt-4o", False),
        ("epoch", "GPT-4o (Nov 2024)", "gpt-4o-2024-11-20", False),
        ("epoch", "GPT-4o (Aug 2024)", "gpt-4o-aug-2024", True),
        ("modelsdev", "openai/gpt-4o-2024-08-06", "gpt-4o-aug-2024", False),
        ("modelsdev", "cohere/command-r-08-2024", "command-r-08-2024", True),
        # moving aliases: deepseek-chat is V3.2 in this snapshot; gpt-4 is gpt-4-0613
        ("modelsdev", "deepseek/deepseek-chat", "deepseek-v3.2", True),
        ("modelsdev", "openai/gpt-4", "gpt-4-classic-gpt-4-0314-gpt-4-0613-non-turbo", False),
        ("modelsdev", "openai/gpt-4o", None, False),
        # one model under two names
        ("epoch", "Llama 3.1-405B", "llama-3.1-405b", False),
        ("modelsdev", "meta/llama-3.3-70b-instruct", "llama-3.3", False),
        ("epoch", "o3", "o3", False),
        # new in both Epoch and models.dev: one entry
        ("epoch", "Kimi K2 Thinking", "kimi-k2-thinking", True),
        ("modelsdev", "moonshotai/kimi-k2-thinking", "kimi-k2-thinking", False),
        ("epoch", "Olmo 3", "olmo-3", True),
        ("modelsdev", "moonshotai/kimi-k2.6", "kimi-k2.6", True),
    ],
)
def test_the_hard_cases(real: Real, dataset: str, key: str, entry: str | None, new: bool) -> None:
    matching = real.by_epoch if dataset == "epoch" else real.by_modelsdev
    assert real.entry_of(matching, key) == (entry, new)


def test_the_measured_counts(real: Real) -> None:
    assert (len(real.by_epoch.matched), len(real.by_epoch.created)) == (127, 353)
    assert (len(real.by_modelsdev.matched), len(real.by_modelsdev.created)) == (64, 189)
    for matching in (real.by_epoch, real.by_modelsdev):
        assert not [line for line in matching.report if line.startswith("conflict")]
    newer = [
        m
        for m in (*real.by_epoch.created, *real.by_modelsdev.created)
        if (m.record.released or "") > "2025-10-02"
    ]
    assert len(newer) == 133


def test_every_crosswalk_decision_names_a_real_record_and_entry(real: Real) -> None:
    keys = {("epoch", r.key) for r in real.epoch.records}
    keys |= {("modelsdev", r.key) for r in real.modelsdev.records}
    ids = {e.id for e in real.entries}
    ids |= {str(m.entry) for m in (*real.by_epoch.matches, *real.by_modelsdev.matches)}
    for (dataset, key), decisions in real.crosswalk.decisions.items():
        assert (dataset, key) in keys, f"the crosswalk names no record: {dataset} {key!r}"
        for decision in decisions:
            if decision.kind in ("same", "alias"):
                assert decision.entry in ids, decision


def test_matching_the_real_data_is_deterministic(real: Real) -> None:
    again = match_records(real.epoch.records, list(reversed(real.entries)), real.crosswalk)
    assert outcome(again) == outcome(real.by_epoch) and again.report == real.by_epoch.report
