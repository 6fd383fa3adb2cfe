"""modelcard import: a dataset (a Models Table or Epoch AI CSV, models.dev), a Hugging Face
model card, a checkpoint folder or a Hub repository into the user store."""

# No `from __future__ import annotations`: Typer would eval every annotation at start-up.
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from modelcard.errors import ModelcardError

from .common import fail, plural, skip, state, warn

if TYPE_CHECKING:
    from modelcard.notes import Note
    from modelcard.progress import Bars
    from modelcard.sources.combine import Input
    from modelcard.sources.importing import Plan
    from modelcard.store import Catalog

SETTINGS: dict[str, Any] = {
    "epilog": "Examples:\n\n  modelcard import models-table.csv\n\n"
    "  modelcard import notable_ai_models.csv       (Epoch AI)\n\n"
    "  modelcard import ./models.dev                 (a checkout; or api.json, catalog.json)"
    "\n\n  modelcard import models-table.csv --dry-run --strict\n\n"
    "  modelcard import models-table.csv --report notes.jsonl   (every note, as JSON lines)"
    "\n\n  modelcard import README.md                 (a Hugging Face model card)\n\n"
    "  modelcard import ./Mixtral-8x7B --lab 'Mistral'   (config.json + *.safetensors)\n\n"
    "  modelcard import --hub rednote-hilab/dots.llm1.base   (needs modelcard[hf])\n\n"
    "The format is told by the content, not the file name. Models the catalog already has "
    "in a lower layer (the bundled catalog, the fetched sources, a team folder) are not "
    "copied into your store, where a copy would hide their later updates: `modelcard "
    "update NAME --url FILE` makes a dataset a layer instead (--force copies them).",
}


def import_(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(
            help="A Models Table or Epoch AI CSV, a models.dev checkout, archive or JSON "
            "(api.json, models.json, catalog.json), a Hugging Face model card (README.md with "
            "YAML metadata) or a checkpoint folder (config.json, *.safetensors).",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    updated: Annotated[
        str | None, typer.Option("--updated", help="The entries' updated date (default: today).")
    ] = None,
    snapshot: Annotated[
        str | None,
        typer.Option(
            "--snapshot",
            metavar="YYYY-MM-DD",
            help="A dataset: the date of its data, recorded with every figure (default: the "
            "file's last modification).",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="A dataset: copy the models a lower layer has into your store too. A card "
            "or checkpoint: take its values where they differ from the entry's.",
        ),
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Any bad row is an error and nothing is written.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check the file and report; write nothing.")
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="List every note on a row (an active count read from a name, a sheet figure "
            "that is not the computed one, a value not taken, a near miss of the matching) "
            "instead of counting them by kind with the first few.",
        ),
    ] = False,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            metavar="FILE",
            help="Write every note and every bad row to FILE as JSON lines (row, model, kind, "
            "message), e.g. --report notes.jsonl.",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="No progress bar and no notes; errors, warnings and the summary still print.",
        ),
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
    """Import a dataset (the LifeArchitect.ai Models Table, Epoch AI's Notable AI Models,
    models.dev), a Hugging Face model card, a checkpoint folder or a Hub repository into
    your store.

    A dataset's records are matched to the catalog's models (name or alias, lab and release
    date; a reviewed crosswalk settles the hard cases) and merged field by field, each value
    with its source. New models become entries of your store, and your own entries take
    what the dataset adds; a second import of the same file changes nothing. Rows that
    cannot become an entry are reported (row number, reason) and skipped.
    """
    from modelcard.entry import check_date

    day = check_date(updated, field="--updated") if updated else dt.date.today()
    kind = _kind(file, hub)
    if kind == "hf":
        from .hfimport import import_hf

        import_hf(
            state(ctx), file, hub=hub, lab=lab, id_=id_, updated=day, force=force, dry_run=dry_run
        )
        return
    assert file is not None  # _kind says "hf" for --hub
    if lab is not None or id_ is not None:
        fail("--lab and --id are for a Hugging Face card or a checkpoint, not a dataset", 2)
    date = check_date(snapshot, field="--snapshot") if snapshot else _modified(file)
    from modelcard.notes import Note
    from modelcard.progress import Bars
    from modelcard.sources.importing import plan_import

    notes: list[Note] = []
    extra: list[str] = []
    if quiet and verbose:
        fail("--quiet and --verbose ask for opposite things: give one", 2)
    if report is not None:
        _writable(report, file)  # before the work, not after it
    try:
        with Bars(quiet=quiet) as bars:
            if kind == "lifearchitect":
                source, problems, extra = _table(file, date, day, strict, notes, bars)
            else:
                source, problems = _dataset(file, date, strict, notes, bars)
            catalog = state(ctx).catalog()
            visible = catalog.entries(on_error=skip)
            plan = plan_import([source], visible, updated=day, force=force, progress=bars.tick)
            notes += _plan_notes(plan, file)
            written, existing = (0, 0) if dry_run else _write(catalog, plan, file, notes, bars)
    except (typer.Exit, ModelcardError):
        # an import stopped by its bad rows (--strict) leaves the rows that stopped it in the
        # report; one that read nothing leaves no report at all
        if report is not None and notes:
            _report(report, notes)
        raise
    if report is not None:
        _report(report, notes)
    _tell(file, notes, verbose=verbose, quiet=quiet, report=report)
    _summary(file, catalog, plan, written, existing, [problems, *extra], dry_run)


