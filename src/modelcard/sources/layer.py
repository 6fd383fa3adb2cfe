"""The layer of fetched sources: what ``modelcard update`` downloaded, merged into the bundled
catalog, kept under ``<home>/.modelcard/`` (never among the user's entries):

    <home>/.modelcard/fetched              a symbolic link to the current version
    <home>/.modelcard/.fetched.<stamp>/    the version
        raw/<source>                       each source's file, as downloaded
        models/<id>.toml                   the entries that differ from the bundled catalog
        manifest.toml                      what it was built from

A version is built whole in a staging folder and swapped in by one rename (``fetch.swap_in``),
so a reader sees the old layer or the new one, and an update that fails or is killed leaves
the old one as it was.

The entries are the bundled catalog with the downloaded sources merged in (``combine``: the
Models Table, then Epoch AI, then models.dev; models only a source knows enter when released
after the newest Models Table in play, the rule of the bundled catalog). Only entries that
differ from the bundled ones are written: an unchanged model stays the bundled file.

Why the raw files are kept: the layer is built on one bundled catalog. When modelcard is
upgraded, the bundled catalog changes under it, and entries merged from the old one would
hide the new one's corrections. So the manifest records the bundled catalog's stamp, and
the first command that finds another one rebuilds the layer from the kept files (a few
seconds, once, said on stderr). No download is needed for that, and nothing is lost.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modelcard.errors import ModelcardError

from .manifest import FORMAT

if TYPE_CHECKING:
    from modelcard.progress import Tick

NAMES = ("lifearchitect", "epoch", "modelsdev")
# Where each source is published. Epoch's CSV and models.dev's catalog.json are documented
# public addresses (README, "Updating the catalog"); the Models Table publishes no CSV at a
# stable address, so it needs --url.
DEFAULT_URLS = {
    "epoch": "https://epoch.ai/data/notable_ai_models.csv",
    "modelsdev": "https://models.dev/catalog.json",
}
LAYER = "fetched"
# What a downloaded file of each source may be (``detect``'s kinds).
KINDS = {
    "lifearchitect": ("lifearchitect",),
    "epoch": ("epoch",),
    "modelsdev": ("modelsdev-json", "modelsdev-archive"),
}

Progress = Callable[[int, int | None], None]


def layer_path(home: Path) -> Path:
    return home / ".modelcard" / LAYER


@dataclass(frozen=True)
class Fetched:
    """One source in a layer: where it came from, its date, and its file."""

    name: str
    url: str
    snapshot: str
    bytes: int
    sha256: str


@dataclass(frozen=True)
class LayerManifest:
    bundled: str
    built: str
    sources: Mapping[str, Fetched]
    counts: Mapping[str, int] = field(default_factory=dict)
    format: int = FORMAT

    def dumps(self) -> str:
        import tomli_w

        data: dict[str, Any] = {
            "format": self.format,
            "bundled": self.bundled,
            "built": dt.date.fromisoformat(self.built),
            "sources": {
                name: {
                    "url": f.url,
                    "snapshot": dt.date.fromisoformat(f.snapshot),
                    "bytes": f.bytes,
                    "sha256": f.sha256,
                }
                for name, f in sorted(self.sources.items())
            },
            "counts": dict(self.counts),
        }
        return "# The layer of sources fetched by `modelcard update`.\n" + tomli_w.dumps(data)


def read_manifest(folder: Path) -> LayerManifest | None:
    """The manifest of a layer's version (or of the link to it); None if there is none or it
    does not read."""
    import tomllib

    from modelcard.safefiles import read_text
    from modelcard.store import MAX_ENTRY_BYTES

    try:
        text = read_text(folder / "manifest.toml", limit=MAX_ENTRY_BYTES)
        data = tomllib.loads(text)
        return LayerManifest(
            format=int(data["format"]),
            bundled=str(data["bundled"]),
            built=str(data["built"]),
            sources={
                name: Fetched(
                    name=name,
                    url=str(f["url"]),
                    snapshot=str(f["snapshot"]),
                    bytes=int(f["bytes"]),
                    sha256=str(f["sha256"]),
                )
                for name, f in data["sources"].items()
            },
            counts=dict(data.get("counts", {})),
        )
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
        return None
    except (ModelcardError, RecursionError):  # a FIFO, a folder, TOML nested too deep
        return None


def current_models(home: Path, notes: list[str]) -> Path | None:
    """The folder of the layer's entries, or None when nothing was fetched. A layer built on
    another bundled catalog (or by another version of this code) is rebuilt first; one that
    cannot be is left out, and ``notes`` says why."""
    link = layer_path(home)
    if not link.exists():
        return None
    manifest = read_manifest(link)
    if manifest is None:
        notes.append(f"{link}: not a layer of fetched sources (no manifest): left out")
        return None
    from .manifest import bundled

    if manifest.format != FORMAT or manifest.bundled != bundled().stamp:
        try:
            rebuilt = rebuild(home)
        except (ModelcardError, OSError) as exc:
            notes.append(f"the fetched sources could not be rebuilt ({exc}): left out")
            return None
        notes.append(
            "rebuilt the layer of fetched sources on this version's bundled catalog "
            f"({describe(rebuilt)})"
        )
    return link / "models"


def describe(manifest: LayerManifest) -> str:
    return ", ".join(f"{f.name} {f.snapshot}" for f in manifest.sources.values())


# -- updating ------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What an update did: the sources fetched, those that failed (name -> one line), and
    the layer's manifest after it (None: nothing changed)."""

    fetched: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    offline: bool = False
    manifest: LayerManifest | None = None


