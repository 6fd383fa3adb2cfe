"""The Typer app: parse arguments, call the core, hand results to a renderer.

Errors from the core (``ModelcardError``) become one line on stderr and exit code 1 in one
place, ``ModelcardGroup.invoke``; Typer's own usage errors exit 2.
"""

# No `from __future__ import annotations` here: Typer would then eval every annotation
# string at start-up (measured: ~15 ms of a ~150 ms `show`).
import datetime as dt
import sys
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from typer.core import TyperGroup

from . import __version__
from .errors import AlreadyExists, ModelcardError

F = TypeVar("F", bound=Callable[..., Any])
EPILOG_MAIN = """\
Examples:

  modelcard show dots.llm1

  modelcard rank --by alscore --limit 10

  modelcard add "My Model" --lab "My Lab" --params 7B --tokens 2T --mmlu 61.5

  modelcard import models-table.csv
"""


class ModelcardGroup(TyperGroup):
    """The one place where errors become messages and exit codes."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ModelcardError as exc:
            fail(str(exc), exc.exit_code)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            fail(f"{where}{exc.strerror or exc}")


def fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"modelcard: error: {message}", err=True)
    raise typer.Exit(code)


def warn(message: str) -> None:
    typer.echo(f"modelcard: warning: {message}", err=True)


APP_SETTINGS: dict[str, Any] = {
    "name": "modelcard",
    "cls": ModelcardGroup,
    "help": "A catalog of large language models: sizes, training tokens, scores and the "
    "figures computed from them (ALScore, token:parameter ratio, training compute).",
    "epilog": EPILOG_MAIN,
    "no_args_is_help": True,
    "context_settings": {"help_option_names": ["-h", "--help"]},
    "rich_markup_mode": None,
    "pretty_exceptions_show_locals": False,
}
# Every command, in the order `--help` lists them: (function, name, Typer's keywords).
# Typer converts the parameters of every registered command on each run, so `run()`
# registers only the command being called (see `build_app`).
COMMANDS: dict[str, tuple[Callable[..., Any], dict[str, Any]]] = {}


def command(name: str | None = None, **settings: Any) -> Callable[[F], F]:
    def register(function: F) -> F:
        COMMANDS[name or function.__name__] = (function, settings)
        return function

    return register


class State:
    """The global options, resolved once in the root callback and passed to every command."""

    # A plain class: a dataclass is compiled anew at every start-up.
    def __init__(self, store: Path | None, no_builtin: bool) -> None:
        self.store = store
        self.no_builtin = no_builtin

    def catalog(self) -> Any:
        from .store import Catalog, builtin_hidden_by_env, resolve_home

        hidden = self.no_builtin or builtin_hidden_by_env()
        return Catalog(resolve_home(self.store), builtin=not hidden)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"modelcard {__version__}")
        raise typer.Exit()


def main(
    ctx: typer.Context,
    store: Annotated[
        Path | None,
        typer.Option(
            "--store",
            metavar="PATH",
            help="The store folder (entries in PATH/models). Default: $MODELCARD_HOME, "
            "else the user data folder.",
            show_default=False,
        ),
    ] = None,
    no_builtin: Annotated[
        bool,
        typer.Option(
            "--no-builtin",
            help="Hide the bundled Models Table catalog (also MODELCARD_NO_BUILTIN=1).",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    ctx.obj = State(store=store, no_builtin=no_builtin)


def state(ctx: typer.Context) -> State:
    obj = ctx.find_object(State)
    return obj if obj is not None else State(store=None, no_builtin=False)


# -- show ---------------------------------------------------------------------------------


class ShowFormat(StrEnum):
    rich = "rich"
    text = "text"
    json = "json"
    toml = "toml"
    md = "md"


@command(
    epilog="Examples:\n\n  modelcard show dots.llm1\n\n"
    "  modelcard show 'Claude Opus 4' --format json"
)
def show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="An id or a model name (any case).")],
    format: Annotated[
        ShowFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="rich (a terminal's default), text (when piped), json, toml, or md (the card).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Show one model: every field, the computed figures, benchmarks and links."""
    entry = state(ctx).catalog().find(name, on_error=_skip)
    chosen = format or (ShowFormat.rich if sys.stdout.isatty() else ShowFormat.text)
    if chosen is ShowFormat.rich:
        from .render.terminal import print_show

        print_show(entry)
    elif chosen is ShowFormat.text:
        from .render.tabular import show_text

        _out(show_text(entry))
    elif chosen is ShowFormat.json:
        from .render.tabular import record, to_json

        _out(to_json(record(entry)))
    elif chosen is ShowFormat.toml:
        from .entry import dumps

        _out(dumps(entry))
    else:
        from .render.card import render_card

        _out(render_card(entry))


