"""modelcard plot: parameters against training tokens, in the terminal or as SVG."""

# No `from __future__ import annotations`: Typer would eval every annotation at start-up.
from pathlib import Path
from typing import Annotated, Any

import typer

from .common import fail, out, skip, state
from .listing import (
    AccessOption,
    ArchOption,
    LabOption,
    OpenWeightsOption,
    ReleasedOption,
    TagOption,
    filters_of,
)

SETTINGS: dict[str, Any] = {
    "epilog": "Examples:\n\n  modelcard plot\n\n  modelcard plot --arch MoE --label 5\n\n"
    "  modelcard plot --open-weights --released\n\n"
    "  modelcard plot --svg chart.svg\n\n(needs the plot extra: pip install 'modelcard[plot]')"
}


def plot(
    ctx: typer.Context,
    lab: LabOption = None,
    arch: ArchOption = None,
    access: AccessOption = None,
    tag: TagOption = None,
    open_weights: OpenWeightsOption = None,
    released: ReleasedOption = False,
    label: Annotated[
        int | None,
        typer.Option(
            "--label",
            min=0,
            help="How many leaders by ALScore to name (default 5 in a terminal, 10 in SVG).",
            show_default=False,
        ),
    ] = None,
    svg: Annotated[
        Path | None, typer.Option("--svg", metavar="FILE", help="Write an SVG file instead.")
    ] = None,
    width: Annotated[int, typer.Option("--width", min=40, help="Terminal columns.")] = 100,
    height: Annotated[int, typer.Option("--height", min=15, help="Terminal rows.")] = 30,
) -> None:
    """Plot parameters against training tokens (log scales), with the 20:1 line, ALScore
    contours and the leaders named."""
    from modelcard.render.chart import (
        INSTALL_HINT,
        available,
        chart_data,
        svg_chart,
        terminal_chart,
    )

    catalog = state(ctx).catalog()
    filters = filters_of(
        catalog, lab, arch, access, tag, open_weights=open_weights, released=released
    )
    entries = [e for e in catalog.entries(on_error=skip) if filters.keep(e)]
    data = chart_data(entries, leaders=label if label is not None else (10 if svg else 5))
    if data is None:
        fail("no model with both parameters and tokens to plot")
    if svg is not None:
        if not available("matplotlib"):
            fail(INSTALL_HINT)
        from modelcard.atomic import atomic_write

        atomic_write(svg, svg_chart(data), tmp_dir=svg.parent, durable=False)
        typer.echo(f"wrote {svg} ({len(data.points)} models)", err=True)
        return
    if not available("plotext"):
        fail(INSTALL_HINT)
    import os
    import sys

    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    out(terminal_chart(data, width=width, height=height, color=color) + "\n")
