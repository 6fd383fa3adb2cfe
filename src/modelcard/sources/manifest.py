"""What a catalog layer was built from: the bundled catalog's ``data/catalog.toml`` (written
by ``scripts/build_catalog.py``) and a fetched layer's ``manifest.toml`` (written by
``update``). Each names its datasets with their snapshot dates, which ``--version``, ``show``
and the note on an old catalog read, and carries a stamp: a fetched layer built on another
bundled catalog than the installed one is rebuilt (``sources/layer.py``).

Read on every command that looks at layers, so it stays small: ``tomllib`` only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from modelcard.datasets import DATASETS, Dataset
from modelcard.store import FETCHED_FORMAT

FORMAT = FETCHED_FORMAT


def bundled_path() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "catalog.toml"


@dataclass(frozen=True)
class BundledManifest:
    stamp: str
    datasets: Mapping[str, Dataset]
    counts: Mapping[str, int] = field(default_factory=dict)

    @property
    def snapshots(self) -> dict[str, str]:
        return {key: d.snapshot for key, d in self.datasets.items()}

    def dumps(self) -> str:
        import tomli_w

        data: dict[str, Any] = {
            "stamp": self.stamp,
            "datasets": {
                key: {
                    "title": d.title,
                    "url": d.url,
                    "snapshot": dt.date.fromisoformat(d.snapshot),
                    "licence": d.licence,
                    "credit": d.credit,
                }
                for key, d in self.datasets.items()
            },
            "counts": dict(self.counts),
        }
        header = (
            "# What the bundled catalog (catalog/) was built from, and the credit each source\n"
            '# asks for. Written by scripts/build_catalog.py; see README.md, "Where the data\n'
            '# comes from", and data/SOURCES.md.\n'
        )
        return header + tomli_w.dumps(data)


_bundled: BundledManifest | None = None


def bundled() -> BundledManifest:
    """The installed bundled catalog's manifest (read once per process)."""
    global _bundled
    if _bundled is None:
        import tomllib

        data = tomllib.loads(bundled_path().read_text(encoding="utf-8"))
        _bundled = BundledManifest(
            stamp=str(data["stamp"]),
            datasets={
                # what the registry says of each, at the snapshot the catalog was built from
                key: replace(DATASETS[key], snapshot=str(d["snapshot"]))
                for key, d in data["datasets"].items()
                if key in DATASETS
            },
            counts=dict(data.get("counts", {})),
        )
    return _bundled


def stamp_of(texts: Mapping[str, str]) -> str:
    """A digest of a catalog's entry files (id -> text) and of the reviewed data a layer
    built on it also uses (the crosswalk and the merge policy)."""
    import hashlib

    from .crosswalk import default_path as crosswalk_path
    from .policy import default_path as policy_path

    digest = hashlib.sha256()
    for id in sorted(texts):
        digest.update(f"{id}\0{texts[id]}\0".encode())
    for path in (crosswalk_path(), policy_path()):
        digest.update(path.read_bytes())
    return f"sha256:{digest.hexdigest()[:32]}"


__all__ = ["FORMAT", "BundledManifest", "bundled", "bundled_path", "stamp_of"]
