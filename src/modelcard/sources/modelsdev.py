"""models.dev -> records of language models, one per model, each figure sourced.

models.dev comes in two forms, read alike:

- a checkout (``models/`` and ``providers/``): ``models/<lab>/<model>.toml`` are
  provider-independent records; ``providers/<provider>/models/**/*.toml`` are served models,
  often ``base_model = "<lab>/<model>"`` with only prices and limits of their own;
- the live service's JSON: ``api.json`` (providers with their models, already resolved),
  ``models.json`` (the provider-independent records by ``lab/model``), ``catalog.json``
  (both, as ``{"providers": ..., "models": ...}``).

One model is served by many providers (Kimi K2.6 by 51). They become **one record**: the
``models/`` record first, then the lab's own (first-party) provider listing, which fills what
the first lacks and alone gives the price. Third-party listings are provider limits and
resale prices, not facts about the model: those with a ``base_model`` are folded into that
record, and those without one are counted, not imported (they are gateways' own labels,
``:free`` and quantised variants, regional copies).

Only language models are taken: text in and text out, no embedding or reranking models. Reported
and not imported: broken or escaping symlinks, files that are not valid TOML, placeholder
dates (before 2000, such as 1970-01-01) and dates after the snapshot, pointers that move to
each new release (``*-latest``, ``(latest)``), benchmarks that are not percentages or that
are measured with a harness or variant of a third party's choosing.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelcard import benchmarks

from .records import (
    MODELSDEV,
    MODELSDEV_REPO,
    Figure,
    Problem,
    Reading,
    Record,
    Source,
    SourceError,
    clean_name,
    one_line,
)

# Providers that are the lab itself, by provider id -> the lab's folder in models/. Only
# these give prices (a lab's own list price), and their listings stand for the model.
FIRST_PARTY = {
    "alibaba": "alibaba",
    "anthropic": "anthropic",
    "cohere": "cohere",
    "deepseek": "deepseek",
    "google": "google",
    "inception": "inception",
    "minimax": "minimax",
    "mistral": "mistral",
    "moonshotai": "moonshotai",
    "nvidia": "nvidia",
    "openai": "openai",
    "perplexity": "perplexity",
    "poolside": "poolside",
    "sakana": "sakana",
    "sarvam": "sarvam",
    "stepfun": "stepfun",
    "tencent-tokenhub": "tencent",
    "upstage": "upstage",
    "xai": "xai",
    "xiaomi": "xiaomi",
    "zai": "zhipuai",
    "zhipuai": "zhipuai",
}
# What base_model does not pass on (models.dev's own generator leaves these out).
NOT_INHERITED = ("benchmarks", "license", "links", "weights")
# Words in an id, name or family that mark a model that does not generate text.
NOT_LANGUAGE = {"rerank", "reranker", "moderation", "tts"}
# Benchmark qualifiers that mean "measured in someone's harness", not the model's own score.
QUALIFIERS = ("harness", "variant", "dataset", "version")
PLACEHOLDER_BEFORE = "2000"
# How a served model names its provider-independent record (TOML; JSON of either API version).
_BASE_KEYS = ("base_model", "canonical_model_id", "canonical_id")
_DATE = r"(\d{4})-(\d{2})(?:-(\d{2}))?"


@dataclass(frozen=True)
class Listing:
    """One model file (or JSON object) of models.dev, before folding."""

    data: Mapping[str, Any]
    where: str  # the file path inside the checkout, or the JSON path
    url: str  # a page that states what the file says
    model_id: str  # the id models.dev gives it (``kimi-k2.6``; ``lab/model`` in models/)
    provider: str | None = None  # None for a provider-independent record
    base: str | None = None  # the ``lab/model`` it says it serves


def read_checkout(
    folder: Path, *, snapshot: str = MODELSDEV.snapshot, commit: str | None = None
) -> Reading:
    """Read a models.dev checkout (the folder holding ``models/`` and ``providers/``).

    ``commit`` names the checkout's commit (``MODELSDEV_COMMIT`` for the copy in data/), so
    that each figure's URL points at the file in models.dev's repository; without one, the
    URL is models.dev itself."""
    if not (folder / "models").is_dir() and not (folder / "providers").is_dir():
        raise SourceError(f"{folder}: not a models.dev checkout (no models/ or providers/)")
    return _read_tree(_Folder(folder), snapshot, commit)


def read_archive(
    path: Path, *, snapshot: str = MODELSDEV.snapshot, commit: str | None = None
) -> Reading:
    """A ``.tar.gz`` (or ``.tar``) of a checkout, as ``data/models-dev.tar.gz``, read in
    memory: nothing is unpacked, so no path in it can reach outside it. An archive of one
    folder (as GitHub makes them) is read from inside that folder."""
    import tarfile

    try:
        with tarfile.open(path) as archive:
            tree = _Archive(archive)
            if not tree.holds("models") and not tree.holds("providers"):
                raise SourceError(f"{path}: not an archive of a models.dev checkout")
            return _read_tree(tree, snapshot, commit)
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise SourceError(f"{path}: not a readable archive: {exc}") from None


class _Unreadable(Exception):
    """A file of the tree that cannot be read; the message says why, for the report."""


class _Folder:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.real = root.resolve()

    def files(self, under: str) -> list[str]:
        """The ``*.toml`` files under a folder of the tree, symlinks included, sorted."""
        found = []
        for path in _tomls(self.root / under):
            found.append(path.relative_to(self.root).as_posix())
        return found

    def folders(self, under: str) -> list[str]:
        base = self.root / under
        return sorted(p.name for p in base.iterdir() if p.is_dir()) if base.is_dir() else []

    def read(self, name: str) -> bytes:
        path = self.root / name
        if path.is_symlink():
            target = os.readlink(path)
            if not path.exists():
                raise _Unreadable(f"broken link to {target}")
            if not path.resolve().is_relative_to(self.real):
                raise _Unreadable(f"links outside the checkout ({target})")
        try:
            return path.read_bytes()
        except OSError as exc:
            raise _Unreadable(f"cannot be read: {exc.strerror or exc}") from None


class _Archive:
    """A tar archive read as a tree, without unpacking it."""

    MAX_MEMBER = 16 * 1024 * 1024  # a model file is a few kB; more is not one

    def __init__(self, archive: Any) -> None:
        import posixpath

        self.archive = archive
        members = {posixpath.normpath(m.name).lstrip("/"): m for m in archive.getmembers()}
        tops = {name.split("/")[0] for name in members}
        self.prefix = ""
        if not ({"models", "providers"} & tops) and len(tops) == 1:
            self.prefix = tops.pop() + "/"
        self.members = {
            name[len(self.prefix) :]: m
            for name, m in members.items()
            if name.startswith(self.prefix)
        }

    def holds(self, folder: str) -> bool:
        return any(name.startswith(folder + "/") for name in self.members)

    def files(self, under: str) -> list[str]:
        return sorted(
            name
            for name, m in self.members.items()
            if name.startswith(under + "/") and name.endswith(".toml") and not m.isdir()
        )

    def folders(self, under: str) -> list[str]:
        names = {
            name[len(under) + 1 :].split("/")[0]
            for name in self.members
            if name.startswith(under + "/") and name.count("/") > under.count("/") + 1
        }
        return sorted(names)

    def read(self, name: str) -> bytes:
        import posixpath

        member = self.members[name]
        for _ in range(16):  # links to links, but not forever
            if not (member.issym() or member.islnk()):
                break
            target = member.linkname
            if member.issym():
                joined = posixpath.normpath(posixpath.join(posixpath.dirname(name), target))
            else:
                joined = posixpath.normpath(target)[len(self.prefix) :]
            if target.startswith("/") or joined.startswith("../") or joined == "..":
                raise _Unreadable(f"links outside the checkout ({target})")
            if joined not in self.members:
                raise _Unreadable(f"broken link to {target}")
            name, member = joined, self.members[joined]
        if not member.isfile():
            raise _Unreadable("not a file")
        if member.size > self.MAX_MEMBER:
            raise _Unreadable(f"{member.size:,} bytes: too large for a model file")
        data = self.archive.extractfile(member)
        if data is None:
            raise _Unreadable("cannot be read")
        return bytes(data.read())


def _read_tree(tree: _Folder | _Archive, snapshot: str, commit: str | None) -> Reading:
    import tomllib

    reading = Reading(dataset=MODELSDEV.key, snapshot=snapshot)

    def load(where: str) -> Mapping[str, Any] | None:
        try:
            return tomllib.loads(tree.read(where).decode("utf-8"))
        except _Unreadable as exc:
            reading.problems.append(Problem(where, str(exc), "skipped"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            reading.problems.append(Problem(where, f"cannot be read: {exc}", "skipped"))
        return None

    def url(where: str) -> str:
        return f"{MODELSDEV_REPO}/blob/{commit}/{where}" if commit else MODELSDEV.url

    canonical: dict[str, Listing] = {}
    for where in tree.files("models"):
        data = load(where)
        if data is not None:
            key = where.removeprefix("models/").removesuffix(".toml")
            canonical[key] = Listing(data, where, url(where), key)
    served: list[tuple[str, str, Listing]] = []
    for provider in tree.folders("providers"):
        folder = f"providers/{provider}/models"
        for where in tree.files(folder):
            data = load(where)
            if data is None:
                continue
            model_id = where.removeprefix(folder + "/").removesuffix(".toml")
            base_key = str(data["base_model"]) if "base_model" in data else None
            if base_key is not None:
                base = canonical.get(base_key)
                if base is None:
                    message = f"base_model {base_key!r} is not in models/"
                    reading.problems.append(Problem(where, message, "skipped"))
                    continue
                data = inherit(base.data, data)
            listing = Listing(data, where, url(where), model_id, provider, base_key)
            served.append((provider, model_id, listing))
    _fold(canonical, served, reading)
    return reading


def read_service_json(
    data: object, *, source: str, url: str, snapshot: str = MODELSDEV.snapshot
) -> Reading:
    """Read the parsed JSON of models.dev's ``api.json``, ``models.json`` or
    ``catalog.json`` (told apart by their shape). ``url`` is where it was fetched from."""
    kind = json_kind(data)
    if kind is None:
        raise SourceError(
            f"{source}: not models.dev JSON (neither api.json, models.json nor catalog.json)"
        )
    assert isinstance(data, dict)
    providers: Mapping[str, Any] = {}
    models: Mapping[str, Any] = {}
    if kind == "api":
        providers = data
    elif kind == "models":
        models = data
    else:
        providers, models = data.get("providers") or {}, data.get("models") or {}
    reading = Reading(dataset=MODELSDEV.key, snapshot=snapshot)
    canonical = {
        key: Listing(value, f"models.{key}", url, key)
        for key, value in sorted(models.items())
        if isinstance(value, dict)
    }
    served = []
    for provider_id, provider in sorted(providers.items()):
        for model_id, value in sorted((provider.get("models") or {}).items()):
            if isinstance(value, dict):
                where = f"providers.{provider_id}.models.{model_id}"
                base = next((value[k] for k in _BASE_KEYS if isinstance(value.get(k), str)), None)
                listing = Listing(value, where, url, model_id, provider_id, base)
                served.append((provider_id, model_id, listing))
    _fold(canonical, served, reading)
    return reading


def read_json_file(path: Path, *, url: str | None = None, snapshot: str | None = None) -> Reading:
    """A models.dev JSON file on disk (``url``: where it was downloaded from)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise SourceError(f"{path}: not readable JSON: {exc}") from None
    return read_service_json(
        data,
        source=str(path),
        url=url or f"{MODELSDEV.url}/{path.name}",
        snapshot=snapshot or MODELSDEV.snapshot,
    )


