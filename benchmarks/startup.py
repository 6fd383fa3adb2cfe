"""Start-up of the CLI against `python -c pass`, as ratios measured in one run.

    python benchmarks/startup.py [--runs 21]

Each command runs --runs times, interleaved with the others so that a noisy machine affects
all of them alike; it prints the median of each, its min-max, and the ratio of the medians to
`python -c pass`. Targets (CLI.md): `modelcard --version` at most 6x, `modelcard show
dots.llm1` at most 7x. `typer-app` is a bare one-argument Typer app: the floor any Typer CLI
pays, which is what decides the typer version.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"modelcard --version": 6.0, "modelcard show dots.llm1": 7.0}
BARE_TYPER = """
import typer
app = typer.Typer()
@app.command()
def main(name: str) -> None:
    print(name)
app()
"""


def measure(
    commands: dict[str, list[str]], runs: int, env: dict[str, str]
) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            start = time.perf_counter()
            subprocess.run(
                argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True
            )
            times[name].append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    python = sys.executable
    import compileall

    import modelcard

    # An installed wheel has its bytecode compiled; an editable checkout under
    # PYTHONDONTWRITEBYTECODE would compile from source on every run instead.
    compileall.compile_dir(Path(modelcard.__file__).parent, quiet=1)
    script = Path(python).with_name("modelcard")
    cli = [str(script)] if script.exists() else [python, "-m", "modelcard"]
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare_typer.py"
        bare.write_text(BARE_TYPER, encoding="utf-8")
        env = dict(os.environ, MODELCARD_HOME=str(Path(tmp) / "home"))
        commands = {
            "python -c pass": [python, "-c", "pass"],
            "typer-app (bare)": [python, str(bare), "x"],
            "modelcard --version": [*cli, "--version"],
            "modelcard show dots.llm1": [*cli, "show", "dots.llm1"],
        }
        times = measure(commands, args.runs, env)
    base = statistics.median(times["python -c pass"])
    print(f"{'command':<28} {'median ms':>10} {'min-max ms':>16} {'ratio':>7}  target")
    failed = False
    for name, samples in times.items():
        median = statistics.median(samples)
        ratio = median / base
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            verdict = f"<= {target:g}x " + ("ok" if ratio <= target else "MISSED")
            failed |= ratio > target
        spread = f"{min(samples) * 1000:.1f}-{max(samples) * 1000:.1f}"
        print(f"{name:<28} {median * 1000:>10.1f} {spread:>16} {ratio:>6.2f}x  {verdict}")
    import typer

    print(f"typer {typer.__version__}, python {sys.version.split()[0]}, {args.runs} runs each")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
