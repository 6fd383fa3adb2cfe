"""`import` of a checkpoint folder: the exact parameter count from the safetensors headers,
the architecture, and the active parameters of a mixture of experts. The tests write the
safetensors files themselves (tests/safetensors_files.py)."""

from __future__ import annotations

import json
import struct
import tomllib
from math import prod
from pathlib import Path

import pytest
from typer.testing import CliRunner

from modelcard.cli import app
from modelcard.hf import checkpoint
from modelcard.units import parse_count

from .safetensors_files import mixtral, write_safetensors, write_sharded

runner = CliRunner()
Tensors = dict[str, tuple[str, tuple[int, ...]]]


def write_config(folder: Path, **config: object) -> None:
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")


def imported(home: Path, id: str) -> dict[str, object]:
    return tomllib.loads((home / "models" / f"{id}.toml").read_text(encoding="utf-8"))


def count(value: object) -> int:
    """A count as the entry file writes it (``12.56K``), read back exactly."""
    return parse_count(value, field="count")


def run_import(folder: Path, *extra: str) -> str:
    result = runner.invoke(app, ["--no-builtin", "import", str(folder), *extra])
    assert result.exit_code == 0, result.output
    return result.stderr


def routed_parameters(tensors: Tensors) -> int:
    """What the test means by the routed experts: computed here from the shapes it wrote."""
    return sum(
        prod(shape)
        for name, (_, shape) in tensors.items()
        if ".experts." in name and "shared" not in name
    )


def test_a_dense_model_in_one_file(tmp_path: Path, home: Path) -> None:
    folder = tmp_path / "tiny-llama"
    folder.mkdir()
    write_config(folder, architectures=["LlamaForCausalLM"], model_type="llama")
    total = write_safetensors(
        folder / "model.safetensors",
        {"embed.weight": ("BF16", (1000, 64)), "layer.weight": ("F32", (64, 64, 3))},
    )
    assert total == 64_000 + 12_288
    err = run_import(folder, "--lab", "Meta AI")
    assert "added tiny-llama" in err and "76.288K parameters" in err
    data = imported(home, "tiny-llama")
    assert count(data["parameters"]) == 76_288 and data["architecture"] == "Dense"
    assert "active_parameters" not in data
    source = data["sources"]["parameters"]  # type: ignore[index]
    assert source["confidence"] == "confident" and source["dataset"] == "checkpoint"
    assert source["row"] == "model.safetensors"
    assert source["url"] == (folder / "model.safetensors").resolve().as_uri()
    assert data["notes"] == "Read from a checkpoint: LlamaForCausalLM, model_type llama, dense."


def test_a_two_shard_mixtral_gives_its_exact_count_and_active_parameters(
    tmp_path: Path, home: Path
) -> None:
    folder = tmp_path / "mixtral-mini"
    folder.mkdir()
    embeddings, layer0, layer1 = mixtral(layers=2, experts=4)
    total = write_sharded(folder, [{**embeddings, **layer0}, layer1])
    write_config(
        folder, architectures=["MixtralForCausalLM"], model_type="mixtral",
        num_local_experts=4, num_experts_per_tok=2,
    )  # fmt: skip
    routed = routed_parameters({**layer0, **layer1})
    active = total - routed + routed * 2 // 4
    err = run_import(folder, "--lab", "Mistral")
    assert f"{total:,} parameters" in err and f"{active:,} active parameters" in err
    data = imported(home, "mixtral-mini")
    assert count(data["parameters"]) == total == 12_560
    assert count(data["active_parameters"]) == active == 7_952
    assert data["architecture"] == "MoE"
    sources = data["sources"]
    assert isinstance(sources, dict)
    assert sources["parameters"]["row"] == "model.safetensors.index.json"
    assert "41 tensors in 2 files" in sources["parameters"]["note"]
    note = sources["active_parameters"]["note"]
    assert f"less the routed experts' {routed:,}, plus 2 of 4 of them" in note
    assert "num_experts_per_tok and num_local_experts in config.json" in note
    assert sources["active_parameters"]["confidence"] == "confident"
    assert sources["architecture"]["note"].endswith("4 experts, 2 per token")


