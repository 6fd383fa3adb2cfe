"""An entry as a Hugging Face model card: a README.md with YAML metadata, then Markdown.

The metadata holds what the Hub reads: ``license`` and ``base_model`` where the entry
knows them (kept in its links as ``license`` and ``base_model`` for now), ``tags``,
``pipeline_tag: text-generation``, ``model_creator`` (the lab), and ``model-index`` with
every benchmark score and where it comes from. The body gives the figures, a short
description, the links and the sources of the data with their licences. User text is
quoted by ``yamltext`` in the metadata and escaped by ``render.markdown`` in the body.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from modelcard import benchmarks, datasets
from modelcard.entry import Entry
from modelcard.metrics import figures_of
from modelcard.render.card import overview
from modelcard.render.labels import (
    access_label,
    alscore_line,
    compute_text,
    count_text,
    ratio_line,
    released_label,
)
from modelcard.render.markdown import is_url, paragraph, text, url
from modelcard.units import format_score

from . import yamltext

# The Hub's datasets of the benchmarks the catalog records in its own columns.
HUB_DATASETS = {
    "mmlu": "cais/mmlu",
    "mmlu_pro": "TIGER-Lab/MMLU-Pro",
    "gpqa": "Idavidrein/gpqa",
    "hle": "cais/hle",
}
TASK = {"type": "text-generation", "name": "Text Generation"}
# A metric name that says the value is a percentage (the Hub's own cards mix 0-1 and 0-100).
PERCENT = "(%)"
_REPO_URL = re.compile(r"https://huggingface\.co/([\w.-]+/[\w.-]+)/?")


def base_model(entry: Entry) -> str | None:
    """The base model's repository on the Hub (``org/name``), from ``links.base_model``."""
    match = _REPO_URL.fullmatch(entry.links.get("base_model", ""))
    return match[1] if match else None


def metadata(entry: Entry) -> dict[str, object]:
    data: dict[str, object] = {}
    if entry.links.get("license"):
        data["license"] = entry.links["license"]
    if is_url(entry.links.get("license_link", "")):
        data["license_link"] = entry.links["license_link"]
    base = base_model(entry)
    if base:
        data["base_model"] = base
    data["pipeline_tag"] = "text-generation"
    if entry.tags:
        data["tags"] = list(entry.tags)
    data["model_creator"] = entry.lab
    results = [_result(entry, name) for name in _scored(entry)]
    if results:
        data["model-index"] = [{"name": entry.name, "results": results}]
    return data


def _scored(entry: Entry) -> list[str]:
    return [n for n in benchmarks.card_order(list(entry.benchmarks)) if n in entry.benchmarks]


def _result(entry: Entry, name: str) -> dict[str, object]:
    label = benchmarks.label(name)
    known = name in HUB_DATASETS
    result: dict[str, object] = {
        "task": dict(TASK),
        "dataset": {"name": label, "type": HUB_DATASETS.get(name, name)},
        "metrics": [
            {
                "type": "accuracy" if known else "score",
                "value": entry.benchmarks[name],
                "name": f"{'accuracy' if known else 'score'} {PERCENT}",
            }
        ],
    }
    source = entry.sources.get(f"benchmarks.{name}")
    if source and is_url(source["url"]):
        # the Hub shows the name as the result's source: the dataset it was read from, by
        # its title; a page the score was read from directly, by its address
        result["source"] = {"name": _source_name(source), "url": source["url"]}
    return result


def _source_name(source: Mapping[str, str]) -> str:
    """What a source is called: the dataset it was read from, by its title; a page read
    directly, by its address's last part."""
    named = source.get("dataset")
    return datasets.title(named) if named else _short(source["url"])


def _short(address: str) -> str:
    return address.split("://", 1)[-1].rstrip("/").rsplit("/", 1)[-1]


def render_hf_card(entry: Entry) -> str:
    """The README.md of the model on the Hub."""
    return "---\n" + yamltext.dumps(metadata(entry)) + "---\n\n" + body(entry)


def body(entry: Entry) -> str:
    figures = figures_of(entry)
    ratio = ratio_line(figures)
    score = alscore_line(figures)
    rows = [
        ("Organization", text(entry.lab)),
        ("Released", released_label(entry.released)),
        ("Access", access_label(entry.access)),
        ("Architecture", text(entry.architecture) if entry.architecture else "-"),
        ("Parameters", count_text(entry.parameters)),
        ("Active parameters", count_text(entry.active_parameters)),
        ("Training tokens", count_text(entry.tokens)),
        ("Token:parameter ratio", ratio),
        ("ALScore", score),
        ("Training compute", compute_text(figures.training_compute)),
    ]
    out = [
        f"# {text(entry.name)}",
        "",
        overview(entry),
        "",
        "| Figure | Value |",
        "|---|---|",
        *(f"| {label} | {value} |" for label, value in rows),
        "",
        "ALScore is √(Parameters × Tokens) ÷ 300, both in billions; the ratio is training "
        "tokens per parameter (20:1 or more is compute-optimal); training compute is "
        "6 × N × T FLOPs, N the active parameters where known. modelcard computes these "
        "from the counts; they are not stated by a source.",
        "",
        "## Benchmarks",
        "",
    ]
    scored = _scored(entry)
    if scored:
        out += ["| Benchmark | Score | Source |", "|---|---|---|"]
        for name in scored:
            source = entry.sources.get(f"benchmarks.{name}")
            where = _link(source["url"]) if source else "-"
            label = text(benchmarks.label(name))
            out.append(f"| {label} | {format_score(entry.benchmarks[name])} | {where} |")
    else:
        out.append("_No benchmark scores recorded._")
    if entry.notes:
        out += ["", "## Notes", "", paragraph(entry.notes)]
    links = [(k, v) for k, v in entry.links.items() if k not in ("license", "license_link")]
    if links:
        out += ["", "## Links", ""]
        out += [f"- {text(k)}: {_link(v)}" for k, v in links]
    out += ["", "## Sources of the data", "", *_sources(entry)]
    return "\n".join(out) + "\n"


def _link(target: str) -> str:
    return f"[{text(_short(target))}]({url(target)})" if is_url(target) else text(target)


def _sources(entry: Entry) -> list[str]:
    lines = []
    for field, source in entry.sources.items():
        label = (
            benchmarks.label(field.removeprefix("benchmarks."))
            if field.startswith("benchmarks.")
            else field.replace("_", " ")
        )
        extra = [source[k] for k in ("note", "confidence") if source.get(k)]
        detail = f" ({text('; '.join(extra))})" if extra else ""
        lines.append(f"- {text(label)}: {_link(source['url'])}{detail}")
    if not lines:
        lines.append("_No sources recorded._")
    used = datasets.credited([entry])
    if used:
        lines += ["", "Data from:", ""]
        lines += [f"- {datasets.DATASETS[k].credit_markdown(d)}." for k, d in used.items()]
    return lines
