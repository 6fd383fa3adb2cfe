"""A checkpoint folder (config.json, *.safetensors, model.safetensors.index.json, README.md)
-> a record: the exact parameter count, the architecture, and for a mixture of experts the
expert counts and the active parameters.

The count reads only the safetensors headers: a file starts with an 8-byte little-endian
length N, then N bytes of JSON naming each tensor's dtype, shape and byte range; the weights
after it are never read (a model of hundreds of GB is counted in milliseconds). The
parameter count is the sum over tensors of the product of the shape.

Active parameters of a mixture of experts, computed from config.json and the tensor shapes:

- E, the routed experts per layer, from ``n_routed_experts`` (DeepSeek),
  ``num_local_experts`` (Mixtral), ``num_experts`` (Qwen-MoE, OLMoE) or
  ``moe_num_experts``; k, the experts each token uses, from ``num_experts_per_tok``
  (or ``num_experts_per_token``, ``experts_per_token``, ``moe_k``, ``moe_topk``);
- the routed experts' tensors are those named ``...experts.<i>....`` (one per expert) or
  ``...experts.<name>`` with a first dimension of E (all experts in one tensor); shared
  experts (``shared_expert``, ``shared_experts``), routers, attention, embeddings and norms
  are used by every token;
- active = total - routed + routed x k / E: each token uses k of the E equal experts of
  every MoE layer, and all the rest (embeddings included, as Mixtral's 12.9B and
  DeepSeek-V3's 37B are counted). The result must be a whole number and every layer must
  have all E experts, else it is not computed and a warning says why.
"""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from math import prod
from pathlib import Path
from typing import Any, NamedTuple

from modelcard.errors import NotATable
from modelcard.safefiles import read_head, read_text
from modelcard.units import format_count

from .records import Record

INDEX = "model.safetensors.index.json"
CONFIG = "config.json"
# safetensors' own limit on the header
MAX_HEADER = 100_000_000
# config.json and the index: a DeepSeek-V3 index of 90,000 tensors is about 9 MB
JSON_LIMIT = 64 * 1024 * 1024
BITS = {
    "BOOL": 8, "U8": 8, "I8": 8, "F8_E5M2": 8, "F8_E4M3": 8, "F8_E8M0": 8, "I16": 16,
    "U16": 16, "F16": 16, "BF16": 16, "I32": 32, "U32": 32, "F32": 32, "F64": 64, "I64": 64,
    "U64": 64, "C64": 64, "F4": 4, "F6_E2M3": 6, "F6_E3M2": 6,
}  # fmt: skip
EXPERT_KEYS = ("n_routed_experts", "num_local_experts", "num_experts", "moe_num_experts")
PER_TOKEN_KEYS = (
    "num_experts_per_tok", "num_experts_per_token", "experts_per_token", "moe_k", "moe_topk",
)  # fmt: skip
SHARED_KEYS = ("n_shared_experts", "num_shared_experts", "moe_num_shared_experts")
# where multimodal configs keep the language model's settings
NESTED = ("text_config", "language_config", "llm_config")
# Quantised checkpoints store weights packed (several per element) or with scales beside
# them: their element count is not the parameter count.
PACKED_METHODS = ("gptq", "awq", "bitsandbytes", "mxfp4", "hqq", "aqlm", "exl2", "quanto")
SCALE_SUFFIXES = (
    "_scale_inv", ".weight_scale", ".input_scale", ".scales", ".qzeros", ".g_idx",
    ".weight_zero_point", ".weight_global_scale",
)  # fmt: skip
_PER_EXPERT = re.compile(r"(?:^|\.)experts\.(\d+)\.")
_FUSED = re.compile(r"(?:^|\.)experts\.(?!\d)")
_SNAPSHOT = re.compile(r"models--([\w.-]+)--([\w.-]+)$")


class Tensor(NamedTuple):
    # a named tuple: a DeepSeek-V3 checkpoint declares 90,000 tensors, and a frozen
    # dataclass costs three times as much to make
    name: str
    dtype: str
    shape: tuple[int, ...]
    file: str
    size: int  # elements: the product of the shape


