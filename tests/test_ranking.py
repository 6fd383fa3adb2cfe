"""The index's SQL ranking agrees with the reference ranking over entries, rule for rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from modelcard.entry import Entry
from modelcard.errors import BadOption, ModelcardError
from modelcard.ranking import Filters, order, ranked
from modelcard.store import Catalog

FIELDS = ["alscore", "params", "active-params", "tokens", "ratio", "compute", "released"]
FIELDS += ["mmlu", "mmlu_pro", "gpqa", "hle", "gsm8k"]
FILTERS = [
    Filters(),
    Filters(lab="anthropic"),
    Filters(arch="MOE", access="public"),
    Filters(tag="reasoning"),
    Filters(lab="Shadow Lab"),
    Filters(open_weights=True),
    Filters(open_weights=False, lab="anthropic"),
    Filters(released=True, arch="moe", open_weights=True),
    Filters(released=True),
]


@pytest.fixture
def catalog(home: Path) -> Catalog:
    catalog = Catalog(home)
    # user entries that shadow bundled ones (with other figures), and new ones
    catalog.write(
        Entry(id="gpt-4.5", name="GPT-4.5", lab="Shadow Lab", parameters=10**9, tokens=10**9),
        force=True,
    )
    catalog.write(
        Entry(id="dots.llm1", name="dots.llm1", lab="Shadow Lab", benchmarks={"gsm8k": 50.0}),
        force=True,
    )
    catalog.write(
        Entry(
            id="new-one",
            name="New One",
            lab="Anthropic",
            parameters=6 * 10**12,
            tokens=10**14,
            tags=("Reasoning",),
            released="2026-01",
            updated=dt.date(2025, 12, 1),
        )
    )
    return catalog


@pytest.mark.parametrize("by", FIELDS)
@pytest.mark.parametrize("ascending", [False, True])
def test_index_ranking_matches_the_entries(catalog: Catalog, by: str, ascending: bool) -> None:
    entries = catalog.entries()
    for filters in FILTERS:
        expected = [
            e.id for e in ranked([e for e in entries if filters.keep(e)], by, ascending=ascending)
        ]
        got = catalog.rank(by, filters, ascending=ascending)
        assert [id for id, _ in got] == expected, (by, filters)
        assert catalog.rank(by, filters, ascending=ascending, limit=7) == got[:7]


def test_shadowed_entries_rank_with_their_user_values(catalog: Catalog) -> None:
    top = [id for id, _ in catalog.rank("alscore", Filters(), limit=3)]
    assert top == ["claude-opus-4", "new-one", "claude-opus-4.1"]  # gpt-4.5 shadowed, now small
    shadow = catalog.rank("gsm8k", Filters(), limit=1)
    assert shadow == [("dots.llm1", 50.0)]


def test_filters_for_open_weights_and_release(catalog: Catalog) -> None:
    entries = {e.id: e for e in catalog.entries()}
    open_ids = {id for id, _ in catalog.rank("alscore", Filters(open_weights=True))}
    closed = {id for id, _ in catalog.rank("alscore", Filters(open_weights=False))}
    assert open_ids and closed and not open_ids & closed
    assert all(entries[id].open_weights is True for id in open_ids)
    # a model whose weights nobody knows about is in neither
    unknown = {id for id, e in entries.items() if e.open_weights is None}
    assert unknown and not unknown & (open_ids | closed)
    released = {id for id, _ in catalog.rank("alscore", Filters(released=True))}
    assert "deepseek-r2" not in released and "gpt-6" not in released  # TBA
    assert "new-one" not in released  # 2026-01: after the entry's data (2025-12-01)
    assert "deepseek-v3" in released


def test_filters_refuse_values_no_model_has() -> None:
    with pytest.raises(BadOption, match=r"--access: 'open' is not one of public, private"):
        Filters(access="open")
    labs, archs = ["OpenAI", "Anthropic", "Open Lab"], ["Dense", "MoE"]
    with pytest.raises(BadOption, match=r"--arch: .* 'moee' \(known: Dense, MoE\)"):
        Filters(arch="moee").check(labs, archs)
    with pytest.raises(ModelcardError, match=r"--lab: .*'Open AI'; the nearest labs: OpenAI"):
        Filters(lab="Open AI").check(labs, archs)
    Filters(lab="openai", arch="moe").check(labs, archs)  # any case is fine


def test_order_rules() -> None:
    pairs = [("b", 1.0), ("a", 1.0), ("c", None), ("d", 3.0), ("0", None)]
    assert order(pairs) == ["d", "a", "b", "0", "c"]
    assert order(pairs, ascending=True) == ["a", "b", "d", "0", "c"]
