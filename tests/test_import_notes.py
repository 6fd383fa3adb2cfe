"""A large import says a few lines: bad rows in full, the notes on rows counted by kind with
the first few, every one of them with --verbose or in --report FILE (JSON lines); and a
progress bar on a terminal only, never with --quiet."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from modelcard.cli import app

from .pty_run import plain, run_in_terminal

runner = CliRunner()
BAD_ROWS = 3


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 models drawn from the bundled catalog's own (benchmarks/synthetic.py), and three
    rows without a lab."""
    from benchmarks.synthetic import synthetic_entries

    from modelcard.importers import to_models_table

    rows = list(csv.reader(io.StringIO(to_models_table(synthetic_entries(300, seed=3)))))
    lab = rows[0].index("Lab")
    for n in range(BAD_ROWS):
        bad = list(rows[1 + n])
        bad[lab] = ""
        rows.append(bad)
    path = tmp_path_factory.mktemp("table") / "models-table.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, lineterminator="\n").writerows(rows)
    return path


def test_notes_are_counted_by_kind_and_all_in_the_report(home: Path, table: Path) -> None:
    report = home.parent / "notes.jsonl"
    result = runner.invoke(app, ["import", str(table), "--report", str(report)])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert len(lines) <= 20, result.stderr
    # errors in full: every bad row, with its number and reason
    bad = [line for line in lines if ": skipped row " in line]
    assert len(bad) == BAD_ROWS
    assert all(line.endswith("Lab: empty, so this row is no model") for line in bad)
    notes = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert all(set(note) == {"row", "model", "kind", "message"} for note in notes)
    kinds: dict[str, int] = {}
    for note in notes:
        kinds[note["kind"]] = kinds.get(note["kind"], 0) + 1
    assert kinds["bad-row"] == BAD_ROWS and kinds["near-miss"] == 300
    assert kinds["active-inferred"] > 2  # the table's MoE names (A22B, 142B-A14B, ...)
    # each kind once, with its count, then its first two rows
    from modelcard.notes import counted

    for kind, count in kinds.items():
        if kind != "bad-row":
            heads = [line for line in lines if counted(count, kind) in line]
            assert len(heads) == 1, kind
    inferred = [n for n in notes if n["kind"] == "active-inferred"]
    first = inferred[0]
    assert isinstance(first["row"], int) and first["model"] in first["message"]
    assert f"  row {first['row']}: {first['message']}" in lines
    assert f"  row {inferred[2]['row']}: {inferred[2]['message']}" not in lines
    assert f"--report {report} holds them as JSON lines" in result.stderr
    assert lines[-1].startswith(f"imported 300 models from {table}")


def test_verbose_lists_every_note_and_quiet_none(home: Path, table: Path) -> None:
    verbose = runner.invoke(app, ["import", str(table), "--dry-run", "--verbose"])
    assert verbose.exit_code == 0, verbose.output
    lines = verbose.stderr.splitlines()
    assert sum(1 for line in lines if "is a new entry; nearest:" in line) == 300
    assert sum(1 for line in lines if ": skipped row " in line) == BAD_ROWS
    quiet = runner.invoke(app, ["import", str(table), "--dry-run", "--quiet"])
    assert quiet.exit_code == 0, quiet.output
    said = quiet.stderr.splitlines()
    assert sum(1 for line in said if ": skipped row " in line) == BAD_ROWS  # errors stay
    assert not any("nearest" in line or "active count read" in line for line in said[:-1])
    assert said[-1].startswith("checked 300 models from")
    assert not (home / "models").exists()


def test_a_report_that_cannot_be_written_is_one_line(home: Path, table: Path) -> None:
    nowhere = home.parent / "no such folder" / "notes.jsonl"
    result = runner.invoke(app, ["import", str(table), "--report", str(nowhere)])
    assert result.exit_code == 1
    assert result.stderr == f"modelcard: error: --report {nowhere}: No such file or directory\n"
    assert not (home / "models").exists()  # said before any work


def test_a_report_never_lands_on_the_file_being_imported(home: Path, table: Path) -> None:
    copy = home.parent / "copy.csv"
    copy.write_bytes(table.read_bytes())
    link = home.parent / "link.jsonl"
    link.symlink_to(copy)
    for report in (copy, link):
        result = runner.invoke(app, ["import", str(copy), "--dry-run", "--report", str(report)])
        assert result.exit_code == 1
        assert result.stderr == (
            f"modelcard: error: --report {report}: that is the file being imported\n"
        )
    assert copy.read_bytes() == table.read_bytes()
    dash = runner.invoke(app, ["import", str(copy), "--dry-run", "--report", "-"])
    assert dash.exit_code == 2 and "--report needs a file name" in dash.stderr
    both = runner.invoke(app, ["import", str(copy), "--dry-run", "-q", "-v"])
    assert both.exit_code == 2 and "--quiet and --verbose" in both.stderr


