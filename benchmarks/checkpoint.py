"""How long `modelcard import` of a large checkpoint folder takes, as a ratio to `python -c pass`.

    python benchmarks/checkpoint.py            # 5 runs
    python benchmarks/checkpoint.py --runs 9

It writes, into a temporary folder, two checkpoints as sparse files (the headers are real,
the data are holes, so each costs a few MB of disk): one laid out like DeepSeek-V3 (61
layers, 256 routed experts and one shared expert a layer, FP8 weights with their block
scales: 90,000 tensors in 163 shards, 673 GB on paper) and one like Llama-3.1-405B (1,138
tensors in 191 shards, 811 GB). Then it runs `modelcard import FOLDER --dry-run` (headers
read, experts counted, nothing written) and `python -c pass`, interleaved, and prints the
medians with min-max and their ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

HIDDEN, EXPERT_FFN, DENSE_FFN, VOCAB, LAYERS, EXPERTS = 7168, 2048, 18432, 129_280, 61, 256


def layer_tensors(layer: int) -> dict[str, tuple[str, list[int]]]:
    p = f"model.layers.{layer}"
    tensors: dict[str, tuple[str, list[int]]] = {
        f"{p}.self_attn.q_a_proj.weight": ("F8_E4M3", [1536, HIDDEN]),
        f"{p}.self_attn.q_b_proj.weight": ("F8_E4M3", [24576, 1536]),
        f"{p}.self_attn.kv_a_proj_with_mqa.weight": ("F8_E4M3", [576, HIDDEN]),
        f"{p}.self_attn.kv_b_proj.weight": ("F8_E4M3", [32768, 512]),
        f"{p}.self_attn.o_proj.weight": ("F8_E4M3", [HIDDEN, 16384]),
        f"{p}.input_layernorm.weight": ("BF16", [HIDDEN]),
        f"{p}.post_attention_layernorm.weight": ("BF16", [HIDDEN]),
    }
    if layer < 3:  # first_k_dense_replace
        for name, shape in (("gate_proj", [DENSE_FFN, HIDDEN]), ("up_proj", [DENSE_FFN, HIDDEN]),
                            ("down_proj", [HIDDEN, DENSE_FFN])):  # fmt: skip
            tensors[f"{p}.mlp.{name}.weight"] = ("F8_E4M3", shape)
        return tensors
    tensors[f"{p}.mlp.gate.weight"] = ("BF16", [EXPERTS, HIDDEN])
    tensors[f"{p}.mlp.gate.e_score_correction_bias"] = ("F32", [EXPERTS])
    experts = [f"experts.{e}" for e in range(EXPERTS)] + ["shared_experts"]
    for expert in experts:
        for name, shape in (("gate_proj", [EXPERT_FFN, HIDDEN]), ("up_proj", [EXPERT_FFN, HIDDEN]),
                            ("down_proj", [HIDDEN, EXPERT_FFN])):  # fmt: skip
            tensors[f"{p}.mlp.{expert}.{name}.weight"] = ("F8_E4M3", shape)
            scale = [-(-shape[0] // 128), -(-shape[1] // 128)]
            tensors[f"{p}.mlp.{expert}.{name}.weight_scale_inv"] = ("F32", scale)
    return tensors


def dense_tensors() -> dict[str, tuple[str, tuple[int, ...]]]:
    """Llama-3.1-405B's layout: 126 layers, hidden 16384, 1,138 tensors, 811 GB in BF16."""
    hidden, ffn, vocab = 16_384, 53_248, 128_256
    tensors: dict[str, tuple[str, tuple[int, ...]]] = {
        "model.embed_tokens.weight": ("BF16", (vocab, hidden)),
        "lm_head.weight": ("BF16", (vocab, hidden)),
        "model.norm.weight": ("BF16", (hidden,)),
    }
    for layer in range(126):
        p = f"model.layers.{layer}"
        for name, shape in (
            ("self_attn.q_proj", (hidden, hidden)), ("self_attn.k_proj", (1024, hidden)),
            ("self_attn.v_proj", (1024, hidden)), ("self_attn.o_proj", (hidden, hidden)),
            ("mlp.gate_proj", (ffn, hidden)), ("mlp.up_proj", (ffn, hidden)),
            ("mlp.down_proj", (hidden, ffn)),
        ):  # fmt: skip
            tensors[f"{p}.{name}.weight"] = ("BF16", shape)
        tensors[f"{p}.input_layernorm.weight"] = ("BF16", (hidden,))
        tensors[f"{p}.post_attention_layernorm.weight"] = ("BF16", (hidden,))
    return tensors