def read_header(path: Path, *, shown: str | None = None) -> list[Tensor]:
    """The tensors a safetensors file declares, checked against the file's size."""
    where = shown or str(path)
    # through safefiles: a FIFO or a device named like a shard is refused, never waited on
    try:
        head = read_head(path, 8)
        if len(head) < 8:
            raise NotATable(f"{where}: not a safetensors file (shorter than 8 bytes)")
        (length,) = struct.unpack("<Q", head)
        size = path.stat().st_size
        if length > MAX_HEADER or length > size - 8:
            raise NotATable(
                f"{where}: not a safetensors file (a header of {length:,} bytes in a file "
                f"of {size:,})"
            )
        raw = read_head(path, 8 + length)[8:]
    except OSError as exc:
        raise NotATable(f"{where}: cannot be read: {exc.strerror or exc}") from None
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise NotATable(f"{where}: not a safetensors file (its header is not JSON)") from None
    if not isinstance(header, dict):
        raise NotATable(f"{where}: not a safetensors file (its header is not a JSON object)")
    data = size - 8 - length
    file = path.name
    tensors = []
    # The common case inline, at about a microsecond a tensor (a DeepSeek-V3 checkpoint
    # declares 90,000); anything odd goes to _tensor, which says what is wrong.
    for name, info in header.items():
        if name == "__metadata__":
            continue
        try:
            shape, (begin, end) = info["shape"], info["data_offsets"]
            count = prod(shape)
            # a product of whole numbers is one (a float, text or list in the shape is not)
            sound = (
                type(count) is int
                and type(shape) is list
                and (not shape or min(shape) >= 0)
                and type(begin) is int
                and type(end) is int
                and 0 <= begin
                and end - begin == (count * BITS[info["dtype"]] + 7) // 8
                and end <= data
            )
        except (KeyError, TypeError, ValueError):
            sound = False
        tensors.append(
            Tensor(name, info["dtype"], tuple(shape), file, count)
            if sound
            else _tensor(name, info, where=where, data=data, file=file)
        )
    return tensors


def _tensor(name: str, info: object, *, where: str, data: int, file: str) -> Tensor:
    if not isinstance(info, dict):
        raise NotATable(f"{where}: tensor {name!r}: not a description")
    dtype, shape, offsets = info.get("dtype"), info.get("shape"), info.get("data_offsets")
    bits = BITS.get(dtype) if isinstance(dtype, str) else None
    if bits is None:
        raise NotATable(f"{where}: tensor {name!r}: unknown dtype {str(dtype)[:20]!r}")
    if type(shape) is not list or not _sizes(shape):
        raise NotATable(f"{where}: tensor {name!r}: the shape is not a list of sizes")
    if type(offsets) is not list or len(offsets) != 2 or not _sizes(offsets):
        raise NotATable(f"{where}: tensor {name!r}: data_offsets is not [begin, end]")
    begin, end = offsets
    count = prod(shape)
    expected = (count * bits + 7) // 8
    if end < begin or end - begin != expected:
        raise NotATable(
            f"{where}: tensor {name!r}: {end - begin:,} bytes for a {dtype} tensor of shape "
            f"{shape} ({expected:,} bytes)"
        )
    if end > data:
        raise NotATable(
            f"{where}: tensor {name!r} ends at byte {end:,} of {data:,}: the file is truncated"
        )
    return Tensor(name, str(dtype), tuple(shape), file, count)


def _sizes(values: list[object]) -> bool:
    """Whole numbers, none negative (``type() is int``: JSON's true is no size)."""
    for value in values:
        if type(value) is not int or value < 0:
            return False
    return True


def is_checkpoint(folder: Path) -> bool:
    return folder.is_dir() and (folder / CONFIG).is_file()


