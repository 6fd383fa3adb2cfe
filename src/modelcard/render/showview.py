"""What ``show`` prints of one model, as plain data shared by the piped text and the rich
terminal view: labelled rows, the links, the sources grouped by the page they cite, and the
values other sources give.

Nothing here imports rich (a piped ``show`` starts fast), and nothing here cuts a value: the
renderers decide where a line breaks, never what is left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from modelcard import benchmarks, datasets, provenance
from modelcard.entry import ANNOUNCED, Entry, status
from modelcard.errors import printable
from modelcard.metrics import figures_of
from modelcard.units import format_score

from .labels import (
    access_label,
    alscore_line,
    compute_text,
    open_weights_label,
    price_text,
    ratio_line,
    released_label,
    size_text,
    tokens_text,
)
from .tabular import alternative_text

# Rows shown only when the entry has a value; the others say "-" when they have none (the
# figures and the four benchmarks of the card are what the catalog is about: their absence
# is news). The missing optional ones are named together on one line.
OPTIONAL = (
    "Aliases",
    "Reported compute",
    "Context window",
    "Output limit",
    "Knowledge cutoff",
    "License",
    "Price",
    "Dataset",
    "Tags",
    "Notes",
)
NOT_RECORDED = "Not recorded"


@dataclass
class SourceGroup:
    """The figures one page (``url``) is the source of, read where ``where`` says (a
    dataset's name, snapshot and row; empty for a page), as ``(fields, detail)`` lines:
    the fields that share a confidence, note and layer, and those in words."""

    url: str
    where: str
    lines: list[tuple[list[str], str]] = field(default_factory=list)


@dataclass
class ShowView:
    title: str
    rows: list[tuple[str, str]]
    missing: list[str]
    links: list[tuple[str, str]]
    sources: list[SourceGroup]
    others: list[tuple[str, str]]  # (field, another source's value with where it is from)


def show_view(
    entry: Entry, *, layer: str | None = None, layers: Mapping[str, str] | None = None
) -> ShowView:
    """Everything ``show`` prints of ``entry``. ``layer`` describes the layer it was read
    from (with its snapshot dates); ``layers`` gives, for an entry of the fetched layer,
    the layer each sourced value came from."""
    rows = []
    missing = []
    for label, value in show_rows(entry, layer=layer):
        if label in OPTIONAL and value == "-":
            missing.append(label.lower())
        else:
            rows.append((label, value))
    others = [
        (name, alternative_text(name, item))
        for name, items in entry.alternatives.items()
        for item in items
    ]
    return ShowView(
        title=entry.name,
        rows=rows,
        missing=missing,
        links=list(entry.links.items()),
        sources=source_groups(entry.sources, layers or {}),
        others=others,
    )


def show_rows(entry: Entry, *, layer: str | None = None) -> list[tuple[str, str]]:
    """The labelled values of ``show``, in order (links and sources apart). Each figure
    carries its confidence where a source gives one."""
    figures = figures_of(entry)
    ratio = ratio_line(figures)
    score = alscore_line(figures)
    compute = compute_text(figures.training_compute)
    if figures.training_compute is not None:
        compute += " (6·N·D estimate)"
    # the day where a source gives it (the sheet's month otherwise)
    day = entry.released if entry.released and len(entry.released) == 10 else None
    released = day or released_label(entry.released)
    if status(entry) == ANNOUNCED:
        released += " (announced, not released)"

    def sure(text: str, figure: str) -> str:
        level = provenance.figure_confidence(entry, figure)
        return f"{text}  [{level}]" if level and text != "-" else text

    def stated(text: str, field: str) -> str:
        # a stored figure's own source, not the 6·N·D estimate's inputs
        level = provenance.confidence(entry, field)
        return f"{text}  [{level}]" if level and text != "-" else text

    rows = [
        ("Id", entry.id),
        ("Aliases", ", ".join(entry.aliases) or "-"),
        ("Lab", entry.lab),
        ("Released", released),
        ("Access", access_label(entry.access)),
        ("Open weights", sure(open_weights_label(entry.open_weights), "open_weights")),
        ("Architecture", entry.architecture or "-"),
        ("Parameters", sure(size_text(entry.parameters), "parameters")),
        ("Active parameters", sure(size_text(entry.active_parameters), "active_parameters")),
        ("Training tokens", sure(size_text(entry.tokens), "tokens")),
        ("Token:param ratio", sure(ratio, "ratio")),
        ("ALScore", sure(score, "alscore")),
        ("Training compute", sure(compute, "training_compute")),
        ("Reported compute", stated(reported_compute(entry), "training_compute")),
        *([("Counts used", counts_used(entry))] if counts_used(entry) != "-" else []),
        ("Context window", stated(tokens_text(entry.context_window), "context_window")),
        ("Output limit", stated(tokens_text(entry.output_limit), "output_limit")),
        ("Knowledge cutoff", stated(entry.knowledge_cutoff or "-", "knowledge_cutoff")),
        ("License", stated(entry.license or "-", "license")),
        ("Price", prices(entry)),
        ("Dataset", entry.dataset or "-"),
        ("Tags", ", ".join(entry.tags) or "-"),
    ]
    for name in benchmarks.card_order(list(entry.benchmarks)):
        rows.append((benchmarks.label(name), format_score(entry.score(name))))
    for name, value in entry.sheet.items():
        rows.append((f"Sheet {name}", f"{value:g}"))
    rows += [
        ("Notes", entry.notes or "-"),
        ("Updated", entry.updated.isoformat() if entry.updated else "-"),
        ("Layer", layer or layer_title(entry)),
        ("File", str(entry.path) if entry.path else "-"),
    ]
    return rows


def source_groups(
    sources: Mapping[str, Mapping[str, str]],
    layers: Mapping[str, str],
    *,
    brief: bool = False,
) -> list[SourceGroup]:
    """The sources of an entry's figures, one group per page and place in a dataset (in
    the order of their first field), the fields with the same confidence, note and layer
    on one line: eleven sources citing one models.dev file read as one line, not eleven.
    ``brief`` keeps the page and the confidence only (one group per page)."""
    groups: dict[tuple[str, str], SourceGroup] = {}
    for name, source in sources.items():
        url = str(source.get("url", ""))
        where = "" if brief else provenance.describe_source(source)
        group = groups.setdefault((url, where), SourceGroup(url, where))
        parts = [source.get("confidence", ""), "" if brief else source.get("note", "")]
        detail = "; ".join(str(p) for p in parts if p)
        if name in layers:
            detail += f"  [{layers[name]}]"
        line = next((line for line in group.lines if line[1] == detail), None)
        if line is None:
            group.lines.append(([name], detail))
        else:
            line[0].append(name)
    return list(groups.values())


def show_text(
    entry: Entry, *, layer: str | None = None, layers: Mapping[str, str] | None = None
) -> str:
    """The plain view, for pipes and files: nothing cut, nothing wrapped, no colour."""
    view = show_view(entry, layer=layer, layers=layers)
    labels = [label for label, _ in view.rows]
    if view.missing:
        labels.append(NOT_RECORDED)
    width = max(len(label) for label in labels) + 1
    lines = [printable(view.title)]
    lines += [f"  {label + ':':<{width}} {printable(value)}" for label, value in view.rows]
    if view.missing:
        lines.append(f"  {NOT_RECORDED + ':':<{width}} {', '.join(view.missing)}")
    if view.links:
        lines.append("  Links:")
        lines += [f"    {name}: {printable(url)}" for name, url in view.links]
    if view.sources:
        lines.append("  Sources:")
        for group in view.sources:
            lines.append(f"    {printable(group.url)}")
            if group.where:
                lines.append(f"      {printable(group.where)}")
            for fields, detail in group.lines:
                lines.append(f"      {source_line(fields, detail)}")
    if view.others:
        lines.append("  Other sources disagree:")
        lines += [f"    {name}: {printable(text)}" for name, text in view.others]
    return "\n".join(lines) + "\n"


def source_line(fields: list[str], detail: str) -> str:
    """``parameters, tokens: likely; open weights: the lab's count is on record``."""
    names = ", ".join(fields)
    return printable(f"{names}: {detail}" if detail else names)


