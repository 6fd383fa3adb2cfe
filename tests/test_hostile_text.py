"""Hostile text: terminal controls refused on input and escaped on output, look-alike names,
a locale that cannot hold the output, and limits past SQLite's integers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from modelcard.cli import app
from modelcard.entry import from_mapping
from modelcard.errors import InvalidEntry, printable

from .hostile import CONTROLS, KEPT, LOOK_ALIKES, NFD_CAFE, REFUSED_IN_NAMES

runner = CliRunner()
C_LOCALE = {"LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    done = subprocess.run(
        [sys.executable, "-m", "modelcard", *args],
        capture_output=True,
        env={**os.environ, **(env or {})},
        check=False,
        timeout=120,
    )
    assert b"Traceback" not in done.stderr, done.stderr.decode("utf-8", "replace")
    return done


@pytest.mark.parametrize("case", sorted(CONTROLS))
@pytest.mark.parametrize("field", ["name", "lab", "architecture", "dataset", "notes", "tags"])
def test_controls_are_refused_in_every_field(field: str, case: str) -> None:
    data: dict[str, object] = {"name": "M", "lab": "L"}
    data[field] = [CONTROLS[case]] if field == "tags" else CONTROLS[case]
    if case == "carriage return" and field in ("name", "lab", "tags", "notes"):
        return  # a line end: folded into a space in names, kept as \n in notes
    with pytest.raises(InvalidEntry, match="control characters"):
        from_mapping(data, id="m", source="m.toml")


def test_controls_are_refused_in_links_and_sources() -> None:
    for case in CONTROLS.values():
        with pytest.raises(InvalidEntry, match="control characters"):
            from_mapping({"name": "M", "lab": "L", "links": {"x": case}}, id="m", source="t")
        source = {"url": "https://example.org", "note": case}
        if "\r" in case:
            continue  # a line end in a note
        with pytest.raises(InvalidEntry, match="control characters"):
            from_mapping(
                {"name": "M", "lab": "L", "parameters": "7B", "sources": {"parameters": source}},
                id="m",
                source="t",
            )


def test_notes_keep_line_breaks_and_tabs() -> None:
    entry = from_mapping({"name": "M", "lab": "L", "notes": "a\n\tb"}, id="m", source="t")
    assert entry.notes == "a\n\tb"


@pytest.mark.parametrize("case", sorted(REFUSED_IN_NAMES))
def test_invisible_characters_are_refused_in_names(case: str) -> None:
    with pytest.raises(InvalidEntry, match="invisible character"):
        from_mapping({"name": REFUSED_IN_NAMES[case], "lab": "L"}, id="m", source="t")
    with pytest.raises(InvalidEntry, match="invisible character"):
        from_mapping({"name": "M", "lab": REFUSED_IN_NAMES[case]}, id="m", source="t")


@pytest.mark.parametrize("case", sorted(KEPT))
def test_real_text_with_joiners_is_kept(case: str) -> None:
    entry = from_mapping({"name": KEPT[case], "lab": KEPT[case]}, id="m", source="t")
    assert entry.name == KEPT[case]


def test_names_are_stored_in_nfc(home: Path) -> None:
    result = runner.invoke(app, ["add", NFD_CAFE, "--lab", "L"])
    assert result.exit_code == 0, result.output
    stored = (home / "models" / "cafe.toml").read_text(encoding="utf-8")
    assert 'name = "Caf\u00e9"' in stored
    again = runner.invoke(app, ["add", "Caf\u00e9", "--lab", "L"])
    assert again.exit_code == 1 and "already exists" in again.stderr
    shown = runner.invoke(app, ["show", NFD_CAFE, "-f", "json"])  # looked up typed as NFD
    assert shown.exit_code == 0, shown.output


@pytest.mark.parametrize("case", sorted(LOOK_ALIKES))
def test_validate_warns_of_look_alike_names(home: Path, case: str) -> None:
    real, fake = LOOK_ALIKES[case]
    assert runner.invoke(app, ["add", real, "--lab", "L", "--id", "real"]).exit_code == 0
    assert runner.invoke(app, ["add", fake, "--lab", "L", "--id", "fake"]).exit_code == 0
    report = runner.invoke(app, ["--no-builtin", "validate"])
    assert f"its name {fake!r} looks like {real!r} (real)" in report.stdout
    strict = runner.invoke(app, ["--no-builtin", "validate", "--strict"])
    assert strict.exit_code == 1


def test_file_names_cannot_send_terminal_sequences(home: Path) -> None:
    models = home / "models"
    models.mkdir(parents=True)
    osc = "\x1b]0;pwned\x07x.toml"
    (models / osc).write_text('name = "X"\nlab = "L"\n', encoding="utf-8")
    (models / "c1.toml").write_bytes(b'name = "\xc2\x9b31m"\nlab = "L"\n')
    rank = run("--no-builtin", "rank", "-f", "json")
    validate = run("--no-builtin", "validate")
    as_json = run("--no-builtin", "validate", "-f", "json")
    for done in (rank, validate, as_json):
        for stream in (done.stdout, done.stderr):
            assert b"\x1b" not in stream and b"\x07" not in stream and b"\xc2\x9b" not in stream
    assert b"\\x1b]0;pwned\\x07x.toml: the file name is not an id" in rank.stderr
    assert b"c1.toml: name: control characters are not allowed" in validate.stdout


def test_printable() -> None:
    assert printable("a\x1b[1mb\x07\x9b\u202e\nc\td") == "a\\x1b[1mb\\x07\\x9b\\u202e\nc\td"
    assert printable("Café 通义 🟢") == "Café 通义 🟢"
    # a joined emoji and a no-break space are text, not controls: kept (one rule for every
    # view: the terminal, plain tables and messages share this function)
    assert printable("Dev 👩\u200d💻\u00a0Lab") == "Dev 👩\u200d💻\u00a0Lab"


def test_plain_tables_show_text_and_escape_controls() -> None:
    from modelcard.render.tabular import plain_table

    table = plain_table(["Model"], [["👩\u200d💻 x\x1b[2J\u202e"]], title="t")
    assert "👩\u200d💻 x\\x1b[2J\\u202e" in table


@pytest.mark.parametrize(
    "args",
    [
        ["show", "dots.llm1"],
        ["show", "ernie-4.0"],
        ["compare", "dots.llm1", "qwen3-235b-a22b"],
        ["export", "dots.llm1"],
        ["rank", "-f", "csv", "--limit", "5"],
        ["rank", "--lab", "ETH Zürich"],
        ["plot"],
    ],
    ids=" ".join,
)
def test_a_c_locale_gets_utf8_files_and_no_traceback(args: list[str]) -> None:
    done = run(*args, env=C_LOCALE)
    assert done.returncode == 0, done.stderr
    done.stdout.decode("utf-8")  # piped output is UTF-8, whatever the locale


def test_the_reference_card_in_a_c_locale() -> None:
    from .conftest import GOLDEN_CARD

    assert run("export", "dots.llm1", env=C_LOCALE).stdout == GOLDEN_CARD.read_bytes()


def test_site_export_in_a_c_locale(tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = run("export", "--site", str(site), env=C_LOCALE)
    assert done.returncode == 0, done.stderr
    assert (site / "labs" / "eth-zürich.md").is_file()


def bundled_count() -> int:
    """The number of models ``rank`` lists in an empty store: every bundled entry."""
    from modelcard.store import builtin_dir

    return len(list(builtin_dir().glob("*.toml")))


def test_a_limit_past_sqlite_integers(home: Path) -> None:
    # a user entry shadows a bundled one: the bundled layer is asked for limit + 1 rows
    assert runner.invoke(app, ["add", "dots.llm1", "--lab", "Me", "--force"]).exit_code == 0
    for limit in ("99999999999999999999", "9223372036854775807"):
        result = runner.invoke(app, ["rank", "--limit", limit, "-f", "json"])
        assert result.exit_code == 0, result.output
        assert len(json.loads(result.stdout)) == bundled_count()


def test_search_finds_quotes_and_backslashes(home: Path) -> None:
    # the index's quick sieve reads stored JSON, where " and \ are escaped: such terms
    # must be left to the exact check, not miss the entry
    for name in ('Model "Q"', "Back\\slash"):
        assert runner.invoke(app, ["add", name, "--lab", "L"]).exit_code == 0
    for term, id in (('"q"', "model-q"), ("back\\slash", "back-slash")):
        found = runner.invoke(app, ["--no-builtin", "search", term, "-f", "json"])
        assert [m["id"] for m in json.loads(found.stdout)] == [id], (term, found.output)


def test_an_ordinary_limit_still_limits(home: Path) -> None:
    for limit in ("100", "2147483647"):
        result = runner.invoke(app, ["rank", "--limit", limit, "-f", "json"])
        assert len(json.loads(result.stdout)) == min(int(limit), bundled_count())
