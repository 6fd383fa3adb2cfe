"""modelcard compare: models side by side, the better value of each row marked."""

# No `from __future__ import annotations`: Typer would eval every annotation at start-up.
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer

from .common import complete_ids, fail, out, skip, state

SETTINGS: dict[str, Any] = {
    "epilog": "Examples:\n\n  modelcard compare dots.llm1 Qwen3-235B-A22B\n\n"
    "  modelcard compare 'Claude Opus 4' GPT-4.5 o3 --format md"
}


class CompareFormat(StrEnum):
    table = "table"
    md = "md"
    json = "json"


def compare(
    ctx: typer.Context,
    names: Annotated[
        list[str],
        typer.Argument(help="Two or more ids, names or aliases.", autocompletion=complete_ids),
    ],
    format: Annotated[
        CompareFormat, typer.Option("--format", "-f", help="table, md or json.")
    ] = CompareFormat.table,
) -> None:
    """Compare models side by side: every field, figure and benchmark; the better value of
    each row is marked with * (the highest ALScore, tokens, ratio and scores; the newest)."""
    from modelcard.comparison import compare as rows_of

    if len(names) < 2:
        fail("compare takes two or more models", 2)
    catalog = state(ctx).catalog()
    entries = [catalog.find(name, on_error=skip) for name in names]
    if len({e.id for e in entries}) < len(entries):
        fail("a model is named twice")
    rows = rows_of(entries)
    if format is CompareFormat.json:
        from modelcard.render.tabular import record, to_json

        data = {
            "models": [record(e) for e in entries],
            "rows": [
                {"field": r.field, "values": [_plain(v) for v in r.values], "best": r.best}
                for r in rows
            ],
        }
        out(to_json(data))
        return
    header = ["", *(e.name for e in entries)]
    cells = [
        [r.field, *(t + (" *" if i in r.best else "") for i, t in enumerate(r.texts))] for r in rows
    ]
    from modelcard.provenance import ESTIMATE_MARK, ESTIMATE_NOTE
    from modelcard.render import tabular

    title = "Compared (* marks the better value)"
    estimates = any(cell.startswith(ESTIMATE_MARK) for row in cells for cell in row[1:])
    note = ESTIMATE_NOTE if estimates else None
    if format is CompareFormat.md:
        out(tabular.markdown_table(header, cells) + (f"\n{note}\n" if note else ""))
    elif not sys.stdout.isatty():
        table = tabular.plain_table(header, cells, title=title, left=header)
        out(table + (f"{note}\n" if note else ""))
    else:
        from modelcard.render.terminal import print_table

        print_table(header, cells, title=title, left=header, caption=note)


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value
