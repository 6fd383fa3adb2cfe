"""Progress bars for long work (import, export, validate, update), on stderr, only where a
person is watching: never when stderr is not a terminal, never with ``--quiet``.

The core reports progress through a plain callback, ``tick(phase, done, total)`` (a
``Tick``; ``total`` None when unknown), and never imports this module; a command opens
``Bars`` and hands its ``tick`` (None when nothing is shown) down. rich is imported only
when a bar is shown.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

Tick = Callable[[str, int, "int | None"], None]
Advance = Callable[[int, "int | None"], None]
T = TypeVar("T")

# how often a bar is redrawn at most: 10,000 rows must not cost 10,000 redraws
_INTERVAL = 0.05

# the bars on screen now, if any: a warning said while they show goes above them (written
# straight to stderr it would land on the bar's line and leave a torn bar behind)
_showing: list[Any] = []


def print_above(line: str) -> bool:
    """Print ``line`` above the bars on screen; False when none show (print it yourself)."""
    if not _showing:
        return False
    _showing[-1].console.print(line, markup=False, highlight=False, emoji=False, soft_wrap=True)
    return True


def shown(quiet: bool = False) -> bool:
    """Whether bars are shown: stderr is a terminal (not a dumb one), and not ``--quiet``."""
    if quiet or os.environ.get("TERM") == "dumb":
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced or closed
        return False


class Bars:
    """One or more bars on stderr for the length of a ``with`` block; each phase or file
    gets a line of its own, and the lines go when the block ends (what was done is said by
    the summary after it). Where bars are not shown, ``tick`` is None and the rest does
    nothing."""

    def __init__(self, *, quiet: bool = False) -> None:
        self.enabled = shown(quiet)
        self._progress: Any = None
        self._tasks: dict[str, Any] = {}
        self._last: dict[str, float] = {}

    def __enter__(self) -> Bars:
        if not self.enabled:
            return self
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(stderr=True, markup=False, highlight=False, emoji=False)
        # on a narrow terminal the bar gives way to the counts, which are never cut
        room = console.width - 45
        columns: list[Any] = [TextColumn("{task.description}")]
        if room >= 10:
            columns.append(BarColumn(bar_width=min(40, room)))
        columns.append(TextColumn("{task.fields[amount]}"))
        if room >= 10:
            columns.append(TimeElapsedColumn())
        self._progress = Progress(*columns, console=console, transient=True)
        self._progress.__enter__()
        _showing.append(self._progress)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            _showing.remove(self._progress)
            self._progress.__exit__(None, None, None)
            self._progress = None

    @property
    def tick(self) -> Tick | None:
        return self._tick if self._progress is not None else None

    def _tick(self, phase: str, done: int, total: int | None) -> None:
        self._update(phase, done, total, _count)

    def task(self, description: str, *, units: str = "count") -> Advance | None:
        """A bar of its own, advanced with ``(done, total)``: ``units`` ``bytes`` shows a
        download's size. None where bars are not shown."""
        if self._progress is None:
            return None
        shown_as = _bytes if units == "bytes" else _count

        def advance(done: int, total: int | None) -> None:
            self._update(description, done, total, shown_as)

        return advance

    def counted(self, items: Iterable[T], phase: str, total: int | None) -> Iterator[T]:
        """``items``, ticking ``phase`` as each is taken."""
        tick = self.tick
        if tick is None:
            yield from items
            return
        done = 0
        tick(phase, 0, total)
        for item in items:
            yield item
            done += 1
            tick(phase, done, total)

    def _update(
        self, phase: str, done: int, total: int | None, amount: Callable[[int, int | None], str]
    ) -> None:
        progress = self._progress
        if progress is None:
            return
        task = self._tasks.get(phase)
        if task is None:
            task = progress.add_task(phase, total=total, amount=amount(done, total))
            self._tasks[phase] = task
        now = time.monotonic()
        if done != total and now - self._last.get(phase, 0.0) < _INTERVAL:
            return
        self._last[phase] = now
        progress.update(task, completed=done, total=total, amount=amount(done, total))


def _count(done: int, total: int | None) -> str:
    return f"{done:,}" if total is None else f"{done:,}/{total:,}"


def _bytes(done: int, total: int | None) -> str:
    def size(n: int) -> str:
        for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
            if n >= scale:
                return f"{n / scale:.1f} {unit}"
        return f"{n} B"

    return size(done) if total is None else f"{size(done)}/{size(total)}"