def json_kind(data: object) -> str | None:
    """``api``, ``models`` or ``catalog`` from the shape of parsed JSON; None if none."""
    if not isinstance(data, dict) or not data:
        return None
    if isinstance(data.get("providers"), dict) or isinstance(data.get("models"), dict):
        parts = [data.get("providers"), data.get("models")]
        if all(p is None or isinstance(p, dict) for p in parts):
            api_ok = parts[0] is None or _looks_like_api(parts[0])
            models_ok = parts[1] is None or _looks_like_models(parts[1])
            if api_ok and models_ok and (parts[0] or parts[1]):
                return "catalog"
    if _looks_like_api(data):
        return "api"
    if _looks_like_models(data):
        return "models"
    return None


def _looks_like_api(data: Mapping[str, Any]) -> bool:
    values = list(data.values())
    return bool(values) and all(
        isinstance(v, dict) and isinstance(v.get("models"), dict) for v in values
    )


def _looks_like_models(data: Mapping[str, Any]) -> bool:
    values = list(data.items())
    return bool(values) and all(
        "/" in k and isinstance(v, dict) and isinstance(v.get("name"), str) for k, v in values
    )


def inherit(base: Mapping[str, Any], own: Mapping[str, Any]) -> dict[str, Any]:
    """A provider file with ``base_model``: the base's fields, merged deeply under the file's
    own, then ``base_model_omit`` paths removed (as models.dev's generator does)."""
    merged = _deep_merge({k: v for k, v in base.items() if k not in NOT_INHERITED}, own)
    merged.pop("base_model", None)
    for dotted in merged.pop("base_model_omit", None) or []:
        parts = str(dotted).split(".")
        table: Any = merged
        for part in parts[:-1]:
            table = table.get(part) if isinstance(table, dict) else None
        if isinstance(table, dict):
            table.pop(parts[-1], None)
    return merged


