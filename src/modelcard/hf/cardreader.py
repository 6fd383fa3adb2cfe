"""A Hugging Face model card (README.md with YAML metadata) -> a record.

Read: the model's name (``model-index``'s name, else ``model_name``, else the first
heading), the lab (``model_creator``), ``license`` (and ``license_name``,
``license_link``), ``base_model``, ``tags``, and every evaluation result of
``model-index``, matched to the catalog's benchmark names by the Hub dataset or the name
(MMLU, MMLU-Pro, GPQA, HLE, ...), any other kept under its own name. A score between 0 and
1 whose metric does not say ``%`` is read as a fraction (the Hub's own convention) and
noted. Each score cites the result's own source where the card gives one, else the card.

The YAML is parsed with PyYAML (``safe_load``), which ``modelcard[hf]`` brings; writing a
card needs nothing.
"""

from __future__ import annotations

import re
from typing import Any

from modelcard import benchmarks
from modelcard.entry import check_name, check_tags
from modelcard.errors import InvalidValue, ModelcardError, NotATable, shorten
from modelcard.render.markdown import is_url

from .cardwriter import HUB_DATASETS, PERCENT
from .records import Record

INSTALL_HINT = "reading a Hugging Face card needs the hf extra: pip install 'modelcard[hf]'"
MAX_RESULTS = 1000
_FRONT = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)(?:\r?\n)?^---[ \t]*$", re.S | re.M)
_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.M)
_NUMBER = re.compile(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)")
_REPO = re.compile(r"[\w.-]+/[\w.-]+")
# names a card may give a known benchmark, beyond its label and key
_BY_DATASET = {dataset.lower(): name for name, dataset in HUB_DATASETS.items()}


def has_front_matter(text: str) -> bool:
    return _FRONT.match(text) is not None


