"""modelcard import: a Models Table CSV export, a Hugging Face model card, a checkpoint
folder or a Hub repository into the user store."""

# No `from __future__ import annotations`: Typer would eval every annotation at start-up.
import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from modelcard.errors import AlreadyExists

from .common import fail, plural, state, warn

SETTINGS: dict[str, Any] = {
    "epilog": "Examples:\n\n  modelcard import models-table.csv\n\n"
    "  modelcard import models-table.csv --dry-run --strict\n\n"
    "  modelcard import README.md                 (a Hugging Face model card)\n\n"
    "  modelcard import ./Mixtral-8x7B --lab 'Mistral'   (config.json + *.safetensors)\n\n"
    "  modelcard import --hub rednote-hilab/dots.llm1.base   (needs modelcard[hf])",
}


def import_(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(
            help="A Models Table CSV export, a Hugging Face model card (README.md with YAML "
            "metadata) or a checkpoint folder (config.json, *.safetensors).",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    updated: Annotated[
        str | None, typer.Option("--updated", help="The entries' updated date (default: today).")
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace entries that exist (a card or checkpoint: take its values where "
            "they differ from the entry's).",
        ),
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Any bad row is an error and nothing is written.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check the file and report; write nothing.")
    ] = False,
    hub: Annotated[
        str | None,
        typer.Option(
            "--hub",
            metavar="ORG/NAME",
            help="Read a model's card, config and safetensors headers from the Hugging Face "
            "Hub instead of FILE (needs modelcard[hf]).",
        ),
    ] = None,
    lab: Annotated[
        str | None,
        typer.Option("--lab", help="A card or checkpoint: the lab, where the card names none."),
    ] = None,
    id_: Annotated[
        str | None,
        typer.Option(
            "--id",
            help="A card or checkpoint: the entry to add or update (default: the id of the "
            "model's name, updated only when its lab is the same).",
        ),
    ] = None,
) -> None:
    """Import a LifeArchitect.ai Models Table CSV export, a Hugging Face model card, a
    checkpoint folder or a Hub repository into your store.

    Rows that cannot become an entry are reported (row number, reason) and skipped; where the
    sheet's own ALScore or Ratio disagrees with the computed figure, a warning says so. A
    card or checkpoint adds an entry or updates the one of the same id and lab.
    """
    from modelcard.entry import check_date

    day = check_date(updated, field="--updated") if updated else dt.date.today()
    if _hugging_face(file, hub):
        from .hfimport import import_hf

        import_hf(
            state(ctx), file, hub=hub, lab=lab, id_=id_, updated=day, force=force, dry_run=dry_run
        )
        return
    if file is None:
        fail("give a FILE to import, or --hub ORG/NAME", 2)
    if lab is not None or id_ is not None:
        fail("--lab and --id are for a Hugging Face card or a checkpoint, not a CSV", 2)
    from modelcard.importers import read_models_table
    from modelcard.safefiles import read_text

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


def _hugging_face(file: Path | None, hub: str | None) -> bool:
    """--hub, a folder (a checkpoint), or a Markdown file (a Hugging Face card)."""
    if hub is not None:
        if file is not None:
            fail("give FILE or --hub ORG/NAME, not both", 2)
        return True
    if file is None:
        return False
    if file.is_dir():
        return True
    # a .md is read as a card (the card reader says when it has no metadata)
    return file.suffix.lower() in (".md", ".markdown")
