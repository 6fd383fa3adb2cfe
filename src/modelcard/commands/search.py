"""modelcard search: models whose name, aliases, lab, id, tags, notes, dataset or
architecture hold every term."""

# No `from __future__ import annotations`: Typer would eval every annotation at start-up.
from typing import Annotated, Any

import typer

from .common import complete_fields, skip, state
from .listing import (
    AccessOption,
    ArchOption,
    AscOption,
    ColumnsOption,
    FormatOption,
    LabOption,
    LimitOption,
    ListFormat,
    OpenWeightsOption,
    ReleasedOption,
    TagOption,
    filters_of,
    print_list,
    row_limit,
)

SETTINGS: dict[str, Any] = {
    "epilog": "Examples:\n\n  modelcard search qwen moe\n\n"
    "  modelcard search --name gpt-4\n\n"
    "  modelcard search qwen --columns id,name,params,active\n\n"
    "  modelcard search reasoning --lab OpenAI --by gpqa\n\n"
    "  modelcard search deepseek --open-weights --released\n\n"
    "  modelcard search 'synthetic data' --format json | jq '.[].id'"
}


def search(
    ctx: typer.Context,
    terms: Annotated[list[str], typer.Argument(help="Words to find (all of them, any case).")],
    name: Annotated[
        bool,
        typer.Option(
            "--name",
            help="Search names and aliases only (spaces, hyphens and dots alike): "
            "'--name gpt-4' finds GPT-4 and its versions, not notes that mention it.",
        ),
    ] = False,
    by: Annotated[
        str,
        typer.Option("--by", help="Order by this field (as rank).", autocompletion=complete_fields),
    ] = "alscore",
    columns: ColumnsOption = None,
    limit: LimitOption = None,
    asc: AscOption = False,
    lab: LabOption = None,
    arch: ArchOption = None,
    access: AccessOption = None,
    tag: TagOption = None,
    open_weights: OpenWeightsOption = None,
    released: ReleasedOption = False,
    format: FormatOption = ListFormat.table,
) -> None:
    """Find models by words in their name, aliases, lab, tags, notes, dataset or
    architecture (or, with --name, in their names and aliases only)."""
    from modelcard.ranking import ranking_key

    catalog = state(ctx).catalog()
    key = ranking_key(by, catalog.benchmark_names)
    filters = filters_of(
        catalog, lab, arch, access, tag, open_weights=open_weights, released=released
    )
    limit = row_limit(limit, format)
    ordered = catalog.search(
        terms, filters, names_only=name, by=key, ascending=asc, limit=limit or None, on_error=skip
    )
    where = "names matching" if name else "Models matching"
    title = f"{'Models with ' if name else ''}{where} {' '.join(terms)!r}, by {by}"
    print_list(ordered, key, format, title=title, columns=columns, recorded=catalog.benchmark_names)
