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
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .entry import Entry
    from .store import Catalog, Layer

STALE_DAYS = 180
QUIET_ENV = "MODELCARD_NO_STALE_WARNING"


def layer_text(catalog: Catalog, layer: Layer) -> str:
    """``bundled catalog: lifearchitect 2025-10-02, epoch 2026-01-26, modelsdev 2026-07-02``;
    ``team catalog (MODELCARD_PATH): /srv/catalog``."""
    from .store import BUNDLED, FETCHED

    dates = catalog.layer_dates(layer)
    if layer.name in (BUNDLED, FETCHED):
        return f"{layer.title}: " + (", ".join(f"{k} {d}" for k, d in dates) or "-")
    return f"{layer.title}: {layer.root}"


def version_lines(catalog: Catalog) -> list[str]:
    """The layers, lowest first, each with its dates or folder (for ``--version``)."""
    return [f"  {layer_text(catalog, layer)}" for layer in catalog.layers()]


def version_text(store: Path | None = None, *, no_builtin: bool = False) -> tuple[str, str | None]:
    """What ``--version`` prints: the version, then each layer with its snapshot dates
    (lowest first); and the note on an old catalog, or None. Never fails: a catalog that
    cannot be described (a bad ``MODELCARD_NO_BUILTIN``) leaves the version alone."""
    from . import __version__
    from .errors import ModelcardError
    from .store import Catalog, builtin_hidden_by_env, resolve_home

    text = f"modelcard {__version__}\n"
    try:
        catalog = Catalog(resolve_home(store), builtin=not (no_builtin or builtin_hidden_by_env()))
        lines = version_lines(catalog)
    except (ModelcardError, OSError):
        return text, None
    return text + "catalog layers, lowest first:\n" + "\n".join(lines) + "\n", age_note(catalog)


def value_layers(catalog: Catalog, entry: Entry) -> dict[str, str]:
    """For an entry of the fetched layer: each sourced field -> ``fetched`` when a source
    ``update`` downloaded gives it, else ``bundled`` (it came with the bundled entry the
    layer merged into). Empty for the other layers, whose values are all their own."""
    from .store import BUNDLED, FETCHED

    layer = catalog.layer_named(FETCHED)
    if entry.layer != FETCHED or layer is None:
        return {}
    fetched = set(catalog.layer_dates(layer))
    return {
        field: FETCHED if (s.get("dataset"), s.get("snapshot")) in fetched else BUNDLED
        for field, s in entry.sources.items()
    }


def newest(catalog: Catalog) -> str | None:
    dates = [d for layer in catalog.layers() for _, d in catalog.layer_dates(layer)]
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
    "layer_text",
    "newest",
    "value_layers",
    "version_lines",
    "version_text",
]