def _deep_merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _tomls(folder: Path) -> Iterator[Path]:
    """The ``*.toml`` files under ``folder``, symlinks included, in a stable order."""
    if not folder.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(".toml"):
                yield Path(dirpath) / name


def _fold(
    canonical: Mapping[str, Listing],
    served: Iterable[tuple[str, str, Listing]],
    reading: Reading,
) -> None:
    """Fold the listings into one record per model: ``models/`` record, then first-party."""
    first_party: dict[str, list[Listing]] = {}
    for provider, model_id, listing in served:
        lab = FIRST_PARTY.get(provider)
        base = listing.base
        prefix, slash, rest = model_id.partition("/")
        own_key = f"{lab}/{rest if slash else model_id}"
        if lab is not None and base is not None and base.split("/")[0] == lab:
            # a lab's listing that inherits from another of its models but has a record of
            # its own (kimi-k2.7-code-highspeed from kimi-k2.7-code) is that record's
            key = own_key if own_key in canonical else base
            first_party.setdefault(key, []).append(listing)
        elif lab is not None and base is None and (not slash or prefix.lower() == lab):
            first_party.setdefault(own_key, []).append(listing)
        elif base is not None:
            reading.count("provider copies folded")
        else:
            reading.count("third-party listings not imported")
    for key, listings in first_party.items():
        # the listing under the model's own id first, the provider named like the lab next
        # (zhipuai before zai), then by provider
        listings.sort(
            key=lambda item: (
                item.model_id.rpartition("/")[2] != key.partition("/")[2],
                item.provider != _lab_of(item),
                item.provider or "",
            )
        )
    keys = sorted(set(canonical) | set(first_party))
    for key in keys:
        head = canonical.get(key)
        own = first_party.get(key, [])
        record = _record(key, head, own, reading)
        if record is not None:
            reading.records.append(record)


