"""The Entry: one model's stored facts, their validation, and TOML <-> Entry.

An entry file holds facts only; every figure (ALScore, ratio, ...) is computed by
``metrics``. Errors name the file (or CSV row) and the field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .datasets import KEYS
from .errors import InvalidEntry, InvalidValue, shorten
from .units import format_count, parse_count, parse_score

SCHEMA_VERSION = 1
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
ACCESS_LEVELS = ("public", "private", "limited", "unknown")
COUNT_FIELDS = ("parameters", "active_parameters", "tokens")
TEXT_FIELDS = ("architecture", "dataset", "notes")
# The sheet's own figures, kept as the Models Table published them so that stale ones show.
SHEET_FIGURES = ("alscore", "ratio")
MAX_TEXT = 1_000_000
MAX_NAME = 500
_RELEASED = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_BENCH_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_LINK_NAME = _BENCH_NAME
# What a model's serving pages state (models.dev): token limits, knowledge, licence, price.
SERVING_FIELDS = (
    "context_window",
    "output_limit",
    "knowledge_cutoff",
    "license",
    "price_input",
    "price_output",
)
_DATA = (
    "id",
    "name",
    "aliases",
    "lab",
    "released",
    "access",
    "open_weights",
    "architecture",
    "parameters",
    "active_parameters",
    "tokens",
    "training_compute",
    *SERVING_FIELDS,
    "dataset",
    "tags",
    "notes",
    "updated",
    "benchmarks",
    "links",
    "sheet",
    "sources",
    "alternatives",
    "schema",
)
# The keys of an entry file, in the order they are written: the id is the file's name.
FIELDS = ("schema", *(name for name in _DATA if name not in ("id", "schema")))
# Figures a source gives that no formula derives: training compute as a source states it
# (in FLOP, beside the 6·N·D estimate), token limits, a knowledge cutoff, a licence and a
# list price (USD per million tokens).
LIMIT_FIELDS = ("context_window", "output_limit")
PRICE_FIELDS = ("price_input", "price_output")
MAX_COMPUTE = 1e32  # FLOP; a hundred thousand times the largest training run so far
MAX_LIMIT = 10**10  # tokens in one context
MAX_PRICE = 1e6  # USD per million tokens
MAX_LICENSE = 200
SOURCE_ONLY_FIELDS = ("training_compute", *SERVING_FIELDS)


class Entry:
    """One model. ``id`` is the file name in the store; it is not written into the file.

    Immutable, and compared on its data (not on ``path``, ``builtin`` and ``layer``, which say
    where it was read: ``layer`` is ``bundled``, ``fetched``, ``team`` or ``user``, and
    ``builtin`` is true for every layer below the user's store). Written out by hand rather
    than as a dataclass: a dataclass is compiled anew at every start-up, which a CLI judged
    by its first 100 ms cannot spare.
    """

    __slots__ = (*_DATA, "path", "builtin", "layer")

    id: str
    name: str
    aliases: tuple[str, ...]
    lab: str
    released: str | None
    access: str
    open_weights: bool | None
    architecture: str | None
    parameters: int | None
    active_parameters: int | None
    tokens: int | None
    training_compute: float | None
    context_window: int | None
    output_limit: int | None
    knowledge_cutoff: str | None
    license: str | None
    price_input: float | None
    price_output: float | None
    dataset: str | None
    tags: tuple[str, ...]
    notes: str | None
    updated: dt.date | None
    benchmarks: Mapping[str, float]
    links: Mapping[str, str]
    sheet: Mapping[str, float]
    sources: Mapping[str, Mapping[str, str]]
    alternatives: Mapping[str, list[dict[str, Any]]]
    schema: int
    path: Path | None
    builtin: bool
    layer: str | None

    def __init__(
        self,
        id: str,
        name: str,
        lab: str,
        released: str | None = None,
        access: str = "unknown",
        architecture: str | None = None,
        aliases: tuple[str, ...] = (),
        open_weights: bool | None = None,
        parameters: int | None = None,
        active_parameters: int | None = None,
        tokens: int | None = None,
        training_compute: float | None = None,
        context_window: int | None = None,
        output_limit: int | None = None,
        knowledge_cutoff: str | None = None,
        license: str | None = None,
        price_input: float | None = None,
        price_output: float | None = None,
        dataset: str | None = None,
        tags: tuple[str, ...] = (),
        notes: str | None = None,
        updated: dt.date | None = None,
        benchmarks: Mapping[str, float] | None = None,
        links: Mapping[str, str] | None = None,
        sheet: Mapping[str, float] | None = None,
        sources: Mapping[str, Mapping[str, str]] | None = None,
        alternatives: Mapping[str, list[dict[str, Any]]] | None = None,
        schema: int = SCHEMA_VERSION,
        path: Path | None = None,
        builtin: bool = False,
        layer: str | None = None,
    ) -> None:
        put = object.__setattr__
        put(self, "id", id)
        put(self, "name", name)
        put(self, "aliases", tuple(aliases))
        put(self, "lab", lab)
        put(self, "released", released)
        put(self, "access", access)
        put(self, "open_weights", open_weights)
        put(self, "architecture", architecture)
        put(self, "parameters", parameters)
        put(self, "active_parameters", active_parameters)
        put(self, "tokens", tokens)
        put(self, "training_compute", training_compute)
        put(self, "context_window", context_window)
        put(self, "output_limit", output_limit)
        put(self, "knowledge_cutoff", knowledge_cutoff)
        put(self, "license", license)
        put(self, "price_input", price_input)
        put(self, "price_output", price_output)
        put(self, "dataset", dataset)
        put(self, "tags", tuple(tags))
        put(self, "notes", notes)
        put(self, "updated", updated)
        put(self, "benchmarks", {} if benchmarks is None else benchmarks)
        put(self, "links", {} if links is None else links)
        put(self, "sheet", {} if sheet is None else sheet)
        put(self, "sources", {} if sources is None else sources)
        put(self, "alternatives", {} if alternatives is None else alternatives)
        put(self, "schema", schema)
        put(self, "path", path)
        put(self, "builtin", builtin)
        put(self, "layer", layer)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"an Entry cannot be changed (use with_({name}=...))")

    def _data(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in _DATA)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Entry):
            return NotImplemented
        return self._data() == other._data()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in _DATA)
        return f"Entry({fields})"

    def __getstate__(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.__slots__}

    def __setstate__(self, state: dict[str, object]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)

    def with_(self, **changes: Any) -> Entry:
        values = {name: getattr(self, name) for name in self.__slots__}
        values.update(changes)
        return Entry(**values)

    def score(self, benchmark: str) -> float | None:
        return self.benchmarks.get(benchmark)


def plain_data(entry: Entry) -> dict[str, Any]:
    """The entry's data as JSON-ready values (lists, dicts, ISO dates), without its id."""
    return {
        "name": entry.name,
        "aliases": list(entry.aliases),
        "lab": entry.lab,
        "released": entry.released,
        "access": entry.access,
        "open_weights": entry.open_weights,
        "architecture": entry.architecture,
        "parameters": entry.parameters,
        "active_parameters": entry.active_parameters,
        "tokens": entry.tokens,
        "training_compute": entry.training_compute,
        "context_window": entry.context_window,
        "output_limit": entry.output_limit,
        "knowledge_cutoff": entry.knowledge_cutoff,
        "license": entry.license,
        "price_input": entry.price_input,
        "price_output": entry.price_output,
        "dataset": entry.dataset,
        "tags": list(entry.tags),
        "notes": entry.notes,
        "updated": entry.updated.isoformat() if entry.updated else None,
        "benchmarks": dict(entry.benchmarks),
        "links": dict(entry.links),
        "sheet": dict(entry.sheet),
        "sources": {k: dict(v) for k, v in entry.sources.items()},
        "alternatives": {k: [dict(i) for i in v] for k, v in entry.alternatives.items()},
        "schema": entry.schema,
    }


def check_name(value: object, *, field: str = "name") -> str:
    """A name, lab or tag: one line, NFC, no controls, and nothing invisible that would let
    it pass for another (bidi controls, zero-width characters)."""
    if not isinstance(value, str):
        raise InvalidValue(f"{field}: expected text, got {type(value).__name__}")
    text = _nfc(" ".join(value.split()))
    if not text:
        raise InvalidValue(f"{field}: must not be empty")
    if len(text) > MAX_NAME:
        raise InvalidValue(f"{field}: {len(text)} characters is too long (at most {MAX_NAME})")
    if not text.isprintable() and any(_is_control(ch) for ch in text):
        raise InvalidValue(f"{field}: control characters are not allowed")
    hidden = _disguising(text)
    if hidden is not None:
        raise InvalidValue(
            f"{field}: the invisible character U+{ord(hidden):04X} is not allowed in a name "
            "(bidi controls and zero-width characters make one name look like another)"
        )
    return text


def _nfc(text: str) -> str:
    """``text`` in NFC ("Café" typed composed or decomposed is one name); ASCII text is
    NFC already, and unicodedata is not imported for it (start-up)."""
    if text.isascii():
        return text
    import unicodedata

    return unicodedata.normalize("NFC", text)


def _disguising(text: str) -> str | None:
    """The first format character (Unicode Cf) that could disguise a name, if any. A zero-
    width joiner or non-joiner is text between two non-ASCII characters (emoji sequences,
    Persian, Indic scripts); anywhere else it only hides a difference."""
    if text.isascii():
        return None
    import unicodedata

    last = len(text) - 1
    for i, ch in enumerate(text):
        if unicodedata.category(ch) != "Cf":
            continue
        if ch in "\u200c\u200d" and 0 < i < last:
            before, after = text[i - 1], text[i + 1]
            if not (before.isascii() or after.isascii() or before.isspace() or after.isspace()):
                continue
        return ch
    return None


def _is_control(ch: str) -> bool:
    import unicodedata

    # Format characters (the joiner in emoji sequences, marks) are text; controls, surrogates
    # and unassigned code points are not.
    category = unicodedata.category(ch)
    return category[0] == "C" and category != "Cf"


def _is_c0_c1(ch: str) -> bool:
    code = ord(ch)
    return code < 0x20 or 0x7F <= code <= 0x9F


def check_released(value: object) -> str:
    return check_partial_date(value, field="released")


def check_partial_date(value: object, *, field: str) -> str:
    """A date at the precision a source gives it: YYYY, YYYY-MM or YYYY-MM-DD."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if not isinstance(value, str):
        raise InvalidValue(f"{field}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    match = _RELEASED.fullmatch(value.strip())
    if match is None:
        raise InvalidValue(f"{field}: {shorten(value)!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise InvalidValue(f"{field}: {value!r} is not a real date") from None
    return value.strip()


def released_text(released: str | None) -> str:
    """The sheet's way to write a release: ``2025-06`` -> ``Jun/2025``; a bare year stays;
    unknown is ``TBA``."""
    if not released:
        return "TBA"
    parts = released.split("-")
    if len(parts) == 1:
        return parts[0]
    return f"{MONTHS[int(parts[1]) - 1]}/{parts[0]}"


RELEASED, ANNOUNCED = "released", "announced"


def status(entry: Entry, *, today: dt.date | None = None) -> str:
    """``announced`` for a model with no release date (TBA) or one dated after what its
    source knew, else ``released``. What the source knew is the snapshot of the dataset
    that gives the date (``sources.released.snapshot``: a date the Models Table of
    2025-10-02 gives as Nov/2025 was a plan, one that models.dev of 2026-07-02 gives as
    2026-04-16 is a fact); without one, the entry's ``updated`` date; without that, today.
    A month or a year is compared at its own precision: ``2025-10`` is not after
    ``2025-10-02``."""
    if not entry.released:
        return ANNOUNCED
    source = entry.sources.get("released")
    snapshot = source.get("snapshot") if source else None
    known = snapshot or (entry.updated or today or dt.date.today()).isoformat()
    return ANNOUNCED if entry.released > known[: len(entry.released)] else RELEASED


def check_date(value: object, *, field: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InvalidValue(f"{field}: {shorten(str(value))!r} is not a date (YYYY-MM-DD)")


def check_text(value: object, *, field: str, lines: bool = False) -> str | None:
    """Free text in NFC, without control characters (terminal escapes); only text of
    several ``lines`` (the notes) may hold line breaks and tabs."""
    if not isinstance(value, str):
        raise InvalidValue(f"{field}: expected text, got {type(value).__name__}")
    if len(value) > MAX_TEXT:
        raise InvalidValue(f"{field}: {len(value):,} characters is too long (at most {MAX_TEXT:,})")
    # line ends are normalised to \n, as a CSV round trip or an editor would leave them
    text = _nfc(value.replace("\r\n", "\n").replace("\r", "\n").strip())
    if not text.isprintable():
        allowed = "\n\t" if lines else ""
        if any(_is_c0_c1(ch) and ch not in allowed for ch in text):
            kind = "control characters" if lines else "line breaks and control characters"
            raise InvalidValue(f"{field}: {kind} are not allowed")
    return text or None


def check_access(value: object) -> str:
    if not isinstance(value, str) or value.strip().lower() not in ACCESS_LEVELS:
        shown = shorten(str(value))
        raise InvalidValue(f"access: {shown!r} is not one of {', '.join(ACCESS_LEVELS)}")
    return value.strip().lower()


def check_tags(value: object) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise InvalidValue("tags: expected a list of text")
    tags: list[str] = []
    for item in items:
        tag = check_name(item, field="tags") if str(item).strip() else ""
        if "," in tag:
            raise InvalidValue(f"tags: {tag!r} holds a comma; give each tag on its own")
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def check_aliases(value: object) -> tuple[str, ...]:
    """``aliases``: other names of the model, each one line of text, none twice (as lookup
    compares them: any case, spaces, hyphens and dots alike)."""
    from .slugs import lookup_key

    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise InvalidValue("aliases: expected a list of names")
    aliases: list[str] = []
    seen: dict[str, str] = {}
    for item in value:
        alias = check_name(item, field="aliases")
        key = lookup_key(alias)
        if key in seen:
            raise InvalidValue(f"aliases: {alias!r} is the same name as {seen[key]!r}")
        seen[key] = alias
        aliases.append(alias)
    return tuple(aliases)


def check_open_weights(value: object) -> bool:
    if not isinstance(value, bool):
        shown = shorten(str(value))
        raise InvalidValue(
            f"open_weights: expected true or false (leave it out when unknown), got {shown!r}"
        )
    return value


def check_benchmark_name(name: str) -> str:
    if not _BENCH_NAME.fullmatch(name):
        raise InvalidValue(
            f"benchmarks: {shorten(name)!r} is not a benchmark name "
            "(letters, digits, '_', '-', '.')"
        )
    return name.lower()


def check_benchmarks(value: object) -> dict[str, float]:
    if not isinstance(value, dict):
        raise InvalidValue("benchmarks: expected a table of name = score")
    scores: dict[str, float] = {}
    given: dict[str, str] = {}
    for name, score in value.items():
        key = check_benchmark_name(str(name))
        _once(given, key, str(name), "benchmarks")
        scores[key] = parse_score(score, field=f"benchmarks.{key}")
    return dict(sorted(scores.items()))


def check_links(value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        raise InvalidValue("links: expected a table of name = URL or text")
    links: dict[str, str] = {}
    given: dict[str, str] = {}
    for name, target in value.items():
        if not _LINK_NAME.fullmatch(str(name)):
            raise InvalidValue(f"links: {shorten(str(name))!r} is not a link name")
        _once(given, str(name).lower(), str(name), "links")
        text = check_text(target, field=f"links.{name}")
        if text is not None:
            if "\n" in text or "\r" in text:
                raise InvalidValue(f"links.{name}: must be one line")
            links[str(name).lower()] = text
    return links


def _once(given: dict[str, str], key: str, name: str, table: str) -> None:
    """Refuse a second name for the same key (``MMLU`` and ``mmlu``): one would be lost."""
    if key in given:
        raise InvalidValue(
            f"{table}: {given[key]!r} and {name!r} are the same {table[:-1]}; keep one"
        )
    given[key] = name


CONFIDENCE = ("confident", "likely", "speculative")
# fields whose value a source can back; and any benchmark or link, as "benchmarks.NAME" and
# "links.NAME"
SOURCED_FIELDS = (
    "parameters",
    "active_parameters",
    "tokens",
    "released",
    "architecture",
    "open_weights",
    *SOURCE_ONLY_FIELDS,
)
SOURCED_TABLES = ("benchmarks", "links")
# The datasets a figure can be read from, by the name a source gives them.
DATASETS = KEYS  # modelcard.datasets names them
SOURCE_KEYS = ("url", "note", "confidence", "dataset", "snapshot", "row")


def check_sources(value: object) -> dict[str, dict[str, str]]:
    """``[sources]``: field -> URL, or field -> {url, note, confidence, dataset, snapshot,
    row}. ``url`` is an http(s) page that states the figure; ``dataset``, ``snapshot``
    (YYYY-MM-DD) and ``row`` say where in a dataset a figure was read."""
    if not isinstance(value, dict):
        raise InvalidValue("sources: expected a table of field = URL or {url, note, confidence}")
    sources: dict[str, dict[str, str]] = {}
    for name, source in value.items():
        key = sourced_field(str(name), table="sources")
        if key in sources:
            raise InvalidValue(f"sources: {shorten(str(name))!r} names {key} a second time")
        if isinstance(source, str):
            source = {"url": source}
        if not isinstance(source, dict):
            raise InvalidValue(f"sources.{key}: expected a URL or a table with url")
        sources[key] = _source_item(source, f"sources.{key}", allowed=SOURCE_KEYS)
    return dict(sorted(sources.items()))


def sourced_field(key: str, *, table: str) -> str:
    """A field a source can back (``parameters``, ``benchmarks.mmlu``, ``links.weights``),
    with a benchmark's or link's name lowercased; an error names ``table``."""
    kind, dot, rest = key.partition(".")
    if key in SOURCED_FIELDS:
        return key
    if kind in SOURCED_TABLES and dot and _BENCH_NAME.fullmatch(rest):
        return f"{kind}.{rest.lower()}"
    raise InvalidValue(
        f"{table}: {shorten(key)!r} is not a sourced field "
        f"({', '.join(SOURCED_FIELDS)}, benchmarks.NAME or links.NAME)"
    )


def _source_item(
    source: Mapping[str, object], where: str, *, allowed: tuple[str, ...], url_required: bool = True
) -> dict[str, str]:
    unknown = set(source) - set(allowed)
    if unknown:
        raise InvalidValue(
            f"{where}: unknown key {sorted(unknown)[0]!r} (known: {', '.join(allowed)})"
        )
    item: dict[str, str] = {}
    url = check_text(source.get("url", ""), field=f"{where}.url")
    if url is None and url_required:
        raise InvalidValue(f"{where}: url is missing")
    if url is not None:
        # file: URLs name a local model card or checkpoint that a figure was read from
        if not url.startswith(("http://", "https://", "file:///")) or any(c.isspace() for c in url):
            raise InvalidValue(f"{where}.url: {shorten(url)!r} is not an http(s) or file:/// URL")
        item["url"] = url
    note = check_text(source.get("note", ""), field=f"{where}.note", lines=True)
    if note:
        item["note"] = note
    item |= _dataset_keys(source, where)
    if "confidence" in source:
        level = str(source["confidence"]).strip().lower()
        if level not in CONFIDENCE:
            raise InvalidValue(
                f"{where}.confidence: {shorten(level)!r} is not one of {', '.join(CONFIDENCE)}"
            )
        item["confidence"] = level
    if not item:
        raise InvalidValue(f"{where}: say where the value comes from (url, note or dataset)")
    return {k: item[k] for k in SOURCE_KEYS if k in item}


def check_alternatives(value: object) -> dict[str, list[dict[str, Any]]]:
    """``[alternatives]``: field -> a list of ``{value, url, note, confidence, dataset,
    snapshot, row}``, the values another source gives for a figure where it disagrees with
    the one shown (``url`` optional: a value that was held before names none)."""
    if not isinstance(value, dict):
        raise InvalidValue("alternatives: expected a table of field = [{value, url, ...}]")
    found: dict[str, list[dict[str, Any]]] = {}
    for name, items in value.items():
        key = sourced_field(str(name), table="alternatives")
        if key in found:
            raise InvalidValue(f"alternatives: {shorten(str(name))!r} names {key} a second time")
        if not isinstance(items, list) or not items:
            raise InvalidValue(f"alternatives.{key}: expected a list of {{value, url, ...}}")
        checked = []
        for n, item in enumerate(items, start=1):
            where = f"alternatives.{key}[{n}]"
            if not isinstance(item, dict) or "value" not in item:
                raise InvalidValue(f"{where}: expected a table with value")
            rest = {k: v for k, v in item.items() if k != "value"}
            source = _source_item(rest, where, allowed=SOURCE_KEYS, url_required=False)
            checked.append({"value": check_field_value(key, item["value"], field=where)} | source)
        found[key] = checked
    return dict(sorted(found.items()))


def check_field_value(key: str, value: object, *, field: str) -> Any:
    """A value of a sourced field, checked as the field itself is (for ``alternatives``)."""
    kind, _, _ = key.partition(".")
    if key in COUNT_FIELDS:
        return parse_count(value, field=field)
    if key == "released" or key == "knowledge_cutoff":
        return check_partial_date(value, field=field)
    if key == "open_weights":
        return check_open_weights(value)
    if key == "training_compute":
        return check_compute(value, field=field)
    if key in LIMIT_FIELDS:
        return check_limit(value, field=field)
    if key in PRICE_FIELDS:
        return check_price(value, field=field)
    if kind == "benchmarks":
        return parse_score(value, field=field)
    text = check_text(value, field=field)
    if text is None or "\n" in text:
        raise InvalidValue(f"{field}: expected one line of text")
    return text


def _number(value: object, *, field: str, what: str) -> float:
    import math

    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidValue(f"{field}: expected {what}, got {shorten(str(value))!r}")
    try:
        number = float(value.replace(",", "").replace("_", "")) if isinstance(value, str) else value
    except ValueError:
        raise InvalidValue(f"{field}: {shorten(str(value))!r} is not {what}") from None
    if not math.isfinite(number):
        raise InvalidValue(f"{field}: {shorten(str(value))!r} is not {what}")
    return float(number)


def check_compute(value: object, *, field: str = "training_compute") -> float:
    """Training compute in FLOP (``3.8e25``), as a source states it."""
    number = _number(value, field=field, what="a number of FLOP such as 3.8e25")
    if number <= 0 or number > MAX_COMPUTE:
        raise InvalidValue(f"{field}: {shorten(str(value))!r} is not a number of FLOP")
    return number


def check_limit(value: object, *, field: str) -> int:
    """A number of tokens (a context window, an output limit), written as a whole number."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue(
            f"{field}: expected a whole number of tokens, got {shorten(str(value))!r}"
        )
    if not 0 < value <= MAX_LIMIT:
        raise InvalidValue(f"{field}: {value} is not a number of tokens")
    return value