def test_qwen_moe_style_with_a_shared_expert(tmp_path: Path) -> None:
    tensors: Tensors = {"model.embed_tokens.weight": ("BF16", (100, 8))}
    for layer in range(3):
        p = f"model.layers.{layer}.mlp"
        tensors[f"{p}.gate.weight"] = ("BF16", (8, 8))
        tensors[f"{p}.shared_expert.up_proj.weight"] = ("BF16", (32, 8))
        tensors[f"{p}.shared_expert_gate.weight"] = ("BF16", (1, 8))
        for e in range(8):
            tensors[f"{p}.experts.{e}.up_proj.weight"] = ("BF16", (16, 8))
            tensors[f"{p}.experts.{e}.down_proj.weight"] = ("BF16", (8, 16))
    total = write_safetensors(tmp_path / "model.safetensors", tensors)
    config = {"model_type": "qwen2_moe", "num_experts": 8, "num_experts_per_tok": 2}
    found = checkpoint.experts(
        config, checkpoint.read_header(tmp_path / "model.safetensors"), total
    )
    routed = routed_parameters(tensors)
    assert found is not None and found.routed_parameters == routed == 3 * 8 * 256
    assert found.active == total - routed + routed // 4
    assert found.keys == ("num_experts", "num_experts_per_tok")


def test_deepseek_style_with_a_dense_first_layer(tmp_path: Path) -> None:
    tensors: Tensors = {"model.embed_tokens.weight": ("BF16", (64, 8))}
    tensors["model.layers.0.mlp.up_proj.weight"] = ("BF16", (64, 8))  # first_k_dense_replace
    for layer in (1, 2):
        p = f"model.layers.{layer}.mlp"
        tensors[f"{p}.gate.weight"] = ("BF16", (16, 8))
        tensors[f"{p}.gate.e_score_correction_bias"] = ("F32", (16,))
        tensors[f"{p}.shared_experts.up_proj.weight"] = ("BF16", (12, 8))
        for e in range(16):
            tensors[f"{p}.experts.{e}.up_proj.weight"] = ("F8_E4M3", (6, 8))
            tensors[f"{p}.experts.{e}.up_proj.weight_scale_inv"] = ("F32", (1, 1))
    write_safetensors(tmp_path / "model.safetensors", tensors)
    write_config(
        tmp_path, model_type="deepseek_v3", n_routed_experts=16, num_experts_per_tok=4,
        n_shared_experts=1, first_k_dense_replace=1, num_nextn_predict_layers=1,
        quantization_config={"quant_method": "fp8"},
    )  # fmt: skip
    record = checkpoint.read_checkpoint(tmp_path)
    scales = 2 * 16
    total = sum(prod(s) for _, s in tensors.values()) - scales
    routed = 2 * 16 * 48
    assert record.values["parameters"] == total
    assert record.values["active_parameters"] == total - routed + routed * 4 // 16
    note = record.sources["parameters"]["note"]
    assert f"less {scales} quantisation scales" in note
    assert "includes 1 multi-token-prediction layer" in note
    assert "16 experts, 1 shared, 4 per token" in record.sources["architecture"]["note"]


def test_fused_experts_in_a_nested_text_config(tmp_path: Path) -> None:
    tensors: Tensors = {
        "language_model.model.embed_tokens.weight": ("BF16", (50, 8)),
        "language_model.model.layers.0.feed_forward.router.weight": ("BF16", (4, 8)),
        "language_model.model.layers.0.feed_forward.experts.gate_up_proj": ("BF16", (4, 8, 32)),
        "language_model.model.layers.0.feed_forward.experts.down_proj": ("BF16", (4, 16, 8)),
        "vision_model.patch.weight": ("BF16", (8, 8)),
    }
    write_safetensors(tmp_path / "model.safetensors", tensors)
    write_config(
        tmp_path, architectures=["Llama4ForConditionalGeneration"],
        text_config={"num_local_experts": 4, "num_experts_per_tok": 1},
    )  # fmt: skip
    record = checkpoint.read_checkpoint(tmp_path)
    total = sum(prod(s) for _, s in tensors.values())
    routed = 4 * 8 * 32 + 4 * 16 * 8
    assert record.values["active_parameters"] == total - routed + routed // 4


def test_experts_missing_from_a_layer_give_no_active_count(tmp_path: Path) -> None:
    embeddings, layer0, layer1 = mixtral(layers=2, experts=4)
    del layer1["model.layers.1.block_sparse_moe.experts.3.w1.weight"]
    del layer1["model.layers.1.block_sparse_moe.experts.3.w2.weight"]
    del layer1["model.layers.1.block_sparse_moe.experts.3.w3.weight"]
    write_safetensors(tmp_path / "model.safetensors", {**embeddings, **layer0, **layer1})
    write_config(tmp_path, num_local_experts=4, num_experts_per_tok=2)
    record = checkpoint.read_checkpoint(tmp_path)
    assert "active_parameters" not in record.values
    assert record.values["architecture"] == "MoE" and "parameters" in record.values
    assert any("model.layers.1.block_sparse_moe has 3 experts" in w for w in record.warnings)


