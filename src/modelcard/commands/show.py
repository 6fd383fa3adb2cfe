"""modelcard show: one model, every field and figure."""

# No `from __future__ import annotations`: Typer would eval every annotation at start-up.
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer

from .common import complete_ids, out, skip, state


class ShowFormat(StrEnum):
    rich = "rich"
    text = "text"
    json = "json"
    toml = "toml"
    md = "md"


SETTINGS: dict[str, Any] = {
    "epilog": "Examples:\n\n  modelcard show dots.llm1\n\n"
    "  modelcard show GPT-4            # an alias of GPT-4 Classic\n\n"
    "  modelcard show 'llama 3.1 405b' # any case; spaces, hyphens and dots alike\n\n"
    "  modelcard show 'Claude Opus 4' --format json"
}


def show(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            help="An id, a name or an alias (any case; spaces, hyphens and dots alike).",
            autocompletion=complete_ids,
        ),
    ],
    format: Annotated[
        ShowFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="rich (a terminal's default), text (when piped), json, toml, or md (the card).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Show one model: every field, the computed figures (each with how sure it is),
    benchmarks, links and sources."""
    entry = state(ctx).catalog().find(name, on_error=skip)
    chosen = format or (ShowFormat.rich if sys.stdout.isatty() else ShowFormat.text)
    if chosen is ShowFormat.rich:
        from modelcard.render.terminal import print_show

        print_show(entry)
    elif chosen is ShowFormat.text:
        from modelcard.render.tabular import show_text

        out(show_text(entry))
    elif chosen is ShowFormat.json:
        from modelcard.render.tabular import record, to_json

        out(to_json(record(entry)))
    elif chosen is ShowFormat.toml:
        from modelcard.entry import dumps

        out(dumps(entry))
    else:
        from modelcard.render.card import render_card

        out(render_card(entry))
