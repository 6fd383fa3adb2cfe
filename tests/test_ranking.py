"""The index's SQL ranking agrees with the reference ranking over entries, rule for rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelcard.entry import Entry
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


def test_order_rules() -> None:
    pairs = [("b", 1.0), ("a", 1.0), ("c", None), ("d", 3.0), ("0", None)]
    assert order(pairs) == ["d", "a", "b", "0", "c"]
    assert order(pairs, ascending=True) == ["a", "b", "d", "0", "c"]
