"""Rebuild the bundled catalog (src/modelcard/data/catalog) from data/models-table.csv.

It runs the project's own importer, through the CLI, into an empty temporary store, then
swaps the result into place, so the bundled files are exactly what `modelcard import`
writes. Run it after changing the importer or the entry format:

    python scripts/build_catalog.py

The snapshot's date, 2025-10-02, is every entry's `updated` (see data/SOURCES.md).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSV = ROOT / "data" / "models-table.csv"
CATALOG = ROOT / "src" / "modelcard" / "data" / "catalog"
SNAPSHOT_DATE = "2025-10-02"


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--catalog",
        type=Path,
        default=CATALOG,
        help="where to write the catalog (default: the package's; tests write elsewhere)",
    )
    catalog: Path = parser.parse_args(argv).catalog
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
        command = [sys.executable, "-m", "modelcard", "--store", str(store), "--no-builtin"]
        command += ["import", str(CSV), "--updated", SNAPSHOT_DATE]
        done = subprocess.run(command, env=env, check=False)
        if done.returncode != 0:
            print(f"build_catalog: the import failed (exit {done.returncode})", file=sys.stderr)
            return 1
        built = sorted((store / "models").glob("*.toml"))
        staging = catalog.with_name(catalog.name + ".new")
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(store / "models", staging)
    old = catalog.with_name(catalog.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if catalog.exists():
        catalog.rename(old)
    staging.rename(catalog)
    shutil.rmtree(old, ignore_errors=True)
    print(f"build_catalog: {len(built)} entries in {catalog}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
