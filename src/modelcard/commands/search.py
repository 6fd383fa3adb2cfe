"""modelcard search: models whose name, lab, id, tags, notes, dataset or architecture hold
every term."""

# No `from __future__ import annotations`: Typer would eval every annotation at start-up.
from typing import Annotated, Any

import typer

from .common import complete_fields, skip, state
from .listing import (
    AccessOption,
    ArchOption,
    AscOption,
    FormatOption,
    LabOption,
    LimitOption,
    ListFormat,
    TagOption,
    print_list,
    row_limit,
)

SETTINGS: dict[str, Any] = {
    "epilog": "Examples:\n\n  modelcard search qwen moe\n\n"
    "  modelcard search reasoning --lab OpenAI --by gpqa\n\n"
    "  modelcard search 'synthetic data' --format json | jq '.[].id'"
}


def search(
    ctx: typer.Context,
    terms: Annotated[list[str], typer.Argument(help="Words to find (all of them, any case).")],
    by: Annotated[
        str,
        typer.Option("--by", help="Order by this field (as rank).", autocompletion=complete_fields),
    ] = "alscore",
    limit: LimitOption = None,
    asc: AscOption = False,
    lab: LabOption = None,
    arch: ArchOption = None,
    access: AccessOption = None,
    tag: TagOption = None,
    format: FormatOption = ListFormat.table,
) -> None:
    """Find models by words in their name, lab, id, tags, notes, dataset or architecture."""
    from modelcard.ranking import Filters, field_key, ranked

    catalog = state(ctx).catalog()
    key = field_key(by)
    found = catalog.search(terms, Filters(lab, arch, access, tag), on_error=skip)
    ordered = ranked(found, key, ascending=asc)
    limit = row_limit(limit, format)
    if limit:
        ordered = ordered[:limit]
    title = f"Models matching {' '.join(terms)!r}, by {by}"
    print_list(ordered, key, format, title=title)
