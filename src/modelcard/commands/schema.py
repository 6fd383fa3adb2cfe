"""modelcard schema: the JSON Schema of an entry file, for editors."""

# No `from __future__ import annotations`: Typer would eval every annotation at start-up.
from typing import Any

from .common import out

SETTINGS: dict[str, Any] = {
    "epilog": "Example:\n\n  modelcard schema > modelcard-entry.schema.json\n\n"
    "  then, at the top of an entry file:  #:schema ./modelcard-entry.schema.json"
}


def schema() -> None:
    """Print the JSON Schema of an entry file (for taplo / Even Better TOML)."""
    from modelcard.render.tabular import to_json
    from modelcard.schema import entry_schema

    out(to_json(entry_schema()))