def _out(text: str) -> None:
    sys.stdout.write(text)


def _skip(exc: ModelcardError) -> None:
    warn(f"skipped {exc}")


# -- rank ---------------------------------------------------------------------------------


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


@command(
    epilog="Examples:\n\n  modelcard rank\n\n  modelcard rank --by mmlu --lab OpenAI --limit 0"
    "\n\n  modelcard rank --by params --format json | jq '.[0].name'",
)
def rank(
    ctx: typer.Context,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            help="alscore, params, active-params, tokens, ratio, compute, released, "
            "or a benchmark (mmlu, mmlu-pro, gpqa, hle, ...).",
        ),
    ] = "alscore",
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            min=0,
            help="How many rows; 0 for all. Default: 20 in a table, all in json and csv.",
            show_default=False,
        ),
    ] = None,
    asc: Annotated[bool, typer.Option("--asc", help="Lowest first.")] = False,
    lab: LabOption = None,
    arch: ArchOption = None,
    access: AccessOption = None,
    tag: TagOption = None,
    format: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ListFormat.table
    ),
) -> None:
    """Rank models by a field or figure, highest first; models missing it come last."""
    from .ranking import Filters, field_key, unknown_field

    catalog = state(ctx).catalog()
    key = field_key(by)
    ranking = catalog.rank(key, Filters(lab, arch, access, tag), ascending=asc, on_error=_skip)
    problem = unknown_field(key)
    if problem is not None and all(value is None for _, value in ranking):
        raise problem
    if limit is None:
        limit = 20 if format in (ListFormat.table, ListFormat.md) else 0
    if limit:
        ranking = ranking[:limit]
    entries = catalog.entries_by_id([id for id, _ in ranking])
    _print_list(entries, key, format, title=f"Models by {by}" + (" (lowest first)" if asc else ""))


def _print_list(entries: list[Any], key: str, format: ListFormat, *, title: str) -> None:
    from .render import tabular

    if format is ListFormat.json:
        _out(tabular.to_json([tabular.record(e) for e in entries]))
    elif format is ListFormat.csv:
        _out(tabular.csv_text(entries))
    else:
        header, rows = tabular.list_rows(entries, key)
        if format is ListFormat.md:
            _out(tabular.markdown_table(header, rows))
        elif not sys.stdout.isatty():
            _out(tabular.plain_table(header, rows, title=f"{title}: {len(rows)} shown"))
        else:
            from .render.terminal import print_table

            print_table(header, rows, title=f"{title}: {len(rows)} shown")


# -- add / remove -------------------------------------------------------------------------


