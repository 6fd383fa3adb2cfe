"""Rebuild the bundled catalog (src/modelcard/data/catalog) from data/models-table.csv.

It reads the table with the project's own importer (as `modelcard import` does), applies the
reviewed files of data/curation (aliases, open weights, active parameters, figures the labs
published; see src/modelcard/curation.py), and swaps the result into place. Run it after
changing the importer, the entry format or a curation file:

    python scripts/build_catalog.py            # rebuild the bundled catalog
    python scripts/build_catalog.py --out DIR  # write the entries into DIR instead

The snapshot's date, 2025-10-02, is every entry's `updated` and every table figure's
`snapshot` (see data/SOURCES.md). A summary of what the catalog states goes to stderr.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from modelcard.curation import Curation, apply  # noqa: E402
from modelcard.entry import Entry, dumps  # noqa: E402
from modelcard.importers import read_models_table  # noqa: E402

CSV = ROOT / "data" / "models-table.csv"
CURATION = ROOT / "data" / "curation"
CATALOG = ROOT / "src" / "modelcard" / "data" / "catalog"
SNAPSHOT = dt.date(2025, 10, 2)


def build() -> list[Entry]:
    """The bundled catalog's entries, from the table and the reviewed files."""
    text = CSV.read_text(encoding="utf-8")
    table = read_models_table(
        text, source="data/models-table.csv", updated=SNAPSHOT, snapshot=SNAPSHOT
    )
    return apply(table.entries, Curation.load(CURATION))


def write(entries: list[Entry], folder: Path) -> None:
    folder.mkdir(parents=True)
    for entry in entries:
        (folder / f"{entry.id}.toml").write_text(dumps(entry), encoding="utf-8")


def summary(entries: list[Entry]) -> str:
    weights = collections.Counter(
        {True: "true", False: "false", None: "unknown"}[e.open_weights] for e in entries
    )
    moe = [e for e in entries if e.architecture == "MoE"]
    levels: collections.Counter[str] = collections.Counter()
    for entry in entries:
        for source in entry.sources.values():
            levels[source.get("confidence", "none")] += 1
    return "\n".join(
        [
            f"build_catalog: {len(entries)} entries",
            "  open_weights: "
            + ", ".join(f"{k} {weights[k]}" for k in ("true", "false", "unknown")),
            f"  aliases: {sum(len(e.aliases) for e in entries)} "
            f"on {sum(1 for e in entries if e.aliases)} models",
            f"  MoE with active parameters: {sum(1 for e in moe if e.active_parameters)} "
            f"of {len(moe)}",
            "  sources by confidence: " + ", ".join(f"{k} {n}" for k, n in sorted(levels.items())),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="write the entries into this new folder")
    args = parser.parse_args(argv)
    entries = build()
    if args.out is not None:
        write(entries, args.out)
        print(summary(entries), file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory(dir=CATALOG.parent) as tmp:
        staging = Path(tmp) / "catalog"
        write(entries, staging)
        old = Path(tmp) / "old"
        if CATALOG.exists():
            CATALOG.rename(old)
        staging.rename(CATALOG)
        shutil.rmtree(old, ignore_errors=True)
    print(summary(entries), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
