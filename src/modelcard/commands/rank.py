"""modelcard rank: a leaderboard of the catalog by any field or figure."""

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
    "epilog": "Examples:\n\n  modelcard rank\n\n  modelcard rank --by mmlu --lab OpenAI --limit 0"
    "\n\n  modelcard rank --by params --format json | jq '.[0].name'",
}


def rank(
    ctx: typer.Context,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            help="alscore, params, active-params, tokens, ratio, compute, released, "
            "or a benchmark (mmlu, mmlu-pro, gpqa, hle, ...).",
            autocompletion=complete_fields,
        ),
    ] = "alscore",
    limit: LimitOption = None,
    asc: AscOption = False,
    lab: LabOption = None,
    arch: ArchOption = None,
    access: AccessOption = None,
    tag: TagOption = None,
    format: FormatOption = ListFormat.table,
) -> None:
    """Rank models by a field or figure, highest first; models missing it come last."""
    from modelcard.ranking import Filters, field_key, unknown_field

    catalog = state(ctx).catalog()
    key = field_key(by)
    limit = row_limit(limit, format)
    filters = Filters(lab, arch, access, tag)
    ranking = catalog.rank(key, filters, ascending=asc, limit=limit or None, on_error=skip)
    problem = unknown_field(key)
    if problem is not None and all(value is None for _, value in ranking):
        raise problem  # no entry records a benchmark of that name
    entries = catalog.entries_by_id([id for id, _ in ranking])
    print_list(entries, key, format, title=f"Models by {by}" + (" (lowest first)" if asc else ""))
