"""modelcard import: a Models Table CSV export into the user store."""

# No `from __future__ import annotations`: Typer would eval every annotation at start-up.
import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from modelcard.errors import AlreadyExists

from .common import fail, plural, state, warn

SETTINGS: dict[str, Any] = {
    "epilog": "Examples:\n\n  modelcard import models-table.csv\n\n"
    "  modelcard import models-table.csv --dry-run --strict",
}


def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A Models Table CSV export.", metavar="FILE.csv")],
    updated: Annotated[
        str | None, typer.Option("--updated", help="The entries' updated date (default: today).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace entries that exist.")] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Any bad row is an error and nothing is written.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check the file and report; write nothing.")
    ] = False,
) -> None:
    """Import a LifeArchitect.ai Models Table CSV export into your store.

    Rows that cannot become an entry are reported (row number, reason) and skipped; where the
    sheet's own ALScore or Ratio disagrees with the computed figure, a warning says so.
    """
    from modelcard.entry import check_date
    from modelcard.importers import read_models_table
    from modelcard.safefiles import read_text

    day = check_date(updated, field="--updated") if updated else dt.date.today()
    try:
        text = read_text(file, limit=None)  # a regular file only: a FIFO would block
    except UnicodeDecodeError:
        fail(f"{file}: not UTF-8 text")
    result = read_models_table(text, source=str(file), updated=day)
    for problem in result.problems:
        warn(f"{file}: skipped {problem}")
    for warning in result.warnings:
        warn(f"{file}: {warning}")
    for inferred in result.inferred:
        typer.echo(f"modelcard: note: {file}: {inferred}", err=True)
    if strict and result.problems:
        fail(f"{file}: {len(result.problems)} bad rows; nothing written (--strict)")
    written = existing = 0
    catalog = state(ctx).catalog()
    if not dry_run:
        for row, entry in zip(result.rows, result.entries, strict=True):
            try:
                catalog.write(entry, force=force)
                written += 1
            except OSError as exc:  # a full disk, a read-only store: say how far it got
                fail(
                    f"{exc.filename or catalog.models_dir}: {exc.strerror or exc} "
                    f"(row {row}); {written} of {len(result.entries)} entries were written "
                    "before it: the import can be run again to finish"
                )
            except AlreadyExists:
                existing += 1
                typer.echo(
                    f"modelcard: note: {file}: row {row}: {entry.id} exists; skipped "
                    "(--force replaces it)",
                    err=True,
                )
    typer.echo(
        f"{'checked' if dry_run else 'imported'} "
        f"{plural(len(result.entries) if dry_run else written, 'model')} from {file}"
        + ("" if dry_run else f" into {catalog.models_dir}")
        + f"; {plural(len(result.problems), 'row')} skipped, {existing} already present, "
        f"{plural(len(result.warnings), 'warning')}"
        + (f", {len(result.inferred)} active counts inferred" if result.inferred else ""),
        err=True,
    )
