"""The benchmark suite: every row of the speed targets, as paired ratios.

    python benchmarks/run.py                                  # 1,000, 10,000, 50,000; 5 rounds
    python benchmarks/run.py --models 10000 --runs 9 --skip-startup

Each command runs right after its baseline, round after round, and its figure is the median
of the per-round ratios (command / baseline), with their range: on a shared machine whose
speed drifts, a ratio of two runs a few milliseconds apart moves far less than either time.
The baselines:

- ``python -c pass``, the floor of any Python CLI, for commands that answer at once;
- a bare tomllib loop over the N entry files (list the folder, parse each file), for
  commands that must read every entry: a cold ``rank`` and ``export --site``;
- a bare writer of the very files an import writes, with the same syncs (each file written
  under a temporary name, the file system synced once, each renamed into place, the folder
  synced once), for ``import``.

Sections: start-up on the bundled catalog (``--version``, ``show dots.llm1``, ``show 'Kimi
K2.6'`` by name); importing the whole Epoch AI CSV and the whole models.dev checkout of
data/ into an empty store; then, for each size N, a synthetic store drawn from the
bundled catalog's distribution (benchmarks/synthetic.py) with the rows of issue 14's
table. Peak memory (max RSS) is printed for every command. A missed target is marked
MISSED and the exit code is 1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # `python benchmarks/run.py` from the repository
PASS = "python -c pass"
TOMLLIB = "bare tomllib loop"
WRITER = "bare writer"
BARE_TOMLLIB = """
import os, sys, tomllib
folder = sys.argv[1]
for name in os.listdir(folder):
    with open(os.path.join(folder, name), "rb") as handle:
        tomllib.load(handle)
