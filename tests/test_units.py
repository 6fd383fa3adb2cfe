from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modelcard.errors import InvalidValue
from modelcard.units import (
    billions,
    format_count,
    format_score,
    parse_count,
    parse_score,
    short_count,
)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("142B", 142_000_000_000),
        ("11.2T", 11_200_000_000_000),
        ("1.2T", 1_200_000_000_000),
        ("350M", 350_000_000),
        ("7K", 7_000),
        ("14e9", 14_000_000_000),
        ("14000000000", 14_000_000_000),
        ("0.117B", 117_000_000),
        (" 7 b ", 7_000_000_000),
        (14_000_000_000, 14_000_000_000),
    ],
)
def test_parse_count(text: object, count: int) -> None:
    assert parse_count(text, field="parameters") == count


@pytest.mark.parametrize(
    ("text", "count"),
    [
        # int(float("8.03") * 10**9) is 8029999999: binary floats truncate these
        ("8.03B", 8_030_000_000),
        ("2.01B", 2_010_000_000),
        # past 2**53 even rounding a float is off: round(999999.999999999 * 10**12) ends 976
        ("999999.999999999T", 999_999_999_999_999_000),
        ("123456.789012345T", 123_456_789_012_345_000),
        ("11.2T", 11_200_000_000_000),
    ],
)
def test_decimal_parsing_is_exact(text: str, count: int) -> None:
    assert parse_count(text, field="tokens") == count
    assert parse_count(text, field="tokens") == int(
        Decimal(text[:-1]) * 10 ** {"B": 9, "T": 12}[text[-1]]
    )
    assert billions(parse_count("11.2T", field="tokens")) == "11200.0"


def test_plain_numbers_use_the_given_unit() -> None:
    assert parse_count("142.0", field="Parameters (B)", unit="B") == 142_000_000_000
    assert parse_count("0.03", field="Tokens trained (B)", unit="B") == 30_000_000


def test_small_plain_number_suggests_a_unit() -> None:
    with pytest.raises(InvalidValue, match=r"--params: '142' has no unit; did you mean 142B\?"):
        parse_count("142", field="--params")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("abc", "is not a count"),
        ("-5B", "is negative"),
        ("nan", "is not a count"),
        ("inf", "is not a count"),
        ("1e400", "too large"),
        ("0B", "is zero"),
        ("12X", "is not a count"),
        ("", "is not a count"),
        (float("nan"), "is not a count"),
        (True, "expected a count"),
    ],
)
def test_bad_counts_name_the_field(text: object, problem: str) -> None:
    with pytest.raises(InvalidValue) as info:
        parse_count(text, field="tokens")
    assert str(info.value).startswith("tokens: ")
    assert problem in str(info.value)


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (142_000_000_000, "142B"),
        (11_200_000_000_000, "11.2T"),
        (350_000_000, "350M"),
        (7_000, "7K"),
        (512, "0.512K"),
        (1_234_567_891, "1.234567891B"),
    ],
)
def test_format_count(count: int, text: str) -> None:
    assert format_count(count) == text


@given(st.integers(min_value=1, max_value=10**18))
def test_count_round_trip(count: int) -> None:
    assert parse_count(format_count(count), field="x") == count


@given(st.decimals(min_value=Decimal("0.001"), max_value=Decimal("100000"), places=3))
def test_billions_round_trip(value: Decimal) -> None:
    count = parse_count(f"{value}B", field="x")
    shown = billions(count)
    assert "." in shown and "e" not in shown.lower()
    assert Decimal(shown) * 10**9 == count


@pytest.mark.parametrize(
    ("count", "text"),
    [(142_000_000_000, "142.0"), (117_000_000, "0.117"), (11_200_000_000_000, "11200.0")],
)
def test_billions(count: int, text: str) -> None:
    assert billions(count) == text
    assert billions(None) == "-"


@pytest.mark.parametrize(
    ("score", "text"), [(83.2, "83.2"), (91.0, "91.0"), (87.81, "87.81"), (1e-05, "0.00001")]
)
def test_format_score(score: float, text: str) -> None:
    assert format_score(score) == text


@pytest.mark.parametrize("bad", ["101", "-1", "nan", "inf", "x", "1e400"])
def test_bad_scores(bad: str) -> None:
    with pytest.raises(InvalidValue, match="^--mmlu: "):
        parse_score(bad, field="--mmlu")


@given(st.floats(min_value=0, max_value=100, allow_nan=False))
def test_score_display_round_trips(score: float) -> None:
    assert float(format_score(score)) == score


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (11_200_000_000_000, "11.2T"),
        (142_000_000_000, "142B"),
        (6_000_000_000_000, "6T"),
        (117_000_000, "117M"),
        (2_700_000_000, "2.7B"),
        (46_700_000_000, "46.7B"),
        (1_755_000_000_000, "1.76T"),  # three significant digits, half up
        (999_600_000_000, "1T"),  # rounding carries into the next unit
        (1_234, "1.23K"),
        (999, "999"),
        (1_300_000_000_000_000, "1300T"),  # past the largest unit, whole T
    ],
)
def test_short_count(count: int, text: str) -> None:
    assert short_count(count) == text


@given(st.integers(min_value=1000, max_value=10**18))
def test_short_count_is_within_half_a_unit_of_its_third_digit(count: int) -> None:
    shown = short_count(count)
    back = parse_count(shown, field="x")
    digits = len(str(count))
    assert abs(back - count) <= 10 ** max(digits - 3, 0) // 2 + 1
    assert len(shown.rstrip("KMBT").replace(".", "").lstrip("0")) <= max(
        3, len(str(back // 10**12))
    )


@pytest.mark.parametrize(("value", "meant"), [("0.615", "61.5"), ("0.05", "5"), (0.9, "90")])
def test_a_fraction_is_refused_where_a_percentage_is_meant(value: str | float, meant: str) -> None:
    with pytest.raises(InvalidValue, match=rf"^--mmlu: .* did you mean {meant}\?"):
        parse_score(value, field="--mmlu", fraction_ok=False)
    assert parse_score(value, field="--mmlu") == float(value)  # files keep what they say


def test_a_fraction_can_be_meant() -> None:
    assert parse_score("0.8%", field="--hle", fraction_ok=False) == 0.8
    assert parse_score("0", field="--hle", fraction_ok=False) == 0.0
    assert parse_score("1", field="--hle", fraction_ok=False) == 1.0


@pytest.mark.parametrize(
    ("count", "text"), [(10**12, "1T"), (10**9, "1B"), (10**6, "1M"), (10**3, "1K")]
)
def test_format_count_at_each_unit(count: int, text: str) -> None:
    assert format_count(count) == text