def read_json(path: Path, *, shown: str) -> dict[str, Any]:
    try:
        data = json.loads(read_text(path, limit=JSON_LIMIT))
    except OSError as exc:
        raise NotATable(f"{shown}: cannot be read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise NotATable(f"{shown}: not UTF-8 text") from None
    except ValueError as exc:
        raise NotATable(f"{shown}: not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise NotATable(f"{shown}: not a JSON object")
    return data


def check_weight_map(index: Mapping[str, Any], *, where: str) -> dict[str, str]:
    """The index's map of tensor names to weight files, each a plain file name."""
    weight_map = index.get("weight_map")
    # set(map(type, ...)): the check at C speed over the 90,000 names of a large MoE
    if not isinstance(weight_map, dict) or not (
        set(map(type, weight_map)) | set(map(type, weight_map.values())) <= {str}
    ):
        raise NotATable(f"{where}: weight_map is not a map of tensor names to files")
    for file in set(weight_map.values()):
        if Path(file).name != file or file in (".", ".."):
            raise NotATable(f"{where}: {file!r} is not a file name in the checkpoint folder")
    return weight_map


def shard_names(folder: Path) -> tuple[list[str], str | None, dict[str, str]]:
    """The weight files (in order), the index file if any, and the index's weight map."""
    index = folder / INDEX
    if index.is_file():
        weight_map = check_weight_map(read_json(index, shown=str(index)), where=str(index))
        return sorted(set(weight_map.values())), INDEX, weight_map
    files = sorted(p.name for p in folder.glob("*.safetensors") if not p.is_dir())
    return files, None, {}


def read_tensors(folder: Path) -> tuple[list[Tensor], list[str], str | None]:
    """Every tensor of the checkpoint (headers only), its files, and the index if any."""
    files, index, weight_map = shard_names(folder)
    if not files:
        raise NotATable(f"{folder}: no *.safetensors files (only safetensors are read)")
    tensors: list[Tensor] = []
    for file in files:
        path = folder / file
        if not path.exists():  # anything else there is safefiles' to refuse
            raise NotATable(f"{folder / (index or '')}: {file} is listed but missing")
        tensors += read_header(path, shown=str(path))
    located = {t.name: t.file for t in tensors}
    if len(located) != len(tensors):
        seen: set[str] = set()
        for t in tensors:
            if t.name in seen:
                break
            seen.add(t.name)
        repeated = t.name
        raise NotATable(f"{folder}: tensor {repeated!r} is in more than one file")
    if weight_map and located != weight_map:
        missing = [name for name, file in weight_map.items() if located.get(name) != file]
        if missing:
            raise NotATable(
                f"{folder / INDEX}: {len(missing)} tensors not in their files, such as "
                f"{missing[0]!r} in {weight_map[missing[0]]}"
            )
    return tensors, files, index


@dataclass(frozen=True)
class Experts:
    routed: int  # E, per MoE layer
    per_token: int  # k
    shared: int | None  # shared experts per layer, where the config says
    routed_parameters: int  # of all routed experts' tensors
    active: int | None
    keys: tuple[str, str]  # the config keys E and k came from
    problem: str | None = None


def _setting(config: Mapping[str, Any], keys: Iterable[str]) -> tuple[int, str] | None:
    for scope in (config, *(config.get(k) for k in NESTED)):
        if not isinstance(scope, Mapping):
            continue
        for key in keys:
            value = scope.get(key)
            if isinstance(value, int) and not isinstance(value, bool):
                return value, key
    return None


def experts(config: Mapping[str, Any], tensors: list[Tensor], total: int) -> Experts | None:
    """The mixture of experts that the config declares (None for a dense model)."""
    routed = _setting(config, EXPERT_KEYS)
    per_token = _setting(config, PER_TOKEN_KEYS)
    if routed is None or routed[0] <= 1:
        return None
    e, e_key = routed
    if per_token is None:
        return Experts(e, 0, None, 0, None, (e_key, ""), "the config gives no experts per token")
    k, k_key = per_token
    shared = _setting(config, SHARED_KEYS)
    layers: dict[str, set[int]] = {}
    routed_parameters = 0
    for t in tensors:
        if "experts" not in t.name or "shared_expert" in t.name:
            continue
        match = _PER_EXPERT.search(t.name)
        if match:
            layers.setdefault(t.name[: match.start()], set()).add(int(match[1]))
            routed_parameters += t.size
        elif _FUSED.search(t.name) and t.shape and t.shape[0] == e:
            routed_parameters += t.size
    made = Experts(e, k, shared[0] if shared else None, routed_parameters, None, (e_key, k_key))
    if not 0 < k <= e:
        return _without(made, f"{k_key} = {k} is not between 1 and {e_key} = {e}")
    if routed_parameters == 0:
        return _without(made, "no tensor of the routed experts was recognised by its name")
    incomplete = [layer for layer, found in layers.items() if found != set(range(e))]
    if incomplete:
        return _without(
            made,
            f"{incomplete[0]} has {len(layers[incomplete[0]])} experts, not 0 to {e - 1}",
        )
    if routed_parameters * k % e:
        return _without(made, "the routed experts are not of equal size")
    active = total - routed_parameters + routed_parameters * k // e
    return Experts(e, k, made.shared, routed_parameters, active, made.keys)


def _without(made: Experts, problem: str) -> Experts:
    return Experts(
        made.routed, made.per_token, made.shared, made.routed_parameters, None, made.keys, problem
    )


def hub_location(folder: Path) -> tuple[str, str] | None:
    """(org/name, commit) when the folder is a snapshot in the Hugging Face cache
    (``models--org--name/snapshots/<commit>``)."""
    resolved = folder.resolve()
    match = _SNAPSHOT.search(resolved.parent.parent.name)
    if resolved.parent.name == "snapshots" and match:
        return f"{match[1]}/{match[2]}", resolved.name
    return None


def read_checkpoint(folder: Path, *, url_of: Any = None) -> Record:
    """Read a checkpoint folder. ``url_of(file)`` gives the address cited for a file in it
    (default: the Hub page where the folder is a cache snapshot, else the file itself)."""
    where = str(folder)
    if not is_checkpoint(folder):
        raise NotATable(f"{where}: not a checkpoint folder (no {CONFIG})")
    location = hub_location(folder)
    if url_of is None:
        url_of = _url_maker(folder, location)
    config = read_json(folder / CONFIG, shown=str(folder / CONFIG))
    tensors, files, index = read_tensors(folder)
    record = describe(config, tensors, files=files, index=index, url_of=url_of, where=where)
    record.name = location[0].split("/")[1] if location else folder.resolve().name
    if location:
        record.lab = location[0].split("/")[0]
        record.notes.append(
            f"{where}: lab: the Hub organisation {record.lab!r} (--lab names it otherwise)"
        )
    return record


def _url_maker(folder: Path, location: tuple[str, str] | None) -> Any:
    def url_of(file: str) -> str:
        if location:
            return f"https://huggingface.co/{location[0]}/blob/{location[1]}/{file}"
        return (folder / file).resolve().as_uri()

    return url_of


def describe(
    config: Mapping[str, Any],
    tensors: list[Tensor],
    *,
    files: list[str],
    index: str | None,
    url_of: Any,
    where: str,
) -> Record:
    """The record of a checkpoint from its config and tensors (local or from the Hub)."""
    record = Record(where=where)
    quantization = config.get("quantization_config")
    method = quantization.get("quant_method") if isinstance(quantization, dict) else None
    counted = tensors
    if method is not None:
        counted = [t for t in tensors if not t.name.endswith(SCALE_SUFFIXES)]
    total = sum(t.size for t in counted)
    weights = index or files[0]
    source = {"confidence": "confident", "dataset": "checkpoint"}
    packed = isinstance(method, str) and method.lower() in PACKED_METHODS
    if packed:
        record.warnings.append(
            f"{where}: quantised with {method}: its tensors hold packed weights, so their "
            "element count is not the parameter count; parameters not recorded"
        )
    elif total:
        record.values["parameters"] = total
        skipped = len(tensors) - len(counted)
        record.sources["parameters"] = {
            "url": url_of(weights),
            "note": f"counted from the safetensors headers: {len(counted):,} tensors in "
            f"{len(files)} file{'s' if len(files) != 1 else ''}"
            + (f", less {skipped} quantisation scales" if skipped else ""),
            **source,
            "row": weights,
        }
        record.notes.append(f"{where}: {total:,} parameters ({format_count(total)})")
    mtp = config.get("num_nextn_predict_layers")
    if isinstance(mtp, int) and mtp > 0 and "parameters" in record.sources:
        record.sources["parameters"]["note"] += (
            f"; includes {mtp} multi-token-prediction layer{'s' if mtp > 1 else ''}"
        )
    kinds = config.get("architectures")
    kind = kinds[0] if isinstance(kinds, list) and kinds and isinstance(kinds[0], str) else None
    model_type = config.get("model_type") if isinstance(config.get("model_type"), str) else None
    said = ", ".join(
        part for part in (kind, f"model_type {model_type}" if model_type else None) if part
    )
    routed = _setting(config, EXPERT_KEYS)
    if routed is None or routed[0] <= 1:
        record.values["architecture"] = "Dense"
        description = f"{said or 'a checkpoint'}, dense"
    else:
        record.values["architecture"] = "MoE"
        moe = experts(config, counted, total)
        assert moe is not None
        shared = f", {moe.shared} shared" if moe.shared else ""
        per_token = f", {moe.per_token} per token" if moe.per_token else ""
        description = f"{said or 'a checkpoint'}, {moe.routed} experts{shared}{per_token}"
        if moe.active is not None and not packed:
            record.values["active_parameters"] = moe.active
            record.sources["active_parameters"] = {
                "url": url_of(CONFIG),
                "note": f"computed: all {total:,} parameters less the routed experts' "
                f"{moe.routed_parameters:,}, plus {moe.per_token} of {moe.routed} of them "
                f"({moe.keys[1]} and {moe.keys[0]} in config.json, the experts' sizes from "
                "the safetensors headers)",
                **source,
                "row": CONFIG,
            }
            record.notes.append(
                f"{where}: {moe.active:,} active parameters ({format_count(moe.active)}), "
                f"{moe.per_token} of {moe.routed} experts per token"
            )
        elif not packed:
            record.warnings.append(f"{where}: active parameters not computed: {moe.problem}")
    record.sources["architecture"] = {
        "url": url_of(CONFIG),
        "note": f"config.json: {description}",
        **source,
        "row": CONFIG,
    }
    record.description = f"Read from a checkpoint: {description}."
    return record