def test_a_packed_quantised_checkpoint_records_no_count(tmp_path: Path) -> None:
    write_safetensors(tmp_path / "model.safetensors", {"l.qweight": ("I32", (8, 64))})
    write_config(tmp_path, quantization_config={"quant_method": "gptq", "bits": 4})
    record = checkpoint.read_checkpoint(tmp_path)
    assert "parameters" not in record.values
    assert any("packed weights" in w for w in record.warnings)


def test_a_sparse_checkpoint_of_hundreds_of_gigabytes(tmp_path: Path, home: Path) -> None:
    """Eight shards of about 60 GB each, written as holes: only the headers are read (the
    time it takes is measured in benchmarks/checkpoint.py, not here)."""
    folder = tmp_path / "big-moe"
    folder.mkdir()
    shards: list[Tensors] = []
    for shard in range(8):
        tensors: Tensors = {}
        for layer in range(shard * 4, shard * 4 + 4):
            for e in range(8):
                name = f"model.layers.{layer}.mlp.experts.{e}.w{{}}.weight"
                for w in (1, 2, 3):
                    tensors[name.format(w)] = ("BF16", (28_672, 12_288))
            tensors[f"model.layers.{layer}.self_attn.qkv.weight"] = ("BF16", (12_288, 36_864))
        shards.append(tensors)
    shards[0]["model.embed_tokens.weight"] = ("BF16", (131_072, 12_288))
    total = write_sharded(folder, shards)
    write_config(folder, num_local_experts=8, num_experts_per_tok=2)
    files = sorted(folder.glob("*.safetensors"))
    apparent = sum(f.stat().st_size for f in files)
    assert apparent > 400 * 10**9  # hundreds of GB on paper
    assert sum(f.stat().st_blocks * 512 for f in files) < 100 * 10**6  # holes on disk
    err = run_import(folder, "--lab", "Big Lab")
    data = imported(home, "big-moe")
    routed = 32 * 8 * 3 * 28_672 * 12_288
    assert total == routed + 32 * 12_288 * 36_864 + 131_072 * 12_288
    assert f"{total:,} parameters" in err
    assert count(data["parameters"]) == total
    assert count(data["active_parameters"]) == total - routed + routed // 4


def test_a_readme_in_the_folder_names_the_model_and_adds_scores(tmp_path: Path, home: Path) -> None:
    folder = tmp_path / "ckpt"
    folder.mkdir()
    write_config(folder, architectures=["LlamaForCausalLM"])
    write_safetensors(folder / "model.safetensors", {"w": ("F16", (10, 10))})
    (folder / "README.md").write_text(
        "---\nmodel_creator: Tiny Lab\nlicense: mit\nmodel-index:\n- name: Tiny 100\n"
        "  results:\n  - task: {type: text-generation}\n    dataset: {name: GPQA, type: gpqa}\n"
        "    metrics: [{type: acc, value: 30.5}]\n---\n",
        encoding="utf-8",
    )
    err = run_import(folder)
    assert "added tiny-100" in err
    data = imported(home, "tiny-100")
    assert data["name"] == "Tiny 100" and data["lab"] == "Tiny Lab"
    assert count(data["parameters"]) == 100
    assert data["benchmarks"] == {"gpqa": 30.5} and data["links"] == {"license": "mit"}


def test_a_snapshot_in_the_hugging_face_cache_cites_the_hub(tmp_path: Path) -> None:
    folder = tmp_path / "models--some-org--Some-Model-7B" / "snapshots" / ("ab" * 20)
    folder.mkdir(parents=True)
    write_config(folder, architectures=["MistralForCausalLM"])
    write_safetensors(folder / "model.safetensors", {"w": ("BF16", (7, 7))})
    record = checkpoint.read_checkpoint(folder)
    assert record.name == "Some-Model-7B" and record.lab == "some-org"
    url = record.sources["parameters"]["url"]
    assert (
        url == f"https://huggingface.co/some-org/Some-Model-7B/blob/{'ab' * 20}/model.safetensors"
    )


def header_file(path: Path, header: object, *, data: int = 0, length: int | None = None) -> None:
    raw = json.dumps(header).encode() if not isinstance(header, bytes) else header
    with path.open("wb") as handle:
        handle.write(struct.pack("<Q", len(raw) if length is None else length))
        handle.write(raw)
        handle.write(b"\0" * data)