"""
# The least a durable import must do, and what `import` does: every file written under a
# temporary name, the file system synced once (so that no name can point at data a power
# cut would lose), each file renamed into place (a killed writer leaves only whole files),
# and the folder synced once so that the names survive too.
BARE_WRITER = """
import ctypes, os, sys
source, target = sys.argv[1], sys.argv[2]
temp = os.path.join(target, ".tmp")
os.makedirs(temp)
names = sorted(os.listdir(source))
for name in names:
    with open(os.path.join(source, name), "rb") as handle:
        data = handle.read()
    fd = os.open(os.path.join(temp, name), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    os.write(fd, data)
    os.close(fd)
fd = os.open(target, os.O_RDONLY | os.O_DIRECTORY)
ctypes.CDLL(None).syncfs(fd)
for name in names:
    os.rename(os.path.join(temp, name), os.path.join(target, name))
os.fsync(fd)
os.close(fd)
"""
# Runs one command and prints its wall time and peak memory. A small process of its own:
# a child's max RSS counts the memory of the process it was forked from, so measuring from
# this (large) benchmark process would report its size instead of the command's.
LAUNCHER = """
import os, sys, time
devnull = os.open(os.devnull, os.O_WRONLY)
start = time.perf_counter()
to_devnull = [(os.POSIX_SPAWN_DUP2, devnull, 1)]
pid = os.posix_spawnp(sys.argv[1], sys.argv[1:], os.environ, file_actions=to_devnull)
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""
BARE_TYPER = """
import typer
app = typer.Typer()
@app.command()
def main(name: str) -> None:
    print(name)
app()
"""


@dataclass
class Command:
    """A command line, the baseline it is paired with, and what to do (untimed) before
    each run of it (and of its baseline: both start from the same state)."""

    argv: list[str]
    base: str = PASS
    before: Callable[[], None] | None = None


@dataclass
class Sample:
    seconds: list[float] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    peak_kb: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios) if self.ratios else 1.0

    @property
    def peak_mb(self) -> float:
        return max(self.peak_kb) / 1024


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Run a command: its wall time and its peak memory (max RSS, KB)."""
    done = subprocess.run(
        [sys.executable, "-c", LAUNCHER, *argv], capture_output=True, text=True, env=env
    )
    seconds, peak_kb, code = done.stdout.split()
    if done.returncode != 0 or code != "0":
        raise SystemExit(f"{' '.join(argv[:4])}... failed ({code}): {done.stderr[-500:]!r}")
    return float(seconds), int(peak_kb)


def measure(
    commands: dict[str, Command], bases: dict[str, Command], rounds: int, env: dict[str, str]
) -> dict[str, Sample]:
    """Each command ``rounds`` times, each run right after a run of its baseline."""
    used = dict.fromkeys(command.base for command in commands.values())
    samples = {name: Sample() for name in [*used, *commands]}
    for _ in range(rounds):
        for name, command in commands.items():
            base = bases[command.base]
            for which, what in ((command.base, base), (name, command)):
                for prepare in (base.before, command.before):
                    if prepare is not None:
                        prepare()
                seconds, peak = run_once(what.argv, env)
                samples[which].seconds.append(seconds)
                samples[which].peak_kb.append(peak)
            samples[name].ratios.append(
                samples[name].seconds[-1] / samples[command.base].seconds[-1]
            )
    return samples


def row(name: str, sample: Sample, target: float | None = None, *, base: str = "") -> bool:
    """Print one row; returns whether its target (a ratio), if any, holds."""
    ok = target is None or sample.ratio <= target
    verdict = "" if target is None else f"<= {target:g}x " + ("ok" if ok else "MISSED")
    ratio = (
        f"{sample.ratio:6.2f}x {min(sample.ratios):5.2f}-{max(sample.ratios):<5.2f}"
        if sample.ratios
        else f"{'':>18}"
    )
    print(
        f"  {name:<40} {sample.median * 1000:>9.1f} ms  {ratio} {base:<8} "
        f"{sample.peak_mb:>6.0f} MB  {verdict}"
    )
    return ok


def header(what: str) -> None:
    print(f"\n{what}")
    print(f"  {'':<40} {'median':>12}  {'ratio  (range)':<18} {'to':<8} {'peak':>9}  target")


def startup(cli: list[str], rounds: int, tmp: Path) -> bool:
    tmp.mkdir(parents=True)
    bare = tmp / "bare_typer.py"
    bare.write_text(BARE_TYPER, encoding="utf-8")
    env = dict(os.environ, MODELCARD_HOME=str(tmp / "home"), MODELCARD_CACHE_DIR=str(tmp / "c"))
    python = sys.executable
    run_once([*cli, "show", "Kimi K2.6"], env)  # the bundled catalog's index, built
    time.sleep(2.1)  # out of the index's window of doubt about fresh files
    commands = {
        "a one-argument typer app": Command([python, str(bare), "x"]),
        "modelcard --version": Command([*cli, "--version"]),
        "modelcard show dots.llm1": Command([*cli, "show", "dots.llm1"]),
        "modelcard show 'Kimi K2.6' (by name)": Command([*cli, "show", "Kimi K2.6"]),
    }
    samples = measure(commands, {PASS: Command([python, "-c", "pass"])}, rounds, env)
    header(f"Start-up, the bundled catalog ({rounds} rounds)")
    row(PASS, samples[PASS])
    row("a one-argument typer app", samples["a one-argument typer app"], base="pass")
    ok = row("modelcard --version", samples["modelcard --version"], 6, base="pass")
    ok &= row("modelcard show dots.llm1", samples["modelcard show dots.llm1"], 7, base="pass")
    by_name = "modelcard show 'Kimi K2.6' (by name)"
    return row(by_name, samples[by_name], 7, base="pass") and ok


def sources(cli: list[str], rounds: int, tmp: Path) -> bool:
    """Importing each whole dataset of data/ into an empty store (the bundled catalog
    visible, as a user has it): issue 10's target is under 10 s each."""
    import tarfile

    data = HERE.parent / "data"
    checkout = tmp / "models.dev"
    with tarfile.open(data / "models-dev.tar.gz") as archive:
        archive.extractall(checkout, filter="data")
    home = tmp / "import-home"
    env = dict(os.environ, MODELCARD_HOME=str(home), MODELCARD_CACHE_DIR=str(tmp / "ic"))

    def empty() -> None:
        shutil.rmtree(home, ignore_errors=True)

    epoch = [*cli, "import", str(data / "epoch-notable-ai-models.csv")]
    commands = {
        "import the Epoch AI CSV": Command(epoch, before=empty),
        "import the models.dev checkout": Command([*cli, "import", str(checkout)], before=empty),
    }
    samples = measure(commands, {PASS: Command([sys.executable, "-c", "pass"])}, rounds, env)
    header(f"A whole dataset into an empty store ({rounds} rounds; target: under 10 s)")
    ok = True
    for name in commands:
        fine = samples[name].median < 10
        ok &= fine
        row(name, samples[name], base="pass")
        print(f"  {'':<40} {'under 10 s: ' + ('ok' if fine else 'MISSED')}")
    return ok


@dataclass
class Scale:
    """What one size measured, for the comparison between sizes."""

    import_per_model: float
    rows: dict[str, float]


# Issue 14's targets (ratios), by size; a size not listed has none.
TARGETS: dict[str, dict[int, float]] = {
    "rank --limit 10 --format json (warm)": {10_000: 9, 50_000: 15},
    "search qwen (warm, table)": {10_000: 10, 50_000: 20},
    "search qwen --format json (warm)": {10_000: 10, 50_000: 20},
    "show NAME (by name)": {10_000: 8, 50_000: 15},
    "rank --limit 10 --format json (cold)": {1_000: 1.0, 10_000: 1.0, 50_000: 1.0},
    "export --site": {10_000: 3, 50_000: 3},
    "import (a Models Table CSV)": {10_000: 1.3, 50_000: 1.3},
}
MEMORY_MB = 150  # at 10,000 models (memory grows with N like everything else)


