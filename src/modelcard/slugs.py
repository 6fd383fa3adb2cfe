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


def unique_id(base: str, taken: set[str]) -> str:
    """``base`` if free, else ``base-2``, ``base-3``, ... : the first free one."""
    if base not in taken:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = base[: MAX_ID_LENGTH - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
        n += 1


def assign_ids(names: Iterable[str]) -> list[str]:
    """Ids for names in order; a name seen before gets ``-2``, ``-3``, ... as it appears."""
    taken: set[str] = set()
    ids = []
    for name in names:
        new = unique_id(model_id(name), taken)
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


def lookup_key(text: str) -> str:
    """How a typed name is compared with ids, names and aliases (CLI.md): case-insensitive,
    with spaces, hyphens and dots taken as equal, so ``Llama 3 405B``, ``llama-3-405b`` and
    ``LLAMA.3.405B`` are one key. Every other character counts (``Command-R+`` is not
    ``Command-R``)."""
    return re.sub(_LOOKUP_SEPARATORS, "-", text.casefold()).strip("-")


def page_slug(text: str) -> str:
    """The page slug of CARD-FORMAT.md: ``Xiaohongshu/RedNote`` -> ``xiaohongshurednote``."""
    text = re.sub(_SLUG_DROP, "", text.lower())
    return re.sub(_SLUG_DASHES, "-", text).strip("-")


__all__ = ["assign_ids", "is_valid_id", "lookup_key", "model_id", "page_slug", "unique_id"]