def update(
    home: Path,
    names: Iterable[str],
    urls: Mapping[str, str],
    *,
    timeout: float,
    progress: Callable[[str], Progress | None] | None = None,
    today: dt.date | None = None,
    tick: Tick | None = None,
) -> Outcome:
    """Download each named source (from ``urls``, else its default), check it reads as that
    source, and swap in a new version of the layer built from the new files and the kept
    ones of the other sources. A source that fails is reported and keeps its old file; if
    none succeeds, nothing changes. ``progress(name)`` follows each download, ``tick`` the
    matching and merging."""
    from . import fetch

    link = layer_path(home)
    outcome = Outcome()
    link.parent.mkdir(parents=True, exist_ok=True)
    with fetch.locked(link):
        fetch.sweep(link)
        old = read_manifest(link) if link.exists() else None
        staging = link.parent / f".{link.name}.staging-{os.getpid()}-{os.urandom(4).hex()}"
        (staging / "raw").mkdir(parents=True)
        try:
            sources: dict[str, Fetched] = {}
            for name in names:
                url = urls.get(name) or DEFAULT_URLS.get(name)
                if url is None:
                    outcome.failed[name] = (
                        "it publishes no file at a stable address: give --url "
                        f"{name}=URL (or a path)"
                    )
                    continue
                try:
                    sources[name] = _fetch_one(
                        name, url, staging / "raw" / name, timeout, progress, today
                    )
                    outcome.fetched.append(name)
                except fetch.Offline as exc:
                    outcome.failed[name] = str(exc)
                    outcome.offline = True
                except ModelcardError as exc:
                    outcome.failed[name] = str(exc)
            if not sources:
                return outcome
            for name, kept in (old.sources if old else {}).items():
                if name not in sources:
                    os.link(link / "raw" / name, staging / "raw" / name)
                    sources[name] = kept
            outcome.manifest = build(staging, sources, tick=tick)
            fetch.swap_in(staging, link)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return outcome


def _fetch_one(
    name: str,
    url: str,
    target: Path,
    timeout: float,
    progress: Callable[[str], Progress | None] | None,
    today: dt.date | None,
) -> Fetched:
    import hashlib

    from . import fetch
    from .detect import detect

    size = fetch.download(
        url, target, timeout=timeout, progress=progress(name) if progress else None
    )
    try:
        kind = detect(target)
    except ModelcardError:
        kind = "nothing modelcard reads"
    if kind not in KINDS[name]:
        target.unlink(missing_ok=True)
        raise fetch.DownloadError(f"{url}: not {_WHAT[name]} (it holds {kind})")
    digest = hashlib.sha256()
    with target.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    local = "://" not in url
    # a URL is as new as the day it was fetched; a local copy as the day it was written
    day = (
        dt.date.fromtimestamp(Path(url).expanduser().stat().st_mtime)
        if local
        else (today or dt.datetime.now(dt.UTC).date())
    )
    return Fetched(name, url, day.isoformat(), size, digest.hexdigest())


