"""modelcard export: cards, the leaderboard site, and the data as JSON, CSV or TOML."""

# No `from __future__ import annotations`: Typer would eval every annotation at start-up.
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from .common import complete_ids, fail, out, plural, skip, state
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
            help="Write files here: cards at DIR/models/{lab}/{model}.md, TOML entries at "
            "DIR/{id}.toml, models.json or models.csv.",
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
        typer.Option("--force", help="With --site: overwrite files an export did not write."),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="No progress bar (one shows on a terminal only)."),
    ] = False,
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
    if out_dir is not None:
        from modelcard.progress import Bars

        with Bars(quiet=quiet) as bars:
            count, where = _export_files(catalog, chosen, format, out_dir, bars)
        typer.echo(f"wrote {plural(count, 'file')} to {where}", err=True)
        return
    _export_stdout(chosen, format)


def _export_stdout(chosen: list[Any], format: ExportFormat) -> None:
    if format is ExportFormat.json:
        from modelcard.render.tabular import record, to_json

        out(to_json([record(e) for e in chosen]))
    elif format is ExportFormat.csv:
        from modelcard.importers import to_models_table

        out(to_models_table(chosen))
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


def _export_files(
    catalog: Any, chosen: list[Any], format: ExportFormat, out_dir: Path, bars: Any
) -> tuple[int, Path]:
    from modelcard.export import write_files

    files: dict[str, str]
    if format is ExportFormat.md:
        from modelcard.render.card import render_card
        from modelcard.render.site import model_pages

        # A card's path depends on the other models of its lab (slug collisions).
        labs = {e.lab for e in chosen}
        pages = model_pages(e for e in catalog.entries(on_error=skip) if e.lab in labs)
        cards = bars.counted(chosen, "rendering cards", len(chosen))
        files = {pages[e.id]: render_card(e) for e in cards}
    elif format is ExportFormat.toml:
        from modelcard.entry import dumps

        files = {f"{e.id}.toml": dumps(e) for e in chosen}
    elif format is ExportFormat.hf:
        from modelcard.hf.cardwriter import render_hf_card

        files = {f"{e.id}/README.md": render_hf_card(e) for e in chosen}
    elif format is ExportFormat.json:
        from modelcard.render.tabular import record, to_json

        files = {"models.json": to_json([record(e) for e in chosen])}
    else:
        from modelcard.importers import to_models_table

        files = {"models.csv": to_models_table(chosen)}
    return write_files(out_dir, bars.counted(files.items(), "writing files", len(files))), out_dir


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
        written, removed = publish_site(site, paths, files, force=force)
    cards = len(entries)
    typer.echo(
        f"wrote {plural(written, 'file')} ({plural(cards, 'card')}) to {site}"
        + (f"; removed {plural(removed, 'file')} of the last export" if removed else ""),
        err=True,
    )
