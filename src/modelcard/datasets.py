"""The datasets a figure can come from, each named once: its key (a source's ``dataset``),
its names, where it is published, the snapshot the bundled catalog was read from, its
licence, and the credit line the licence asks for.

Every place that names or credits a dataset (sources and their readers, ``show``, the
cards, the Markdown and HTML sites, Hugging Face model cards, the catalog's manifest) reads
it here. Imported by ``entry.py``, so it stays plain data: no imports beyond the standard
library's dataclasses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .entry import Entry


@dataclass(frozen=True)
class Dataset:
    """A dataset modelcard reads, with what its licence asks us to say."""

    key: str
    title: str  # its own name, in full: the name a card or a site gives as the source
    name: str  # short, for a line in the terminal: "Epoch AI"
    url: str
    snapshot: str  # the bundled catalog's snapshot (YYYY-MM-DD); empty: one per model
    licence_name: str
    licence_url: str = ""
    credit: str = ""  # the line the licence asks for, word for word
    by: str = ""  # its author, where the credit names one
    dated: str = "snapshot of"  # how its date reads: "accessed" (Epoch), a commit
    bundled: bool = True  # read into the bundled catalog (not per model)

    @property
    def licence(self) -> str:
        """The licence in one line of plain text (as the catalog's manifest keeps it)."""
        return (
            f"{self.licence_name} ({self.licence_url})" if self.licence_url else self.licence_name
        )

    def credit_markdown(self, snapshots: Iterable[str] = ()) -> str:
        """One Markdown line crediting the dataset: its title linked, author, the
        snapshots used (default: the bundled one), licence and the credit it asks for.
        Only our own constants go into it, never user text."""
        line = f"[{self.title}]({self.url})"
        if self.by:
            line += f" by {self.by}"
        dates = sorted(set(snapshots)) or ([self.snapshot] if self.snapshot else [])
        if dates:
            line += f", {self.dated} {', '.join(dates)}"
        licence = f"[{self.licence_name}]({self.licence_url})" if self.licence_url else None
        line += f"; licence: {licence or self.licence_name}"
        if self.credit:
            line += f"; credit: {self.credit}"
        return line


LIFEARCHITECT = Dataset(
    key="lifearchitect",
    title="LifeArchitect.ai Models Table",
    name="LifeArchitect.ai Models Table",
    url="https://lifearchitect.ai/models-table/",
    snapshot="2025-10-02",
    licence_name="MIT (through AIComputing101/llm-leaderboard)",
    credit="LifeArchitect.ai Models Table (Dr Alan D. Thompson)",
    by="Dr Alan D. Thompson",
)
EPOCH = Dataset(
    key="epoch",
    title="Epoch AI, Notable AI Models",
    name="Epoch AI",
    url="https://epoch.ai/data/notable-ai-models",
    snapshot="2026-01-26",
    licence_name="CC BY 4.0",
    licence_url="https://creativecommons.org/licenses/by/4.0/",
    credit="Data: Epoch AI (epoch.ai)",
    dated="accessed",
)
# The commit of the models.dev snapshot in data/: source URLs point at files in it.
MODELSDEV_COMMIT = "f3fc692"
MODELSDEV_REPO = "https://github.com/anomalyco/models.dev"
MODELSDEV = Dataset(
    key="modelsdev",
    title="models.dev",
    name="models.dev",
    url="https://models.dev",
    snapshot="2026-07-02",
    licence_name='MIT, "Copyright (c) 2025 models.dev"',
    credit="models.dev (https://models.dev, MIT)",
)
HF_CARD = Dataset(
    key="hf-card",
    title="Hugging Face model card",
    name="a Hugging Face model card",
    url="https://huggingface.co/docs/hub/model-cards",
    snapshot="",
    licence_name="the card's own licence",
    dated="read",
    bundled=False,
)
CHECKPOINT = Dataset(
    key="checkpoint",
    title="the released checkpoint",
    name="a checkpoint",
    url="https://huggingface.co/docs/safetensors",
    snapshot="",
    licence_name="the checkpoint's own licence (config.json and safetensors headers, counted)",
    dated="read",
    bundled=False,
)

# The datasets the bundled catalog is read from, in the order they are merged.
BUNDLED = {d.key: d for d in (LIFEARCHITECT, EPOCH, MODELSDEV)}
# Every dataset a source may name, in the order credits list them.
DATASETS = {d.key: d for d in (*BUNDLED.values(), HF_CARD, CHECKPOINT)}
KEYS = tuple(DATASETS)


def title(key: str) -> str:
    """The dataset's full name; an unknown key as it is."""
    dataset = DATASETS.get(key)
    return dataset.title if dataset else key


def name(key: str) -> str:
    """The dataset's short name, for the terminal; an unknown key as it is."""
    dataset = DATASETS.get(key)
    return dataset.name if dataset else key


def used(sources: Iterable[Mapping[str, str]]) -> dict[str, set[str]]:
    """The datasets the sources name, in credit order, each with the snapshots read."""
    found: dict[str, set[str]] = {}
    for source in sources:
        key = source.get("dataset")
        if key in DATASETS:
            found.setdefault(key, set())
            if source.get("snapshot"):
                found[key].add(source["snapshot"])
    return {key: found[key] for key in DATASETS if key in found}


def credited(entries: Iterable[Entry]) -> dict[str, set[str]]:
    """The datasets to credit for ``entries``: those their sources name, and the Models
    Table for a bundled entry that names none (a row with no figure yet, such as an
    announced model: its name and lab are the table's)."""
    entries = list(entries)
    found = used(s for e in entries for s in e.sources.values())
    bare = [e for e in entries if e.builtin and not used(e.sources.values())]
    if bare:
        found.setdefault(LIFEARCHITECT.key, set()).add(LIFEARCHITECT.snapshot)
    return {key: found[key] for key in DATASETS if key in found}
