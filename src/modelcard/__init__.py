"""modelcard: a command-line catalog of large language models.

The small public API (``load_catalog``, ``figures``) is importable from here; importing the
package itself stays cheap, since ``modelcard --version`` reads ``__version__`` only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .metrics import Figures
    from .store import Catalog

__all__ = ["__version__", "figures", "load_catalog"]


def load_catalog(home: str | None = None, *, builtin: bool = True) -> Catalog:
    """The catalog at ``home`` (default: where the CLI looks), layered over the bundled one."""
    from pathlib import Path

    from .store import Catalog, resolve_home

    return Catalog(resolve_home(Path(home) if home else None), builtin=builtin)


def figures(entry: Any) -> Figures:
    """Every computed figure of an entry (ALScore, tier, ratio, training compute)."""
    from .metrics import figures_of

    return figures_of(entry)
