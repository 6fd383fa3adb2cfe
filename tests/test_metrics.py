from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modelcard.metrics import (
    COMPUTE_OPTIMAL,
    UNDER_TRAINED,
    alscore,
    figures_of,
    ratio,
    ratio_label,
    tier,
    training_compute,
)
from modelcard.units import parse_count


def b(text: str) -> int:
    return parse_count(text, field="x")


def test_dots_llm1() -> None:
    params, tokens = b("142B"), b("11.2T")
    assert alscore(params, tokens) == 4.2
    assert tier(4.2) == "Mid-tier"
    assert ratio(params, tokens) == 79
    assert ratio_label(79) == COMPUTE_OPTIMAL == "✅ Compute-optimal"


def test_claude_opus_4_figures() -> None:
    assert alscore(b("6000B"), b("100000B")) == 81.6
    assert ratio(b("6000B"), b("100000B")) == 17


@pytest.mark.parametrize(
    ("score", "name"),
    [
        (20.0, "Extremely powerful"),
        (19.9, "Very powerful"),
        (10.0, "Very powerful"),
        (9.9, "Powerful"),
        (5.0, "Powerful"),
        (4.9, "Mid-tier"),
        (1.0, "Mid-tier"),
        (0.9, "Lightweight"),
        (0.0, "Lightweight"),
        (None, None),
    ],
)
def test_tier_edges(score: float | None, name: str | None) -> None:
    assert tier(score) == name


def test_ratio_rounds_up_like_the_sheet() -> None:
    # 19.4 tokens per parameter prints 20:1, and so counts as compute-optimal
    assert ratio(b("10B"), b("194B")) == 20
    assert ratio_label(20) == COMPUTE_OPTIMAL
    assert ratio_label(19) == UNDER_TRAINED == "⚠️ Under-trained"
    assert ratio(b("142B"), b("142B")) == 1


def test_alscore_rounds_half_up() -> None:
    # sqrt(P * T) / 300 == 0.25 exactly: the sheet's ROUND gives 0.3, banker's rounding 0.2
    assert alscore(b("5625B"), b("1B")) == 0.3  # sqrt(5625) / 300 = 0.25


def test_no_tokens_means_no_figures() -> None:
    class E:
        parameters = b("7B")
        active_parameters = None
        tokens = None

    figures = figures_of(E())
    assert figures.alscore is None
    assert figures.tier is None
    assert figures.ratio is None
    assert figures.compute_optimal is None
    assert figures.ratio_label is None
    assert figures.training_compute is None


def test_training_compute_uses_active_parameters() -> None:
    assert training_compute(b("142B"), b("11.2T")) == 6 * 142 * 11_200 * 10**18
    assert training_compute(b("142B"), b("11.2T"), b("14B")) == 6 * 14 * 11_200 * 10**18
    assert training_compute(None, b("1T")) is None


@given(
    st.integers(min_value=1, max_value=10**16),
    st.integers(min_value=1, max_value=10**17),
)
def test_integer_alscore_equals_decimal_rounding(parameters: int, tokens: int) -> None:
    with localcontext() as ctx:
        ctx.prec = 80
        exact = (Decimal(parameters) * Decimal(tokens)).sqrt() / Decimal(10**9) / 300
        expected = float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    assert alscore(parameters, tokens) == expected


def test_every_figure_of_the_sheet_is_computed_the_same_but_the_stale_ones() -> None:
    # The sheet's own ALScore and Ratio columns, row by row, against ours: the import drops
    # the sheet figures that agree, so the bundled entries alone would only show the stale.
    import csv

    from .conftest import CSV

    checked = 0
    stale = []
    with CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if not (row["Parameters (B)"] and row["Tokens trained (B)"] and row["ALScore"]):
            continue
        params = parse_count(row["Parameters (B)"], field="p", unit="B")
        tokens = parse_count(row["Tokens trained (B)"], field="t", unit="B")
        checked += 1
        if alscore(params, tokens) != float(row["ALScore"]):
            stale.append(("alscore", row["Model"]))
        if row["Ratio"] and ratio(params, tokens) != int(float(row["Ratio"].replace(",", ""))):
            stale.append(("ratio", row["Model"]))
    assert checked == 576
    assert sorted(stale) == STALE_IN_THE_SHEET


# The sheet's figures of the two DeepSeek-V3.1 rows are those of 14.8T tokens, not of the
# 15.64T the rows state; every other row with both counts (576 in all) agrees with ours.
STALE_IN_THE_SHEET = [
    ("alscore", "DeepSeek-V3.1-Base"),
    ("alscore", "DeepSeek-V3.1-Terminus"),
    ("ratio", "DeepSeek-V3.1-Base"),
    ("ratio", "DeepSeek-V3.1-Terminus"),
]