def _kind(file: Path | None, hub: str | None) -> str:
    """``hf`` (--hub, a checkpoint folder, a Markdown card), else the dataset's name as
    ``detect`` tells it from the content; a file no reader knows is read as a Models Table,
    whose reader says what is wrong with it."""
    if hub is not None:
        if file is not None:
            fail("give FILE or --hub ORG/NAME, not both", 2)
        return "hf"
    if file is None:
        fail("give a FILE to import, or --hub ORG/NAME", 2)
    from modelcard.sources.detect import detect
    from modelcard.sources.records import SourceError

    if file.is_dir():
        if (file / "models").is_dir() or (file / "providers").is_dir():
            return "modelsdev"
        return "hf"
    if file.suffix.lower() in (".md", ".markdown"):
        return "hf"  # the card reader says when it has no metadata
    try:
        kind = detect(file)
    except SourceError:
        if not file.exists():
            fail(f"{file}: No such file or directory")
        return "lifearchitect"
    return "modelsdev" if kind.startswith("modelsdev") else kind


def _modified(file: Path) -> dt.date:
    try:
        return dt.date.fromtimestamp(file.stat().st_mtime)
    except OSError as exc:
        fail(f"{file}: {exc.strerror or exc}")


def _table(
    file: Path, snapshot: dt.date, day: dt.date, strict: bool, notes: list["Note"], bars: "Bars"
) -> tuple["Input", str, list[str]]:
    """A Models Table: its bad rows said in full, its warnings and inferences kept as notes."""
    from modelcard.importers import read_models_table
    from modelcard.notes import Note
    from modelcard.safefiles import read_text
    from modelcard.sources.table import table_input

    try:
        text = read_text(file, limit=None)  # a regular file only: a FIFO would block
    except UnicodeDecodeError:
        fail(f"{file}: not UTF-8 text")
    result = read_models_table(
        text, source=str(file), updated=day, snapshot=snapshot, progress=bars.tick
    )
    for problem in result.problems:
        warn(f"{file}: skipped {problem}")
    names = {row: entry.name for row, entry in zip(result.rows, result.entries, strict=True)}
    notes += [Note("bad-row", p.message, p.row) for p in result.problems]
    notes += [
        Note(w.kind or "sheet-figure-differs", w.message, w.row, names.get(w.row))
        for w in result.warnings
    ]
    notes += [Note("active-inferred", n.message, n.row, names.get(n.row)) for n in result.inferred]
    if strict and result.problems:
        fail(f"{file}: {plural(len(result.problems), 'bad row')}; nothing written (--strict)")
    source = table_input(result, source=str(file), snapshot=snapshot.isoformat())
    found = [plural(len(result.warnings), "warning")]
    if result.inferred:
        found.append(f"{len(result.inferred)} active counts inferred")
    return source, plural(len(result.problems), "row") + " skipped", found


def _dataset(
    file: Path, snapshot: dt.date, strict: bool, notes: list["Note"], bars: "Bars"
) -> tuple["Input", str]:
    """A dataset of another source (Epoch AI, models.dev): the records its reader leaves
    out and the values it does not take, kept as notes."""
    from modelcard.notes import Note
    from modelcard.sources.combine import Input
    from modelcard.sources.detect import read

    if bars.tick is not None:
        bars.tick(f"reading {file.name}", 0, None)
    reading = read(file, snapshot=snapshot.isoformat())
    skipped = [p for p in reading.problems if p.kind == "skipped"]
    for problem in reading.problems:
        kind = "record-skipped" if problem.kind == "skipped" else "value-not-taken"
        notes.append(Note(kind, problem.message, _row(problem.where, file)))
    if strict and skipped:
        fail(f"{file}: {plural(len(skipped), 'record')} skipped; nothing written (--strict)")
    return Input(reading), plural(len(skipped), "record") + " skipped"


def _plan_notes(plan: "Plan", file: Path) -> list["Note"]:
    """The records the crosswalk leaves out, and the near misses of the matching."""
    from modelcard.notes import Note

    notes = []
    for step in plan.combined.steps if plan.combined else []:
        notes += [
            Note("crosswalk-skip", m.how, _row(m.record.where, file), m.record.name)
            for m in step.skipped
        ]
        notes += [Note("near-miss", line.removeprefix(f"{file}: ")) for line in step.report]
    return notes


def _row(where: str, file: Path) -> int | str:
    """A record's place as a note gives it: a CSV's row number, else the place in the
    dataset (a path in a models.dev checkout)."""
    place = where.removeprefix(f"{file}: ")
    number = place.removeprefix("row ")
    return int(number) if number.isdigit() else place


