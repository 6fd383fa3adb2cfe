"""Make the small models.dev JSON files the tests read, from the snapshot in data/.

models.dev's service publishes api.json (providers, each with its models, ``base_model``
already resolved), models.json (the provider-independent records by ``lab/model``) and
catalog.json (both). This builds the three for a handful of models, as that service would
(base_model merged as its generator does), so that the JSON reader is tested on real data:

    python scripts/modelsdev_fixtures.py      # writes tests/data/modelsdev/*.json
"""

from __future__ import annotations

import json
import sys
import tarfile
import tempfile
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from modelcard.sources.modelsdev import inherit  # noqa: E402

ARCHIVE = ROOT / "data" / "models-dev.tar.gz"
OUT = ROOT / "tests" / "data" / "modelsdev"
MODELS = [
    "deepseek/deepseek-chat",
    "deepseek/deepseek-v4-pro",
    "mistral/mistral-large-2411",
    "mistral/mistral-large-latest",
    "moonshotai/kimi-k2.6",
    "openai/gpt-5.4",
]
SERVED = {
    "amazon-bedrock": ["openai.gpt-5.4"],
    "deepseek": ["deepseek-chat", "deepseek-v4-pro"],
    "mistral": ["mistral-large-2411", "mistral-large-latest"],
    "moonshotai": ["kimi-k2-0711-preview", "kimi-k2.6"],
    "openai": ["gpt-5.4", "text-embedding-3-large"],
    "togetherai": ["moonshotai/Kimi-K2.6", "deepseek-ai/DeepSeek-V3"],
}


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(ARCHIVE) as archive:
            archive.extractall(tmp, filter="data")
        root = Path(tmp)
        models: dict[str, Any] = {}
        for key in MODELS:
            data = tomllib.loads((root / "models" / f"{key}.toml").read_text(encoding="utf-8"))
            models[key] = {"id": key, **data}
        providers: dict[str, Any] = {}
        for provider, ids in SERVED.items():
            folder = root / "providers" / provider
            meta = tomllib.loads((folder / "provider.toml").read_text(encoding="utf-8"))
            served = {}
            for model_id in ids:
                path = folder / "models" / f"{model_id}.toml"
                data = tomllib.loads(path.read_text(encoding="utf-8"))
                if "base_model" in data:
                    base = tomllib.loads(
                        (root / "models" / f"{data['base_model']}.toml").read_text("utf-8")
                    )
                    data = inherit(base, data)
                served[model_id] = {"id": model_id, **data}
            providers[provider] = {"id": provider, **meta, "models": served}
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in (
        ("api.json", providers),
        ("models.json", models),
        ("catalog.json", {"providers": providers, "models": models}),
    ):
        text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        (OUT / name).write_text(text, encoding="utf-8")
        print(f"{OUT.relative_to(ROOT) / name}: {len(text):,} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