_WHAT = {
    "lifearchitect": "a Models Table CSV",
    "epoch": "Epoch AI's CSV",
    "modelsdev": "models.dev's JSON or archive",
}


def rebuild(home: Path) -> LayerManifest:
    """Build the layer again from its kept files (on a new bundled catalog), and swap it in."""
    from . import fetch

    link = layer_path(home)
    with fetch.locked(link):
        manifest = read_manifest(link)
        if manifest is None:
            raise ModelcardError(f"{link}: no manifest")
        from .manifest import bundled

        if manifest.format == FORMAT and manifest.bundled == bundled().stamp:
            return manifest  # another process rebuilt it while this one waited
        staging = link.parent / f".{link.name}.staging-{os.getpid()}-{os.urandom(4).hex()}"
        (staging / "raw").mkdir(parents=True)
        try:
            for name in manifest.sources:
                os.link(link / "raw" / name, staging / "raw" / name)
            rebuilt = build(staging, manifest.sources)
            fetch.swap_in(staging, link)
            return rebuilt
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def build(
    folder: Path, sources: Mapping[str, Fetched], *, tick: Tick | None = None
) -> LayerManifest:
    """Write ``folder/models`` and ``folder/manifest.toml`` from ``folder/raw``; ``tick`` is
    told of each record matched and merged."""
    from modelcard import provenance
    from modelcard.entry import dumps, to_mapping
    from modelcard.index import FolderIndex
    from modelcard.store import builtin_dir

    from . import crosswalk, policy
    from .combine import combine, released_after, to_entry
    from .manifest import bundled

    base = FolderIndex(builtin_dir(), builtin=True).entries()
    inputs = [
        _input(name, folder / "raw" / name, sources[name]) for name in NAMES if name in sources
    ]
    table = sources.get("lifearchitect")
    snapshot = max(bundled().snapshots["lifearchitect"], table.snapshot if table else "")
    combined = combine(
        base,
        inputs,
        crosswalk=crosswalk.load(),
        policy=policy.load(),
        keep_new=released_after(snapshot),
        progress=tick,
    )
    models = folder / "models"
    models.mkdir()
    before = {entry.id: entry for entry in base}
    written = 0
    for id in sorted(combined.changed):
        doc = combined.documents[id]
        old = before.get(id)
        if old is not None and to_mapping(old) == doc:
            continue
        # the table's counts rated again: the merged entry may know its weights are open
        entry = provenance.rated(to_entry(id, doc))
        if old is not None:
            entry = provenance.kept_reviewed(entry, old)
        (models / f"{id}.toml").write_text(dumps(entry), encoding="utf-8")
        written += 1
    counts = {
        "entries": written,
        "new": sum(1 for id in combined.created_by if id in combined.documents),
    }
    for step in combined.steps:
        counts[f"{step.dataset} matched"] = len(step.matched)
    manifest = LayerManifest(
        bundled=bundled().stamp,
        built=dt.datetime.now(dt.UTC).date().isoformat(),
        sources=dict(sources),
        counts=counts,
    )
    (folder / "manifest.toml").write_text(manifest.dumps(), encoding="utf-8")
    return manifest


def _input(name: str, path: Path, fetched: Fetched) -> Any:
    from . import detect, epoch
    from .combine import Input
    from .records import EPOCH

    where = f"{name} ({fetched.url}, {fetched.snapshot})"
    if name == "lifearchitect":
        from modelcard.importers import read_models_table

        from .table import table_input

        day = dt.date.fromisoformat(fetched.snapshot)
        text = path.read_text(encoding="utf-8-sig")
        table = read_models_table(text, source=where, updated=day, snapshot=day)
        return table_input(table, source=where, snapshot=fetched.snapshot)
    if name == "epoch":
        text = path.read_text(encoding="utf-8")
        return Input(epoch.read_epoch(text, source=where, snapshot=fetched.snapshot, url=EPOCH.url))
    url = fetched.url if "://" in fetched.url else None
    return Input(detect.read(path, url=url, snapshot=fetched.snapshot))


__all__ = [
    "DEFAULT_URLS",
    "NAMES",
    "Fetched",
    "LayerManifest",
    "Outcome",
    "current_models",
    "layer_path",
    "read_manifest",
    "rebuild",
    "update",
]
