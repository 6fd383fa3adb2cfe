"""Ids of entries (file names in the store) and slugs of pages (file names in an exported site).

The two differ on purpose: an id keeps dots (``dots.llm1``) and is ASCII, so that it is a safe,
portable file name; a page slug follows the leaderboard's rule in CARD-FORMAT.md
(``dotsllm1``) and only names files of an exported site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_ID_LENGTH = 100
# Names Windows will not open as files, with or without an extension.
_RESERVED = {"con", "prn", "aux", "nul"} | {f"{d}{i}" for d in ("com", "lpt") for i in range(10)}
# Patterns as text: re compiles (and caches) them on first use, not at every start-up.
_ID_PATTERN = r"[a-z0-9_](?:[a-z0-9._-]*[a-z0-9_])?"
_ID_DROP = r"[^a-z0-9._-]+"
_ID_DASHES = r"-{2,}"
_LOOKUP_SEPARATORS = r"[\s.-]+"
_SLUG_DROP = r"[^\w\s-]"
_SLUG_DASHES = r"[\s-]+"


def model_id(name: str) -> str:
    """The id derived from a model's name: ``dots.llm1``, ``claude-opus-4``, ``command-r-plus``.

    Lowercase ASCII letters, digits, ``.``, ``_`` and ``-``; accents are dropped (``é`` -> ``e``),
    ``+`` is spelled ``-plus``, whitespace and other punctuation become ``-``; a name with
    nothing left gets ``model-`` and 8 hex digits of its SHA-256; never empty,
    never starting with ``.`` or ``-``, at most 100 characters, never a reserved device name.
    """
    import unicodedata

    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = text.lower().replace("+", "-plus")
    text = re.sub(_ID_DROP, "-", text)
    text = re.sub(_ID_DASHES, "-", text).strip("-.")
    text = text[:MAX_ID_LENGTH].rstrip("-.")
    if not text:
        # nothing ASCII to keep (an emoji, a name in another script): a stable digest
        import hashlib

        return "model-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    first, dot, rest = text.partition(".")
    if first in _RESERVED:
        text = f"{first}-model{dot}{rest}"
    return text


def unique_id(base: str, taken: set[str], *, start: int = 2) -> str:
    """``base`` if free, else ``base-2``, ``base-3``, ... : the first free one (from
    ``base-{start}`` when the ones before are known to be taken)."""
    return _free(base, taken, start)[0]


def _free(base: str, taken: set[str], start: int) -> tuple[str, int]:
    """The first free id of ``base`` and the suffix number to try next time."""
    if base not in taken:
        return base, start
    n = start
    while True:
        suffix = f"-{n}"
        candidate = base[: MAX_ID_LENGTH - len(suffix)] + suffix
        n += 1
        if candidate not in taken:
            return candidate, n


def assign_ids(names: Iterable[str]) -> list[str]:
    """Ids for names in order; a name seen before gets ``-2``, ``-3``, ... as it appears.

    Linear: each base remembers the suffix it reached, so 20,000 rows of one name do not
    try 200 million candidates."""
    taken: set[str] = set()
    reached: dict[str, int] = {}
    ids = []
    for name in names:
        base = model_id(name)
        new, reached[base] = _free(base, taken, reached.get(base, 2))
        taken.add(new)
        ids.append(new)
    return ids


def is_valid_id(text: str) -> bool:
    """Whether ``text`` is an id as ``model_id`` makes them (so, a safe file name)."""
    return (
        0 < len(text) <= MAX_ID_LENGTH
        and re.fullmatch(_ID_PATTERN, text) is not None
        and "--" not in text
        and text.split(".")[0] not in _RESERVED
    )


# A file name holds 255 bytes on every common file system; a slug keeps room for a
# "-N" suffix and the page's extension (".md", ".html").
MAX_SLUG_BYTES = 200
_CUT_BYTES = MAX_SLUG_BYTES - 9  # then "-" and 8 hex digits


def lookup_key(text: str) -> str:
    """How a typed name is compared with ids, names and aliases (CLI.md): case-insensitive,
    with spaces, hyphens and dots taken as equal, so ``Llama 3 405B``, ``llama-3-405b`` and
    ``LLAMA.3.405B`` are one key. Every other character counts (``Command-R+`` is not
    ``Command-R``). A name typed decomposed (``Cafe`` and a combining accent) is the
    stored NFC name."""
    if not text.isascii():
        import unicodedata

        text = unicodedata.normalize("NFC", text)
    return re.sub(_LOOKUP_SEPARATORS, "-", text.casefold()).strip("-")


def page_slug(text: str) -> str:
    """The page slug of CARD-FORMAT.md: ``Xiaohongshu/RedNote`` -> ``xiaohongshurednote``.

    Unicode word characters are kept (``eth-zürich``). A slug longer than 200 bytes of
    UTF-8 (a 300-character name, 90 CJK characters) is cut at a character boundary to 191
    bytes and given ``-`` and the first 8 hex digits of the whole slug's SHA-256, so that
    it fits a file name and two long names that start alike still differ."""
    text = re.sub(_SLUG_DROP, "", text.lower())
    slug = re.sub(_SLUG_DASHES, "-", text).strip("-")
    encoded = slug.encode("utf-8")
    if len(encoded) <= MAX_SLUG_BYTES:
        return slug
    import hashlib

    cut = encoded[:_CUT_BYTES].decode("utf-8", "ignore").rstrip("-")
    return f"{cut}-{hashlib.sha256(encoded).hexdigest()[:8]}"


__all__ = [
    "MAX_SLUG_BYTES",
    "assign_ids",
    "is_valid_id",
    "lookup_key",
    "model_id",
    "page_slug",
    "unique_id",
]
