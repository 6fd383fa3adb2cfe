"""Safetensors files written by the tests themselves: an 8-byte little-endian header
length, the JSON header, then the data. The data is left as a hole (``truncate``), so a
file of hundreds of GB costs no disk on filesystems with sparse files."""

from __future__ import annotations

import json
import struct
from collections.abc import Mapping, Sequence
from math import prod
from pathlib import Path

BYTES = {"F32": 4, "F16": 2, "BF16": 2, "F8_E4M3": 1, "I32": 4, "U8": 1, "I64": 8}


def write_safetensors(
    path: Path, tensors: Mapping[str, tuple[str, tuple[int, ...]]], *, metadata: bool = True
) -> int:
    """Write a safetensors file of ``tensors`` (name -> (dtype, shape)); returns the number
    of parameters (elements) it holds."""
    header: dict[str, object] = {"__metadata__": {"format": "pt"}} if metadata else {}
    offset = 0
    for name, (dtype, shape) in tensors.items():
        size = prod(shape) * BYTES[dtype]
        header[name] = {
            "dtype": dtype,
            "shape": list(shape),
            "data_offsets": [offset, offset + size],
        }
        offset += size
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)  # the format pads the header to 8 bytes
    with path.open("wb") as handle:
        handle.write(struct.pack("<Q", len(raw)))
        handle.write(raw)
        handle.truncate(8 + len(raw) + offset)
    return sum(prod(shape) for _, shape in tensors.values())


def write_sharded(folder: Path, shards: Sequence[Mapping[str, tuple[str, tuple[int, ...]]]]) -> int:
    """``model-0000i-of-0000n.safetensors`` files and their index; returns the parameters."""
    total = 0
    weight_map: dict[str, str] = {}
    size = 0
    for i, tensors in enumerate(shards, start=1):
        name = f"model-{i:05d}-of-{len(shards):05d}.safetensors"
        total += write_safetensors(folder / name, tensors)
        weight_map.update(dict.fromkeys(tensors, name))
        size += sum(prod(s) * BYTES[d] for d, s in tensors.values())
    index = {"metadata": {"total_size": size}, "weight_map": weight_map}
    (folder / "model.safetensors.index.json").write_text(json.dumps(index), encoding="utf-8")
    return total


def mixtral(layers: int = 2, experts: int = 4, hidden: int = 16, ffn: int = 24, vocab: int = 50):
    """The tensors of a small Mixtral-style model, one dict per layer (and the embeddings)."""
    out: list[dict[str, tuple[str, tuple[int, ...]]]] = [
        {"model.embed_tokens.weight": ("BF16", (vocab, hidden)),
         "lm_head.weight": ("BF16", (vocab, hidden)), "model.norm.weight": ("BF16", (hidden,))}
    ]  # fmt: skip
    for layer in range(layers):
        p = f"model.layers.{layer}"
        tensors = {
            f"{p}.self_attn.q_proj.weight": ("BF16", (hidden, hidden)),
            f"{p}.self_attn.k_proj.weight": ("BF16", (hidden // 2, hidden)),
            f"{p}.self_attn.v_proj.weight": ("BF16", (hidden // 2, hidden)),
            f"{p}.self_attn.o_proj.weight": ("BF16", (hidden, hidden)),
            f"{p}.input_layernorm.weight": ("BF16", (hidden,)),
            f"{p}.post_attention_layernorm.weight": ("BF16", (hidden,)),
            f"{p}.block_sparse_moe.gate.weight": ("BF16", (experts, hidden)),
        }
        for e in range(experts):
            for w, shape in (("w1", (ffn, hidden)), ("w2", (hidden, ffn)), ("w3", (ffn, hidden))):
                tensors[f"{p}.block_sparse_moe.experts.{e}.{w}.weight"] = ("BF16", shape)
        out.append(tensors)
    return out
