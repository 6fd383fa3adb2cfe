"""Writing exported files: single cards, data files, and whole sites into a folder.

A site export records what it wrote in ``DIR/.modelcard-export.json``; the next export
into the same folder removes the files of the last one that it no longer writes, and
nothing else. A file there that modelcard did not write is never overwritten without
``force``. Every file is written atomically.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from .atomic import atomic_write
from .errors import ModelcardError

MANIFEST = ".modelcard-export.json"


class ExportConflict(ModelcardError):
    """The export would overwrite a file that an earlier export did not write."""


def write_files(root: Path, files: Iterable[tuple[str, str]]) -> int:
    """Write ``files`` ((relative path, text) pairs) under ``root``; returns how many.

    Each file is replaced atomically (a reader sees the old page or the new), but not
    fsync'ed: an export is cheap to redo, and 20,000 fsyncs were most of its time."""
    count = 0
    made: set[Path] = set()
    for relative, text in files:
        target = _inside(root, relative)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        atomic_write(target, text, tmp_dir=target.parent, durable=False)
        count += 1
    return count


def publish_site(
    root: Path, paths: list[str], files: Iterable[tuple[str, str]], *, force: bool = False
) -> tuple[int, int]:
    """Replace the last export in ``root`` by ``files`` (whose paths are ``paths``);
    returns (written, removed)."""
    previous = read_manifest(root)
    if not force:
        for relative in sorted(paths):
            if relative not in previous and _inside(root, relative).exists():
                raise ExportConflict(
                    f"{_inside(root, relative)} exists and was not written by an earlier "
                    "export; use --force to overwrite it, or export into another folder"
                )
    root.mkdir(parents=True, exist_ok=True)
    written = write_files(root, files)
    removed = 0
    for relative in sorted(previous - set(paths)):
        target = _inside(root, relative)
        try:
            target.unlink()
            removed += 1
        except FileNotFoundError:
            continue
        _prune(target.parent, root)
    manifest = json.dumps({"files": sorted(paths)}, indent=1) + "\n"
    atomic_write(root / MANIFEST, manifest, tmp_dir=root)
    return written, removed


def read_manifest(root: Path) -> set[str]:
    """The files the last export wrote; an unreadable manifest counts as none."""
    try:
        data = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
        files = data["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    if not isinstance(files, list):
        return set()
    return {f for f in files if isinstance(f, str) and _is_safe(f)}


def _is_safe(relative: str) -> bool:
    parts = Path(relative).parts
    return bool(parts) and not Path(relative).is_absolute() and ".." not in parts


def _inside(root: Path, relative: str) -> Path:
    if not _is_safe(relative):
        raise ModelcardError(f"refusing to write {relative!r} outside {root}")
    return root / relative


def _prune(folder: Path, root: Path) -> None:
    """Remove folders left empty under ``root`` (never ``root`` itself)."""
    while folder != root and root in folder.parents:
        try:
            os.rmdir(folder)
        except OSError:
            return
        folder = folder.parent
