"""What ``compare`` prints for people: a table of the fields side by side, and under it the
sources of each model's figures and the values other sources give, in blocks of their own
(a URL in a table cell made the piped table 193 columns wide).

Pure text; the rich terminal view (``terminal.print_compare``) shows the same parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from modelcard.comparison import Row
from modelcard.entry import Entry
from modelcard.errors import printable

from .showview import SourceGroup, source_groups, source_line
from .tabular import alternative_text

TITLE = "Compared (* marks the better value)"
NONE_HAVE = "Recorded for none"
SOURCES = "Sources (`modelcard show NAME` gives where in a dataset, and why)"
OTHERS = "Other sources disagree"


@dataclass
class CompareView:
    header: list[str]
    cells: list[list[str]]
    missing: list[str]  # the fields no model has a value for
    sources: list[tuple[str, list[SourceGroup]]]  # (model name, its sources)
    others: list[tuple[str, list[tuple[str, str]]]]  # (model name, (field, value))
    note: str | None


def compare_view(entries: Sequence[Entry], rows: Sequence[Row]) -> CompareView:
    """The parts of the comparison: rows of dashes alone are named, not drawn."""
    from modelcard.provenance import ESTIMATE_MARK, ESTIMATE_NOTE

    fields = [r for r in rows if r.kind == "field"]
    shown = [r for r in fields if any(t != "-" for t in r.texts)]
    cells = [
        [r.field, *(t + (" *" if i in r.best else "") for i, t in enumerate(r.texts))]
        for r in shown
    ]
    estimates = any(cell.startswith(ESTIMATE_MARK) for row in cells for cell in row[1:])
    return CompareView(
        header=["", *(e.name for e in entries)],
        cells=cells,
        missing=[r.field for r in fields if r not in shown],
        sources=[(e.name, source_groups(e.sources, {}, brief=True)) for e in entries if e.sources],
        others=[
            (
                e.name,
                [
                    (name, alternative_text(name, item, brief=True))
                    for name, items in e.alternatives.items()
                    for item in items
                ],
            )
            for e in entries
            if e.alternatives
        ],
        note=ESTIMATE_NOTE if estimates else None,
    )


def compare_text(view: CompareView) -> str:
    """The plain view, for pipes: the table aligned by display width, then the blocks."""
    from .tabular import plain_table

    lines = [plain_table(view.header, view.cells, title=TITLE, left=view.header).rstrip("\n")]
    if view.note:
        lines.append(view.note)
    if view.missing:
        lines.append(f"{NONE_HAVE}: {', '.join(view.missing)}")
    if view.sources:
        lines += ["", SOURCES]
        for name, groups in view.sources:
            lines.append(f"  {printable(name)}")
            for group in groups:
                lines.append(f"    {printable(group.url)}")
                lines += [f"      {source_line(f, d)}" for f, d in group.lines]
    if view.others:
        lines += ["", OTHERS]
        for name, items in view.others:
            lines.append(f"  {printable(name)}")
            lines += [f"    {field}: {printable(text)}" for field, text in items]
    return "\n".join(lines) + "\n"


def compare_markdown(view: CompareView) -> str:
    """The Markdown view: the table, then the blocks as lists; user text escaped, links
    only to http(s) pages."""
    from .markdown import is_url, text, url
    from .tabular import markdown_table

    parts = [markdown_table(view.header, view.cells)]
    if view.note:
        parts.append(f"{view.note}\n")
    if view.missing:
        parts.append(f"{NONE_HAVE}: {text(', '.join(view.missing))}\n")
    if view.sources:
        lines = [f"{SOURCES}:", ""]
        for name, groups in view.sources:
            lines.append(f"- {text(name)}")
            for group in groups:
                page = f"<{url(group.url)}>" if is_url(group.url) else text(group.url)
                for fields, detail in group.lines:
                    lines.append(f"  - {page}: {text(source_line(fields, detail))}")
        parts.append("\n".join(lines) + "\n")
    if view.others:
        lines = [f"{OTHERS}:", ""]
        for name, items in view.others:
            lines.append(f"- {text(name)}")
            lines += [f"  - {text(field)}: {text(value)}" for field, value in items]
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)