def moe_tensors() -> dict[str, tuple[str, tuple[int, ...]]]:
    everything: dict[str, tuple[str, tuple[int, ...]]] = {
        "model.embed_tokens.weight": ("BF16", (VOCAB, HIDDEN)),
        "lm_head.weight": ("BF16", (VOCAB, HIDDEN)),
        "model.norm.weight": ("BF16", (HIDDEN,)),
    }
    for layer in range(LAYERS):
        everything.update({k: (d, tuple(s)) for k, (d, s) in layer_tensors(layer).items()})
    return everything


def build(folder: Path, shards: int, moe: bool = True) -> int:
    """Write the checkpoint; returns its apparent size in bytes."""
    from tests.safetensors_files import write_sharded

    everything = moe_tensors() if moe else dense_tensors()
    names = list(everything)
    per = -(-len(names) // shards)
    parts = [{n: everything[n] for n in names[i : i + per]} for i in range(0, len(names), per)]
    write_sharded(folder, parts)
    config = {
        "architectures": ["DeepseekV3ForCausalLM"], "model_type": "deepseek_v3",
        "n_routed_experts": EXPERTS, "n_shared_experts": 1, "num_experts_per_tok": 8,
        "first_k_dense_replace": 3, "quantization_config": {"quant_method": "fp8"},
    } if moe else {"architectures": ["LlamaForCausalLM"], "model_type": "llama"}  # fmt: skip
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    return sum(p.stat().st_size for p in folder.glob("*.safetensors"))


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed: {result.stderr.strip()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    modelcard = str(Path(sys.executable).with_name("modelcard"))
    with tempfile.TemporaryDirectory() as tmp:
        cases = []
        for label, shards, moe in (("DeepSeek-V3-like MoE", 163, True),
                                   ("Llama-3.1-405B-like dense", 191, False)):  # fmt: skip
            folder = Path(tmp) / label.split()[0]
            folder.mkdir()
            apparent = build(folder, shards, moe)
            on_disk = sum(p.stat().st_blocks * 512 for p in folder.iterdir())
            cases.append((label, folder, shards, apparent, on_disk))
        env = dict(os.environ, MODELCARD_HOME=str(Path(tmp) / "home"), NO_COLOR="1")
        floors: list[float] = []
        times: dict[str, list[float]] = {label: [] for label, *_ in cases}
        for _ in range(args.runs):
            floors.append(timed([sys.executable, "-c", "pass"], env))
            for label, folder, *_ in cases:
                command = [modelcard, "--no-builtin", "import", str(folder), "--lab", "X"]
                times[label].append(timed([*command, "--dry-run"], env))
        floor = statistics.median(floors)
        print(f"python -c pass: {_ms(floors)}")
        for label, _, shards, apparent, on_disk in cases:
            took = statistics.median(times[label])
            print(
                f"{label}: {shards} shards, {apparent / 1e9:,.0f} GB on paper "
                f"({on_disk / 1e6:,.1f} MB on disk): import --dry-run {_ms(times[label])}, "
                f"{took / floor:.1f}x python -c pass"
            )


def _ms(values: list[float]) -> str:
    low, mid, high = min(values), statistics.median(values), max(values)
    return f"{mid * 1000:.0f} ms ({low * 1000:.0f}-{high * 1000:.0f})"


if __name__ == "__main__":
    main()
