from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from modelcard.cli import app

runner = CliRunner()


def test_compare_marks_the_better_values() -> None:
    result = runner.invoke(app, ["compare", "dots.llm1", "Qwen3-235B-A22B", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [m["id"] for m in data["models"]] == ["dots.llm1", "qwen3-235b-a22b"]
    rows = {r["field"]: r for r in data["rows"]}
    assert rows["ALScore"]["values"] == [4.2, 9.7] and rows["ALScore"]["best"] == [1]
    assert rows["GPQA"]["best"] == [0]
    assert rows["Parameters"]["best"] == []  # size is a fact, not a merit
    assert rows["HLE"]["values"] == [None, None]
    assert rows["Active parameters"]["values"] == [14 * 10**9, 22 * 10**9]
    assert "Source of parameters" in rows


def test_compare_table_and_md() -> None:
    table = runner.invoke(app, ["compare", "dots.llm1", "Qwen3-235B-A22B"]).stdout
    lines = table.splitlines()
    assert "ALScore            4.2                  9.7 *" in lines
    assert "Context window     -                    131,072 tokens" in lines
    # a row no model has is named, not drawn; the sources are a block under the table
    assert "Recorded for none: License, HLE" in lines and "HLE " not in table
    assert max(len(line) for line in lines[: lines.index("Recorded for none: License, HLE")]) < 80
    sources = lines[
        lines.index("Sources (`modelcard show NAME` gives where in a dataset, and why)") :
    ]
    assert sources[1:4] == [
        "  dots.llm1",
        "    https://lifearchitect.ai/models-table/",
        (
            "      active_parameters, benchmarks.gpqa, benchmarks.mmlu, benchmarks.mmlu_pro, "
            "parameters, released, tokens: likely"
        ),
    ]
    md = runner.invoke(app, ["compare", "dots.llm1", "Qwen3-235B-A22B", "-f", "md"]).stdout
    assert md.splitlines()[0] == "|  | dots.llm1 | Qwen3-235B-A22B |"
    assert "| ALScore | 4.2 | 9.7 \\* |" in md and "Recorded for none: License, HLE" in md
    assert "  - <https://qwenlm.github.io/blog/qwen3/>: active_parameters: confident" in md


def test_compare_piped_aligns_by_display_width() -> None:
    # the access emoji takes two cells in a terminal: every row's columns start where the
    # rule under the header starts them
    import re

    from rich.cells import cell_len

    table = runner.invoke(app, ["compare", "Kimi K2.6", "GPT-4", "dots.llm1"]).stdout.splitlines()
    starts = [m.start() for m in re.finditer(r"-+", table[2])]
    access = next(line for line in table if line.startswith("Access"))
    marks = [cell_len(access[: m.start()]) for m in re.finditer("🟢", access)]
    assert marks == starts[1:]
    assert all(cell_len(line) <= cell_len(table[2]) for line in table[3:30] if "|" not in line)


def test_compare_needs_two_known_models() -> None:
    assert runner.invoke(app, ["compare", "dots.llm1"]).exit_code == 2
    unknown = runner.invoke(app, ["compare", "dots.llm1", "nope"])
    assert unknown.exit_code == 1 and "no model named 'nope'" in unknown.stderr


def test_readme_shows_the_real_compare_output() -> None:
    from .conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = runner.invoke(app, ["compare", "dots.llm1", "Qwen3-235B-A22B"]).stdout
    assert table in readme


def test_search_all_terms_any_case() -> None:
    result = runner.invoke(app, ["search", "QWEN3", "a22b", "-f", "json"])
    ids = [m["id"] for m in json.loads(result.stdout)]
    assert "qwen3-235b-a22b" in ids
    assert all(
        "a22b" in (m["name"] + (m["notes"] or "")).lower() for m in json.loads(result.stdout)
    )
    notes = runner.invoke(app, ["search", "no synthetic data", "-f", "json"])
    assert [m["id"] for m in json.loads(notes.stdout)] == ["dots.llm1"]  # a phrase of its notes
    none = runner.invoke(app, ["search", "no synthetic data", "quokka", "-f", "json"])
    assert json.loads(none.stdout) == []
    phrase = runner.invoke(app, ["search", "no", "synthetic", "checkpoints", "-f", "json"])
    assert "dots.llm1" in [m["id"] for m in json.loads(phrase.stdout)]


def test_search_filters_and_user_entries(home: Path) -> None:
    runner.invoke(app, ["add", "Searchable Thing", "--lab", "Zed Lab", "--notes", "Quokka inside"])
    found = json.loads(runner.invoke(app, ["search", "quokka", "-f", "json"]).stdout)
    assert [m["id"] for m in found] == ["searchable-thing"]
    other = runner.invoke(app, ["search", "quokka", "--lab", "Anthropic", "-f", "json"])
    assert json.loads(other.stdout) == []
    unknown = runner.invoke(app, ["search", "quokka", "--lab", "Zed Labs"])
    assert unknown.exit_code == 1
    assert "--lab: no model is from 'Zed Labs'; the nearest labs: Zed Lab" in unknown.stderr
    moe = json.loads(runner.invoke(app, ["search", "qwen", "--arch", "moe", "-f", "json"]).stdout)
    assert moe and all(m["architecture"] == "MoE" for m in moe)


def test_validate_strict_asks_for_sources(home: Path) -> None:
    runner.invoke(app, ["add", "Unsourced", "--lab", "L", "--params", "7B", "--mmlu", "50"])
    loose = runner.invoke(app, ["validate"])
    assert loose.exit_code == 0
    strict = runner.invoke(app, ["validate", "--strict"])
    assert strict.exit_code == 1
    assert "parameters: no source (add [sources.parameters])" in strict.stdout
    assert "benchmarks.mmlu: no source" in strict.stdout


def test_sources_are_shown(home: Path, tmp_path: Path) -> None:
    entry = tmp_path / "e.toml"
    entry.write_text(
        'name = "Sourced"\nlab = "L"\nparameters = "7B"\n'
        '[sources.parameters]\nurl = "https://example.org/p"\nconfidence = "speculative"\n'
        'note = "from a talk"\n',
        encoding="utf-8",
    )
    assert runner.invoke(app, ["add", "--from", str(entry)]).exit_code == 0
    shown = runner.invoke(app, ["show", "sourced"]).stdout
    assert (
        "  Sources:\n    https://example.org/p\n      parameters: speculative; from a talk" in shown
    )
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'name = "B"\nlab = "L"\n[sources.parameters]\nurl = "https://x.org"\nconfidence = "sure"\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["add", "--from", str(bad)])
    assert result.exit_code == 1 and "sources.parameters.confidence: 'sure'" in result.stderr


def test_search_names_only() -> None:
    everywhere = json.loads(runner.invoke(app, ["search", "gpt-4", "-f", "json"]).stdout)
    names = json.loads(runner.invoke(app, ["search", "--name", "gpt-4", "-f", "json"]).stdout)
    assert {m["id"] for m in names} < {m["id"] for m in everywhere}
    assert all("gpt-4" in m["name"].lower().replace(" ", "-") for m in names)
    # aliases count as names, with spaces, hyphens and dots alike
    llama = json.loads(runner.invoke(app, ["search", "--name", "llama 3", "-f", "json"]).stdout)
    assert "llama-3.1-405b" in {m["id"] for m in llama}  # its alias: Llama 3 405B


def test_compare_by_aliases_and_suggestions() -> None:
    result = runner.invoke(app, ["compare", "GPT-4", "Mixtral 8x7B", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    ids = [m["id"] for m in data["models"]]
    assert ids == ["gpt-4-classic-gpt-4-0314-gpt-4-0613-non-turbo", "mixtral-8x7b-32kseqlen"]
    rows = {r["field"]: r for r in data["rows"]}
    assert rows["Open weights"]["values"] == ["no", "yes"]
    table = runner.invoke(app, ["compare", "GPT-4", "Mixtral 8x7B"]).stdout
    assert "~1.76T" in table and "46.7B" in table
    assert "\n~ an estimate: a speculative figure" in table
    unknown = runner.invoke(app, ["compare", "GPT-4", "Mixtrall"])
    assert unknown.exit_code == 1 and "did you mean 'Mixtral'" in unknown.stderr
