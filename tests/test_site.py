from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from modelcard.cli import app
from modelcard.entry import from_mapping
from modelcard.render.site import Site, model_pages

from .markdown_check import broken_rows, dead_links

runner = CliRunner()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    home = tmp_path_factory.mktemp("home")
    result = runner.invoke(app, ["--store", str(home), "export", "--site", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_site_of_the_bundled_catalog(site: Path) -> None:
    cards = [p for p in site.glob("models/*/*.md") if p.name != "README.md"]
    assert len(cards) == 811
    assert len([p for p in site.glob("labs/*.md") if p.name != "README.md"]) == 181
    assert sorted(p.stem for p in site.glob("architectures/*.md")) == [
        "README", "coe", "compound", "dense", "hybrid", "matformer", "moe",
    ]  # fmt: skip
    assert sorted(p.stem for p in site.glob("rankings/*.md")) == [
        "README", "alscore", "mmlu", "parameters", "reasoning-gpqa", "released",
    ]  # fmt: skip
    for folder in [site, *[p for p in site.rglob("*") if p.is_dir()]]:
        assert (folder / "README.md").is_file(), folder


def test_no_dead_links(site: Path) -> None:
    assert dead_links(site) == []


def test_every_status_column_has_its_legend(site: Path) -> None:
    """Read as a renderer does: each table with a Status column is followed by a paragraph
    saying what each emoji in that column means."""
    from .markdown_check import parse, plain

    pages = 0
    for page in site.rglob("*.md"):
        tokens = parse(page.read_text(encoding="utf-8"))
        headers = [i for i, t in enumerate(tokens) if t.type == "thead_open"]
        for start in headers:
            head = next(i for i in range(start, len(tokens)) if tokens[i].type == "thead_close")
            cells = [plain(t.children or []) for t in tokens[start:head] if t.type == "inline"]
            if cells[-1] != "Status":
                continue
            pages += 1
            end = next(i for i in range(start, len(tokens)) if tokens[i].type == "table_close")
            shown = {plain(t.children or []) for t in tokens[start:end] if t.type == "inline"}
            legend = plain(tokens[end + 2].children or [])
            assert tokens[end + 1].type == "paragraph_open", page
            assert legend.startswith("Status"), (page, legend)
            for mark, word in (
                ("🟢", "Public"),
                ("🟡", "Limited"),
                ("🔴", "Private"),
                ("❓", "Unknown"),
            ):
                assert f"{mark} {word}" in legend, (page, legend)
            assert shown & {"🟢", "🟡", "🔴", "❓"}, page
    assert pages == 1 + 181 + 6 + 5  # leaderboard, labs, architectures, rankings


def test_leaderboard(site: Path) -> None:
    readme = (site / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| ")]
    assert rows[1].startswith("| 1 | [Claude Opus 4](models/anthropic/claude-opus-4.md) |")
    assert "| 811 | 673 | 102 | 181 |" in readme
    assert "LifeArchitect.ai Models Table" in readme
    assert "√(Parameters × Tokens) ÷ 300" in readme and "20:1" in readme
    top = [line for line in readme.split("## 📊")[0].splitlines() if line.startswith("| ")]
    assert len(top) == 1 + 30  # the header and 30 models


def test_rankings_are_sorted_with_missing_last(site: Path) -> None:
    page = (site / "rankings" / "mmlu.md").read_text(encoding="utf-8")
    values = [row.split(" | ")[3] for row in page.splitlines() if re.match(r"\| \d", row)]
    present = [float(v) for v in values if v != "-"]
    assert present == sorted(present, reverse=True)
    assert values[len(present) :] == ["-"] * (len(values) - len(present))
    released = (site / "rankings" / "released.md").read_text(encoding="utf-8")
    assert "| 1 | " in released
    reasoning = (site / "rankings" / "reasoning-gpqa.md").read_text(encoding="utf-8")
    assert len([r for r in reasoning.splitlines() if re.match(r"\| \d", r)]) == 91


def test_reexport_replaces_only_its_own_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    assert runner.invoke(app, ["export", "--site", str(out)]).exit_code == 0
    first = {p for p in out.rglob("*") if p.is_file()}
    result = runner.invoke(app, ["export", "--site", str(out), "--lab", "Cohere"])
    assert result.exit_code == 0
    second = {p for p in out.rglob("*") if p.is_file()}
    assert second < first
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert not (out / "models" / "anthropic").exists()
    assert "removed" in result.stderr
    assert dead_links(out) == []


def test_export_refuses_to_overwrite_foreign_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "README.md").write_text("my own readme", encoding="utf-8")
    result = runner.invoke(app, ["export", "--site", str(out), "--lab", "Cohere"])
    assert result.exit_code == 1 and "was not written by an earlier export" in result.stderr
    assert (out / "README.md").read_text(encoding="utf-8") == "my own readme"
    assert (
        runner.invoke(app, ["export", "--site", str(out), "--lab", "Cohere", "--force"]).exit_code
        == 0
    )


def test_hostile_names_keep_every_table(tmp_path: Path) -> None:
    entries = [
        from_mapping(
            {"name": "Evil | Model", "lab": "Bad | Lab", "architecture": "Mo|E", "parameters": "7B",
             "tokens": "1T", "benchmarks": {"mmlu": 50}},
            id="evil-model", source="t",
        ),
        from_mapping({"name": "Line\nBreak [x](y)", "lab": "Bad | Lab"}, id="line", source="t"),
        from_mapping({"name": "???", "lab": "!!!", "architecture": "..."}, id="q", source="t"),
    ]  # fmt: skip
    site = Site(entries, credit=False)
    files = dict(site.files())
    assert list(files) == site.paths()
    assert {path: broken_rows(text) for path, text in files.items() if broken_rows(text)} == {}
    out = tmp_path / "site"
    from modelcard.export import publish_site

    publish_site(out, site.paths(), files.items())
    assert dead_links(out) == []


def test_colliding_slugs_both_get_pages() -> None:
    entries = [
        from_mapping({"name": "Command-R+", "lab": "Cohere"}, id="command-r-plus", source="t"),
        from_mapping({"name": "Command-R", "lab": "Cohere"}, id="command-r", source="t"),
        from_mapping({"name": "Command R", "lab": "Cohere"}, id="command-r-2", source="t"),
    ]
    assert model_pages(entries) == {
        "command-r": "models/cohere/command-r.md",
        "command-r-2": "models/cohere/command-r-2.md",
        "command-r-plus": "models/cohere/command-r-plus.md",
    }


def test_a_name_without_word_characters_gets_a_digest_slug() -> None:
    import hashlib

    from modelcard.render.card import arch_slug, lab_slug

    digest = hashlib.sha256(b"!!!").hexdigest()[:8]
    assert lab_slug("!!!") == f"lab-{digest}" and arch_slug("!!!") == f"arch-{digest}"


def test_the_site_credits_each_dataset_it_uses(tmp_path: Path) -> None:
    """Each dataset a figure of the site was read from is credited, as its licence asks,
    with the snapshots read; a dataset no figure came from is not."""
    epoch = {"url": "https://epoch.ai/data/notable-ai-models", "dataset": "epoch", "row": "7"}
    entries = [
        from_mapping(
            {"name": "A", "lab": "L", "parameters": "7B",
             "sources": {"parameters": {**epoch, "snapshot": "2026-03-01"}}},
            id="a", source="t",
        ),
        from_mapping({"name": "B", "lab": "L"}, id="b", source="t"),
    ]  # fmt: skip
    readme = dict(Site(entries, credit=True).files())["README.md"]
    credit = readme.split("Data from:", 1)[1]
    assert "[Epoch AI, Notable AI Models](https://epoch.ai/data/notable-ai-models)" in credit
    assert "accessed 2026-03-01" in credit and "Data: Epoch AI (epoch.ai)" in credit
    assert "[CC BY 4.0](https://creativecommons.org/licenses/by/4.0/)" in credit
    assert "LifeArchitect" not in readme and "models.dev" not in readme
    # no figure from any dataset: nothing to credit
    assert "Data from" not in dict(Site(entries[1:], credit=True).files())["README.md"]


def test_the_bundled_site_credits_its_three_datasets(site: Path) -> None:
    credit = (site / "README.md").read_text(encoding="utf-8").split("Data from:", 1)[1]
    lines = [line for line in credit.splitlines() if line.startswith("- ")]
    assert [line.split("]")[0] for line in lines] == [
        "- [LifeArchitect.ai Models Table", "- [Epoch AI, Notable AI Models", "- [models.dev",
    ]  # fmt: skip
    assert "snapshot of 2025-10-02" in lines[0] and "Dr Alan D. Thompson" in lines[0]
    assert "accessed 2026-01-26" in lines[1]