@command(
    epilog="Examples:\n\n"
    '  modelcard add "My Model" --lab "My Lab" --params 7B --tokens 2T --mmlu 61.5\n\n'
    '  modelcard add "Big MoE" --lab X --params 235B --active-params 22B --bench gsm8k=91.2\n\n'
    "  modelcard add --from examples/entries/dense-model.toml",
)
def add(
    ctx: typer.Context,
    name: Annotated[
        str | None, typer.Argument(help="The model's name (omit with --from).", show_default=False)
    ] = None,
    lab: Annotated[str | None, typer.Option("--lab", help="The lab (required).")] = None,
    params: Annotated[
        str | None, typer.Option("--params", help="Total parameters: 7B, 1.2T, 350M, 14e9.")
    ] = None,
    active_params: Annotated[
        str | None, typer.Option("--active-params", help="Active parameters of an MoE model.")
    ] = None,
    tokens: Annotated[str | None, typer.Option("--tokens", help="Training tokens: 2T.")] = None,
    released: Annotated[
        str | None, typer.Option("--released", help="YYYY, YYYY-MM or YYYY-MM-DD.")
    ] = None,
    access: Annotated[
        str | None, typer.Option("--access", help="public, private, limited or unknown.")
    ] = None,
    arch: Annotated[str | None, typer.Option("--arch", help="Dense, MoE, ...")] = None,
    dataset: Annotated[str | None, typer.Option("--dataset", help="web-scale, code, ...")] = None,
    mmlu: Annotated[str | None, typer.Option("--mmlu", help="MMLU score, 0-100.")] = None,
    mmlu_pro: Annotated[str | None, typer.Option("--mmlu-pro", help="MMLU-Pro score.")] = None,
    gpqa: Annotated[str | None, typer.Option("--gpqa", help="GPQA score.")] = None,
    hle: Annotated[str | None, typer.Option("--hle", help="HLE score.")] = None,
    bench: Annotated[
        list[str] | None,
        typer.Option("--bench", metavar="NAME=SCORE", help="Any benchmark; repeatable."),
    ] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="A tag; repeatable.")] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Free text.")] = None,
    playground: Annotated[str | None, typer.Option("--playground", help="URL to try it.")] = None,
    paper: Annotated[str | None, typer.Option("--paper", help="URL of the paper or repo.")] = None,
    updated: Annotated[
        str | None, typer.Option("--updated", help="YYYY-MM-DD (default: today).")
    ] = None,
    id: Annotated[
        str | None, typer.Option("--id", help="The id to use instead of the one from the name.")
    ] = None,
    from_file: Annotated[
        Path | None,
        typer.Option("--from", metavar="FILE.toml", help="Add the entry in this TOML file."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing entry (or shadow a bundled one).")
    ] = False,
) -> None:
    """Add a model to your store."""
    from . import entry as entry_mod
    from .slugs import is_valid_id, model_id

    if from_file is not None:
        if name is not None or lab is not None:
            fail("give either NAME with options or --from FILE, not both")
        data = _read_toml(from_file)
        source = str(from_file)
    else:
        if name is None:
            fail("NAME is required (or --from FILE.toml)", 2)
        if lab is None:
            fail("--lab is required", 2)
        data = _options_entry(
            name=name,
            lab=lab,
            params=params,
            active_params=active_params,
            tokens=tokens,
            released=released,
            access=access,
            arch=arch,
            dataset=dataset,
            scores={"mmlu": mmlu, "mmlu_pro": mmlu_pro, "gpqa": gpqa, "hle": hle},
            bench=bench or [],
            tags=tag or [],
            notes=notes,
            links={"playground": playground, "paper": paper},
        )
        source = ""  # the options name their own fields
    if updated is not None or "updated" not in data:
        data["updated"] = (
            entry_mod.check_date(updated, field="--updated") if updated else (dt.date.today())
        )
    if id is not None and not is_valid_id(id):
        fail(f"--id: {id!r} is not a valid id (lowercase letters, digits, '.', '_', '-')")
    raw_name = data.get("name")
    new_id = id or model_id(raw_name if isinstance(raw_name, str) else "")
    entry = entry_mod.from_mapping(data, id=new_id, source=source)
    catalog = state(ctx).catalog()
    path = catalog.write(entry, force=force)
    typer.echo(f"added {entry.id} ({path})", err=True)
    _out(entry.id + "\n")


def _options_entry(
    *,
    name: str,
    lab: str,
    params: str | None,
    active_params: str | None,
    tokens: str | None,
    released: str | None,
    access: str | None,
    arch: str | None,
    dataset: str | None,
    scores: dict[str, str | None],
    bench: list[str],
    tags: list[str],
    notes: str | None,
    links: dict[str, str | None],
) -> dict[str, Any]:
    """The entry the options describe; counts and scores checked with the option named."""
    from .benchmarks import key as bench_key
    from .units import parse_count, parse_score

    data: dict[str, Any] = {"name": name, "lab": lab}
    for option, field, value in (
        ("--params", "parameters", params),
        ("--active-params", "active_parameters", active_params),
        ("--tokens", "tokens", tokens),
    ):
        if value is not None:
            data[field] = parse_count(value, field=option)
    optional = {"released": released, "access": access, "architecture": arch}
    optional |= {"dataset": dataset, "notes": notes}
    data |= {k: v for k, v in optional.items() if v is not None}
    results = {k: parse_score(v, field=f"--{k.replace('_', '-')}") for k, v in scores.items() if v}
    for item in bench:
        bench_name, sep, score = item.partition("=")
        if not sep or not bench_name.strip():
            fail(f"--bench: {item!r} is not NAME=SCORE (such as gsm8k=91.2)", 2)
        results[bench_key(bench_name)] = parse_score(score, field=f"--bench {bench_name.strip()}")
    if results:
        data["benchmarks"] = results
    if tags:
        data["tags"] = tags
    chosen_links = {k: v for k, v in links.items() if v}
    if chosen_links:
        data["links"] = chosen_links
    return data


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        fail(f"{path}: not valid TOML: {exc}")
    except UnicodeDecodeError:
        fail(f"{path}: not UTF-8 text")


