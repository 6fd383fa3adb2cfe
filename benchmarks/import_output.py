"""How much `import` of a large Models Table says: the lines on stderr, the notes behind
them, and the time, for a synthetic table (benchmarks/synthetic.py) imported into an empty
store.

    python benchmarks/import_output.py [--models 10000]

Issue 11 measured 471 lines (a note per inferred active count, a warning per odd sheet
figure) before the one line of summary; the bar is at most about 20.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # `python benchmarks/import_output.py` from the repository


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=10_000)
    args = parser.parse_args()
    from benchmarks.synthetic import synthetic_entries
    from modelcard.importers import to_models_table

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        table = root / "models-table.csv"
        table.write_text(to_models_table(synthetic_entries(args.models)), encoding="utf-8")
        report = root / "notes.jsonl"
        env = {
            **os.environ,
            "MODELCARD_HOME": str(root / "home"),
            "MODELCARD_NO_STALE_WARNING": "1",
        }
        command = [sys.executable, "-m", "modelcard", "import", str(table), "--report", str(report)]
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
        seconds = time.perf_counter() - start
        lines = done.stderr.splitlines()
        notes = report.read_text(encoding="utf-8").splitlines()
        kinds: dict[str, int] = {}
        for note in notes:
            kind = json.loads(note)["kind"]
            kinds[kind] = kinds.get(kind, 0) + 1
    print(f"import of {args.models:,} rows: {len(lines)} lines on stderr, {seconds:.1f} s")
    print(f"notes behind them ({len(notes):,}, all in --report): {kinds}")
    print("\n".join(f"  | {line}" for line in lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
