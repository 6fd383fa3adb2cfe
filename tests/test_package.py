from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from modelcard import __version__
from modelcard.cli import app

from .conftest import ROOT

runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_version(home: Path) -> None:
    lines = [
        f"modelcard {__version__}",
        "catalog layers, lowest first:",
        "  bundled catalog: lifearchitect 2025-10-02, epoch 2026-01-26, modelsdev 2026-07-02",
        f"  user store: {home}",
    ]
    assert runner.invoke(app, ["--version"]).stdout.splitlines() == lines
    done = run("-m", "modelcard", "--version")
    assert done.returncode == 0 and done.stdout.splitlines() == lines


def test_version_describes_the_store_given(home: Path, tmp_path: Path) -> None:
    """--store (and --no-builtin), wherever they stand, say whose layers --version lists."""
    other = tmp_path / "team-store"
    bundled = "  bundled catalog: lifearchitect 2025-10-02, epoch 2026-01-26, modelsdev 2026-07-02"
    for args in (["--store", str(other), "--version"], ["--version", "--store", str(other)]):
        lines = runner.invoke(app, args).stdout.splitlines()
        assert lines[2:] == [bundled, f"  user store: {other}"], args
    hidden = runner.invoke(app, ["--version", "--no-builtin", "--store", str(other)])
    assert hidden.stdout.splitlines()[2:] == [f"  user store: {other}"]
    assert not other.exists()  # a read-only command creates nothing


def test_no_args_shows_help_and_h_works() -> None:
    result = runner.invoke(app, [])
    assert "Usage:" in result.output
    for command in ("show", "rank", "add", "remove", "import"):
        help_text = runner.invoke(app, [command, "-h"])
        assert help_text.exit_code == 0 and "Example" in help_text.stdout, command


def test_python_m_show(home: Path) -> None:
    done = run("-m", "modelcard", "show", "dots.llm1")
    assert done.returncode == 0, done.stderr
    assert "ALScore:           4.2 (Mid-tier)" in done.stdout
    assert not home.exists()


def test_startup_imports_stay_lean() -> None:
    # In the style of Typer's own test_rich_import: a piped `show` and `--version` load no
    # rich module, no tomli_w and no importer.
    code = (
        "import sys\n"
        "from modelcard.__main__ import main\n"
        "sys.argv = ['modelcard', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "bad = [m for m in sys.modules if m.startswith(('rich', 'tomli_w', 'modelcard.importers',"
        " 'csv', 'pydantic', 'sqlite3', 'matplotlib', 'modelcard.commands.rank',"
        " 'modelcard.index', 'modelcard.safefolder', 'modelcard.export', 'unicodedata'))]\n"
        "print(','.join(sorted(bad)), file=sys.stderr)\n"
    )
    for args in (["--version"], ["show", "dots.llm1"]):
        done = run("-c", code, *args)
        assert done.returncode == 0
        assert done.stderr.strip().splitlines()[-1:] in ([], [""]), (args, done.stderr)


def test_called_command_skips_global_options() -> None:
    from modelcard.cli import called_command

    assert called_command(["--store", "x", "--no-builtin", "show", "a"]) == "show"
    assert called_command(["--store=x", "rank"]) == "rank"
    assert called_command(["--help"]) is None


def test_version_does_not_import_typer() -> None:
    code = "import sys; sys.argv=['m','--version']; from modelcard.__main__ import main; main();"
    done = run("-c", code + "print('typer' in sys.modules)")
    lines = done.stdout.splitlines()
    assert lines[0] == f"modelcard {__version__}" and lines[-1] == "False"


def test_readme_commands_are_what_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- ci:install-run -->" in readme and "<!-- ci:install-test -->" in readme
    assert "readme_command install-run" in ci and "readme_command install-test" in ci
    assert "pip install . && .venv/bin/modelcard show dots.llm1" in readme


def test_bundled_catalog_is_what_the_build_script_writes(tmp_path: Path) -> None:
    from modelcard.store import builtin_dir

    out = tmp_path / "catalog"
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_catalog.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "build_catalog: 811 entries" in done.stderr
    built = {p.name: p.read_bytes() for p in (out / "catalog").glob("*.toml")}
    bundled = {p.name: p.read_bytes() for p in builtin_dir().glob("*.toml")}
    assert built == bundled
    for name in ("catalog.toml", "NOTICE.md"):
        assert (out / name).read_bytes() == (builtin_dir().parent / name).read_bytes(), name
    notice = (out / "NOTICE.md").read_text(encoding="utf-8")
    assert "Data: Epoch AI (epoch.ai)" in notice and "CC BY 4.0" in notice
    for licence in ("LICENSE-models.dev", "LICENSE-llm-leaderboard"):
        assert (ROOT / "data" / licence).read_text(encoding="utf-8").strip() in notice
