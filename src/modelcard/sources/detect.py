"""What a file or folder given to ``import`` (or fetched by ``update``) is, from its content.

Never from its name: a CSV is told by its header row (the Models Table's two layouts, or
Epoch's), JSON by its shape (models.dev's ``api.json``, ``models.json``, ``catalog.json``),
a folder by holding ``models/`` or ``providers/`` (a models.dev checkout), an archive by its
gzip or tar signature. ``read`` then hands it to the right reader.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .records import Reading, SourceError

LIFEARCHITECT = "lifearchitect"
EPOCH = "epoch"
MODELSDEV_CHECKOUT = "modelsdev-checkout"
MODELSDEV_ARCHIVE = "modelsdev-archive"
MODELSDEV_JSON = "modelsdev-json"
# The Models Table's headers that no other format has (both layouts carry them).
_TABLE_HEADERS = {"ALScore", "Tokens trained (B)", "Public?"}
_SNIFF = 64 * 1024


def detect(path: Path) -> str:
    """One of ``lifearchitect``, ``epoch``, ``modelsdev-checkout``, ``modelsdev-archive``,
    ``modelsdev-json``; a ``SourceError`` naming the path if none."""
    if path.is_dir():
        if (path / "models").is_dir() or (path / "providers").is_dir():
            return MODELSDEV_CHECKOUT
        raise SourceError(f"{path}: a folder, but not a models.dev checkout (no models/)")
    from modelcard.safefiles import UnreadableFile, read_head

    try:
        head = read_head(path, _SNIFF)  # a FIFO is refused, not waited on
    except UnreadableFile as exc:
        raise SourceError(str(exc)) from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if head.startswith(b"\x1f\x8b") or head[257:262] == b"ustar":
        return MODELSDEV_ARCHIVE
    text = head.decode("utf-8", errors="replace").removeprefix("\ufeff")
    if text.lstrip().startswith(("{", "[")):
        return MODELSDEV_JSON
    rows = _first_rows(text)
    for row in rows:
        cells = {cell.strip() for cell in row}
        if _TABLE_HEADERS & cells and "Model" in cells:
            return LIFEARCHITECT
        from .epoch import is_epoch_header

        if is_epoch_header(row):
            return EPOCH
    raise SourceError(
        f"{path}: not a known source (a Models Table or Epoch AI CSV, models.dev JSON, a "
        "models.dev checkout or archive)"
    )


def _first_rows(text: str) -> list[list[str]]:
    """The first two rows of a CSV (the newer Models Table has its header on the second),
    tolerating a cut in the middle of the sniffed text."""
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            rows.append(row)
            if len(rows) == 2:
                break
    except csv.Error:
        pass
    return rows


def read(path: Path, *, url: str | None = None, snapshot: str | None = None) -> Reading:
    """Read an Epoch CSV or a models.dev checkout, archive or JSON, whatever ``path`` holds.
    (The Models Table has its own importer, ``modelcard.importers``.)"""
    from . import epoch, modelsdev
    from .records import EPOCH as EPOCH_DATASET
    from .records import MODELSDEV

    kind = detect(path)
    if kind == EPOCH:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SourceError(f"{path}: cannot be read as UTF-8 text: {exc}") from None
        return epoch.read_epoch(text, source=str(path), snapshot=snapshot or EPOCH_DATASET.snapshot)
    if kind == MODELSDEV_CHECKOUT:
        return modelsdev.read_checkout(path, snapshot=snapshot or MODELSDEV.snapshot)
    if kind == MODELSDEV_ARCHIVE:
        return modelsdev.read_archive(path, snapshot=snapshot or MODELSDEV.snapshot)
    if kind == MODELSDEV_JSON:
        return modelsdev.read_json_file(path, url=url, snapshot=snapshot)
    raise SourceError(f"{path}: the Models Table is read by modelcard.importers, not here")


__all__ = ["detect", "read"]
