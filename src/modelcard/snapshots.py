"""What each layer's data is as of: the snapshot dates that ``--version`` and ``show`` name,
which layer a value of a fetched entry came from, and the note on an old catalog.

The catalog's date is the newest snapshot among its layers' datasets (the bundled catalog's
three, and those ``update`` fetched): a catalog whose newest data is more than
``STALE_DAYS`` old says so once per command, on stderr, unless ``MODELCARD_NO_STALE_WARNING``
is set (to ``1``, ``true`` or ``yes``).
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .entry import Entry
    from .sources.layer import LayerManifest
    from .store import Catalog, Layer

STALE_DAYS = 180
QUIET_ENV = "MODELCARD_NO_STALE_WARNING"


def _fetched(layer: Layer) -> LayerManifest | None:
    from .sources.layer import read_manifest

    return read_manifest(layer.root)


def layer_dates(catalog: Catalog, layer: Layer) -> list[tuple[str, str]]:
    """(dataset, snapshot) of a layer's data: the bundled catalog's datasets, or what
    ``update`` fetched; nothing for a team folder or the user's store (their entries carry
    their own dates)."""
    from .store import BUNDLED, FETCHED

    if layer.name == BUNDLED:
        from .sources.manifest import bundled

        return sorted(bundled().snapshots.items(), key=lambda kv: _ORDER.index(kv[0]))
    if layer.name == FETCHED:
        manifest = _fetched(layer)
        if manifest is not None:
            return [(f.name, f.snapshot) for f in manifest.sources.values()]
    return []


_ORDER = ("lifearchitect", "epoch", "modelsdev")


def layer_text(catalog: Catalog, layer: Layer) -> str:
    """``bundled catalog: lifearchitect 2025-10-02, epoch 2026-01-26, modelsdev 2026-07-02``;
    ``team catalog (MODELCARD_PATH): /srv/catalog``."""
    from .store import BUNDLED, FETCHED

    dates = layer_dates(catalog, layer)
    if layer.name in (BUNDLED, FETCHED):
        return f"{layer.title}: " + (", ".join(f"{k} {d}" for k, d in dates) or "-")
    return f"{layer.title}: {layer.root}"


def version_lines(catalog: Catalog) -> list[str]:
    """The layers, lowest first, each with its dates or folder (for ``--version``)."""
    return [f"  {layer_text(catalog, layer)}" for layer in catalog.layers()]


def value_layers(catalog: Catalog, entry: Entry) -> dict[str, str]:
    """For an entry of the fetched layer: each sourced field -> ``fetched`` when a source
    ``update`` downloaded gives it, else ``bundled`` (it came with the bundled entry the
    layer merged into). Empty for the other layers, whose values are all their own."""
    from .store import BUNDLED, FETCHED

    layer = catalog.layer_named(FETCHED)
    if entry.layer != FETCHED or layer is None:
        return {}
    fetched = set(layer_dates(catalog, layer))
    return {
        field: FETCHED if (s.get("dataset"), s.get("snapshot")) in fetched else BUNDLED
        for field, s in entry.sources.items()
    }


def newest(catalog: Catalog) -> str | None:
    dates = [d for layer in catalog.layers() for _, d in layer_dates(catalog, layer)]
    return max(dates) if dates else None


def age_note(catalog: Catalog, today: dt.date | None = None) -> str | None:
    """The note for a catalog whose newest data is older than ``STALE_DAYS``, or None."""
    if os.environ.get(QUIET_ENV, "").strip().lower() in ("1", "true", "yes"):
        return None
    date = newest(catalog)
    if date is None:
        return None
    days = ((today or dt.date.today()) - dt.date.fromisoformat(date)).days
    if days <= STALE_DAYS:
        return None
    return (
        f"the catalog's newest data is from {date}, {days} days ago: `modelcard update` "
        f"fetches newer data ({QUIET_ENV}=1 silences this note)"
    )


__all__ = [
    "QUIET_ENV",
    "STALE_DAYS",
    "age_note",
    "layer_dates",
    "layer_text",
    "newest",
    "value_layers",
    "version_lines",
]
