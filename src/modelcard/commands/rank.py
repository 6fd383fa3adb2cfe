"""modelcard rank: a leaderboard of the catalog by any field or figure."""

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
    "epilog": "Examples:\n\n  modelcard rank\n\n  modelcard rank --by mmlu --lab OpenAI --limit 0"
    "\n\n  modelcard rank --open-weights --released --arch MoE"
    "\n\n  modelcard rank --by context --limit 10"
    "\n\n  modelcard rank --by price --asc --open-weights"
    "\n\n  modelcard rank --by params --format json | jq '.[0].name'"
    "\n\n  modelcard rank --columns rank,id,params,active,gpqa --by gpqa"
    "\n\n  modelcard rank --columns id,params,tokens --format csv --limit 0"
    "\n\nAnnounced models (no release date yet) rank with the others, marked (announced); "
    "--released leaves them out. ~ marks an estimate.",
}


def rank(
    ctx: typer.Context,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            help="alscore, params, active-params, tokens, ratio, compute (6·N·D), "
            "reported-compute (as a source states it), released, context, output, price "
            "(input, USD per million tokens; --asc for the cheapest), price-output, cutoff, "
            "or a benchmark some model records (mmlu, mmlu-pro, gpqa, hle, ...).",
            autocompletion=complete_fields,
        ),
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
    """Rank models by a field or figure, highest first; models missing it come last."""
    from modelcard.ranking import ranking_key

    catalog = state(ctx).catalog()
    limit = row_limit(limit, format)
    filters = filters_of(
        catalog, lab, arch, access, tag, open_weights=open_weights, released=released
    )
    key = ranking_key(by, catalog.benchmark_names)
    ranking = catalog.rank(key, filters, ascending=asc, limit=limit or None, on_error=skip)
    entries = catalog.entries_by_id([id for id, _ in ranking])
    title = f"Models by {by}" + (" (lowest first)" if asc else "")
    print_list(entries, key, format, title=title, columns=columns, recorded=catalog.benchmark_names)
