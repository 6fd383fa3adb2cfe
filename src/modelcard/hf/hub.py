"""A repository on the Hugging Face Hub -> a record, through ``huggingface_hub``.

The same reading as a local checkpoint (``checkpoint.describe``) and card
(``cardreader.read_card``), with the files fetched from the Hub at one commit: the
repository's information (its commit, whether it is gated or private), config.json,
README.md if there is one, and the safetensors headers (``get_safetensors_metadata``
fetches the first bytes of each weight file with HTTP range requests, never the weights).
Every figure cites the file at that commit.

``HF_ENDPOINT`` (a mirror, or a local server in the tests) and ``HF_HUB_OFFLINE`` are read
when the command runs. ``huggingface_hub`` is the optional extra ``modelcard[hf]``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from math import prod
from pathlib import Path
from typing import Any

from modelcard.errors import InvalidValue, ModelcardError

from .cardreader import read_card
from .checkpoint import CONFIG, INDEX, Tensor, check_weight_map, describe
from .records import Record

INSTALL_HINT = "import --hub needs the hf extra: pip install 'modelcard[hf]'"
DEFAULT_ENDPOINT = "https://huggingface.co"
TIMEOUT = 20.0
_REPO = re.compile(r"[A-Za-z0-9][\w.-]{0,95}/[A-Za-z0-9][\w.-]{0,95}")


def read_hub(repo: str) -> Record:
    if not _REPO.fullmatch(repo) or ".." in repo:
        raise InvalidValue(f"--hub: {repo!r} is not a repository (ORG/NAME)")
    if os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on"):
        raise ModelcardError(f"--hub {repo}: HF_HUB_OFFLINE is set; --hub needs the network")
    try:
        import huggingface_hub
    except ImportError:
        raise ModelcardError(INSTALL_HINT) from None
    import sys
    import tempfile

    if not sys.stderr.isatty():
        from huggingface_hub.utils.tqdm import disable_progress_bars

        disable_progress_bars()
    endpoint = (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")
    api = huggingface_hub.HfApi(endpoint=endpoint)
    try:
        # config.json and README.md go to a folder of our own, removed after: an import
        # leaves nothing in the Hugging Face cache
        with tempfile.TemporaryDirectory(prefix="modelcard-hub-") as cache:
            return _read(api, repo, endpoint, Path(cache))
    except ModelcardError:
        raise
    except Exception as exc:  # huggingface_hub and its HTTP client raise many kinds
        raise ModelcardError(f"--hub {repo}: {_reason(exc, endpoint)}") from None


def _read(api: Any, repo: str, endpoint: str, cache: Path) -> Record:
    from huggingface_hub.errors import EntryNotFoundError

    info = api.model_info(repo, timeout=TIMEOUT)
    commit = info.sha
    if not commit:
        raise ModelcardError(f"--hub {repo}: the Hub gave no commit for the repository")

    def url_of(file: str) -> str:
        return f"{endpoint}/{repo}/blob/{commit}/{file}"

    def fetch(file: str) -> str:
        path = api.hf_hub_download(repo, file, revision=commit, cache_dir=cache)
        with open(path, encoding="utf-8-sig") as handle:
            return handle.read()

    config = _json(fetch, CONFIG, repo)
    where = f"{endpoint}/{repo}"
    files, index = _weight_files(info, repo, fetch, where)
    tensors = []
    for file in files:
        # the header only: HTTP range requests for its first bytes
        header = api.parse_safetensors_file_metadata(repo, file, revision=commit)
        tensors += [
            Tensor(n, t.dtype, tuple(t.shape), file, prod(t.shape))
            for n, t in header.tensors.items()
        ]
    record = describe(config, tensors, files=files, index=index, url_of=url_of, where=where)
    record.name = repo.split("/", 1)[1]
    try:
        card = read_card(fetch("README.md"), where=where, url=url_of("README.md"), row="README.md")
    except EntryNotFoundError:
        card = None
    if card is not None:
        record.name = card.name or record.name
        record.lab = card.lab
        record.add(card)
    if record.lab is None:
        record.lab = repo.split("/", 1)[0]
        record.notes.append(
            f"{where}: lab: the Hub organisation {record.lab!r} (--lab names it otherwise)"
        )
    gated = bool(getattr(info, "gated", False))
    private = bool(getattr(info, "private", False))
    record.values["access"] = "private" if private else "limited" if gated else "public"
    record.links.setdefault("huggingface", f"{endpoint}/{repo}")
    return record


def _weight_files(
    info: Any, repo: str, fetch: Callable[[str], str], where: str
) -> tuple[list[str], str | None]:
    """The weight files, from the index where there is one (as in a local folder)."""
    names = {s.rfilename for s in getattr(info, "siblings", None) or []}
    if INDEX in names:
        index = _json(fetch, INDEX, repo)
        weight_map = check_weight_map(index, where=f"{where}/{INDEX}")
        return sorted(set(weight_map.values())), INDEX
    files = sorted(n for n in names if n.endswith(".safetensors") and "/" not in n)
    if not files:
        raise ModelcardError(
            f"--hub {repo}: the repository has no safetensors weights (only safetensors are read)"
        )
    return files, None


def _json(fetch: Callable[[str], str], file: str, repo: str) -> dict[str, Any]:
    import json

    try:
        data = json.loads(fetch(file))
    except ValueError as exc:
        raise ModelcardError(f"--hub {repo}: {file} is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ModelcardError(f"--hub {repo}: {file} is not a JSON object")
    return data


def _reason(exc: Exception, endpoint: str) -> str:
    """One line for what went wrong, naming the repository or the endpoint."""
    kind = type(exc).__name__
    first = (str(exc).strip().splitlines() or [kind])[0]
    if kind in ("RepositoryNotFoundError", "RevisionNotFoundError"):
        return "no such repository on the Hub (or it is private: log in with `hf auth login`)"
    if kind == "GatedRepoError":
        return "the repository is gated: accept its terms on the Hub and log in first"
    if kind == "NotASafetensorsRepoError":
        return "the repository has no safetensors weights (only safetensors are read)"
    if kind in ("EntryNotFoundError", "RemoteEntryNotFoundError"):
        return f"a file is missing: {first}"
    if kind in ("OfflineModeIsEnabled",):
        return "HF_HUB_OFFLINE is set; --hub needs the network"
    if isinstance(exc, OSError) or "Connect" in kind or "Timeout" in kind:
        return f"cannot reach {endpoint} (offline?): {first}"
    return f"{kind}: {first}"