@command(epilog="Example:\n\n  modelcard remove my-model")
def remove(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="An id or a model name.")],
) -> None:
    """Remove a model from your store (bundled models cannot be removed, only hidden)."""
    catalog = state(ctx).catalog()
    entry = catalog.find(name, on_error=_skip)
    path = catalog.remove(entry)
    typer.echo(f"removed {entry.id} ({path})", err=True)
    if catalog.builtin and catalog.path_of(entry.id) is not None:
        typer.echo(f"the bundled {entry.id} is visible again", err=True)


# -- import -------------------------------------------------------------------------------


@command(
    "import",
    epilog="Examples:\n\n  modelcard import models-table.csv\n\n"
    "  modelcard import models-table.csv --dry-run --strict",
)
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
    from .entry import check_date
    from .importers import read_models_table

    day = check_date(updated, field="--updated") if updated else dt.date.today()
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        fail(f"{file}: not UTF-8 text")
    result = read_models_table(text, source=str(file), updated=day)
    for problem in result.problems:
        warn(f"{file}: skipped {problem}")
    for warning in result.warnings:
        warn(f"{file}: {warning}")
    if strict and result.problems:
        fail(f"{file}: {len(result.problems)} bad rows; nothing written (--strict)")
    written = existing = 0
    catalog = state(ctx).catalog()
    if not dry_run:
        for row, entry in zip(result.rows, result.entries, strict=True):
            try:
                catalog.write(entry, force=force)
                written += 1
            except AlreadyExists:
                existing += 1
                typer.echo(
                    f"modelcard: note: {file}: row {row}: {entry.id} exists; skipped "
                    "(--force replaces it)",
                    err=True,
                )
    typer.echo(
        f"{'checked' if dry_run else 'imported'} "
        f"{_count(len(result.entries) if dry_run else written, 'model')} from {file}"
        + ("" if dry_run else f" into {catalog.models_dir}")
        + f"; {_count(len(result.problems), 'row')} skipped, {existing} already present, "
        f"{_count(len(result.warnings), 'warning')}",
        err=True,
    )


class ExportFormat(StrEnum):
    md = "md"
    json = "json"
    csv = "csv"
    toml = "toml"


@command(
    epilog="Examples:\n\n  modelcard export dots.llm1 > card.md\n\n"
    "  modelcard export --all --arch MoE --out-dir cards/\n\n"
    "  modelcard export --site out/\n\n"
    "  modelcard export --all --format csv > models-table.csv",
)
def export(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None,
        typer.Argument(help="Ids or names of the models to export.", show_default=False),
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
            "importable), toml (entry files).",
        ),
    ] = ExportFormat.md,
    lab: LabOption = None,
    arch: ArchOption = None,
    access: AccessOption = None,
    tag: TagOption = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="With --site: overwrite files an export did not write."),
    ] = False,
) -> None:
    """Export Markdown cards, the leaderboard site, or the data as JSON, CSV or TOML."""
    from .ranking import Filters

    catalog = state(ctx).catalog()
    filters = Filters(lab, arch, access, tag)
    filtered = any(v is not None for v in (lab, arch, access, tag))
    if site is not None:
        if names or out_dir is not None or format is not ExportFormat.md:
            fail("--site writes the whole leaderboard: give it alone (with filters if any)", 2)
        _export_site(catalog, filters, site, force=force)
        return
    if names:
        if all_:
            fail("give model names or --all, not both", 2)
        chosen = [catalog.find(name, on_error=_skip) for name in names]
        chosen = list({e.id: e for e in chosen if filters.keep(e)}.values())
    elif all_ or filtered:
        chosen = [e for e in catalog.entries(on_error=_skip) if filters.keep(e)]
    else:
        fail("give model names, --all or --site (see modelcard export --help)", 2)
    if out_dir is not None:
        count, where = _export_files(catalog, chosen, format, out_dir)
        typer.echo(f"wrote {_count(count, 'file')} to {where}", err=True)
        return
    _export_stdout(chosen, format)


