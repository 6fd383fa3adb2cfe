"""What the project knows of benchmarks: display names and the card's descriptions.

The first four are the card's fixed rows, in this order; any other benchmark an entry
records is shown after them, alphabetically, with a description if one is known here.
"""

from __future__ import annotations

import re

CARD_ROWS = ("mmlu", "mmlu_pro", "gpqa", "hle")

LABELS = {
    "mmlu": "MMLU",
    "mmlu_pro": "MMLU-Pro",
    "gpqa": "GPQA",
    "hle": "HLE",
    "aime": "AIME",
    "arc": "ARC",
    "gsm8k": "GSM8K",
    "hellaswag": "HellaSwag",
    "humaneval": "HumanEval",
    "livecodebench": "LiveCodeBench",
    "math": "MATH",
    "mbpp": "MBPP",
    "mmmu": "MMMU",
    "swe_bench": "SWE-bench",
    "truthfulqa": "TruthfulQA",
    "winogrande": "WinoGrande",
}

DESCRIPTIONS = {
    "mmlu": "General knowledge across 57 subjects",
    "mmlu_pro": "Advanced MMLU variant",
    "gpqa": "Graduate-level reasoning",
    "hle": "High-level evaluation",
    "aime": "Competition mathematics (AIME problems)",
    "arc": "Grade-school science questions",
    "gsm8k": "Grade-school math word problems",
    "hellaswag": "Commonsense sentence completion",
    "humaneval": "Python code generation from docstrings",
    "livecodebench": "Recent competitive-programming problems",
    "math": "Competition mathematics",
    "mbpp": "Basic Python programming problems",
    "mmmu": "College-level multimodal understanding",
    "swe_bench": "Resolving real GitHub issues",
    "truthfulqa": "Truthfulness on misleading questions",
    "winogrande": "Commonsense pronoun resolution",
}


# Other names the sources use for a benchmark above. Labs' release tables give their GPQA
# Diamond score as "GPQA", so one row holds both here; a figure's source note keeps the name
# its dataset used ("as 'GPQA Diamond'"), and a disagreement is kept as an alternative.
SYNONYMS = {
    "humanity's last exam": "hle",
    "humanitys last exam": "hle",
    "humanity’s last exam": "hle",
    "mmlu pro": "mmlu_pro",
    "gpqa diamond": "gpqa",
}


def known(name: str) -> str | None:
    """The key of a benchmark this module knows, under any of its names; else None."""
    lowered = " ".join(re.sub(r"[-_]+", " ", name.strip().lower()).split())
    if lowered in SYNONYMS:
        return SYNONYMS[lowered]
    found = key(lowered.replace(" ", "_"))
    return found if found in LABELS else None


def key(name: str) -> str:
    """The stored key of a benchmark as users type it: ``MMLU-Pro`` -> ``mmlu_pro``."""
    lowered = name.strip().lower()
    for known, label in LABELS.items():
        if lowered in (known, label.lower(), known.replace("_", "-")):
            return known
    return lowered


def label(name: str) -> str:
    return LABELS.get(name, name)


def description(name: str) -> str:
    return DESCRIPTIONS.get(name, "-")


def card_order(recorded: list[str]) -> list[str]:
    """The card's rows: the four fixed ones, then the others recorded, alphabetically."""
    return list(CARD_ROWS) + sorted(name for name in recorded if name not in CARD_ROWS)