def check_price(value: object, *, field: str) -> float:
    """A list price in USD per million tokens."""
    number = _number(value, field=field, what="a price in USD per million tokens")
    if not 0 <= number <= MAX_PRICE:
        raise InvalidValue(f"{field}: {shorten(str(value))!r} is not a price per million tokens")
    return number


def check_license(value: object) -> str:
    text = check_name(value, field="license")
    if len(text) > MAX_LICENSE:
        raise InvalidValue(f"license: {len(text)} characters is too long (at most {MAX_LICENSE})")
    return text


def _dataset_keys(source: Mapping[str, object], where: str) -> dict[str, str]:
    found: dict[str, str] = {}
    if "dataset" in source:
        name = str(source["dataset"]).strip().lower()
        if name not in DATASETS:
            raise InvalidValue(
                f"{where}.dataset: {shorten(name)!r} is not one of {', '.join(DATASETS)}"
            )
        found["dataset"] = name
    if "snapshot" in source:
        found["snapshot"] = check_date(source["snapshot"], field=f"{where}.snapshot").isoformat()
    if "row" in source:
        row = source["row"]
        text = check_text(str(row) if isinstance(row, int) else row, field=f"{where}.row")
        if text is None or "\n" in text:
            raise InvalidValue(f"{where}.row: expected a row number or a path, on one line")
        found["row"] = text
    return found


