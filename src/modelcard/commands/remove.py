"""modelcard remove: a model out of the user store."""

# No `from __future__ import annotations`: Typer would eval every annotation at start-up.
from typing import Annotated, Any

import typer

from .common import complete_ids, skip, state

SETTINGS: dict[str, Any] = {"epilog": "Example:\n\n  modelcard remove my-model"}


def remove(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(help="An id or a model name.", autocompletion=complete_ids)
    ],
) -> None:
    """Remove a model from your store (bundled models cannot be removed, only hidden)."""
    from modelcard.errors import InvalidEntry

    catalog = state(ctx).catalog()
    try:
        entry = catalog.find(name, on_error=skip)
    except InvalidEntry as problem:
        # an entry file that cannot be read can still be removed, by its id
        path = catalog.user_file(name.strip())
        if path is None:
            raise
        path.unlink()
        typer.echo(f"removed {path.stem} ({path}), which could not be read: {problem}", err=True)
        return
    path = catalog.remove(entry)
    typer.echo(f"removed {entry.id} ({path})", err=True)
    if catalog.builtin and catalog.path_of(entry.id) is not None:
        typer.echo(f"the bundled {entry.id} is visible again", err=True)
