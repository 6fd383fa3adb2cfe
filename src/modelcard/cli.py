"""The Typer app: parse arguments, call the core, hand results to a renderer.

Errors from the core (``ModelcardError``) become one line on stderr and exit code 1 in one
place, ``ModelcardGroup.invoke``; Typer's own usage errors exit 2.
"""

# No `from __future__ import annotations` here: Typer would then eval every annotation
# string at start-up (measured: ~15 ms of a ~150 ms `show`).
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from .errors import ModelcardError

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
        from .commands.common import fail

        try:
            return super().invoke(ctx)
        except ModelcardError as exc:
            fail(str(exc), exc.exit_code)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            fail(f"{where}{exc.strerror or exc}")


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
# Every command, in the order `--help` lists them: name -> its module in commands/, which
# defines a function of the module's name. Typer converts the parameters of every
# registered command on each run, and importing a command's module costs its annotations
# and options, so `run()` imports and registers only the command being called.
COMMANDS: dict[str, str] = {
    "show": "show",
    "rank": "rank",
    "search": "search",
    "compare": "compare",
    "plot": "plot",
    "add": "add",
    "edit": "edit",
    "remove": "remove",
    "import": "import_",
    "update": "update",
    "export": "export",
    "validate": "validate",
    "schema": "schema",
}


def _version(ctx: typer.Context, value: bool) -> None:
    if value:
        from .snapshots import version_text

        # --store and --no-builtin are eager, so they are known here wherever they stand
        store = ctx.params.get("store")
        no_builtin = bool(ctx.params.get("no_builtin"))
        text, note = version_text(Path(store) if store else None, no_builtin=no_builtin)
        typer.echo(text, nl=False)
        if note is not None:
            typer.echo(f"modelcard: note: {note}", err=True)
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
            is_eager=True,
        ),
    ] = None,
    no_builtin: Annotated[
        bool,
        typer.Option(
            "--no-builtin",
            help="Hide the bundled Models Table catalog (also MODELCARD_NO_BUILTIN=1).",
            is_eager=True,
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_version,
            help="Print the version and each catalog layer's snapshot dates, and exit.",
        ),
    ] = False,
) -> None:
    from .commands.common import State

    ctx.obj = State(store=store, no_builtin=no_builtin)


def build_app(names: Iterable[str] | None = None) -> typer.Typer:
    """The Typer app with every command, or with only ``names``."""
    import importlib

    built = typer.Typer(**APP_SETTINGS)
    built.callback()(main)
    for name, module_name in COMMANDS.items():
        if names is None or name in names:
            module = importlib.import_module(f".commands.{module_name}", __package__)
            built.command(name, **module.SETTINGS)(getattr(module, module_name))
    return built


_full_app: typer.Typer | None = None


def __getattr__(name: str) -> Any:
    """``cli.app``, the app with every command (what tests and ``--help`` use), built on
    first use rather than at import, so that running one command imports only its module."""
    global _full_app
    if name == "app":
        if _full_app is None:
            _full_app = build_app()
        return _full_app
    raise AttributeError(name)


def called_command(argv: list[str]) -> str | None:
    """The subcommand named on a command line, skipping the global options."""
    args = iter(argv)
    for arg in args:
        if arg == "--store":
            next(args, None)
        elif not arg.startswith("-"):
            return arg
    return None


def safe_streams() -> None:
    """Output that never fails on its encoding. To a file or a pipe, modelcard writes UTF-8,
    as every file it writes, whatever the locale says (``LC_ALL=C``); to a terminal whose
    encoding cannot hold a character, that character is replaced. A file name that is not
    UTF-8 (it reaches Python as surrogates) is shown as escapes."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if encoding == "utf8":
            reconfigure(errors="backslashreplace")
        elif stream.isatty():
            reconfigure(errors="replace")
        else:
            reconfigure(encoding="utf-8", errors="backslashreplace")


def utf8_mode() -> None:
    """Under a C locale with Python's UTF-8 mode turned off (``LC_ALL=C PYTHONUTF8=0``),
    every non-ASCII argument, path and line would fail to encode: start again in UTF-8
    mode, which reads and writes the same bytes as UTF-8 (``-X utf8`` wins over the
    variable). Any other locale is left as it is."""
    import os

    if sys.flags.utf8_mode or sys.getfilesystemencoding().lower() not in (
        "ascii",
        "ansi_x3.4-1968",
    ):
        return
    if os.environ.get("MODELCARD_UTF8_EXEC") or not sys.argv:
        return
    os.environ["MODELCARD_UTF8_EXEC"] = "1"  # never twice
    command = [sys.executable, "-X", "utf8", "-m", "modelcard", *sys.argv[1:]]
    try:
        os.execv(sys.executable, command)
    except OSError:
        return  # then as it is, with output that degrades


def run() -> None:
    """The console script: run the app, and leave quietly when a pipe closes early."""
    utf8_mode()
    safe_streams()
    name = called_command(sys.argv[1:])
    target = build_app([name] if name in COMMANDS else None)
    try:
        target(prog_name="modelcard")
    except BrokenPipeError:
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