def _writable(path: Path, source: Path) -> None:
    """Fail now, before the work, where the report could not be written later; never onto
    the file being imported (a symlink to it included)."""
    import os

    if str(path) == "-":
        fail("--report needs a file name; - (standard output) is not one", 2)
    try:
        if path.resolve() == source.resolve() or (path.exists() and path.samefile(source)):
            fail(f"--report {path}: that is the file being imported")
    except OSError:
        pass  # a path that cannot be resolved fails below, with its own reason
    if path.is_dir():
        fail(f"--report {path}: Is a directory")
    folder = path.parent
    if not folder.is_dir():
        fail(f"--report {path}: No such file or directory")
    if not os.access(folder, os.W_OK | os.X_OK):
        fail(f"--report {path}: Permission denied (cannot write in {folder})")
    if path.exists():
        try:
            path.open("a", encoding="utf-8").close()  # appends nothing: checks only
        except OSError as exc:
            fail(f"--report {path}: {exc.strerror or exc}")


def _report(path: Path, notes: list["Note"]) -> None:
    """Every note as JSON lines, written in one step: a report is whole or the old one."""
    from modelcard.atomic import atomic_write
    from modelcard.notes import json_lines

    try:
        atomic_write(path, json_lines(notes), tmp_dir=path.parent, durable=False)
    except OSError as exc:
        fail(f"--report {path}: {exc.strerror or exc}")


def _tell(
    file: Path, notes: list["Note"], *, verbose: bool, quiet: bool, report: Path | None
) -> None:
    """The notes: all of them (--verbose), or counted by kind with the first few; bad rows
    were said in full already. --report writes them all, bad rows too, as JSON lines."""
    from modelcard.notes import EXAMPLES, summary

    said = [n for n in notes if n.kind != "bad-row"]
    if quiet:  # notes go; warnings stay
        said = [n for n in said if n.level == "warning"]
    if not said:
        return
    from modelcard.errors import printable  # a row's text is data: shown, never obeyed

    if verbose:
        for note in said:
            typer.echo(printable(f"modelcard: {note.level}: {file}: {note}"), err=True)
        return
    for level, line in summary(said):
        typer.echo(printable(f"modelcard: {level}: {line}" if level else line), err=True)
    counts: dict[str, int] = {}
    for note in said:
        counts[note.kind] = counts.get(note.kind, 0) + 1
    if not quiet and any(n > EXAMPLES for n in counts.values()):
        where = f"--report {report} holds" if report else "--report FILE writes"
        typer.echo(
            f"modelcard: note: --verbose lists all {len(said):,} notes; {where} them as JSON lines",
            err=True,
        )


def _write(
    catalog: "Catalog", plan: "Plan", file: Path, notes: list["Note"], bars: "Bars"
) -> tuple[int, int]:
    from modelcard.notes import Note

    written = existing = 0
    # new entries are created exclusively; the user's own and --force copies replaced
    writes = [(e, False) for e in plan.new] + [(e, True) for e in [*plan.updated, *plan.copied]]
    try:
        for entry, refused in bars.counted(
            catalog.write_many(writes), "writing entries", len(writes)
        ):
            if refused is None:
                written += 1
            else:
                existing += 1
                notes.append(Note("already-present", f"{refused}; skipped", model=entry.name))
    except OSError as exc:  # a full disk, a read-only store: say how far it got
        target = exc.filename or catalog.models_dir
        fail(
            f"{target}: {exc.strerror or exc}; {written} of {len(writes)} entries were written "
            "before it: the import can be run again to finish"
        )
    return written, existing


def _summary(
    file: Path,
    catalog: "Catalog",
    plan: "Plan",
    written: int,
    existing: int,
    found: list[str],
    dry_run: bool,
) -> None:
    """``imported 326 models from FILE into DIR: 326 new, 0 updated; 0 unchanged, 154
    already in the bundled catalog (not copied), 3 records skipped``."""
    count = len(plan.writes) if dry_run else written
    head = (
        f"checked {plural(count, 'model')} from {file}"
        if dry_run
        else f"imported {plural(count, 'model')} from {file} into {catalog.models_dir}"
    )
    changes = f"{len(plan.new)} new, {len(plan.updated)} updated"
    if plan.copied:
        changes += f", {len(plan.copied)} copied from a lower layer (--force)"
    parts = [f"{len(plan.unchanged)} unchanged"]
    for layer, ids in sorted(plan.elsewhere.items()):
        parts.append(f"{len(ids)} already in the {_title(layer)} (not copied)")
    parts.append(f"{existing} already present")
    parts += found
    typer.echo(f"{head}: {changes}; " + ", ".join(parts), err=True)
    if plan.elsewhere and not dry_run:
        typer.echo(
            "modelcard: note: a copy in your store would hide later updates of those models; "
            "`modelcard update NAME --url FILE` adds a dataset as a layer instead",
            err=True,
        )


def _title(layer: str) -> str:
    from modelcard.store import LAYER_TITLES

    return LAYER_TITLES.get(layer, layer)