def at_scale(cli: list[str], models: int, rounds: int, heavy: int, tmp: Path) -> tuple[bool, Scale]:
    from benchmarks.synthetic import synthetic_entries, write_store

    tmp.mkdir(parents=True)
    entries = synthetic_entries(models)
    root = tmp / "store"
    write_store(root, entries)
    folder = root / "models"
    cache = tmp / "cache"
    env = dict(os.environ, MODELCARD_CACHE_DIR=str(cache), MODELCARD_NO_STALE_WARNING="1")
    store = [*cli, "--store", str(root), "--no-builtin"]
    python = sys.executable
    for script, text in (("bare_tomllib.py", BARE_TOMLLIB), ("bare_writer.py", BARE_WRITER)):
        (tmp / script).write_text(text, encoding="utf-8")
    imported = tmp / "imported"
    written = tmp / "written"  # what an import writes, for the bare writer to write again

    def drop_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    def empty_import() -> None:
        shutil.rmtree(imported, ignore_errors=True)

    def empty_written() -> None:
        shutil.rmtree(tmp / "rewritten", ignore_errors=True)

    importing = [*cli, "--store", str(imported), "--no-builtin", "import"]
    run_once([*importing, str(root / "models-table.csv")], env)
    shutil.copytree(imported / "models", written)
    empty_import()
    name = entries[models // 2].name
    rank = [*store, "rank", "--limit", "10", "--format", "json"]
    run_once(rank, env)  # the index, built
    time.sleep(2.1)  # out of the index's window of doubt about fresh files
    run_once(rank, env)
    bases = {
        PASS: Command([python, "-c", "pass"]),
        TOMLLIB: Command([python, str(tmp / "bare_tomllib.py"), str(folder)]),
        WRITER: Command(
            [python, str(tmp / "bare_writer.py"), str(written), str(tmp / "rewritten")],
            before=empty_written,
        ),
    }
    warm = {
        "rank --limit 10 --format json (warm)": Command(rank),
        "search qwen (warm, table)": Command([*store, "search", "qwen"]),
        "search qwen --format json (warm)": Command([*store, "search", "qwen", "-f", "json"]),
        "show NAME (by name)": Command([*store, "show", name]),
    }
    samples = measure(warm, bases, rounds, env)
    slow = {
        "rank --limit 10 --format json (cold)": Command(rank, TOMLLIB, drop_cache),
        "export --site": Command([*store, "export", "--site", str(tmp / "site")], TOMLLIB),
        "import (a Models Table CSV)": Command(
            [*importing, str(root / "models-table.csv")], WRITER, empty_import
        ),
    }
    samples |= measure(slow, bases, heavy, env)  # no baseline of the quick ones
    header(f"{models:,} models ({rounds} rounds; {heavy} for the cold rank, export and import)")
    for base in bases:
        row(base, samples[base])
    ok = True
    for title, command in {**warm, **slow}.items():
        to = {PASS: "pass", TOMLLIB: "tomllib", WRITER: "writer"}[command.base]
        ok &= row(title, samples[title], TARGETS[title].get(models), base=to)
    if models == 10_000:
        peak = max(samples[name].peak_mb for name in [*warm, *slow])
        fine = peak < MEMORY_MB
        ok &= fine
        print(
            f"  peak memory of any command: {peak:.0f} MB (< {MEMORY_MB} MB: "
            f"{'ok' if fine else 'MISSED'})"
        )
    importing_seconds = samples["import (a Models Table CSV)"].median
    return ok, Scale(importing_seconds / models, {t: samples[t].ratio for t in {**warm, **slow}})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="1000,10000,50000", help="sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="rounds of each quick command")
    parser.add_argument("--heavy-runs", type=int, default=3, help="rounds of the slow ones")
    parser.add_argument("--skip-startup", action="store_true")
    args = parser.parse_args()
    sizes = [int(n) for n in args.models.split(",")]
    import compileall

    import modelcard

    # an installed wheel has its bytecode compiled; a checkout under PYTHONDONTWRITEBYTECODE
    # would compile from source on every run instead
    compileall.compile_dir(Path(modelcard.__file__).parent, quiet=1)
    script = Path(sys.executable).with_name("modelcard")
    cli = [str(script)] if script.exists() else [sys.executable, "-m", "modelcard"]
    ok = True
    scales: dict[int, Scale] = {}
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if not args.skip_startup:
            ok &= startup(cli, args.runs * 3, tmp / "startup")
            ok &= sources(cli, args.heavy_runs, tmp / "sources")
        for models in sizes:
            passed, scales[models] = at_scale(
                cli, models, args.runs, args.heavy_runs, tmp / str(models)
            )
            ok &= passed
    if 10_000 in scales and 50_000 in scales:
        growth = scales[50_000].import_per_model / scales[10_000].import_per_model
        fine = growth <= 1.10
        ok &= fine
        print(
            f"\nimport per model, 10,000 -> 50,000: {growth - 1:+.0%} "
            f"(target: flat, within 10%: {'ok' if fine else 'MISSED'})"
        )
    import typer

    print(f"\ntyper {typer.__version__}, python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
