"""Plain records read from a dataset: one model, its figures, and where each figure came from.

A reader turns a file into ``Record`` objects and a list of ``Problem`` lines; it never
touches the store and never decides what matches what. Every figure carries a ``Source``:
the ``[sources]`` item of the entry format (``url``, ``note``, ``confidence``, ``dataset``,
``snapshot``, ``row``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from modelcard.datasets import (
    BUNDLED,
    EPOCH,
    KEYS,
    LIFEARCHITECT,
    MODELSDEV,
    MODELSDEV_COMMIT,
    MODELSDEV_REPO,
    Dataset,
)
from modelcard.errors import ModelcardError

CONFIDENCE = ("confident", "likely", "speculative")


class SourceError(ModelcardError):
    """A dataset file or folder that cannot be read at all (not the format, not readable)."""


# The datasets are named once, in modelcard.datasets; the readers take them from here.
DATASETS = BUNDLED
DATASET_KEYS = KEYS

# The fields a record can carry, in the entry document's own words. ``benchmarks.NAME`` and
# ``links.NAME`` are figures too.
FIELDS = (
    "released",
    "parameters",
    "active_parameters",
    "tokens",
    "training_compute",
    "context_window",
    "output_limit",
    "knowledge_cutoff",
    "open_weights",
    "license",
    "price_input",
    "price_output",
)
COUNT_FIELDS = ("parameters", "active_parameters", "tokens", "context_window", "output_limit")
NUMBER_FIELDS = (*COUNT_FIELDS, "training_compute", "price_input", "price_output")
DATE_FIELDS = ("released", "knowledge_cutoff")


@dataclass(frozen=True)
class Source:
    """Where one figure came from: a ``[sources]`` item of the entry format."""

    url: str
    dataset: str
    snapshot: str
    row: str
    note: str | None = None
    confidence: str | None = None

    def as_mapping(self) -> dict[str, str]:
        """The item as an entry document writes it (``None`` left out)."""
        item = {"url": self.url}
        if self.note:
            item["note"] = self.note
        if self.confidence:
            item["confidence"] = self.confidence
        item.update(dataset=self.dataset, snapshot=self.snapshot, row=self.row)
        return item


Value = int | float | str | bool


@dataclass(frozen=True)
class Figure:
    value: Value
    source: Source


@dataclass(frozen=True)
class Record:
    """One model as one dataset describes it.

    ``key`` names the record inside its dataset (Epoch: the model's name; models.dev: the
    ``lab/model`` id) and is what the crosswalk refers to. ``labs`` holds every organisation
    the dataset names (Epoch lists several); ``lab`` is the first; ``snapshot`` is the
    date of the dataset's copy. ``figures`` maps a field
    (``released``, ``parameters``, ``benchmarks.swe_bench_verified``, ``links.weights``, ...)
    to its value and source; ``where`` is the row or file, for messages.
    """

    dataset: str
    key: str
    name: str
    lab: str
    where: str
    snapshot: str
    labs: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    figures: Mapping[str, Figure] = field(default_factory=dict)

    @property
    def released(self) -> str | None:
        figure = self.figures.get("released")
        return str(figure.value) if figure else None

    def value(self, name: str) -> Value | None:
        figure = self.figures.get(name)
        return None if figure is None else figure.value


@dataclass(frozen=True)
class Problem:
    """Something a reader reports instead of importing: a skipped row or file, a dropped
    value. ``kind`` groups them for counts (``skipped``, ``dropped``, ``collapsed``)."""

    where: str
    message: str
    kind: str = "dropped"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class Reading:
    """What a reader found in one file or folder."""

    dataset: str
    snapshot: str
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # counted, not listed: rows of other domains, provider copies folded into one record
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n


def clean_name(text: str) -> str | None:
    """A model's or lab's name from a dataset, on one line; None if it holds control
    characters (a terminal escape is no name; the row is reported instead)."""
    import unicodedata

    flat = " ".join(text.split())
    for ch in flat:
        category = unicodedata.category(ch)
        if category[0] == "C" and category != "Cf":
            return None
    return flat


def one_line(text: str, limit: int = 300) -> str:
    """A note from a dataset on one line, at most ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


__all__ = [
    "CONFIDENCE",
    "DATASETS",
    "DATASET_KEYS",
    "EPOCH",
    "FIELDS",
    "LIFEARCHITECT",
    "MODELSDEV",
    "MODELSDEV_COMMIT",
    "MODELSDEV_REPO",
    "Dataset",
    "Figure",
    "Problem",
    "Reading",
    "Record",
    "Source",
    "SourceError",
    "clean_name",
    "one_line",
]
