"""What the listing commands share (rank, search, export's and plot's filters): the output
formats, the filter and limit options, and printing a list. Apart from ``common`` so that
``show`` does not pay for them."""

# No `from __future__ import annotations`: Typer would eval every annotation at start-up.
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer

from .common import out


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


LabOption = Annotated[str | None, typer.Option("--lab", help="Only this lab (any case).")]
ArchOption = Annotated[
    str | None, typer.Option("--arch", help="Only this architecture (Dense, MoE, ...).")
]
AccessOption = Annotated[
    str | None, typer.Option("--access", help="Only public, private, limited or unknown.")
]
TagOption = Annotated[str | None, typer.Option("--tag", help="Only models with this tag.")]
LimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit",
        "-n",
        min=0,
        help="How many rows; 0 for all. Default: 20 in a table, all in json and csv.",
        show_default=False,
    ),
]
AscOption = Annotated[bool, typer.Option("--asc", help="Lowest first.")]
FormatOption = Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")]


def row_limit(limit: int | None, format: ListFormat) -> int:
    """The number of rows to print (0: all): tables show 20 unless told, data has no limit."""
    if limit is not None:
        return limit
    return 20 if format in (ListFormat.table, ListFormat.md) else 0


def print_list(entries: list[Any], key: str, format: ListFormat, *, title: str) -> None:
    from modelcard.render import tabular

    if format is ListFormat.json:
        out(tabular.to_json([tabular.record(e) for e in entries]))
    elif format is ListFormat.csv:
        out(tabular.csv_text(entries))
    else:
        header, rows = tabular.list_rows(entries, key)
        if format is ListFormat.md:
            out(tabular.markdown_table(header, rows))
        elif not sys.stdout.isatty():
            out(tabular.plain_table(header, rows, title=f"{title}: {len(rows)} shown"))
        else:
            from modelcard.render.terminal import print_table

            print_table(header, rows, title=f"{title}: {len(rows)} shown")