def _export_stdout(chosen: list[Any], format: ExportFormat) -> None:
    if format is ExportFormat.json:
        from .render.tabular import record, to_json

        _out(to_json([record(e) for e in chosen]))
    elif format is ExportFormat.csv:
        from .importers import to_models_table

        _out(to_models_table(chosen))
    elif len(chosen) != 1:
        fail(f"{len(chosen)} models selected: {format} to stdout takes one; use --out-dir DIR")
    elif format is ExportFormat.toml:
        from .entry import dumps

        _out(dumps(chosen[0]))
    else:
        from .render.card import render_card

        _out(render_card(chosen[0]))


def _export_files(
    catalog: Any, chosen: list[Any], format: ExportFormat, out_dir: Path
) -> tuple[int, Path]:
    from .export import write_files

    files: dict[str, str]
    if format is ExportFormat.md:
        from .render.card import render_card
        from .render.site import model_pages

        # A card's path depends on the other models of its lab (slug collisions).
        labs = {e.lab for e in chosen}
        pages = model_pages(e for e in catalog.entries(on_error=_skip) if e.lab in labs)
        files = {pages[e.id]: render_card(e) for e in chosen}
    elif format is ExportFormat.toml:
        from .entry import dumps

        files = {f"{e.id}.toml": dumps(e) for e in chosen}
    elif format is ExportFormat.json:
        from .render.tabular import record, to_json

        files = {"models.json": to_json([record(e) for e in chosen])}
    else:
        from .importers import to_models_table

        files = {"models.csv": to_models_table(chosen)}
    return write_files(out_dir, files.items()), out_dir


def _export_site(catalog: Any, filters: Any, site: Path, *, force: bool) -> None:
    from .export import publish_site
    from .render.site import Site

    entries = [e for e in catalog.entries(on_error=_skip) if filters.keep(e)]
    pages = Site(entries, credit=any(e.builtin for e in entries))
    paths = pages.paths()
    written, removed = publish_site(site, paths, pages.files(), force=force)
    cards = len(entries)
    typer.echo(
        f"wrote {_count(written, 'file')} ({_count(cards, 'card')}) to {site}"
        + (f"; removed {_count(removed, 'file')} of the last export" if removed else ""),
        err=True,
    )


class ReportFormat(StrEnum):
    text = "text"
    json = "json"


@command(
    epilog="Examples:\n\n  modelcard validate\n\n  modelcard validate --builtin --format json"
    "\n\n  modelcard --store ./catalog validate --strict   (in a catalog repository's CI)",
)
def validate(
    ctx: typer.Context,
    builtin: Annotated[
        bool, typer.Option("--builtin", help="Check the bundled catalog too.")
    ] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="text or json.")
    ] = ReportFormat.text,
) -> None:
    """Check every entry: TOML syntax, fields, units, ranges, ids, slugs, stale figures.

    Exit 0 when clean (warnings allowed unless --strict), 1 with problems.
    """
    from .validation import validate as run_checks

    report = run_checks(state(ctx).catalog(), include_builtin=builtin)
    failed = bool(report.errors or (strict and report.warnings))
    if format is ReportFormat.json:
        from .render.tabular import to_json

        findings = [
            {"severity": f.severity, "path": f.path, "message": f.message} for f in report.findings
        ]
        _out(to_json({"checked": report.checked, "ok": not failed, "findings": findings}))
    else:
        for finding in report.findings:
            _out(f"{finding}\n")
        typer.echo(
            f"checked {_count(report.checked, 'entry file')}: "
            f"{_count(len(report.errors), 'error')}, {_count(len(report.warnings), 'warning')}",
            err=True,
        )
    if failed:
        raise typer.Exit(1)


def build_app(names: Iterable[str] | None = None) -> typer.Typer:
    """The Typer app with every command, or with only ``names``."""
    built = typer.Typer(**APP_SETTINGS)
    built.callback()(main)
    for name, (function, settings) in COMMANDS.items():
        if names is None or name in names:
            built.command(name, **settings)(function)
    return built


app = build_app()


def called_command(argv: list[str]) -> str | None:
    """The subcommand named on a command line, skipping the global options."""
    args = iter(argv)
    for arg in args:
        if arg == "--store":
            next(args, None)
        elif not arg.startswith("-"):
            return arg
    return None


def run() -> None:
    """The console script: run the app, and leave quietly when a pipe closes early."""
    name = called_command(sys.argv[1:])
    target = build_app([name]) if name in COMMANDS else app
    try:
        target()
    except BrokenPipeError:
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
