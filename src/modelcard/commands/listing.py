"""What the listing commands share (rank, search, export's and plot's filters): the output
formats, the filter and limit options, and printing a list. Apart from ``common`` so that
``show`` does not pay for them."""

# No `from __future__ import annotations`: Typer would eval every annotation at start-up.
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .common import out

if TYPE_CHECKING:
    from modelcard.ranking import Filters
    from modelcard.store import Catalog


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


class Access(StrEnum):
    public = "public"
    private = "private"
    limited = "limited"
    unknown = "unknown"


LabOption = Annotated[
    str | None,
    typer.Option("--lab", help="Only this lab (any case); an unknown lab names the nearest."),
]
ArchOption = Annotated[
    str | None,
    typer.Option("--arch", help="Only this architecture (Dense, MoE, ...; any case)."),
]
AccessOption = Annotated[
    Access | None,
    typer.Option(
        "--access",
        case_sensitive=False,
        help="Only models anyone can use (public; not the same as open weights), private, "
        "limited or unknown.",
    ),
]
TagOption = Annotated[str | None, typer.Option("--tag", help="Only models with this tag.")]
OpenWeightsOption = Annotated[
    bool | None,
    typer.Option(
        "--open-weights/--no-open-weights",
        help="Only models whose weights can be downloaded (or, --no-open-weights, only "
        "those known not to be); models where nothing says are left out of both.",
        show_default=False,
    ),
]
ReleasedOption = Annotated[
    bool,
    typer.Option(
        "--released",
        help="Leave out announced models (no release date, or one after the entry's data).",
    ),
]
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


def filters_of(
    catalog: "Catalog",
    lab: str | None,
    arch: str | None,
    access: str | None,
    tag: str | None,
    *,
    open_weights: bool | None = None,
    released: bool = False,
) -> "Filters":
    """The filters of the options, checked against what the catalog holds."""
    from modelcard.ranking import Filters

    filters = Filters(lab, arch, access, tag, open_weights=open_weights, released=released)
    catalog.check_filters(filters)
    return filters


def print_list(entries: list[Any], key: str, format: ListFormat, *, title: str) -> None:
    from modelcard.render import tabular

    if format is ListFormat.json:
        out(tabular.to_json([tabular.record(e) for e in entries]))
    elif format is ListFormat.csv:
        out(tabular.csv_text(entries))
    else:
        header, rows = tabular.list_rows(entries, key)
        note = tabular.list_note(rows)
        if format is ListFormat.md:
            out(tabular.markdown_table(header, rows) + (f"\n{note}\n" if note else ""))
        elif not sys.stdout.isatty():
            table = tabular.plain_table(header, rows, title=f"{title}: {len(rows)} shown")
            out(table + (f"{note}\n" if note else ""))
        else:
            from modelcard.render.terminal import print_table

            print_table(header, rows, title=f"{title}: {len(rows)} shown", caption=note)