def test_a_stopped_import_reports_what_stopped_it(home: Path, table: Path) -> None:
    report = home.parent / "strict.jsonl"
    report.write_text("an old report\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(table), "--strict", "--report", str(report)])
    assert result.exit_code == 1 and "nothing written (--strict)" in result.stderr
    kinds = [json.loads(line)["kind"] for line in report.read_text(encoding="utf-8").splitlines()]
    assert kinds.count("bad-row") == BAD_ROWS
    # a file that is no dataset at all: nothing to report, and no empty report left behind
    junk = home.parent / "junk.csv"
    junk.write_text("hello\n", encoding="utf-8")
    fresh = home.parent / "fresh.jsonl"
    result = runner.invoke(app, ["import", str(junk), "--report", str(fresh)])
    assert result.exit_code == 1 and not fresh.exists()


def test_quiet_keeps_the_warnings(home: Path, table: Path) -> None:
    # the sheet figures that are not the computed ones are warnings: --quiet drops notes only
    from modelcard.notes import counted

    loud = runner.invoke(
        app, ["import", str(table), "--dry-run", "--report", str(home.parent / "r")]
    )
    kinds = [json.loads(line) for line in (home.parent / "r").read_text().splitlines()]
    warned = {
        n["kind"] for n in kinds if n["kind"] in ("sheet-figure-differs", "moe-notation-disagrees")
    }
    quiet = runner.invoke(app, ["import", str(table), "--dry-run", "--quiet"])
    assert loud.exit_code == quiet.exit_code == 0
    for kind in warned:
        count = sum(1 for n in kinds if n["kind"] == kind)
        assert f"modelcard: warning: {counted(count, kind)}" in quiet.stderr
    assert "active counts read" not in quiet.stderr and "--verbose lists" not in quiet.stderr


BAR = re.compile(r"[━╸╺]{5,}")


def test_a_progress_bar_on_a_terminal_only(home: Path, table: Path) -> None:
    env = {"MODELCARD_HOME": str(home), "MODELCARD_NO_STALE_WARNING": "1"}
    raw, _, code = run_in_terminal(["import", str(table)], columns=100, env=env)
    assert code == 0, raw
    shown = plain(raw)
    for phase in ("reading rows", "matching", "merging", "writing entries"):
        assert re.search(phase + r" +" + BAR.pattern, shown), phase
    # what stays on the screen: the bars are gone, the summary is there
    assert "imported 300 models" in shown
    again = home.parent / "again"
    quiet_env = {**env, "MODELCARD_HOME": str(again)}
    raw, _, code = run_in_terminal(["import", str(table), "-q"], columns=100, env=quiet_env)
    assert code == 0 and not BAR.search(raw) and "imported 300 models" in raw
    # piped stderr (CliRunner): no bar either
    piped = runner.invoke(app, ["import", str(table), "--dry-run"])
    assert not BAR.search(piped.stderr)


@pytest.mark.parametrize(
    ("args", "phase"),
    [
        (["validate", "--builtin"], "checking entries"),
        (["export", "--site", "{tmp}/site"], "writing pages"),
        (["export", "--all", "--out-dir", "{tmp}/cards"], "rendering cards"),
        (["update", "modelsdev", "--url", "modelsdev={data}/models-dev.tar.gz"], "merging"),
    ],
)
def test_long_commands_show_a_bar_unless_quiet(
    home: Path, tmp_path: Path, args: list[str], phase: str
) -> None:
    from .conftest import ROOT

    args = [a.format(tmp=tmp_path, data=ROOT / "data") for a in args]
    env = {"MODELCARD_HOME": str(home), "MODELCARD_NO_STALE_WARNING": "1"}
    raw, _, code = run_in_terminal(args, columns=80, env=env, stdout_tty=False)
    assert code == 0, raw
    assert re.search(phase + r" +" + BAR.pattern, plain(raw)), raw[-500:]
    raw, _, code = run_in_terminal([*args, "--quiet"], columns=80, env=env, stdout_tty=False)
    assert code == 0 and not BAR.search(raw), raw[-500:]


def test_a_warning_said_while_a_bar_shows_starts_its_own_line(home: Path, table: Path) -> None:
    # the bad rows are said while the bars are up: written past them, a warning would land
    # on the bar's own line ("... 0:00:00modelcard: warning") and leave a torn bar behind
    env = {"MODELCARD_HOME": str(home), "MODELCARD_NO_STALE_WARNING": "1"}
    raw, _, code = run_in_terminal(["import", str(table)], columns=80, env=env)
    assert code == 0, raw
    shown = plain(raw)
    starts = [m.start() for m in re.finditer("modelcard: warning: ", shown)]
    assert len(starts) >= BAD_ROWS
    assert all(at == 0 or shown[at - 1] in "\r\n" for at in starts), shown[:400]


def test_a_narrow_terminal_keeps_the_counts_and_drops_the_bar(home: Path) -> None:
    # at 40 columns a bar and a clock left no room: "checking entries 481/…"
    env = {"MODELCARD_HOME": str(home), "MODELCARD_NO_STALE_WARNING": "1"}
    raw, _, code = run_in_terminal(["validate", "--builtin"], columns=40, env=env, stdout_tty=False)
    assert code == 0, raw
    shown = plain(raw)
    assert re.search(r"checking entries \d[\d,]*/[\d,]+\d(?!…)", shown), shown[-400:]
    assert "…" not in shown and not BAR.search(shown)
