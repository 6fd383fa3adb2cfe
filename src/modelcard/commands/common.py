"""What every command shares: the global state, output helpers, and the list options.

Kept small: each command's module imports this, and only the called command's module is
imported at all (see ``cli.build_app``).
"""

# No `from __future__ import annotations`: Typer would eval every annotation at start-up.
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from modelcard.errors import ModelcardError

if TYPE_CHECKING:
    from modelcard.store import Catalog


class State:
    """The global options, resolved once in the root callback and passed to every command."""

    # A plain class: a dataclass is compiled anew at every start-up.
    def __init__(self, store: Path | None, no_builtin: bool) -> None:
        self.store = store
        self.no_builtin = no_builtin

    def catalog(self) -> "Catalog":
        from modelcard.store import Catalog, builtin_hidden_by_env, resolve_home

        hidden = self.no_builtin or builtin_hidden_by_env()
        return Catalog(resolve_home(self.store), builtin=not hidden)


def state(ctx: typer.Context) -> State:
    obj = ctx.find_object(State)
    return obj if obj is not None else State(store=None, no_builtin=False)


def complete_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of model ids: file names only, nothing is parsed."""
    from modelcard.store import builtin_dir, builtin_hidden_by_env, list_ids, resolve_home

    root = ctx.find_root().params
    try:
        ids = set(list_ids(resolve_home(root.get("store")) / "models"))
        if not (root.get("no_builtin") or builtin_hidden_by_env()):
            ids |= set(list_ids(builtin_dir()))
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


def fail(message: str, code: int = 1) -> NoReturn:
    """Stop with one line on stderr: ``modelcard: error: ...``."""
    typer.echo(f"modelcard: error: {message}", err=True)
    raise typer.Exit(code)


def warn(message: str) -> None:
    typer.echo(f"modelcard: warning: {message}", err=True)


def skip(exc: ModelcardError) -> None:
    """How listing commands report a file they leave out."""
    warn(f"skipped {exc}")


def out(text: str) -> None:
    sys.stdout.write(text)


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


LabOption = Annotated[str | None, typer.Option("--lab", help="Only this lab (any case).")]
ArchOption = Annotated[
    str | None, typer.Option("--arch", help="Only this architecture (Dense, MoE, ...).")
]
AccessOption = Annotated[
    str | None, typer.Option("--access", help="Only public, private, limited or unknown.")
]
TagOption = Annotated[str | None, typer.Option("--tag", help="Only models with this tag.")]
LimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit",
        "-n",
        min=0,
        help="How many rows; 0 for all. Default: 20 in a table, all in json and csv.",
        show_default=False,
    ),
]
AscOption = Annotated[bool, typer.Option("--asc", help="Lowest first.")]
FormatOption = Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")]


def row_limit(limit: int | None, format: ListFormat) -> int:
    """The number of rows to print (0: all): tables show 20 unless told, data has no limit."""
    if limit is not None:
        return limit
    return 20 if format in (ListFormat.table, ListFormat.md) else 0


def print_list(entries: list[Any], key: str, format: ListFormat, *, title: str) -> None:
    from modelcard.render import tabular

    if format is ListFormat.json:
        out(tabular.to_json([tabular.record(e) for e in entries]))
    elif format is ListFormat.csv:
        out(tabular.csv_text(entries))
    else:
        header, rows = tabular.list_rows(entries, key)
        if format is ListFormat.md:
            out(tabular.markdown_table(header, rows))
        elif not sys.stdout.isatty():
            out(tabular.plain_table(header, rows, title=f"{title}: {len(rows)} shown"))
        else:
            from modelcard.render.terminal import print_table

            print_table(header, rows, title=f"{title}: {len(rows)} shown")