def _lab_of(listing: Listing) -> str | None:
    return FIRST_PARTY.get(listing.provider or "")


def _record(key: str, head: Listing | None, own: list[Listing], reading: Reading) -> Record | None:
    lab, _, model_id = key.partition("/")
    first = head or own[0]
    data = dict(first.data)
    # the first-party listing fills what the provider-independent record leaves out
    for listing in own if head else own[1:]:
        for name, value in listing.data.items():
            data.setdefault(name, value)
    where = first.where
    cleaned = clean_name(str(data.get("name") or model_id))
    if cleaned is None or clean_name(key) is None:
        reading.problems.append(Problem(where, "a name holds control characters", "skipped"))
        return None
    name = cleaned
    if not _is_language_model(key, name, data):
        reading.count("not language models")
        return None
    if _is_pointer(model_id, name):
        reading.problems.append(
            Problem(where, f"{name!r} is a pointer that moves to each new release", "skipped")
        )
        return None
    figures: dict[str, Figure] = {}

    def source(listing: Listing, note: str | None = None) -> Source:
        return Source(
            url=listing.url,
            dataset=MODELSDEV.key,
            snapshot=reading.snapshot,
            row=listing.where,
            note=note,
        )

    def origin(name: str) -> Listing:
        """The listing a field's value comes from: the head if it has it, else first-party."""
        for listing in [first, *own]:
            if name in listing.data:
                return listing
        return first

    released = _date(data.get("release_date"), "release_date", where, reading)
    if released:
        figures["released"] = Figure(released, source(origin("release_date")))
    knowledge = _date(data.get("knowledge"), "knowledge", where, reading)
    if knowledge:
        figures["knowledge_cutoff"] = Figure(knowledge, source(origin("knowledge")))
    if isinstance(data.get("open_weights"), bool):
        figures["open_weights"] = Figure(data["open_weights"], source(origin("open_weights")))
    if isinstance(data.get("license"), str) and data["license"].strip():
        figures["license"] = Figure(one_line(data["license"], 100), source(origin("license")))
    limit = data.get("limit")
    for field, name_in_file in (("context_window", "context"), ("output_limit", "output")):
        value = limit.get(name_in_file) if isinstance(limit, dict) else None
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            figures[field] = Figure(value, source(origin("limit")))
    weights = data.get("weights")
    if isinstance(weights, list):
        for item in weights:
            link = item.get("url") if isinstance(item, dict) else None
            if isinstance(link, str) and link.startswith(("https://", "http://")):
                figures["links.weights"] = Figure(link, source(origin("weights")))
                break
    if own:
        _price(own[0], figures, source, reading)
    if head is not None:
        _benchmarks(head, figures, reading)
    # the ids a user calls the model by at its lab's API, and the lab's other display names
    aliases = [model_id]
    for listing in own:
        aliases.append(listing.model_id.rpartition("/")[2])
        other = clean_name(str(listing.data.get("name") or ""))
        if other:
            aliases.append(other)
    labs = [lab] + [listing.provider for listing in own if listing.provider]
    return Record(
        dataset=MODELSDEV.key,
        key=key,
        name=name,
        lab=lab,
        labs=tuple(dict.fromkeys(labs)),
        aliases=tuple(a for a in dict.fromkeys(aliases) if a != name),
        where=where,
        snapshot=reading.snapshot,
        figures=figures,
    )


