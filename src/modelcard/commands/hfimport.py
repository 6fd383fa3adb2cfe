"""`import` of a Hugging Face model card, a checkpoint folder, or a repository on the Hub:
one record, then one entry added or updated (see ``hf.records``)."""

from __future__ import annotations  # not a command: Typer never reads these annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from .common import State, fail, plural, warn

if TYPE_CHECKING:
    from modelcard.entry import Entry
    from modelcard.hf.records import Record


def import_hf(
    state: State,
    file: Path | None,
    *,
    hub: str | None,
    lab: str | None,
    id_: str | None,
    updated: dt.date,
    force: bool,
    dry_run: bool,
) -> None:
    from modelcard.entry import check_name
    from modelcard.errors import InvalidValue
    from modelcard.hf.records import to_entry
    from modelcard.slugs import is_valid_id, model_id

    record = _read(file, hub)
    for note in record.notes:
        typer.echo(f"modelcard: note: {note}", err=True)
    for warning in record.warnings:
        warn(warning)
    if lab is not None:
        try:
            record.lab = check_name(lab, field="--lab")
        except InvalidValue as exc:
            fail(str(exc))
    if id_ is not None and not is_valid_id(id_):
        fail(f"--id: {id_!r} is not a valid id (lowercase letters, digits, '.', '_', '-')")
    catalog = state.catalog()
    target = id_ or (model_id(record.name) if record.name else None)
    existing = catalog.load(target) if target and catalog.path_of(target) else None
    if existing is not None and id_ is None and record.lab is not None:
        if existing.lab.casefold() != record.lab.casefold():
            fail(
                f"{record.where}: {existing.id} exists with lab {existing.lab!r}, not "
                f"{record.lab!r}; give --id {existing.id} to update it, or another --id"
            )
    entry, disagreements = to_entry(
        record, id=target or "", existing=existing, updated=updated, force=force
    )
    for disagreement in disagreements:
        warn(disagreement)
    if existing is not None and entry == existing.with_(updated=updated):
        typer.echo(f"{entry.id}: unchanged (everything {record.where} says, it has)", err=True)
        return
    what = _summary(entry, record)
    if dry_run:
        verb = "would update" if existing is not None else "would add"
        typer.echo(f"{verb} {entry.id} from {record.where}: {what} (--dry-run)", err=True)
        return
    path = catalog.write(entry, force=existing is not None)
    verb = "updated" if existing is not None else "added"
    typer.echo(f"{verb} {entry.id} ({path}) from {record.where}: {what}", err=True)


def _read(file: Path | None, hub: str | None) -> Record:
    from modelcard.hf.cardreader import read_card
    from modelcard.hf.checkpoint import CONFIG, is_checkpoint, read_checkpoint

    if hub is not None:
        from modelcard.hf.hub import read_hub

        return read_hub(hub)
    assert file is not None
    if file.is_dir():
        if not is_checkpoint(file):
            fail(f"{file}: not a checkpoint folder (no {CONFIG})")
        record = read_checkpoint(file)
        readme = file / "README.md"
        if readme.is_file():
            card = read_card(
                _text(readme), where=str(readme), url=readme.resolve().as_uri(), row="README.md"
            )
            # the checkpoint's own counts come first; the card adds its name, lab, scores
            record.name = card.name or record.name
            record.lab = card.lab or record.lab
            record.add(card)
        return record
    return read_card(_text(file), where=str(file), url=file.resolve().as_uri(), row=file.name)


def _text(path: Path) -> str:
    from modelcard.safefiles import read_text

    try:
        return read_text(path, limit=None)  # a regular file only: a FIFO would block
    except UnicodeDecodeError:
        fail(f"{path}: not UTF-8 text")


def _summary(entry: Entry, record: Record) -> str:
    from modelcard.units import format_count

    parts = []
    if "parameters" in record.values and entry.parameters:
        parts.append(f"{format_count(entry.parameters)} parameters")
    if "active_parameters" in record.values and entry.active_parameters:
        parts.append(f"{format_count(entry.active_parameters)} active")
    if record.benchmarks:
        parts.append(plural(len(record.benchmarks), "benchmark"))
    if record.tags:
        parts.append(plural(len(record.tags), "tag"))
    return ", ".join(parts) or "no figures"
