"""modelcard remove: a model out of the user store, or a bundled model out of sight."""

# No `from __future__ import annotations`: Typer would eval every annotation at start-up.
from typing import Annotated, Any

import typer

from .common import complete_ids, fail, out, skip, state

SETTINGS: dict[str, Any] = {
    "epilog": "Examples:\n\n  modelcard remove my-model\n\n"
    "  modelcard remove gpt-4.5          # a bundled model: hidden, not deleted\n\n"
    "  modelcard remove --hidden         # the hidden models, one id a line\n\n"
    "  modelcard remove --unhide gpt-4.5 # show it again"
}


def remove(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            help="An id, a name or an alias.", autocompletion=complete_ids, show_default=False
        ),
    ] = None,
    hidden: Annotated[
        bool, typer.Option("--hidden", help="List the hidden bundled models (id and name).")
    ] = False,
    unhide: Annotated[
        str | None,
        typer.Option(
            "--unhide",
            metavar="NAME",
            help="Show a hidden bundled model again.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Remove a model from your store; a bundled model is hidden instead.

    A hidden model leaves show, rank, search, compare and export. The record is kept by id
    in <home>/.modelcard/hidden/ (not among your entries), so it outlasts upgrades of the
    bundled catalog; --hidden lists the hidden models and --unhide shows one again.
    """
    if sum((name is not None, hidden, unhide is not None)) != 1:
        fail("give one of NAME, --hidden or --unhide NAME", 2)
    catalog = state(ctx).catalog()
    if hidden:
        _list_hidden(catalog)
        return
    if unhide is not None:
        from modelcard.store import Catalog

        everything = Catalog(catalog.home, builtin=True, hiding=False)
        entry = everything.find(unhide, on_error=skip)
        catalog.unhide(entry.id)
        typer.echo(f"{entry.id} ({entry.name}) shows again", err=True)
        return
    assert name is not None
    from modelcard.errors import InvalidEntry

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
    if entry.builtin:
        catalog.hide(entry)
        typer.echo(
            f"hid {entry.id} ({entry.name}): it is part of the bundled catalog, so it is hidden "
            f"from every command rather than deleted (modelcard remove --unhide {entry.id} "
            "shows it again)",
            err=True,
        )
        return
    path = catalog.remove(entry)
    typer.echo(f"removed {entry.id} ({path})", err=True)
    if catalog.builtin and catalog.path_of(entry.id) is not None:
        typer.echo(f"the bundled {entry.id} is visible again", err=True)


def _list_hidden(catalog: Any) -> None:
    from modelcard.store import Catalog

    everything = Catalog(catalog.home, builtin=True, hiding=False)
    for id in sorted(catalog.hidden_ids()):
        path = everything.path_of(id)
        if path is None:
            out(f"{id}\t(no longer in the catalog)\n")
            continue
        out(f"{id}\t{everything.load(id).name}\n")
