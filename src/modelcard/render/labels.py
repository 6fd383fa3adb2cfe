"""How stored values read on a card, a table or a terminal: labels shared by every renderer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from modelcard.entry import released_text as released_label
from modelcard.units import billions, short_count

if TYPE_CHECKING:
    from modelcard.metrics import Figures

__all__ = [
    "access_label",
    "access_legend",
    "access_mark",
    "alscore_text",
    "compute_text",
    "count_text",
    "open_weights_label",
    "price_text",
    "ratio_text",
    "released_label",
    "size_text",
    "tokens_text",
]

ACCESS_LABELS = {
    "public": "🟢 Public",
    "private": "🔴 Private",
    "limited": "🟡 Limited",
    "unknown": "❓ Unknown",
}


def access_label(access: str) -> str:
    return ACCESS_LABELS.get(access, ACCESS_LABELS["unknown"])


def access_mark(access: str) -> str:
    """The emoji alone, as the site's Status columns show it."""
    return access_label(access).split(" ", 1)[0]


def access_legend() -> str:
    """What the Status column's emoji mean, for a line under a table that has one."""
    return "**Status** (access): " + " · ".join(ACCESS_LABELS.values())


def count_text(count: int | None) -> str:
    """A count in billions, as the card (and the site) prints it: ``142.0B``, or ``-``."""
    return "-" if count is None else f"{billions(count)}B"


def size_text(count: int | None) -> str:
    """A count to read at a glance, as the terminal views print it: ``11.2T``, ``142B``,
    ``117M``, or ``-``."""
    return "-" if count is None else short_count(count)


def open_weights_label(open_weights: bool | None) -> str:
    if open_weights is None:
        return "unknown"
    return "yes" if open_weights else "no"


def compute_text(flops: int | float | None) -> str:
    return "-" if flops is None else f"{flops:.2e} FLOPs"


def tokens_text(count: int | None) -> str:
    """A token limit as a person reads it: ``262,144 tokens``, or ``-``."""
    return "-" if count is None else f"{count:,} tokens"


def price_text(usd: float | None) -> str:
    """A price per million tokens: ``$0.95``, ``$15.00``, ``$0.075`` (cents, unless that
    would round it), or ``-``."""
    if usd is None:
        return "-"
    cents = f"{usd:.2f}"
    return f"${cents}" if float(cents) == usd else f"${usd:g}"


def ratio_text(ratio: int | None) -> str:
    return "-" if ratio is None else f"{ratio:,}:1"


def alscore_text(score: float | None) -> str:
    return "-" if score is None else f"{score:.1f}"


def ratio_line(figures: Figures) -> str:
    """The ratio with its verdict: ``79:1 ✅ Compute-optimal``."""
    ratio = ratio_text(figures.ratio)
    return f"{ratio} {figures.ratio_label}" if figures.ratio_label else ratio


def alscore_line(figures: Figures) -> str:
    """The ALScore with its tier: ``4.2 (Mid-tier)``."""
    score = alscore_text(figures.alscore)
    return f"{score} ({figures.tier})" if figures.tier else score
