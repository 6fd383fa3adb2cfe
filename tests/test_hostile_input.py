"""Bad input of every kind: a clear one-line error (or a safe result), never a traceback,
and nothing written outside the store's models/ folder or the export folder.

The README's table of bad inputs is this table."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

HEADER = (
    "Model,Lab,Playground,Parameters (B),Tokens trained (B),Ratio,ALScore,MMLU,MMLU-Pro,GPQA,"
    "HLE,Training dataset,Announced,Public?,Paper / Repo,Arch,Tags,Notes"
)

# (what, arguments, CSV text to write to t.csv or None, exit code, what stderr says)
CASES: list[tuple[str, list[str], str | None, int, str]] = [
    ("name with ../", ["add", "../../evil", "--lab", "L"], None, 0, "added evil"),
    ("absolute path as name", ["add", "/etc/passwd", "--lab", "L"], None, 0, "added etc-passwd"),
    ("device name", ["add", "con", "--lab", "L"], None, 0, "added con-model"),
    ("emoji name", ["add", "🚀", "--lab", "L"], None, 0, "added model-ebbc0b28"),
    ("10,000-character name", ["add", "x" * 10_000, "--lab", "L"], None, 1,
     "name: 10000 characters is too long (at most 500)"),
    ("control characters", ["add", "a\x1b[31mb", "--lab", "L"], None, 1,
     "name: control characters are not allowed"),
    ("--params abc", ["add", "M", "--lab", "L", "--params", "abc"], None, 1,
     "--params: 'abc' is not a count"),
    ("--params -5B", ["add", "M", "--lab", "L", "--params", "-5B"], None, 1,
     "--params: '-5B' is negative"),
    ("--params nan", ["add", "M", "--lab", "L", "--params", "nan"], None, 1,
     "--params: 'nan' is not a count"),
    ("--params inf", ["add", "M", "--lab", "L", "--params", "inf"], None, 1,
     "--params: 'inf' is not a count"),
    ("--params 1e400", ["add", "M", "--lab", "L", "--params", "1e400"], None, 1,
     "--params: '1e400' is too large"),
    ("--params 142", ["add", "M", "--lab", "L", "--params", "142"], None, 1,
     "did you mean 142B?"),
    ("--mmlu 101", ["add", "M", "--lab", "L", "--mmlu", "101"], None, 1,
     "--mmlu: '101' is outside 0-100"),
    ("--gpqa -1", ["add", "M", "--lab", "L", "--gpqa=-1"], None, 1,
     "--gpqa: '-1' is outside 0-100"),
    ("--id ../x", ["add", "M", "--lab", "L", "--id", "../x"], None, 1,
     "--id: '../x' is not a valid id"),
    ("--released June", ["add", "M", "--lab", "L", "--released", "June"], None, 1,
     "released: 'June' is not YYYY, YYYY-MM or YYYY-MM-DD"),
    ("2 MB of notes", ["add", "--from", "t.toml"], None, 1,
     "t.toml: notes: 2,000,000 characters is too long"),
    ("CSV with no header", ["import", "t.csv"], "dots,Lab,,142.0\n", 1,
     "not a Models Table export"),
    ("CSV with ragged rows", ["import", "t.csv"], f"{HEADER}\nA,L\nB,L,,7,1,,,,,,,,,,,,,,x,y\n",
     0, "row 3: 20 cells, but the header has 18"),
    ("CSV with an unclosed quote", ["import", "t.csv"], f'{HEADER}\n"A,L\n', 1, "not valid CSV"),
    ("CSV with a BOM", ["import", "t.csv"], f"\ufeff{HEADER}\nA,L\n", 0, "imported 1 model from"),
    ("CSV with Windows line ends", ["import", "t.csv"], f"{HEADER}\r\nA,L\r\n", 0,
     "imported 1 model from"),
    ("CSV with 50 MB of notes", ["import", "t.csv"],
     f'{HEADER}\nA,L{"," * 16}"{"n" * 50_000_000}"\n', 0,
     "row 2: notes: 50,000,000 characters is too long"),
    ("not UTF-8", ["import", "t.csv"], None, 1, "not UTF-8 text"),
    ("a missing file", ["import", "missing.csv"], None, 1, "missing.csv: No such file"),
    ("--store is a file", ["--store", "t.csv", "add", "M", "--lab", "L"], "", 1,
     "Not a directory"),
    ("unknown model", ["show", "no such model"], None, 1, "no model named 'no such model'"),
    ("unknown --by", ["rank", "--by", "vibes"], None, 1, "--by: unknown field 'vibes'"),
    ("unknown option", ["rank", "--bogus"], None, 2, "No such option"),
    ("MODELCARD_NO_BUILTIN=maybe", ["rank"], None, 1, "MODELCARD_NO_BUILTIN='maybe'"),
    # issue 13: hostile files and text
    ("ESC in notes", ["add", "M", "--lab", "L", "--notes", "a\x1b[31mred"], None, 1,
     "notes: control characters are not allowed"),
    ("OSC in a link", ["add", "M", "--lab", "L", "--paper", "https://x.example/\x1b]0;t\x07"],
     None, 1, "links.paper: line breaks and control characters are not allowed"),
    ("BEL in the architecture", ["add", "M", "--lab", "L", "--arch", "MoE\x07"], None, 1,
     "architecture: line breaks and control characters are not allowed"),
    ("bidi override in a name", ["add", "Claude \u202eOpus", "--lab", "L"], None, 1,
     "name: the invisible character U+202E is not allowed in a name"),
    ("zero-width space in a lab", ["add", "M", "--lab", "Anthro\u200bpic"], None, 1,
     "lab: the invisible character U+200B is not allowed in a name"),
    ("decomposed accent (NFD)", ["add", "Cafe\u0301", "--lab", "L"], None, 0, "added cafe"),
    ("--bench mmlu=50 --mmlu 60", ["add", "M", "--lab", "L", "--bench", "mmlu=50", "--mmlu", "60"],
     None, 1, "--bench: 'mmlu' is given twice"),
    ("MMLU and mmlu in one file", ["add", "--from", "t.toml"], None, 1,
     "benchmarks: 'MMLU' and 'mmlu' are the same benchmark; keep one"),
    ("deeply nested TOML", ["add", "--from", "t.toml"], None, 1, "nested too deeply to be read"),
    ("TOML with a BOM", ["add", "--from", "t.toml"], None, 0, "added bom"),
    ("a FIFO as --from", ["add", "--from", "t.toml"], None, 1, "not a regular file (a FIFO)"),
    ("a FIFO as the CSV", ["import", "t.csv"], None, 1, "t.csv: not a regular file (a FIFO)"),
    ("a FIFO as the model card", ["import", "t.md"], None, 1, "t.md: not a regular file (a FIFO)"),
    ("--limit 99999999999999999999", ["rank", "--limit", "99999999999999999999"], None, 0, ""),
    ("entry nested 500 deep in the store", ["rank"], None, 0,
     "deep.toml: nested too deeply to be read"),
    ("a FIFO in the store", ["rank"], None, 0, "pipe.toml: not a regular file (a FIFO)"),
    ("a symlink loop in the store", ["rank"], None, 0,
     "loop.toml: cannot be read: Too many levels of symbolic links"),
    ("a symlink to /dev/zero in the store", ["rank"], None, 0,
     "zero.toml: not a regular file (a device)"),
    ("a file name that is not an id", ["rank"], None, 0,
     "Has Space.toml: the file name is not an id; rename it to has-space.toml"),
    ("an OSC sequence in a file name", ["rank"], None, 0, "\\x1b]0;pwned\\x07.toml"),
    ("an entry with a BOM in the store", ["show", "bom"], None, 0, ""),
    ("a C locale (LC_ALL=C PYTHONUTF8=0)", ["show", "ernie-4.0"], None, 0, ""),
    ("a symlinked folder in the export", ["export", "--site", "site", "--lab", "Cohere"], None, 1,
     "labs is a symbolic link or not a folder"),
    ("a planted manifest", ["export", "--site", "site", "--lab", "Cohere"], None, 0,
     "wrote 27 files (13 cards)"),
    ("a 300-character name in the export", ["export", "--site", "site"], None, 0, "wrote"),
    ("edit without $EDITOR or a terminal", ["edit", "dots.llm1"], None, 1, "no editor"),
]  # fmt: skip

# the contents of t.toml, for the cases that read one
TOML_FILES = {
    "2 MB of notes": 'name = "M"\nlab = "L"\nnotes = "' + "n" * 2_000_000 + '"\n',
    "MMLU and mmlu in one file": 'name = "M"\nlab = "L"\n[benchmarks]\nMMLU = 10\nmmlu = 90\n',
    "deeply nested TOML": 'name = "M"\nlab = "L"\nnotes = ' + "[" * 500 + "]" * 500 + "\n",
    "TOML with a BOM": '\ufeffname = "BOM"\nlab = "L"\n',
}


@pytest.mark.parametrize(
    ("what", "args", "csv_text", "code", "says"), CASES, ids=[c[0] for c in CASES]
)
def test_bad_input(
    what: str,
    args: list[str],
    csv_text: str | None,
    code: int,
    says: str,
    tmp_path: Path,
    home: Path,
) -> None:
    if csv_text is not None:
        (tmp_path / "t.csv").write_text(csv_text, encoding="utf-8")
    if what == "not UTF-8":
        (tmp_path / "t.csv").write_bytes(b"Model,Lab\n\xff\xfe,x\n")
    if what in TOML_FILES:
        (tmp_path / "t.toml").write_text(TOML_FILES[what], encoding="utf-8")
    if what.startswith("a FIFO as"):
        os.mkfifo(tmp_path / args[-1])
    env = dict(os.environ)
    if what in SETUP:
        (home / "models").mkdir(parents=True)
        SETUP[what](tmp_path, home / "models")
    env.update(ENV.get(what, {}))
    if what.startswith("MODELCARD_NO_BUILTIN"):
        env["MODELCARD_NO_BUILTIN"] = "maybe"
    done = subprocess.run(
        [sys.executable, "-m", "modelcard", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
        timeout=120,  # a FIFO must not hang it
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == code, done.stderr
    assert says in done.stderr
    if code:
        first = done.stderr.splitlines()[0] if done.stderr else ""
        assert first.startswith(("modelcard: error: ", "Usage: ")), done.stderr
    # nothing lands outside the store's models/ folder (or the export folder)
    written = [p for p in home.rglob("*") if p.is_file()]
    assert all(p.parent == home / "models" for p in written), written
    assert not (tmp_path.parent / "evil.toml").exists()
    if (tmp_path / "outside").exists():
        assert sorted(p.name for p in (tmp_path / "outside").iterdir()) == ["keep.md"]
    if (tmp_path / "site" / ".git").exists():
        assert (tmp_path / "site" / ".git" / "config").read_text(encoding="utf-8") == "git"


def _entry(models: Path, name: str, text: str = 'name = "M"\nlab = "L"\n') -> None:
    (models / name).write_text(text, encoding="utf-8")


def _symlinked_labs(tmp: Path, models: Path) -> None:
    (tmp / "outside").mkdir()
    (tmp / "outside" / "keep.md").write_text("mine", encoding="utf-8")
    (tmp / "site").mkdir()
    (tmp / "site" / "labs").symlink_to(tmp / "outside", target_is_directory=True)


def _planted_manifest(tmp: Path, models: Path) -> None:
    import hashlib
    import json

    _symlinked_labs(tmp, models)
    (tmp / "site" / "labs").unlink()
    (tmp / "site" / "link").symlink_to(tmp / "outside", target_is_directory=True)
    (tmp / "site" / ".git").mkdir()
    (tmp / "site" / ".git" / "config").write_text("git", encoding="utf-8")
    known = {
        name: hashlib.sha256(content).hexdigest()
        for name, content in [("link/keep.md", b"mine"), (".git/config", b"git")]
    }
    (tmp / "site" / ".modelcard-export.json").write_text(json.dumps({"files": known}))


SETUP: dict[str, Callable[[Path, Path], None]] = {
    "entry nested 500 deep in the store": lambda tmp, models: _entry(
        models, "deep.toml", TOML_FILES["deeply nested TOML"]
    ),
    "a FIFO in the store": lambda tmp, models: os.mkfifo(models / "pipe.toml"),
    "a symlink loop in the store": lambda tmp, models: (models / "loop.toml").symlink_to(
        "loop.toml"
    ),
    "a symlink to /dev/zero in the store": lambda tmp, models: (models / "zero.toml").symlink_to(
        "/dev/zero"
    ),
    "a file name that is not an id": lambda tmp, models: _entry(models, "Has Space.toml"),
    "an OSC sequence in a file name": lambda tmp, models: _entry(models, "\x1b]0;pwned\x07.toml"),
    "an entry with a BOM in the store": lambda tmp, models: _entry(
        models, "bom.toml", TOML_FILES["TOML with a BOM"]
    ),
    "a symlinked folder in the export": _symlinked_labs,
    "a planted manifest": _planted_manifest,
    "a 300-character name in the export": lambda tmp, models: _entry(
        models, "long.toml", f'name = "{"L" * 300}"\nlab = "{"B" * 300}"\n'
    ),
}
ENV: dict[str, dict[str, str]] = {
    "a C locale (LC_ALL=C PYTHONUTF8=0)": {
        "LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"
    },
    "edit without $EDITOR or a terminal": {"EDITOR": "", "VISUAL": ""},
}  # fmt: skip


def test_readme_lists_every_case() -> None:
    from .conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for what, *_ in CASES:
        assert f"| {what} |" in readme, what