def _price(listing: Listing, figures: dict[str, Figure], source: Any, reading: Reading) -> None:
    cost = listing.data.get("cost")
    if not isinstance(cost, dict):
        return
    prices: dict[str, float] = {}
    for field, name in (("price_input", "input"), ("price_output", "output")):
        value = cost.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            prices[field] = float(value)
    if not prices:
        return
    if all(value == 0 for value in prices.values()):
        reading.problems.append(Problem(listing.where, "price 0: not taken as a list price"))
        return
    note = f"USD per million tokens at {listing.provider}"
    for field, value in prices.items():
        if value >= 0:
            figures[field] = Figure(value, source(listing, note))


def _benchmarks(head: Listing, figures: dict[str, Figure], reading: Reading) -> None:
    items = head.data.get("benchmarks")
    if not isinstance(items, list):
        return
    for item in items:
        if not isinstance(item, dict):
            continue
        name, score, url = item.get("name"), item.get("score"), item.get("source")
        if not isinstance(name, str) or not isinstance(score, int | float):
            continue
        qualified = [q for q in QUALIFIERS if item.get(q)]
        if qualified:
            reading.count("benchmarks in a third party's harness")
            continue
        metric = str(item.get("metric") or "")
        if "index" in metric.lower() or not 0 <= score <= 100:
            reading.count("benchmarks that are not percentages")
            continue
        if not (isinstance(url, str) and url.startswith(("https://", "http://"))):
            reading.count("benchmarks without a source")
            continue
        known = benchmarks.known(name)
        key = "benchmarks." + (known or benchmark_key(name))
        if key in figures:
            reading.problems.append(Problem(head.where, f"benchmark {name!r} given twice"))
            continue
        named = f"as {name!r}" if known is not None and benchmarks.label(known) != name else ""
        note = ", ".join(p for p in (named, metric, str(item.get("date") or "")) if p) or None
        figures[key] = Figure(
            float(score),
            Source(
                url=url,
                dataset=MODELSDEV.key,
                snapshot=reading.snapshot,
                row=head.where,
                note=note,
            ),
        )


def benchmark_key(name: str) -> str:
    """``SWE-Bench Verified`` -> ``swe_bench_verified``; ``Humanity’s Last Exam`` ->
    ``humanitys_last_exam`` (a benchmark name of the entry format)."""
    text = re.sub(r"['’]", "", name.lower())
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")[:64] or "benchmark"


def _date(value: object, field: str, where: str, reading: Reading) -> str | None:
    if value is None:
        return None
    text = value.isoformat() if hasattr(value, "isoformat") else str(value).strip()
    match = re.fullmatch(_DATE, text)
    if match is None:
        reading.problems.append(Problem(where, f"{field}: {one_line(text, 40)!r} is not a date"))
        return None
    if text < PLACEHOLDER_BEFORE:
        reading.problems.append(Problem(where, f"{field}: {text} is a placeholder date"))
        return None
    if text[:10] > reading.snapshot:
        message = f"{field}: {text} is after the snapshot ({reading.snapshot})"
        reading.problems.append(Problem(where, message))
        return None
    return text


def _is_language_model(key: str, name: str, data: Mapping[str, Any]) -> bool:
    # text in and text out; models.dev lists embedding models with a "text" output too
    modalities = data.get("modalities")
    if not isinstance(modalities, dict):
        return False
    for side in ("input", "output"):
        values = modalities.get(side)
        if not isinstance(values, list) or "text" not in values:
            return False
    if "image" in modalities["output"]:
        return False  # an image generator that also writes text
    words = set(re.split(r"[^a-z0-9]+", f"{key} {name} {data.get('family', '')}".lower()))
    return not (words & NOT_LANGUAGE or any("embed" in word for word in words))


def _is_pointer(model_id: str, name: str) -> bool:
    return (
        model_id.endswith("-latest")
        or model_id.startswith("~")
        or "(latest)" in name.lower()
        or name.lower().endswith(" latest")
    )


__all__ = [
    "FIRST_PARTY",
    "benchmark_key",
    "inherit",
    "json_kind",
    "read_archive",
    "read_checkout",
    "read_json_file",
    "read_service_json",
]
