"""modelcard add: a model into the user store, from options or a TOML file."""

# No `from __future__ import annotations`: Typer would eval every annotation at start-up.
import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from .common import fail, out, state

SETTINGS: dict[str, Any] = {
    "epilog": "Examples:\n\n"
    '  modelcard add "My Model" --lab "My Lab" --params 7B --tokens 2T --mmlu 61.5\n\n'
    '  modelcard add "Big MoE" --lab X --params 235B --active-params 22B --bench gsm8k=91.2\n\n'
    '  modelcard add "Tiny" --lab X --params 1B --hle 0.8 --fraction-ok\n\n'
    "  modelcard add --from examples/entries/dense-model.toml",
}


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
    fraction_ok: Annotated[
        bool,
        typer.Option(
            "--fraction-ok",
            help="Take scores below 1 as they are (0.8 is 0.8%); without it, --mmlu 0.615 "
            "is refused as a likely fraction (did you mean 61.5?). Or write 0.8%.",
        ),
    ] = False,
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
    from modelcard import entry as entry_mod
    from modelcard.slugs import is_valid_id, model_id

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
            fraction_ok=fraction_ok,
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
    out(entry.id + "\n")


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
    fraction_ok: bool,
    tags: list[str],
    notes: str | None,
    links: dict[str, str | None],
) -> dict[str, Any]:
    """The entry the options describe; counts and scores checked with the option named."""
    from modelcard.benchmarks import key as bench_key
    from modelcard.units import parse_count, parse_score

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
    results = {
        k: parse_score(v, field=f"--{k.replace('_', '-')}", fraction_ok=fraction_ok)
        for k, v in scores.items()
        if v
    }
    for item in bench:
        bench_name, sep, score = item.partition("=")
        if not sep or not bench_name.strip():
            fail(f"--bench: {item!r} is not NAME=SCORE (such as gsm8k=91.2)", 2)
        key = bench_key(bench_name)
        if key in results:
            fail(f"--bench: {bench_name.strip()!r} is given twice (or also as its own option)")
        results[key] = parse_score(
            score, field=f"--bench {bench_name.strip()}", fraction_ok=fraction_ok
        )
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

    from modelcard.safefiles import read_text
    from modelcard.store import MAX_ENTRY_BYTES

    try:
        return tomllib.loads(read_text(path, limit=MAX_ENTRY_BYTES))
    except tomllib.TOMLDecodeError as exc:
        fail(f"{path}: not valid TOML: {exc}")
    except UnicodeDecodeError:
        fail(f"{path}: not UTF-8 text")
    except RecursionError:
        fail(f"{path}: nested too deeply to be read")
