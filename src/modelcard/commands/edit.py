"""modelcard edit: an entry in $EDITOR, validated before it replaces anything."""

# No `from __future__ import annotations`: Typer would eval every annotation at start-up.
from typing import Annotated, Any

import typer

from .common import complete_ids, fail, state

SETTINGS: dict[str, Any] = {
    "epilog": "Examples:\n\n  modelcard edit dots.llm1\n\n"
    "  EDITOR='code --wait' modelcard edit my-model\n\n"
    "  modelcard edit my-model --resume   (continue a rejected edit)"
}


def edit(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(help="An id or a model name.", autocompletion=complete_ids)
    ],
    updated: Annotated[
        str | None, typer.Option("--updated", help="YYYY-MM-DD (default: today).")
    ] = None,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Continue the draft that an earlier edit left."),
    ] = False,
    discard: Annotated[
        bool,
        typer.Option("--discard", help="Drop the draft that an earlier edit left, and start anew."),
    ] = False,
) -> None:
    """Edit a model's entry in $VISUAL or $EDITOR (a model of the bundled catalog, the
    fetched sources or a team catalog is copied to your store).

    The edited text is checked before anything is written: if it is not a valid entry you
    may open the editor again or give up, and the original stays as it was. A rejected
    draft is kept: --resume continues it, --discard drops it. If the entry changes while
    you edit it (another process), nothing is written and your draft is kept.
    """
    import datetime as dt
    import subprocess
    import sys

    from modelcard.entry import check_date, loads
    from modelcard.errors import InvalidEntry

    if resume and discard:
        fail("--resume continues the kept draft, --discard drops it: give one", 2)
    catalog = state(ctx).catalog()
    entry = catalog.find(name)
    assert entry.path is not None
    original = _read(entry.path)
    day = check_date(updated, field="--updated") if updated else dt.date.today()
    command = _editor()
    draft = _draft(catalog, entry.id, original, resume=resume, discard=discard)
    while True:
        try:
            done = subprocess.run([*command, str(draft)], check=False)
        except OSError as exc:
            _drop_if_unchanged(draft, original)
            fail(f"cannot start the editor {command[0]!r}: {exc.strerror or exc}")
        if done.returncode != 0:
            _drop_if_unchanged(draft, original)
            fail(f"the editor exited with {done.returncode}; nothing changed (draft: {draft})")
        text = _read(draft)
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
                fail(
                    f"{entry.id} is unchanged; your edit is kept in {draft} "
                    f"(modelcard edit {entry.id} --resume continues it)"
                )
    now = catalog.path_of(entry.id)
    if now != entry.path or _read(now) != original:
        fail(
            f"{entry.id} was changed by someone else while you edited it; nothing is written. "
            f"Your edit is kept in {draft}: compare it with {now}, then "
            f"modelcard edit {entry.id} --resume"
        )
    path = catalog.write(edited.with_(updated=day), force=True)
    draft.unlink()
    where = ""
    if entry.builtin:  # any layer below the store: name the one it was copied from
        from modelcard.store import BUNDLED, LAYER_TITLES

        where = f" (a copy of the entry in the {LAYER_TITLES[entry.layer or BUNDLED]})"
    typer.echo(f"saved {entry.id} to {path}{where}", err=True)


def _drop_if_unchanged(draft: Any, original: str) -> None:
    import contextlib

    with contextlib.suppress(Exception):  # a draft that cannot be read is left for the user
        if _read(draft) == original:
            draft.unlink()


def _editor() -> list[str]:
    """$VISUAL, else $EDITOR, else vi, but only where a person can use it (a terminal)."""
    import os
    import shlex
    import sys

    chosen = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if chosen:
        return shlex.split(chosen)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        fail("no editor: set $VISUAL or $EDITOR (there is no terminal to run vi in)")
    return ["vi"]


def _read(path: Any) -> str:
    from modelcard.safefiles import read_text
    from modelcard.store import MAX_ENTRY_BYTES

    return read_text(path, limit=MAX_ENTRY_BYTES)


def _draft(catalog: Any, id: str, original: str, *, resume: bool, discard: bool) -> Any:
    """The draft file of an edit: a new one holding ``original``, or the kept one. Created
    exclusively and never through a symlink."""
    import os

    folder = catalog.private_dir / "drafts"
    folder.mkdir(parents=True, exist_ok=True)
    if folder.is_symlink():
        fail(f"{folder} is a symbolic link; drafts are not written through one")
    # not ".toml" at the end: nothing but entries may look like one (CLI.md)
    draft = folder / f"{id}.toml.edit"
    kept = os.path.lexists(draft)
    if kept and (draft.is_symlink() or not draft.is_file()):
        fail(f"{draft} is not a regular file; remove it to edit {id}")
    if kept and (discard or _read(draft) == original):  # nothing in it to lose
        draft.unlink()
        kept = False
    if kept and not resume:
        fail(
            f"an earlier edit of {id} left a draft in {draft}: --resume continues it, "
            "--discard drops it"
        )
    if resume and not kept:
        fail(f"no draft of {id} to resume")
    if not kept:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(draft, flags, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(original)
    return draft
