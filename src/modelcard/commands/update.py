"""modelcard update: download the public sources and merge them into a layer of the catalog."""

# No `from __future__ import annotations`: Typer would eval every annotation at start-up.
from typing import Annotated, Any

import typer

from .common import QuietOption, fail, state

SETTINGS: dict[str, Any] = {
    "epilog": "Examples:\n\n  modelcard update          (Epoch AI and models.dev, from "
    "their public addresses)\n\n  modelcard update epoch\n\n"
    "  modelcard update lifearchitect --url lifearchitect=https://example.org/models-table.csv"
    "\n\n  modelcard update --url modelsdev=./models-dev.tar.gz   (a local copy)\n\n"
    "  modelcard update --timeout 10\n\n"
    "  modelcard update --quiet            (no progress bars)\n\n"
    "Sources: epoch (https://epoch.ai/data/notable_ai_models.csv), modelsdev "
    "(https://models.dev/catalog.json), lifearchitect (the Models Table publishes no CSV "
    "at a stable address: give --url). The downloads and the entries merged from them live "
    "in <home>/.modelcard/fetched, a layer between the bundled catalog and your own "
    "entries, which an update never touches.",
}


def update(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[NAME]...",
            help="lifearchitect, epoch or modelsdev; all of them when none is named "
            "(lifearchitect only with --url).",
            show_default=False,
        ),
    ] = None,
    url: Annotated[
        list[str] | None,
        typer.Option(
            "--url",
            metavar="NAME=URL",
            help="Fetch NAME from URL (http or https) or from a local file instead of its "
            "public address. Repeat for several sources.",
            show_default=False,
        ),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", min=1.0, help="Seconds without a byte before a download gives up."
        ),
    ] = 30.0,
    quiet: QuietOption = False,
) -> None:
    """Download Epoch AI's and models.dev's data (and a Models Table, given its URL), merge
    them into the catalog as a layer of its own, and report what changed.

    A source that fails is reported on one line and keeps what it had; the others still
    apply, and the exit status is 1. Nothing is half-replaced: the new layer is swapped in
    whole, or not at all. Offline, it says so and changes nothing.
    """
    from modelcard.sources.layer import DEFAULT_URLS, NAMES
    from modelcard.sources.layer import update as run_update
    from modelcard.store import resolve_home

    urls: dict[str, str] = {}
    for item in url or []:
        name, sep, where = item.partition("=")
        if not sep or not where.strip():
            fail(f"--url: {item!r} is not NAME=URL", 2)
        if name.strip() not in NAMES:
            fail(f"--url: {name!r} is not a source (known: {', '.join(NAMES)})", 2)
        urls[name.strip()] = where.strip()
    chosen = list(dict.fromkeys(names or []))
    for name in chosen:
        if name not in NAMES:
            fail(f"unknown source {name!r} (known: {', '.join(NAMES)})", 2)
    extra = [name for name in urls if chosen and name not in chosen]
    if extra:
        fail(f"--url {extra[0]}=...: {extra[0]} is not among the sources named", 2)
    if not chosen:
        chosen = [n for n in NAMES if n in urls or n in DEFAULT_URLS]
        for name in NAMES:
            if name not in chosen:
                typer.echo(
                    f"modelcard: note: {name}: skipped; it publishes no file at a stable "
                    f"address (--url {name}=URL or a path fetches one)",
                    err=True,
                )
    from modelcard.progress import Bars

    home = resolve_home(state(ctx).store)
    with Bars(quiet=quiet) as bars:

        def download(name: str) -> Any:
            return bars.task(f"{name}", units="bytes")

        outcome = run_update(home, chosen, urls, timeout=timeout, progress=download, tick=bars.tick)
    for name, message in outcome.failed.items():
        typer.echo(f"modelcard: error: update {name}: {message}", err=True)
    manifest = outcome.manifest
    if manifest is None:
        if outcome.offline:
            fail("offline: nothing was fetched, and the catalog is as it was")
        fail("nothing was fetched; the catalog is as it was")
    for name in outcome.fetched:
        fetched = manifest.sources[name]
        typer.echo(
            f"fetched {name} from {fetched.url} ({fetched.bytes:,} bytes, snapshot "
            f"{fetched.snapshot})",
            err=True,
        )
    counts = manifest.counts
    dates = ", ".join(f"{f.name} {f.snapshot}" for f in manifest.sources.values())
    typer.echo(
        f"the layer of fetched sources ({dates}) now holds "
        f"{counts.get('entries', 0)} entries over the bundled catalog, "
        f"{counts.get('new', 0)} of them models the bundled catalog does not have; "
        "your own entries are untouched",
        err=True,
    )
    if outcome.failed:
        raise typer.Exit(1)
