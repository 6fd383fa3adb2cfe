"""`export --format hf` and `import` of a Hugging Face model card, checked with the Hub's
own library (huggingface_hub)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from huggingface_hub import ModelCard, ModelCardData
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from modelcard.cli import app
from modelcard.entry import Entry
from modelcard.hf import cardreader
from modelcard.hf.cardwriter import render_hf_card

runner = CliRunner()


def card_data(text: str) -> ModelCardData:
    data = ModelCard(text).data
    assert isinstance(data, ModelCardData)
    return data


def export_card(tmp_path: Path, name: str = "dots.llm1") -> Path:
    result = runner.invoke(app, ["export", name, "--format", "hf"])
    assert result.exit_code == 0, result.output
    card = tmp_path / "README.md"
    card.write_text(result.stdout, encoding="utf-8")
    return card


def test_the_card_loads_with_huggingface_hub_and_its_results_read_back(tmp_path: Path) -> None:
    card = ModelCard.load(export_card(tmp_path))
    assert card.data.model_name == "dots.llm1"
    results = {r.dataset_name: r for r in card.data.eval_results or []}
    assert {name: r.metric_value for name, r in results.items()} == {
        "MMLU": 83.2,
        "MMLU-Pro": 61.9,
        "GPQA": 52.6,
    }
    table = "https://lifearchitect.ai/models-table/"  # the page that states the scores
    assert all(r.source_url == table for r in results.values())
    # the Hub shows the source by its name: the dataset's title, not a note
    assert {r.source_name for r in results.values()} == {"LifeArchitect.ai Models Table"}
    assert results["MMLU"].dataset_type == "cais/mmlu"
    assert all(r.task_type == "text-generation" for r in results.values())
    data = card.data.to_dict()
    assert data["pipeline_tag"] == "text-generation"
    assert data["model_creator"] == "Xiaohongshu/RedNote"
    assert "license" not in data and "base_model" not in data  # not known for dots.llm1


def test_the_body_gives_the_figures_links_and_sources_with_their_licence(tmp_path: Path) -> None:
    text = export_card(tmp_path).read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    headings = [t.content for i, t in enumerate(tokens) if tokens[i - 1].type == "heading_open"]
    assert headings == ["dots.llm1", "Benchmarks", "Notes", "Links", "Sources of the data"]
    assert "| Parameters | 142.0B |" in body and "| Active parameters | 14.0B |" in body
    assert "| ALScore | 4.2 (Mid-tier) |" in body
    assert "| MMLU | 83.2 | [models-table](https://lifearchitect.ai/models-table/) |" in body
    assert (
        "- playground: [dots.llm1.base](https://huggingface.co/rednote-hilab/dots.llm1.base)"
        in (body)
    )
    data_from = body.split("Data from:", 1)[1]
    assert "[LifeArchitect.ai Models Table](https://lifearchitect.ai/models-table/)" in data_from
    assert "MIT (through AIComputing101/llm-leaderboard)" in data_from
    assert "Epoch" not in data_from  # dots.llm1 has no figure from Epoch AI
    assert not any(t.type == "html_inline" or t.type == "html_block" for t in tokens)


def test_license_and_base_model_where_known() -> None:
    entry = Entry(
        id="m",
        name="M",
        lab="L",
        links={
            "license": "apache-2.0",
            "base_model": "https://huggingface.co/org/base-7b",
            "license_link": "https://example.org/licence",
        },
        tags=("Reasoning",),
    )
    metadata = card_data(render_hf_card(entry)).to_dict()  # type: ignore[no-untyped-call]
    assert metadata["license"] == "apache-2.0"
    assert metadata["base_model"] == "org/base-7b"
    assert metadata["tags"] == ["Reasoning"]
    assert "model-index" not in metadata  # no scores, no index


def test_hostile_text_stays_text_in_metadata_and_body() -> None:
    name = 'Evil\u202e "x"\n---\nlicense: mit <script>'
    entry = Entry(
        id="evil",
        name="Evil <b>[x](javascript:1)</b> |",
        lab="lab: ---\nlicense: mit",
        tags=("a: b", "--- ", "#tag"),
        benchmarks={"mmlu": 50.0},
        notes="# not a heading\n\n<img src=x onerror=alert(1)>",
        links={"license": name},
    )
    text = render_hf_card(entry)
    card = ModelCard(text)
    data = card_data(text).to_dict()  # type: ignore[no-untyped-call]
    assert data["license"] == name
    assert data["model_creator"] == "lab: ---\nlicense: mit"
    assert data["tags"] == ["a: b", "--- ", "#tag"]
    tokens = MarkdownIt("commonmark").enable("table").parse(card.text)
    assert not any(t.type in ("html_inline", "html_block") for t in tokens)
    assert sum(t.type == "heading_open" for t in tokens) == 4  # title and three sections
    assert not any(t.type == "link_open" and "javascript" in str(t.attrs) for t in tokens)


def test_round_trip_into_an_empty_store(tmp_path: Path, home: Path) -> None:
    card = export_card(tmp_path)
    result = runner.invoke(app, ["--no-builtin", "import", str(card)])
    assert result.exit_code == 0, result.output
    assert f"added dots.llm1 ({home / 'models' / 'dots.llm1.toml'}) from {card}" in result.stderr
    data = tomllib.loads((home / "models" / "dots.llm1.toml").read_text(encoding="utf-8"))
    assert data["benchmarks"] == {"mmlu": 83.2, "mmlu_pro": 61.9, "gpqa": 52.6}
    assert data["name"] == "dots.llm1" and data["lab"] == "Xiaohongshu/RedNote"
    source = data["sources"]["benchmarks.mmlu"]
    assert source["dataset"] == "hf-card" and source["row"] == "README.md"
    assert source["url"] == "https://lifearchitect.ai/models-table/"  # states the score
    # and a second export gives the same metadata
    again = runner.invoke(app, ["--no-builtin", "export", "dots.llm1", "--format", "hf"])
    first = card_data(card.read_text(encoding="utf-8")).eval_results or []
    second = card_data(again.stdout).eval_results or []
    assert [(r.dataset_name, r.metric_value) for r in first] == [
        (r.dataset_name, r.metric_value) for r in second
    ]


def test_importing_over_the_bundled_entry_changes_nothing(tmp_path: Path, home: Path) -> None:
    card = export_card(tmp_path)
    result = runner.invoke(app, ["import", str(card)])
    assert result.exit_code == 0, result.output
    assert "dots.llm1: unchanged" in result.stderr
    assert not (home / "models" / "dots.llm1.toml").exists()


THIRD_PARTY = """\
---
license: other
license_name: qwen-research
license_link: https://huggingface.co/Qwen/Qwen2.5-3B/blob/main/LICENSE
base_model:
- Qwen/Qwen2.5-3B
- Qwen/Qwen2.5-3B-Base
tags: [chat, "text-generation-inference", 3]
model_creator: Example Lab
model-index:
- name: Example-3B-Instruct
  results:
  - task: {type: text-generation}
    dataset: {name: MMLU (5-shot), type: cais/mmlu, split: test}
    metrics:
    - {type: acc, value: 0.652}
    source: {name: Open LLM Leaderboard, url: "https://huggingface.co/spaces/open-llm-leaderboard"}
  - task: {type: text-generation}
    dataset: {name: "Humanity's Last Exam", type: hle}
    metrics:
    - {type: accuracy, value: "4.1 ± 0.3", name: "accuracy (%)"}
  - task: {type: text-generation}
    dataset: {name: GPQA Diamond, type: Idavidrein/gpqa, config: gpqa_diamond}
    metrics:
    - {type: acc_norm, value: 31.5}
  - task: {type: text-generation}
    dataset: {name: IFEval, type: google/IFEval}
    metrics:
    - {type: inst_level_strict_acc, value: 72.3}
  - task: {type: text-generation}
    dataset: {name: Arena Elo, type: lmarena}
    metrics:
    - {type: elo, value: 1250}