def layer_title(entry: Entry) -> str:
    from modelcard.store import LAYER_TITLES

    return LAYER_TITLES.get(entry.layer or ("bundled" if entry.builtin else "user"), "-")


def reported_compute(entry: Entry) -> str:
    """Training compute as a source states it, with the dataset that gives it."""
    if entry.training_compute is None:
        return "-"
    source = entry.sources.get("training_compute", {})
    by = datasets.name(source.get("dataset", ""))
    return compute_text(entry.training_compute) + (f" ({by})" if by else "")


def prices(entry: Entry) -> str:
    """``$0.95 in, $4.00 out per million tokens  [likely]``, or ``-``."""
    if entry.price_input is None and entry.price_output is None:
        return "-"
    text = (
        f"{price_text(entry.price_input)} in, {price_text(entry.price_output)} out "
        "per million tokens"
    )
    level = provenance.confidence(entry, "price_input")
    return f"{text}  [{level}]" if level else text


def counts_used(entry: Entry) -> str:
    """Which parameter count each figure rests on: totals for ALScore and the ratio, active
    parameters (when known) for training compute."""
    if entry.parameters is None and entry.active_parameters is None:
        return "-"
    total = f"{size_text(entry.parameters)} in all" if entry.parameters else "no total"
    text = f"ALScore and ratio use {total}"
    if entry.active_parameters is not None:
        return f"{text}; training compute uses the {size_text(entry.active_parameters)} active"
    return f"{text}; so does training compute (no active count)"