def check_sheet(value: object) -> dict[str, float]:
    if not isinstance(value, dict):
        raise InvalidValue("sheet: expected a table")
    figures: dict[str, float] = {}
    for name, number in value.items():
        if name not in SHEET_FIGURES:
            known = ", ".join(SHEET_FIGURES)
            raise InvalidValue(f"sheet: unknown figure {shorten(str(name))!r} (known: {known})")
        if isinstance(number, bool) or not isinstance(number, int | float) or number < 0:
            raise InvalidValue(f"sheet.{name}: expected a number, got {number!r}")
        figures[name] = float(number) if name == "alscore" else int(number)
    return figures


def from_mapping(
    data: Mapping[str, Any],
    *,
    id: str,
    source: str,
    path: Path | None = None,
    builtin: bool = False,
) -> Entry:
    """Validate a parsed entry (a TOML document or a built dict); errors name ``source``
    (a file, a CSV row; empty for command-line options) and the field."""
    try:
        return _from_mapping(data, id=id, path=path, builtin=builtin)
    except InvalidValue as exc:
        raise InvalidEntry(f"{source}: {exc}" if source else str(exc)) from None


def _from_mapping(data: Mapping[str, Any], *, id: str, path: Path | None, builtin: bool) -> Entry:
    unknown = [key for key in data if key not in FIELDS]
    if unknown:
        raise InvalidValue(f"{unknown[0]}: unknown field (known: {', '.join(FIELDS)})")
    for required in ("name", "lab"):
        if required not in data:
            raise InvalidValue(f"{required}: missing (it is required)")
    schema = data.get("schema", SCHEMA_VERSION)
    if schema != SCHEMA_VERSION:
        raise InvalidValue(
            f"schema: version {schema!r} is not supported (this is {SCHEMA_VERSION})"
        )
    values: dict[str, Any] = {
        "name": check_name(data["name"]),
        "lab": check_name(data["lab"], field="lab"),
    }
    if "aliases" in data:
        values["aliases"] = check_aliases(data["aliases"])
    if "released" in data:
        values["released"] = check_released(data["released"])
    if "access" in data:
        values["access"] = check_access(data["access"])
    if "open_weights" in data:
        values["open_weights"] = check_open_weights(data["open_weights"])
    for name in COUNT_FIELDS:
        if name in data:
            values[name] = parse_count(data[name], field=name)
    if "training_compute" in data:
        values["training_compute"] = check_compute(data["training_compute"])
    for name in LIMIT_FIELDS:
        if name in data:
            values[name] = check_limit(data[name], field=name)
    for name in PRICE_FIELDS:
        if name in data:
            values[name] = check_price(data[name], field=name)
    if "knowledge_cutoff" in data:
        values["knowledge_cutoff"] = check_partial_date(
            data["knowledge_cutoff"], field="knowledge_cutoff"
        )
    if "license" in data:
        values["license"] = check_license(data["license"])
    for name in TEXT_FIELDS:
        if name in data:
            values[name] = check_text(data[name], field=name, lines=name == "notes")
    if "tags" in data:
        values["tags"] = check_tags(data["tags"])
    if "updated" in data:
        values["updated"] = check_date(data["updated"], field="updated")
    if "benchmarks" in data:
        values["benchmarks"] = check_benchmarks(data["benchmarks"])
    if "links" in data:
        values["links"] = check_links(data["links"])
    if "sheet" in data:
        values["sheet"] = check_sheet(data["sheet"])
    if "sources" in data:
        values["sources"] = check_sources(data["sources"])
    if "alternatives" in data:
        values["alternatives"] = check_alternatives(data["alternatives"])
    entry = Entry(id=id, path=path, builtin=builtin, **values)
    check_consistency(entry)
    return entry


