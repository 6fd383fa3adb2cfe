"""Every computed figure of a model, as pure functions of its counts.

P and T are total parameters and training tokens in billions. The rules are those of
the LifeArchitect.ai Models Table, as written in CARD-FORMAT.md:

- ALScore = round(sqrt(P * T) / 300, 1), rounded half up like the sheet's ROUND
- tier from the rounded ALScore: >= 20, >= 10, >= 5, >= 1, else Lightweight
- ratio = ceil(T / P) tokens per parameter; compute-optimal (Chinchilla's 20:1) when >= 20
- training compute = 6 * N * T FLOPs, N the active parameters when known, else the total
"""

from __future__ import annotations

import math
from typing import NamedTuple, Protocol

from .units import BILLION

ALSCORE_DIVISOR = 300
COMPUTE_OPTIMAL_RATIO = 20
TIERS: tuple[tuple[float, str], ...] = (
    (20.0, "Extremely powerful"),
    (10.0, "Very powerful"),
    (5.0, "Powerful"),
    (1.0, "Mid-tier"),
)
LIGHTWEIGHT = "Lightweight"
COMPUTE_OPTIMAL = "✅ Compute-optimal"
UNDER_TRAINED = "⚠️ Under-trained"


def alscore(parameters: int | None, tokens: int | None) -> float | None:
    """ALScore of a model, or None when either count is unknown.

    Exact, in integers: with N = parameters * tokens (raw counts), the score in tenths is
    floor(sqrt(N) / (BILLION * 300 / 10) + 1/2), and for a whole number a and b,
    floor((sqrt(N) + a) / b) == (isqrt(N) + a) // b.
    """
    if parameters is None or tokens is None:
        return None
    tenth = BILLION * ALSCORE_DIVISOR // 10
    tenths = (math.isqrt(parameters * tokens) + tenth // 2) // tenth
    return tenths / 10


def tier(score: float | None) -> str | None:
    """The tier name of a (rounded) ALScore; None when there is no ALScore."""
    if score is None:
        return None
    for floor, name in TIERS:
        if score >= floor:
            return name
    return LIGHTWEIGHT


def ratio(parameters: int | None, tokens: int | None) -> int | None:
    """Training tokens per parameter, rounded up to a whole number (the sheet's rule)."""
    if parameters is None or tokens is None:
        return None
    return -(-tokens // parameters)


def is_compute_optimal(token_ratio: int | None) -> bool | None:
    """Whether a ratio meets the 20:1 rule; None when there is no ratio."""
    if token_ratio is None:
        return None
    return token_ratio >= COMPUTE_OPTIMAL_RATIO


def ratio_label(token_ratio: int | None) -> str | None:
    optimal = is_compute_optimal(token_ratio)
    if optimal is None:
        return None
    return COMPUTE_OPTIMAL if optimal else UNDER_TRAINED


def training_compute(
    parameters: int | None, tokens: int | None, active_parameters: int | None = None
) -> int | None:
    """Training FLOPs by the 6 * N * T rule; N is the active parameter count when known."""
    n = active_parameters if active_parameters is not None else parameters
    if n is None or tokens is None:
        return None
    return 6 * n * tokens


class HasCounts(Protocol):
    @property
    def parameters(self) -> int | None: ...
    @property
    def active_parameters(self) -> int | None: ...
    @property
    def tokens(self) -> int | None: ...


class Figures(NamedTuple):
    """The computed figures of one entry; never stored, always derived."""

    alscore: float | None
    tier: str | None
    ratio: int | None
    compute_optimal: bool | None
    training_compute: int | None

    @property
    def ratio_label(self) -> str | None:
        return ratio_label(self.ratio)


def figures_of(entry: HasCounts) -> Figures:
    score = alscore(entry.parameters, entry.tokens)
    token_ratio = ratio(entry.parameters, entry.tokens)
    return Figures(
        alscore=score,
        tier=tier(score),
        ratio=token_ratio,
        compute_optimal=is_compute_optimal(token_ratio),
        training_compute=training_compute(entry.parameters, entry.tokens, entry.active_parameters),
    )
