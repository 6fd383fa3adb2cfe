"""How stored values read on a card, a table or a terminal: labels shared by every renderer."""

from __future__ import annotations

from modelcard.entry import released_text as released_label

__all__ = ["access_label", "access_mark", "alscore_text", "ratio_text", "released_label"]

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


def ratio_text(ratio: int | None) -> str:
    return "-" if ratio is None else f"{ratio:,}:1"


def alscore_text(score: float | None) -> str:
    return "-" if score is None else f"{score:.1f}"
