"""Names and labs as the matcher compares them: pure text functions, no data.

``name_key`` folds what only spells a name differently (case, accents, spaces, hyphens,
dots, underscores, ``Qwen2.5`` against ``Qwen 2.5``) and keeps everything that can tell two
models apart: every digit, snapshot suffixes (``-0324``, ``-2411``), ``(new)``, ``Instruct``.
``lab_key`` folds a lab's spelling (``Mistral AI`` = ``Mistral``); which spellings are one
lab (``Moonshot`` = ``moonshotai`` = ``Moonshot AI``) is reviewed data, in the crosswalk.
"""

from __future__ import annotations

import re
import unicodedata

# Words a lab's name carries that do not tell labs apart.
LAB_NOISE = frozenset(
    {"ai", "inc", "labs", "lab", "the", "llc", "ltd", "co", "corp", "corporation", "company"}
)
_WORD = r"[^\W_]+"
_SPLIT_DIGITS = r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])"


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.casefold().replace("+", " plus ")


def name_tokens(name: str) -> tuple[str, ...]:
    """``Qwen2.5-72B-Instruct`` -> ``('qwen', '2', '5', '72', 'b', 'instruct')``."""
    tokens: list[str] = []
    for word in re.findall(_WORD, _fold(name)):
        tokens.extend(part for part in re.split(_SPLIT_DIGITS, word) if part)
    return tuple(tokens)


def name_key(name: str) -> str:
    """The form in which two spellings of one name are equal: ``Llama 3.1-405B`` and
    ``llama-3.1 405b`` give ``llama 3 1 405 b``."""
    return " ".join(name_tokens(name))


def lab_key(lab: str) -> str:
    """``Mistral AI`` and ``mistral`` give ``mistral``; ``Z.ai (Zhipu AI)`` gives
    ``z zhipu`` (the crosswalk says which keys are one lab)."""
    words = [w for w in re.findall(_WORD, _fold(lab)) if w not in LAB_NOISE]
    return " ".join(words) or " ".join(re.findall(_WORD, _fold(lab)))


def months_apart(a: str, b: str) -> int:
    """Whole months between two dates (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), compared at
    the coarser precision: ``2024-07`` and ``2024-07-23`` are 0 apart, ``2024`` and
    ``2024-11`` too."""
    pa, pb = a.split("-"), b.split("-")
    if len(pa) == 1 or len(pb) == 1:
        return 12 * abs(int(pa[0]) - int(pb[0]))
    return abs((int(pa[0]) * 12 + int(pa[1])) - (int(pb[0]) * 12 + int(pb[1])))


__all__ = ["lab_key", "months_apart", "name_key", "name_tokens"]