def check_consistency(entry: Entry) -> None:
    total, active = entry.parameters, entry.active_parameters
    if total is not None and active is not None and active > total:
        raise InvalidValue(
            f"active_parameters: {format_count(active)} is more than the "
            f"{format_count(total)} parameters in all"
        )


def to_mapping(entry: Entry) -> dict[str, Any]:
    """The TOML document of an entry: counts written readably, empty values left out."""
    data: dict[str, Any] = {"schema": entry.schema, "name": entry.name}
    if entry.aliases:
        data["aliases"] = list(entry.aliases)
    data["lab"] = entry.lab
    if entry.released:
        data["released"] = entry.released
    data["access"] = entry.access
    if entry.open_weights is not None:
        data["open_weights"] = entry.open_weights
    if entry.architecture:
        data["architecture"] = entry.architecture
    for name in COUNT_FIELDS:
        count = getattr(entry, name)
        if count is not None:
            data[name] = format_count(count)
    for name in SOURCE_ONLY_FIELDS:
        value = getattr(entry, name)
        if value is not None:
            data[name] = value
    if entry.dataset:
        data["dataset"] = entry.dataset
    if entry.tags:
        data["tags"] = list(entry.tags)
    if entry.notes:
        data["notes"] = entry.notes
    if entry.updated:
        data["updated"] = entry.updated
    for table in ("benchmarks", "links", "sheet"):
        values = getattr(entry, table)
        if values:
            data[table] = dict(values)
    if entry.sources:
        # each source's keys in one order, however it was built
        data["sources"] = {
            name: {key: source[key] for key in SOURCE_KEYS if key in source}
            for name, source in entry.sources.items()
        }
    if entry.alternatives:
        data["alternatives"] = {
            name: [_written_item(name, item) for item in items]
            for name, items in entry.alternatives.items()
        }
    return data


