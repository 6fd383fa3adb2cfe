"""A synthetic store of N models drawn from the Models Table's own distribution.

    python benchmarks/synthetic.py DIR [--models 10000] [--seed 1]

Each synthetic entry is a real bundled entry (labs, sizes, notes, scores, links as they
occur) under a new name, with its counts and scores jittered, so that file sizes, field
mixes and text lengths match the real catalog's. Files are written as `modelcard` writes
them (the same TOML), without fsync, into DIR/models/. Also writes DIR/models-table.csv,
the same entries as a Models Table export, for timing `import`.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from modelcard.entry import Entry, dumps
from modelcard.importers import to_models_table
from modelcard.store import Catalog, builtin_dir


def synthetic_entries(count: int, seed: int = 1) -> list[Entry]:
    rng = random.Random(seed)
    real = Catalog(builtin_dir().parent, builtin=True).entries()
    made = []
    for n in range(count):
        base = rng.choice(real)
        jitter = rng.uniform(0.5, 2.0)
        scores = {
            k: min(100.0, round(v * rng.uniform(0.9, 1.1), 1)) for k, v in base.benchmarks.items()
        }
        made.append(
            base.with_(
                id=f"synthetic-{n:06d}",
                name=f"{base.name} checkpoint {n}",
                parameters=int(base.parameters * jitter) if base.parameters else None,
                active_parameters=None,
                tokens=int(base.tokens * rng.uniform(0.5, 2.0)) if base.tokens else None,
                benchmarks=scores,
                sheet={},
                path=None,
                builtin=False,
            )
        )
    return made


def write_store(root: Path, entries: list[Entry]) -> None:
    models = root / "models"
    models.mkdir(parents=True, exist_ok=True)
    for entry in entries:
        (models / f"{entry.id}.toml").write_text(dumps(entry), encoding="utf-8")
    (root / "models-table.csv").write_text(to_models_table(entries), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--models", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_store(args.dir, synthetic_entries(args.models, args.seed))
    print(f"{args.models} synthetic models in {args.dir / 'models'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
