"""Placing labels on a chart so that no two overlap: boxes, and a greedy placer.

Shared by the SVG chart (boxes in points, measured by matplotlib's renderer) and the
terminal chart (boxes in character cells). Labels are placed in order of importance; each
takes the cheapest of its candidate boxes that stays inside the plot and overlaps nothing
placed before it; a label with no such candidate is dropped, and the caller says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence


class Box:
    """An axis-aligned rectangle, ``x0 <= x1`` and ``y0 <= y1`` (either y direction)."""

    __slots__ = ("x0", "y0", "x1", "y1")

    def __init__(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.x0, self.y0, self.x1, self.y1 = x0, y0, x1, y1

    def __repr__(self) -> str:
        return f"Box({self.x0:g}, {self.y0:g}, {self.x1:g}, {self.y1:g})"

    def overlaps(self, other: Box, gap_x: float = 0.0, gap_y: float = 0.0) -> bool:
        """True when the two boxes share area, or come closer than the gaps."""
        return (
            self.x0 < other.x1 + gap_x
            and other.x0 < self.x1 + gap_x
            and self.y0 < other.y1 + gap_y
            and other.y0 < self.y1 + gap_y
        )

    def within(self, outer: Box) -> bool:
        return (
            outer.x0 <= self.x0
            and self.x1 <= outer.x1
            and outer.y0 <= self.y0
            and self.y1 <= outer.y1
        )

    def contains(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1


def place(
    candidates: Sequence[Sequence[Box]],
    *,
    bounds: Box,
    obstacles: Sequence[Box] = (),
    gap_x: float = 0.0,
    gap_y: float = 0.0,
    cost: Callable[[int, int, Box], float] = lambda label, order, box: 0.0,
    allowed: Callable[[int, Box, list[Box | None]], bool] = lambda label, box, before: True,
) -> list[Box | None]:
    """For each label (in order), the chosen box or None when none of its candidates fits.

    A candidate fits when it lies within ``bounds``, keeps the gaps from every box placed
    before it, overlaps no obstacle, and ``allowed(label, box, chosen so far)`` holds. Among
    those fitting, the lowest ``cost(label, candidate's place in the list, box)`` wins, then
    the earliest candidate (callers list them nearest first).
    """
    placed: list[Box] = []
    chosen: list[Box | None] = []
    for label, boxes in enumerate(candidates):
        best: tuple[float, int] | None = None
        for order, box in enumerate(boxes):
            if not box.within(bounds):
                continue
            if any(box.overlaps(other, gap_x, gap_y) for other in placed):
                continue
            if any(box.overlaps(obstacle) for obstacle in obstacles):
                continue
            if not allowed(label, box, chosen):
                continue
            key = (cost(label, order, box), order)
            if best is None or key < best:
                best = key
        if best is None:
            chosen.append(None)
        else:
            placed.append(boxes[best[1]])
            chosen.append(boxes[best[1]])
    return chosen
