"""modelcard plot: parameters against training tokens, in the terminal or as SVG."""

# No `from __future__ import annotations`: Typer would eval every annotation at start-up.
from enum import StrEnum
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
    "epilog": "Examples:\n\n  modelcard plot\n\n  modelcard plot --arch MoE --label 8\n\n"
    "  modelcard plot --open-weights --released\n\n"
    "  modelcard plot --color-by lab --width 120\n\n"
    "  modelcard plot --svg chart.svg\n\n"
    "(the SVG needs the plot extra: pip install 'modelcard[plot]')"
}


class ColorBy(StrEnum):
    architecture = "architecture"
    lab = "lab"


def plot(
    ctx: typer.Context,
    lab: LabOption = None,
    arch: ArchOption = None,
    access: AccessOption = None,
    tag: TagOption = None,
    open_weights: OpenWeightsOption = None,
    released: ReleasedOption = False,
    color_by: Annotated[
        ColorBy,
        typer.Option(
            "--color-by",
            help="Colour the models by architecture or by lab (the largest groups; the "
            "rest as other).",
        ),
    ] = ColorBy.architecture,
    label: Annotated[
        int | None,
        typer.Option(
            "--label",
            min=0,
            help="How many leaders by ALScore to name (default 5 in a terminal, 10 in SVG); "
            "names that cannot fit without overlapping are left out, and counted.",
            show_default=False,
        ),
    ] = None,
    svg: Annotated[
        Path | None, typer.Option("--svg", metavar="FILE", help="Write an SVG file instead.")
    ] = None,
    width: Annotated[
        int | None,
        typer.Option(
            "--width",
            min=40,
            help="Terminal columns (default: the terminal's).",
            show_default=False,
        ),
    ] = None,
    height: Annotated[
        int | None,
        typer.Option(
            "--height",
            min=15,
            help="Terminal rows (default: the terminal's, at most 40).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Plot parameters against training tokens (log scales, in counts), coloured by
    architecture or lab, with the 20:1 line, ALScore contours and the leaders named."""
    from modelcard.render.chart import INSTALL_HINT, available, chart_data, default_title

    catalog = state(ctx).catalog()
    filters = filters_of(
        catalog, lab, arch, access, tag, open_weights=open_weights, released=released
    )
    entries = [e for e in catalog.entries(on_error=skip) if filters.keep(e)]
    data = chart_data(entries, leaders=label if label is not None else (10 if svg else 5))
    if data is None:
        fail("no model with both parameters and tokens to plot")
    chosen = [
        f"{name} {value}"
        for name, value in (("lab", lab), ("architecture", arch), ("access", access), ("tag", tag))
        if value is not None
    ]
    if open_weights is not None:
        chosen.append("open weights" if open_weights else "no open weights")
    if released:
        chosen.append("released")
    title = default_title(data, color_by.value, f" ({', '.join(chosen)})" if chosen else "")
    if svg is not None:
        if not available("matplotlib"):
            fail(INSTALL_HINT)
        from modelcard.atomic import atomic_write
        from modelcard.render.chart import draw_svg, labels_note

        drawn = draw_svg(data, title=title, by=color_by.value)
        atomic_write(svg, drawn.text, tmp_dir=svg.parent, durable=False)
        note = labels_note(drawn, len(data.leaders))
        typer.echo(f"wrote {svg} ({len(data.points)} models; {note})", err=True)
        return
    import os
    import shutil
    import sys

    from modelcard.render.textchart import color_system, terminal_chart

    size = shutil.get_terminal_size((100, 30))
    chart = terminal_chart(
        data,
        width=width or max(40, size.columns),
        height=height or max(15, min(40, size.lines - 1)),
        colors=color_system(sys.stdout, dict(os.environ)),
        by=color_by.value,
        title=title,
    )
    out(chart.text)