def _written_item(name: str, item: Mapping[str, Any]) -> dict[str, Any]:
    value = item["value"]
    written = format_count(value) if name in COUNT_FIELDS else value
    return {"value": written} | {key: item[key] for key in SOURCE_KEYS if key in item}


def dumps(entry: Entry, *, verify: bool = True) -> str:
    """Serialise an entry to TOML, and prove the text reads back as the same entry (unless
    not ``verify``: a bulk import, whose writer the tests prove instead)."""
    import tomllib

    import tomli_w

    text = tomli_w.dumps(to_mapping(entry))
    if not verify:
        return text
    again = from_mapping(tomllib.loads(text), id=entry.id, source=f"{entry.id}.toml")
    if again != entry:
        raise InvalidEntry(f"{entry.id}.toml: the entry does not read back as written")
    return text


def loads(
    text: str, *, id: str, source: str, path: Path | None = None, builtin: bool = False
) -> Entry:
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidEntry(toml_error(source, text, exc)) from None
    return from_mapping(data, id=id, source=source, path=path, builtin=builtin)


_TOML_AT = r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$"


def toml_error(source: str, text: str, exc: Exception) -> str:
    """``file:line:column: not valid TOML: reason``, the position taken from tomllib's message."""
    message = str(exc)
    match = re.search(_TOML_AT, message)
    if match is None:
        return f"{source}: not valid TOML: {message}"
    reason = message[: match.start()]
    if match[1]:
        line, column = int(match[1]), int(match[2])
    else:
        lines = text.splitlines() or [""]
        line, column = len(lines), len(lines[-1]) + 1
    return f"{source}:{line}:{column}: not valid TOML: {reason}"
