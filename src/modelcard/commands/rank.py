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
    OpenWeightsOption,
    ReleasedOption,
    TagOption,
    filters_of,
    print_list,
    row_limit,
)

SETTINGS: dict[str, Any] = {
    "epilog": "Examples:\n\n  modelcard rank\n\n  modelcard rank --by mmlu --lab OpenAI --limit 0"
    "\n\n  modelcard rank --open-weights --released --arch MoE"
    "\n\n  modelcard rank --by params --format json | jq '.[0].name'"
    "\n\nAnnounced models (no release date yet) rank with the others, marked (announced); "
    "--released leaves them out. ~ marks an estimate.",
}


def rank(
    ctx: typer.Context,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            help="alscore, params, active-params, tokens, ratio, compute, released, "
            "or a benchmark some model records (mmlu, mmlu-pro, gpqa, hle, ...).",
            autocompletion=complete_fields,
        ),
    ] = "alscore",
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
    """Rank models by a field or figure, highest first; models missing it come last."""
    from modelcard.ranking import field_key, unknown_field

    catalog = state(ctx).catalog()
    key = field_key(by)
    limit = row_limit(limit, format)
    filters = filters_of(
        catalog, lab, arch, access, tag, open_weights=open_weights, released=released
    )
    problem = unknown_field(key, catalog.benchmark_names())
    if problem is not None:
        raise problem
    ranking = catalog.rank(key, filters, ascending=asc, limit=limit or None, on_error=skip)
    entries = catalog.entries_by_id([id for id, _ in ranking])
    print_list(entries, key, format, title=f"Models by {by}" + (" (lowest first)" if asc else ""))
