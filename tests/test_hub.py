"""`import --hub ORG/NAME`, against a stand-in for the Hub on 127.0.0.1 (HF_ENDPOINT)."""

from __future__ import annotations

import builtins
import json
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from modelcard.cli import app
from modelcard.units import parse_count

from .hubserver import COMMIT, Hub, serve
from .safetensors_files import mixtral, write_sharded

runner = CliRunner()


@pytest.fixture
def hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Hub]:
    repo = tmp_path / "repo"
    repo.mkdir()
    embeddings, layer0, layer1 = mixtral(layers=2, experts=4)
    write_sharded(repo, [{**embeddings, **layer0}, layer1])
    config = {"architectures": ["MixtralForCausalLM"], "num_local_experts": 4,
              "num_experts_per_tok": 2}  # fmt: skip
    (repo / "config.json").write_text(json.dumps(config), encoding="utf-8")
    (repo / "README.md").write_text(
        "---\nlicense: apache-2.0\nmodel-index:\n- name: Tiny MoE\n  results:\n"
        "  - task: {type: text-generation}\n    dataset: {name: MMLU, type: cais/mmlu}\n"
        "    metrics: [{type: acc, value: 41.5, name: 'accuracy (%)'}]\n---\n",
        encoding="utf-8",
    )
    with serve({"tiny-org/tiny-moe": repo}) as running:
        monkeypatch.setenv("HF_ENDPOINT", running.url)
        monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
        monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
        yield running


def test_import_from_the_hub(hub: Hub, home: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["--no-builtin", "import", "--hub", "tiny-org/tiny-moe"])
    assert result.exit_code == 0, result.output
    assert "added tiny-moe" in result.stderr
    assert "lab: the Hub organisation 'tiny-org'" in result.stderr
    data = tomllib.loads((home / "models" / "tiny-moe.toml").read_text(encoding="utf-8"))
    assert data["name"] == "Tiny MoE" and data["lab"] == "tiny-org"
    assert parse_count(data["parameters"], field="p") == 12_560
    assert parse_count(data["active_parameters"], field="a") == 7_952
    assert data["access"] == "public" and data["benchmarks"] == {"mmlu": 41.5}
    assert data["links"]["license"] == "apache-2.0"
    blob = f"{hub.url}/tiny-org/tiny-moe/blob/{COMMIT}"
    assert data["sources"]["parameters"]["url"] == f"{blob}/model.safetensors.index.json"
    assert data["sources"]["active_parameters"]["url"] == f"{blob}/config.json"
    assert data["sources"]["benchmarks.mmlu"]["url"] == f"{blob}/README.md"
    # the weights were never asked for: every read of a weight file is a header's range
    weights = [r for r in hub.requests if r[0] == "GET" and r[1].endswith(".safetensors")]
    assert len(weights) == 2 and all(r[2] == "bytes=0-100000" for r in weights)
    # and nothing was left in the Hugging Face cache
    assert not (tmp_path / "hf-home").exists() or not any((tmp_path / "hf-home").rglob("*.json"))


def test_an_unknown_repository(hub: Hub) -> None:
    result = runner.invoke(app, ["import", "--hub", "tiny-org/nothing"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "modelcard: error: --hub tiny-org/nothing: no such repository on the Hub "
        "(or it is private: log in with `hf auth login`)"
    )


def test_offline(hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    result = runner.invoke(app, ["import", "--hub", "tiny-org/tiny-moe"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "modelcard: error: --hub tiny-org/tiny-moe: HF_HUB_OFFLINE is set; --hub needs the network"
    )
    assert hub.requests == []


def test_no_server(monkeypatch: pytest.MonkeyPatch) -> None:
    with serve({}) as gone:
        url = gone.url
    monkeypatch.setenv("HF_ENDPOINT", url)
    result = runner.invoke(app, ["import", "--hub", "a/b"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        f"modelcard: error: --hub a/b: cannot reach {url}"
    )


def test_bad_names_and_the_missing_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    result = runner.invoke(app, ["import", "--hub", "../etc"])
    assert result.exit_code == 1 and "'../etc' is not a repository (ORG/NAME)" in result.stderr
    both = runner.invoke(app, ["import", "x.csv", "--hub", "a/b"])
    assert both.exit_code == 2 and "not both" in both.stderr
    real_import = builtins.__import__

    def without_hub(name: str, *args: object, **kwargs: object) -> object:
        if name == "huggingface_hub":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", without_hub)
    missing = runner.invoke(app, ["import", "--hub", "a/b"])
    assert missing.exit_code == 1
    assert "import --hub needs the hf extra: pip install 'modelcard[hf]'" in missing.stderr
