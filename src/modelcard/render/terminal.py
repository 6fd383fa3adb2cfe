"""Everything rich: one console and the views for people at a terminal.

User text goes in as ``rich.text.Text`` or through a console with markup off, so a model
called ``Llama [8B]`` prints as written. rich honours ``NO_COLOR`` by itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from modelcard.entry import Entry

from .tabular import printable, show_lines


def console() -> Console:
    return Console(markup=False, highlight=False, emoji=False)


def print_show(entry: Entry) -> None:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    for label, value in show_lines(entry):
        table.add_row(Text(label), Text(printable(value)))
    out = console()
    out.print(Text(printable(entry.name), style="bold underline"))
    out.print(table)


def print_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    title: str,
    left: Sequence[str] = ("Model", "Lab"),
    caption: str | None = None,
) -> None:
    table = Table(
        title=Text(title),
        title_justify="left",
        caption=Text(caption) if caption else None,
        caption_justify="left",
    )
    for name in header:
        table.add_column(Text(name), justify="left" if name in left else "right")
    for row in rows:
        table.add_row(*(Text(printable(value)) for value in row))
    console().print(table)