def split_card(text: str, where: str) -> tuple[dict[str, Any], str]:
    """The card's metadata (parsed) and its Markdown body."""
    match = _FRONT.match(text)
    if match is None:
        raise NotATable(
            f"{where}: not a Hugging Face model card: no YAML metadata between --- lines"
        )
    try:
        import yaml
    except ImportError:
        raise ModelcardError(INSTALL_HINT) from None
    try:
        data = yaml.safe_load(match[1])
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"line {mark.line + 2}: " if mark is not None else ""
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise NotATable(f"{where}: {at}not valid YAML: {reason}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise NotATable(f"{where}: the card's metadata is not a mapping of keys")
    return data, text[match.end() :]


def read_card(text: str, *, where: str, url: str, row: str) -> Record:
    """Read a card. ``url`` is cited for what the card states (the card's page, or the file
    itself); ``row`` names the file inside its repository."""
    data, body = split_card(text, where)
    record = Record(where=where)
    record.name = _name(data, body, record)
    creator = data.get("model_creator")
    if isinstance(creator, str) and creator.strip():
        record.lab = _checked(creator, "model_creator", record)
    _license(data, record)
    _base_model(data, record)
    tags = data.get("tags")
    if isinstance(tags, str):
        tags = [tags]
    if isinstance(tags, list):
        for tag in tags[:MAX_RESULTS]:
            try:
                record.tags += [t for t in check_tags([str(tag)]) if t not in record.tags]
            except InvalidValue as exc:
                record.warnings.append(f"{where}: tag skipped: {exc}")
    index = data.get("model-index")
    if isinstance(index, list):
        _results(index, record, url=url, row=row)
    elif index is not None:
        record.warnings.append(f"{where}: model-index is not a list; no results read")
    return record


def _checked(value: str, field: str, record: Record) -> str | None:
    try:
        return check_name(value, field=field)
    except InvalidValue as exc:
        record.warnings.append(f"{record.where}: {exc}")
        return None


def _name(data: dict[str, Any], body: str, record: Record) -> str | None:
    index = data.get("model-index")
    first = index[0] if isinstance(index, list) and index else None
    for candidate, field in (
        (first.get("name") if isinstance(first, dict) else None, "model-index name"),
        (data.get("model_name"), "model_name"),
    ):
        if isinstance(candidate, str) and candidate.strip():
            return _checked(candidate, field, record)
    heading = _HEADING.search(body)
    if heading:
        return _checked(re.sub(r"[*_`\\]", "", heading[1]), "heading", record)
    return None


def _license(data: dict[str, Any], record: Record) -> None:
    license = data.get("license")
    if isinstance(license, list) and license:
        license = license[0]
    if isinstance(license, str) and license.strip():
        name = data.get("license_name") if license.strip() == "other" else None
        value = name if isinstance(name, str) and name.strip() else license
        record.links["license"] = " ".join(value.split())[:200]
    link = data.get("license_link")
    if isinstance(link, str) and is_url(link.strip()):
        record.links["license_link"] = link.strip()


def _base_model(data: dict[str, Any], record: Record) -> None:
    base = data.get("base_model")
    bases = [base] if isinstance(base, str) else base if isinstance(base, list) else []
    repos = [b.strip() for b in bases if isinstance(b, str) and _REPO.fullmatch(b.strip())]
    if repos:
        record.links["base_model"] = f"https://huggingface.co/{repos[0]}"
    if len(repos) > 1:
        record.notes.append(
            f"{record.where}: {len(repos)} base models; kept the first ({repos[0]})"
        )


def benchmark_key(dataset_type: object, dataset_name: object) -> str | None:
    """The catalog's name of a benchmark: by its Hub dataset, else by its name."""
    if isinstance(dataset_type, str) and dataset_type.strip().lower() in _BY_DATASET:
        return _BY_DATASET[dataset_type.strip().lower()]
    for candidate in (dataset_name, dataset_type):
        if not isinstance(candidate, str) or not candidate.strip():
            continue
        lowered = " ".join(candidate.lower().split())
        known = benchmarks.known(lowered)
        if known is not None:
            return known
        made = re.sub(r"[^a-z0-9_.-]+", "_", lowered).strip("_.-")[:64]
        if made:
            return made
    return None


def _results(index: list[Any], record: Record, *, url: str, row: str) -> None:
    seen = 0
    for model in index:
        results = model.get("results") if isinstance(model, dict) else None
        for result in results if isinstance(results, list) else []:
            seen += 1
            if seen > MAX_RESULTS:
                record.warnings.append(
                    f"{record.where}: more than {MAX_RESULTS} results; rest skipped"
                )
                return
            if isinstance(result, dict):
                _result(result, record, url=url, row=row)


def _result(result: dict[str, Any], record: Record, *, url: str, row: str) -> None:
    dataset = result.get("dataset") if isinstance(result.get("dataset"), dict) else {}
    assert isinstance(dataset, dict)
    key = benchmark_key(dataset.get("type"), dataset.get("name"))
    metrics = result.get("metrics")
    if key is None or not isinstance(metrics, list) or not metrics:
        record.warnings.append(f"{record.where}: a result without a dataset or metrics; skipped")
        return
    label = benchmarks.label(key)
    metric = metrics[0] if isinstance(metrics[0], dict) else {}
    score = _score(metric, label, record)
    if score is None:
        return
    if key in record.benchmarks:
        if record.benchmarks[key] != score:
            record.notes.append(
                f"{record.where}: {label}: another result ({score:g}) after "
                f"{record.benchmarks[key]:g}; kept the first"
            )
        return
    record.benchmarks[key] = score
    source = result.get("source") if isinstance(result.get("source"), dict) else {}
    assert isinstance(source, dict)
    cited = source.get("url") if isinstance(source.get("url"), str) else None
    named = source.get("name") if isinstance(source.get("name"), str) else None
    note = "from the model-index of the Hugging Face card"
    if cited and is_url(cited.strip()):
        note = f"{note} {record.where}" + (
            f", which cites {' '.join(named.split())}" if named else ""
        )
        record.sources[f"benchmarks.{key}"] = {
            "url": cited.strip(), "note": note, "dataset": "hf-card", "row": row,
        }  # fmt: skip
    else:
        record.sources[f"benchmarks.{key}"] = {
            "url": url, "note": note, "dataset": "hf-card", "row": row,
        }  # fmt: skip


def _score(metric: dict[str, Any], label: str, record: Record) -> float | None:
    value = metric.get("value")
    if isinstance(value, bool):
        value = None
    if isinstance(value, str):
        match = _NUMBER.match(value)
        value = float(match[1]) if match else None
    if not isinstance(value, int | float) or value != value or value in (
        float("inf"), float("-inf"),
    ):  # fmt: skip
        shown = shorten(str(metric.get("value")))
        record.warnings.append(f"{record.where}: {label}: {shown!r} is not a score; skipped")
        return None
    name = metric.get("name") if isinstance(metric.get("name"), str) else ""
    if 0 <= value <= 1 and PERCENT not in str(name) and "%" not in str(name):
        record.notes.append(
            f"{record.where}: {label}: {value:g} read as a fraction, {value * 100:g}%"
        )
        value = round(value * 100, 6)
    if not 0 <= value <= 100:
        record.warnings.append(
            f"{record.where}: {label}: {value:g} is not a percentage score; skipped"
        )
        return None
    return float(value)