---

# Example 3B
"""


def test_a_third_party_card(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text(THIRD_PARTY, encoding="utf-8")
    record = cardreader.read_card(THIRD_PARTY, where="README.md", url="file:///x", row="README.md")
    assert record.name == "Example-3B-Instruct" and record.lab == "Example Lab"
    # MMLU by its Hub dataset, HLE by its full name, GPQA by its dataset, IFEval by its name
    assert record.benchmarks == {"mmlu": 65.2, "hle": 4.1, "gpqa": 31.5, "ifeval": 72.3}
    assert record.links == {
        "license": "qwen-research",
        "license_link": "https://huggingface.co/Qwen/Qwen2.5-3B/blob/main/LICENSE",
        "base_model": "https://huggingface.co/Qwen/Qwen2.5-3B",
    }
    assert record.tags == ["chat", "text-generation-inference", "3"]
    assert record.sources["benchmarks.mmlu"]["url"].startswith("https://huggingface.co/spaces")
    assert record.sources["benchmarks.ifeval"]["url"] == "file:///x"  # the card itself
    assert any("0.652 read as a fraction, 65.2%" in n for n in record.notes)
    assert any("Arena Elo" in w or "1250 is not a percentage" in w for w in record.warnings)
    result = runner.invoke(app, ["--no-builtin", "import", str(card)])
    assert result.exit_code == 0, result.output
    assert "added example-3b-instruct" in result.stderr
    assert "2 base models; kept the first" in result.stderr


def test_update_keeps_what_differs_unless_forced(tmp_path: Path, home: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text(
        export_card(tmp_path).read_text(encoding="utf-8").replace("value: 83.2", "value: 84.0"),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["import", str(card)])
    assert result.exit_code == 0, result.output
    assert "benchmarks.mmlu: dots.llm1 has 83.2, " in result.stderr
    assert "kept (--force takes the other)" in result.stderr
    assert "dots.llm1: unchanged" in result.stderr
    forced = runner.invoke(app, ["import", str(card), "--force"])
    assert forced.exit_code == 0, forced.output
    assert "updated dots.llm1" in forced.stderr
    data = tomllib.loads((home / "models" / "dots.llm1.toml").read_text(encoding="utf-8"))
    assert data["benchmarks"]["mmlu"] == 84.0 and data["benchmarks"]["gpqa"] == 52.6
    assert data["sources"]["benchmarks.mmlu"]["dataset"] == "hf-card"
    assert data["parameters"] == "142B"  # the rest of the entry kept
    assert data["sources"]["parameters"]["dataset"] == "lifearchitect"


def test_never_merged_on_a_name_alone(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    text = export_card(tmp_path).read_text(encoding="utf-8")
    card.write_text(text.replace('model_creator: "Xiaohongshu/RedNote"', 'model_creator: "Other"'))
    result = runner.invoke(app, ["import", str(card)])
    assert result.exit_code == 1
    assert "dots.llm1 exists with lab 'Xiaohongshu/RedNote', not 'Other'" in result.stderr
    assert "give --id dots.llm1 to update it" in result.stderr
    other = runner.invoke(app, ["import", str(card), "--id", "dots.llm1-other"])
    assert other.exit_code == 0, other.output
    assert "added dots.llm1-other" in other.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# just Markdown\n", "not a Hugging Face model card: no YAML metadata"),
        ("---\nlicense: [unclosed\n---\n", "line 2: not valid YAML"),
        ("---\n- a list\n---\n", "the card's metadata is not a mapping"),
        ("---\nlicense: mit\n---\n\nno heading\n", "no model name found"),
        ("---\nmodel_name: M\n---\n", "no lab found"),
    ],
)
def test_bad_cards_get_one_line(tmp_path: Path, text: str, message: str) -> None:
    card = tmp_path / "card.md"
    card.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["--no-builtin", "import", str(card)])
    assert result.exit_code == 1
    assert message in result.stderr and str(card) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_a_card_with_lab_option(tmp_path: Path) -> None:
    card = tmp_path / "card.md"
    card.write_text("---\nlicense: mit\n---\n\n# My *Model*\n", encoding="utf-8")
    result = runner.invoke(app, ["--no-builtin", "import", str(card), "--lab", "Me"])
    assert result.exit_code == 0, result.output
    assert "added my-model" in result.stderr


def test_csv_options_are_refused_for_csv(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("Model,Lab\nA,B\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(table), "--lab", "X"])
    assert result.exit_code == 2 and "--lab and --id are for" in result.stderr
    assert runner.invoke(app, ["import"]).exit_code == 2