GOOD = {"w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}}


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(b"\1\2"), "not a safetensors file (shorter than 8 bytes)"),
        (lambda p: header_file(p, GOOD, length=10**12), "a header of 1,000,000,000,000 bytes"),
        (lambda p: header_file(p, b"{not json", data=0), "its header is not JSON"),
        (lambda p: header_file(p, [1, 2]), "its header is not a JSON object"),
        (lambda p: header_file(p, GOOD, data=8), "the file is truncated"),
        (
            lambda p: header_file(
                p, {"w": {"dtype": "Q7", "shape": [1], "data_offsets": [0, 1]}}, data=1
            ),
            "unknown dtype 'Q7'",
        ),
        (
            lambda p: header_file(
                p, {"w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 12]}}, data=16
            ),
            "12 bytes for a F32 tensor of shape [2, 2] (16 bytes)",
        ),
        (
            lambda p: header_file(
                p, {"w": {"dtype": "F32", "shape": [-2], "data_offsets": [0, 8]}}, data=8
            ),
            "the shape is not a list of sizes",
        ),
    ],
)
def test_bad_safetensors_files_get_one_line(tmp_path: Path, make: object, message: str) -> None:
    write_config(tmp_path)
    target = tmp_path / "model.safetensors"
    assert callable(make)
    make(target)
    result = runner.invoke(app, ["--no-builtin", "import", str(tmp_path), "--lab", "L"])
    assert result.exit_code == 1, result.output
    assert message in result.stderr and str(target) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_indexes_get_one_line(tmp_path: Path) -> None:
    write_config(tmp_path)
    write_safetensors(tmp_path / "a.safetensors", {"w": ("F32", (2,))})
    index = tmp_path / "model.safetensors.index.json"
    cases = [
        ({"weight_map": {"w": "a.safetensors", "v": "b.safetensors"}}, "b.safetensors is listed"),
        ({"weight_map": {"w": "../a.safetensors"}}, "'../a.safetensors' is not a file name"),
        ({"weight_map": {"w": "a.safetensors", "x": "a.safetensors"}}, "1 tensors not in"),
        ({"weight_map": ["a.safetensors"]}, "weight_map is not a map"),
    ]
    for content, message in cases:
        index.write_text(json.dumps(content), encoding="utf-8")
        result = runner.invoke(app, ["--no-builtin", "import", str(tmp_path), "--lab", "L"])
        assert result.exit_code == 1, (content, result.output)
        assert message in result.stderr, (content, result.stderr)


def test_a_folder_that_is_not_a_checkpoint(tmp_path: Path) -> None:
    result = runner.invoke(app, ["import", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{tmp_path}: not a checkpoint folder (no config.json)" in result.stderr
    write_config(tmp_path)
    result = runner.invoke(app, ["import", str(tmp_path), "--lab", "L"])
    assert result.exit_code == 1 and "no *.safetensors files" in result.stderr


def test_a_tensor_in_two_files(tmp_path: Path) -> None:
    write_config(tmp_path)
    write_safetensors(tmp_path / "a.safetensors", {"w": ("F32", (2,))})
    write_safetensors(tmp_path / "b.safetensors", {"w": ("F32", (2,))})
    result = runner.invoke(app, ["--no-builtin", "import", str(tmp_path), "--lab", "L"])
    assert result.exit_code == 1 and "tensor 'w' is in more than one file" in result.stderr


@pytest.mark.parametrize("indexed", [True, False])
def test_a_fifo_for_a_shard_is_refused_not_waited_on(tmp_path: Path, indexed: bool) -> None:
    """The folder is read through safefiles: a FIFO named like a shard would block a plain
    open() forever; it is one line instead."""
    import os
    import subprocess
    import sys

    write_config(tmp_path)
    write_safetensors(tmp_path / "a.safetensors", {"w": ("F32", (2,))})
    os.mkfifo(tmp_path / "b.safetensors")
    if indexed:
        weight_map = {"w": "a.safetensors", "v": "b.safetensors"}
        (tmp_path / checkpoint.INDEX).write_text(json.dumps({"weight_map": weight_map}))
    done = subprocess.run(
        [sys.executable, "-m", "modelcard", "--no-builtin", "import", str(tmp_path), "--lab", "L"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,  # a guard against a hang, not a measure of speed
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip() == (
        f"modelcard: error: {tmp_path / 'b.safetensors'}: not a regular file (a FIFO)"
    )
