"""What the listing commands share (rank, search, export's and plot's filters): the output
formats, the filter and limit options, and printing a list. Apart from ``common`` so that
``show`` does not pay for them."""

# No `from __future__ import annotations`: Typer would eval every annotation at start-up.
import sys
from collections.abc import Callable, Collection
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


ColumnsOption = Annotated[
    str | None,
    typer.Option(
        "--columns",
        "-c",
        metavar="NAMES",
        help="The columns, comma-separated, in table, md, csv and json alike: rank, id, "
        "name, lab, architecture, params, active, tokens, ratio, alscore, compute, "
        "reported-compute, released, access, open-weights, context, output, price, "
        "price-output, cutoff, or a benchmark (mmlu, mmlu-pro, gpqa, hle, ...). "
        "Example: --columns rank,id,params,gpqa. Default: rank, name, lab, params, tokens, "
        "ratio, alscore and the ranked field (json and csv: every field). With json, "
        "each row's confidence says how sure its values are (the table's ~ mark).",
        show_default=False,
    ),
]


def print_list(
    entries: list[Any],
    key: str,
    format: ListFormat,
    *,
    title: str,
    columns: str | None = None,
    recorded: Callable[[], Collection[str]] = tuple,
) -> None:
    """A listing in ``format``: a table of ``columns`` (names, comma-separated; None for
    the default ones) for people; for programs, with no ``columns``, every field."""
    from modelcard.render import tabular
    from modelcard.render.columns import chosen, data_rows, estimate_note, table_rows

    if columns is None and format is ListFormat.json:
        out(tabular.to_json([tabular.record(e) for e in entries]))
        return
    if columns is None and format is ListFormat.csv:
        out(tabular.csv_text(entries))
        return
    picked = chosen(columns, key, recorded)
    if format is ListFormat.json:
        out(tabular.to_json(data_rows(entries, picked, sureness=True)))
    elif format is ListFormat.csv:
        out(tabular.values_csv([c.name for c in picked], data_rows(entries, picked)))
    else:
        header = [c.title for c in picked]
        rows = table_rows(entries, picked)
        note = estimate_note(picked, rows)
        if format is ListFormat.md:
            out(tabular.markdown_table(header, rows) + (f"\n{note}\n" if note else ""))
            return
        heading = f"{title}: {len(rows)} shown"
        if not sys.stdout.isatty():
            left = [c.title for c in picked if c.kind in ("name", "text")]
            table = tabular.plain_table(header, rows, title=heading, left=left)
            out(table + (f"{note}\n" if note else ""))
        else:
            from modelcard.render.terminal import print_table

            print_table(header, rows, title=heading, kinds=[c.kind for c in picked], caption=note)
