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
    from modelcard.render.compareview import compare_markdown, compare_text, compare_view

    view = compare_view(entries, rows)
    if format is CompareFormat.md:
        out(compare_markdown(view))
    elif not sys.stdout.isatty():
        out(compare_text(view))
    else:
        from modelcard.render.terminal import print_compare

        print_compare(view)


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value
