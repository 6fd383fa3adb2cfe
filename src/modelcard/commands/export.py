"""modelcard export: cards, the leaderboard site, and the data as JSON, CSV or TOML."""

# No `from __future__ import annotations`: Typer would eval every annotation at start-up.
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from .common import QuietOption, complete_ids, fail, out, plural, skip, state, warn
from .listing import AccessOption, ArchOption, LabOption, OpenWeightsOption, TagOption


class ExportFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"
    csv = "csv"
    toml = "toml"
    hf = "hf"


SETTINGS: dict[str, Any] = {
    "epilog": "Examples:\n\n  modelcard export dots.llm1 > card.md\n\n"
    "  modelcard export --all --arch MoE --out-dir cards/\n\n"
    "  modelcard export --site out/\n\n"
    "  modelcard export --site web/ --format html\n\n"
    "  modelcard export --all --format csv > models-table.csv\n\n"
    "  modelcard export --all --format csv --safe-csv > for-a-spreadsheet.csv\n\n"
    "  modelcard export dots.llm1 --format hf > README.md\n\n"
    "  modelcard export --site out/ --quiet   (no progress bar)",
}


def export(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None,
        typer.Argument(
            help="Ids or names of the models to export.",
            show_default=False,
            autocompletion=complete_ids,
        ),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every model (after the filters).")] = False,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out-dir",
            metavar="DIR",
            help="Write files here: cards at DIR/models/{lab}/{model}.md with the pages they "
            "link to (DIR/README.md, DIR/labs/, DIR/architectures/), TOML entries at "
            "DIR/{id}.toml, models.json or models.csv. Files of earlier exports stay.",
        ),
    ] = None,
    site: Annotated[
        Path | None,
        typer.Option(
            "--site",
            metavar="DIR",
            help="Write the whole linked leaderboard (README, labs, architectures, "
            "rankings, cards) into DIR, replacing what an earlier export wrote there.",
        ),
    ] = None,
    format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="md (cards), json (entries with figures), csv (Models Table headers, "
            "importable), toml (entry files), hf (Hugging Face model cards: README.md with "
            "YAML metadata, at DIR/{id}/README.md with --out-dir); with --site: md or html "
            "(a static web page to sort and filter, opened from disk or any host).",
        ),
    ] = ExportFormat.md,
    lab: LabOption = None,
    arch: ArchOption = None,
    access: AccessOption = None,
    tag: TagOption = None,
    open_weights: OpenWeightsOption = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="With --site or --out-dir: overwrite files an export did not write, or that "
            "changed since.",
        ),
    ] = False,
    safe_csv: Annotated[
        bool,
        typer.Option(
            "--safe-csv",
            help="With --format csv: prefix cells starting with = + - @ with ' so that a "
            "spreadsheet shows them as text instead of running them as formulas. "
            "import does not undo it: keep plain CSV for a round trip.",
        ),
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Export Markdown cards, the leaderboard site, or the data as JSON, CSV or TOML."""
    from .listing import filters_of

    catalog = state(ctx).catalog()
    filters = filters_of(catalog, lab, arch, access, tag, open_weights=open_weights)
    filtered = filters.active
    if site is not None:
        if names or out_dir is not None or format not in (ExportFormat.md, ExportFormat.html):
            fail("--site writes the whole leaderboard: give it alone (with filters if any)", 2)
        _export_site(
            catalog, filters, site, force=force, html=format is ExportFormat.html, quiet=quiet
        )
        return
    if format is ExportFormat.html:
        fail("--format html writes the whole site: give --site DIR", 2)
    if names:
        if all_:
            fail("give model names or --all, not both", 2)
        chosen = [catalog.find(name, on_error=skip) for name in names]
        chosen = list({e.id: e for e in chosen if filters.keep(e)}.values())
    elif all_ or filtered:
        chosen = [e for e in catalog.entries(on_error=skip) if filters.keep(e)]
    else:
        fail("give model names, --all or --site (see modelcard export --help)", 2)
    if safe_csv and format is not ExportFormat.csv:
        fail("--safe-csv goes with --format csv", 2)
    if out_dir is not None:
        from modelcard.progress import Bars

        with Bars(quiet=quiet) as bars:
            done = _export_files(
                catalog, chosen, format, out_dir, bars, safe_csv=safe_csv, force=force
            )
        cards = f" ({plural(len(chosen), 'card')})" if format is ExportFormat.md else ""
        typer.echo(f"wrote {plural(done.written, 'file')}{cards} to {out_dir}", err=True)
        return
    _export_stdout(chosen, format, safe_csv=safe_csv)


def _export_stdout(chosen: list[Any], format: ExportFormat, *, safe_csv: bool) -> None:
    if format is ExportFormat.json:
        from modelcard.render.tabular import record, to_json

        out(to_json([record(e) for e in chosen]))
    elif format is ExportFormat.csv:
        out(_csv(chosen, safe_csv))
    elif len(chosen) != 1:
        fail(f"{len(chosen)} models selected: {format} to stdout takes one; use --out-dir DIR")
    elif format is ExportFormat.toml:
        from modelcard.entry import dumps

        out(dumps(chosen[0]))
    elif format is ExportFormat.hf:
        from modelcard.hf.cardwriter import render_hf_card

        out(render_hf_card(chosen[0]))
    else:
        from modelcard.render.card import render_card

        out(render_card(chosen[0]))


def _csv(chosen: list[Any], safe: bool) -> str:
    from modelcard.importers import to_models_table

    text = to_models_table(chosen)
    if safe:
        from modelcard.export import defuse_formulas

        text = defuse_formulas(text)
    return text


def _export_files(
    catalog: Any,
    chosen: list[Any],
    format: ExportFormat,
    out_dir: Path,
    bars: Any,
    *,
    safe_csv: bool,
    force: bool,
) -> Any:
    """Write the chosen models' files into ``out_dir``, beside what earlier exports wrote
    there (by the rules of export.py: a file no export wrote is not overwritten)."""
    from modelcard.export import publish_site

    if format is ExportFormat.md:
        from modelcard.render.site import CardSite, model_pages

        # A card's path depends on the other models of its lab (slug collisions).
        everything = list(catalog.entries(on_error=skip))
        pages = model_pages(everything)
        # the pages list the cards an earlier export left in the folder too
        earlier = _earlier_files(out_dir)
        ids = {e.id for e in chosen}
        listed = chosen + [e for e in everything if e.id not in ids and pages[e.id] in earlier]
        credit = any(e.builtin for e in listed)
        site = CardSite(listed, credit=credit, pages=pages, cards=ids)
        paths, files = site.paths(), site.files()
    else:
        data: dict[str, str]
        if format is ExportFormat.toml:
            from modelcard.entry import dumps

            data = {f"{e.id}.toml": dumps(e) for e in chosen}
        elif format is ExportFormat.hf:
            from modelcard.hf.cardwriter import render_hf_card

            data = {f"{e.id}/README.md": render_hf_card(e) for e in chosen}
        elif format is ExportFormat.json:
            from modelcard.render.tabular import record, to_json

            data = {"models.json": to_json([record(e) for e in chosen])}
        else:
            data = {"models.csv": _csv(chosen, safe_csv)}
        paths, files = list(data), iter(data.items())
    # the pages render as they are written: the bar counts both
    phase = "rendering cards" if format is ExportFormat.md else "writing files"
    written = bars.counted(files, phase, len(paths))
    return _written(
        lambda: publish_site(out_dir, paths, written, force=force, keep_earlier=True),
        catalog,
        chosen,
    )


def _earlier_files(folder: Path) -> set[str]:
    """The files earlier exports wrote into ``folder`` and that are still there."""
    from modelcard.errors import ModelcardError
    from modelcard.export import read_manifest

    try:
        known = read_manifest(folder)
    except (OSError, ModelcardError):
        return set()  # no folder yet, or none to read: the export says what is wrong
    return {path for path in known if (folder / path).is_file()}


def _written(write: Any, catalog: Any, entries: list[Any]) -> Any:
    """Run ``write``; a file that could not be written is named with its model."""
    from modelcard.export import ExportFailed

    try:
        return write()
    except ExportFailed as exc:
        from modelcard.render.site import model_pages

        by_page = {page: id for id, page in model_pages(entries).items()}
        if exc.path in by_page:
            entry = next(e for e in entries if e.id == by_page[exc.path])
            fail(f"{exc} (the card of {entry.name!r}, {entry.id})")
        raise


def _export_site(
    catalog: Any, filters: Any, site: Path, *, force: bool, html: bool, quiet: bool
) -> None:
    from modelcard.export import publish_site
    from modelcard.progress import Bars

    Site: Any
    if html:
        from modelcard.render.html import HtmlSite as Site
    else:
        from modelcard.render.site import Site

    entries = [e for e in catalog.entries(on_error=skip) if filters.keep(e)]
    from modelcard.render.chart import available

    pages = Site(entries, credit=any(e.builtin for e in entries), chart=available("matplotlib"))
    paths = pages.paths()
    with Bars(quiet=quiet) as bars:
        files = bars.counted(pages.files(), "writing pages", len(paths))
        done = _written(lambda: publish_site(site, paths, files, force=force), catalog, entries)
    cards = len(entries)
    typer.echo(
        f"wrote {plural(done.written, 'file')} ({plural(cards, 'card')}) to {site}"
        + (f"; removed {plural(done.removed, 'file')} of the last export" if done.removed else ""),
        err=True,
    )
    if done.kept:
        shown = ", ".join(done.kept[:3]) + (", ..." if len(done.kept) > 3 else "")
        warn(
            f"kept {plural(len(done.kept), 'file')} of an earlier export that changed since it "
            f"was written (or that an older modelcard wrote): {shown}"
        )
