"""What every command shares: the global state, output and error helpers, completion.

Kept small: each command's module imports this, and only the called command's module is
imported at all (see ``cli.build_app``).
"""

# No `from __future__ import annotations`: Typer would eval every annotation at start-up.
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from modelcard.errors import ModelcardError, printable

if TYPE_CHECKING:
    from modelcard.store import Catalog


class State:
    """The global options, resolved once in the root callback and passed to every command."""

    # A plain class: a dataclass is compiled anew at every start-up.
    def __init__(self, store: Path | None, no_builtin: bool) -> None:
        self.store = store
        self.no_builtin = no_builtin
        self.noted = False  # the note on an old catalog is said once

    def catalog(self) -> "Catalog":
        """The catalog of the global options; what reading its layers found worth saying
        (a fetched layer rebuilt, a catalog grown old) goes to stderr, once."""
        from modelcard.snapshots import age_note
        from modelcard.store import Catalog, builtin_hidden_by_env, resolve_home

        hidden = self.no_builtin or builtin_hidden_by_env()
        catalog = Catalog(resolve_home(self.store), builtin=not hidden)
        catalog.layers()
        for note in catalog.notes:
            typer.echo(f"modelcard: note: {note}", err=True)
        if not self.noted:
            self.noted = True
            old = age_note(catalog)
            if old is not None:
                typer.echo(f"modelcard: note: {old}", err=True)
        return catalog


def state(ctx: typer.Context) -> State:
    obj = ctx.find_object(State)
    return obj if obj is not None else State(store=None, no_builtin=False)


def complete_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of model ids: file names only, nothing is parsed."""
    from modelcard.store import Catalog, builtin_hidden_by_env, resolve_home

    root = ctx.find_root().params
    try:
        builtin = not (root.get("no_builtin") or builtin_hidden_by_env())
        ids = set(Catalog(resolve_home(root.get("store")), builtin=builtin).ids())
    except ModelcardError:
        return []
    lowered = incomplete.lower()
    return sorted(id for id in ids if id.startswith(lowered))


def complete_fields(incomplete: str) -> list[str]:
    """Shell completion of --by: the fields, then the known benchmarks."""
    from modelcard.benchmarks import LABELS
    from modelcard.ranking import FIELDS

    names = [*FIELDS, *(name.replace("_", "-") for name in LABELS)]
    return [name for name in names if name.startswith(incomplete.lower())]


def _say(level: str, message: str) -> None:
    """One line on stderr; above the progress bars while they show."""
    from modelcard.progress import print_above

    line = f"modelcard: {level}: {printable(message)}"
    if not print_above(line):
        typer.echo(line, err=True)


def fail(message: str, code: int = 1) -> NoReturn:
    """Stop with one line on stderr: ``modelcard: error: ...``."""
    _say("error", message)
    raise typer.Exit(code)


def warn(message: str) -> None:
    _say("warning", message)


# --quiet of the commands whose long work shows progress bars
QuietOption = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="No progress bar (one shows on a terminal only)."),
]


def skip(exc: ModelcardError) -> None:
    """How listing commands report a file they leave out."""
    warn(f"skipped {exc}")


def out(text: str) -> None:
    sys.stdout.write(text)


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
