"""modelcard edit: an entry in $EDITOR, validated before it replaces anything."""

# No `from __future__ import annotations`: Typer would eval every annotation at start-up.
from typing import Annotated, Any

import typer

from .common import complete_ids, fail, state

SETTINGS: dict[str, Any] = {
    "epilog": "Examples:\n\n  modelcard edit dots.llm1\n\n"
    "  EDITOR='code --wait' modelcard edit my-model"
}


def edit(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(help="An id or a model name.", autocompletion=complete_ids)
    ],
    updated: Annotated[
        str | None, typer.Option("--updated", help="YYYY-MM-DD (default: today).")
    ] = None,
) -> None:
    """Edit a model's entry in $VISUAL or $EDITOR (a bundled model is copied to your store).

    The edited text is checked before anything is written: if it is not a valid entry you
    may open the editor again or give up, and the original stays as it was.
    """
    import datetime as dt
    import os
    import shlex
    import subprocess
    import sys

    from modelcard.entry import check_date, loads
    from modelcard.errors import InvalidEntry

    catalog = state(ctx).catalog()
    entry = catalog.find(name)
    assert entry.path is not None
    original = entry.path.read_text(encoding="utf-8")
    day = check_date(updated, field="--updated") if updated else dt.date.today()
    command = shlex.split(os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi")
    draft_dir = catalog.private_dir / "drafts"
    draft_dir.mkdir(parents=True, exist_ok=True)
    # not ".toml" at the end: nothing but entries may look like one (CLI.md)
    draft = draft_dir / f"{entry.id}.toml.edit"
    draft.write_text(original, encoding="utf-8")
    while True:
        try:
            done = subprocess.run([*command, str(draft)], check=False)
        except OSError as exc:
            fail(f"cannot start the editor {command[0]!r}: {exc.strerror or exc}")
        if done.returncode != 0:
            fail(f"the editor exited with {done.returncode}; nothing changed (draft: {draft})")
        text = draft.read_text(encoding="utf-8")
        if text == original:
            draft.unlink()
            typer.echo(f"no changes to {entry.id}", err=True)
            return
        try:
            edited = loads(text, id=entry.id, source=str(draft))
            break
        except InvalidEntry as exc:
            typer.echo(f"modelcard: error: {exc}", err=True)
            if not sys.stdin.isatty() or not typer.confirm("Open the editor again?", True):
                fail(f"{entry.id} is unchanged; your edit is kept in {draft}")
    path = catalog.write(edited.with_(updated=day), force=True)
    draft.unlink()
    where = " (a copy of the bundled entry)" if entry.builtin else ""
    typer.echo(f"saved {entry.id} to {path}{where}", err=True)
