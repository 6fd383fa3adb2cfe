"""The models.dev reader: a checkout (models/ and providers/), its archive, and the service's
JSON; one record per model, first-party and models/ facts first, flaws reported."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from modelcard.sources.modelsdev import (
    benchmark_key,
    inherit,
    json_kind,
    read_archive,
    read_checkout,
    read_json_file,
    read_service_json,
)
from modelcard.sources.records import MODELSDEV_COMMIT, Reading, Record, SourceError

from .conftest import ROOT

ARCHIVE = ROOT / "data" / "models-dev.tar.gz"
FIXTURES = ROOT / "tests" / "data" / "modelsdev"


@pytest.fixture(scope="module")
def real():
    return read_archive(ARCHIVE, commit=MODELSDEV_COMMIT)


def by_key(reading: Reading) -> dict[str, Record]:
    return {r.key: r for r in reading.records}


def write(root: Path, path: str, text: str) -> Path:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


MODEL = """
name = "{name}"
release_date = "{date}"
open_weights = true
knowledge = "2025-01"
[limit]
context = 262_144
output = 65_536
[modalities]
input = ["text"]
output = ["{output}"]
"""


def model(name: str, date: str = "2026-04-21", output: str = "text") -> str:
    return MODEL.format(name=name, date=date, output=output)


# ---------------------------------------------------------------------------------------------
# the real snapshot


def test_the_real_snapshot_folds_to_one_record_per_model(real) -> None:
    records = by_key(real)
    assert len(real.records) == 258
    assert real.counts["provider copies folded"] == 1314
    assert real.counts["third-party listings not imported"] == 3656
    # Kimi K2.6 is served by dozens of providers and is one record
    assert sum(1 for r in real.records if r.name == "Kimi K2.6") == 1
    kimi = records["moonshotai/kimi-k2.6"]
    assert kimi.released == "2026-04-21"
    assert kimi.value("context_window") == 262_144
    assert kimi.value("open_weights") is True
    assert kimi.value("links.weights") == "https://huggingface.co/moonshotai/Kimi-K2.6"
    # the price is the lab's own, from its provider listing
    assert kimi.value("price_input") == 0.95 and kimi.value("price_output") == 4.0
    price = kimi.figures["price_input"].source
    assert price.row == "providers/moonshotai/models/kimi-k2.6.toml"
    assert price.url == (
        "https://github.com/anomalyco/models.dev/blob/f3fc692/"
        "providers/moonshotai/models/kimi-k2.6.toml"
    )
    assert kimi.figures["released"].source.row == "models/moonshotai/kimi-k2.6.toml"


def test_the_real_snapshot_reports_its_flaws(real) -> None:
    broken = [p for p in real.problems if "broken link" in p.message]
    assert len(broken) == 31  # SOURCES.md: 31 broken symlinks
    pointers = [p for p in real.problems if "pointer" in p.message]
    assert any("mistral-large-latest" in p.where for p in pointers)
    assert all(p.kind == "skipped" for p in broken + pointers)


def test_the_real_snapshot_has_only_language_models(real) -> None:
    names = {r.name.lower() for r in real.records}
    assert not any("embed" in n for n in names)
    assert "gpt-image-1.5" not in names  # an image generator that also writes text
    assert real.counts["not language models"] == 38


def test_the_real_snapshot_takes_benchmarks_with_their_own_sources(real) -> None:
    kimi = by_key(real)["moonshotai/kimi-k2.6"]
    bench = kimi.figures["benchmarks.swe_bench_verified"]
    assert bench.value == 80.2
    assert bench.source.url == "https://huggingface.co/moonshotai/Kimi-K2.6"
    # the four Claude Code runs of Kimi are a third party's harness: not the model's score
    assert not any("terminal_bench" in f for f in kimi.figures)


def checkout_with_flaws(root: Path, outside: Path) -> Path:
    write(root, "models/moonshotai/kimi.toml", model("Kimi"))
    write(root, "providers/moonshotai/models/kimi.toml", model("Kimi") + "[cost]\ninput = 1.0\n")
    write(root, "providers/other/models/moonshotai/Kimi.toml", 'base_model = "moonshotai/kimi"\n')
    write(root, "providers/other/models/bad.toml", "name = [\n")
    folder = root / "providers" / "mirror" / "models"
    folder.mkdir(parents=True)
    os.symlink("../../moonshotai/models/kimi.toml", folder / "kimi.toml")
    os.symlink("../../gone/models/x.toml", folder / "gone.toml")
    os.symlink(outside, folder / "out.toml")
    return root


@pytest.mark.parametrize("top", ["", "models.dev-f3fc692/"])
def test_an_archive_is_read_like_its_checkout(tmp_path: Path, top: str) -> None:
    import tarfile

    outside = write(tmp_path, "secret.toml", model("Secret"))
    checkout = checkout_with_flaws(tmp_path / "checkout", outside)
    archive = tmp_path / "checkout.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for path in sorted(checkout.rglob("*")):
            tar.add(path, arcname=top + path.relative_to(checkout).as_posix(), recursive=False)
    from_folder = read_checkout(checkout, commit="abc1234")
    from_archive = read_archive(archive, commit="abc1234")
    assert from_archive.records == from_folder.records
    assert sorted(map(str, from_archive.problems)) == sorted(map(str, from_folder.problems))
    assert from_archive.counts == from_folder.counts
    assert from_archive.counts == {
        "provider copies folded": 1,
        "third-party listings not imported": 1,
    }
    messages = sorted(p.message for p in from_archive.problems)
    assert messages[0] == "broken link to ../../gone/models/x.toml"
    assert messages[1].startswith("cannot be read")
    assert messages[2].startswith("links outside the checkout")


def test_a_file_that_is_no_archive_is_refused(tmp_path: Path) -> None:
    junk = write(tmp_path, "x.tar.gz", "not an archive")
    with pytest.raises(SourceError, match="not a readable archive"):
        read_archive(junk)


def test_without_a_commit_the_url_is_models_dev(tmp_path: Path) -> None:
    write(tmp_path, "models/lab/m.toml", model("M"))
    record = read_checkout(tmp_path).records[0]
    assert record.figures["released"].source.url == "https://models.dev"
    assert record.figures["released"].source.row == "models/lab/m.toml"


# ---------------------------------------------------------------------------------------------
# folding, on small checkouts


def test_provider_copies_fold_into_the_models_record(tmp_path: Path) -> None:
    write(tmp_path, "models/moonshotai/kimi.toml", model("Kimi"))
    write(tmp_path, "providers/moonshotai/provider.toml", 'name = "Moonshot AI"\n')
    write(
        tmp_path,
        "providers/moonshotai/models/kimi.toml",
        model("Kimi") + "[cost]\ninput = 0.95\noutput = 4.0\n",
    )
    for provider in ("fireworks", "togetherai"):
        write(
            tmp_path,
            f"providers/{provider}/models/moonshotai/Kimi.toml",
            'base_model = "moonshotai/kimi"\n[cost]\ninput = 9.0\noutput = 9.0\n'
            "[limit]\ncontext = 8000\noutput = 100\n",
        )
    reading = read_checkout(tmp_path)
    assert [r.key for r in reading.records] == ["moonshotai/kimi"]
    record = reading.records[0]
    assert record.value("context_window") == 262_144  # not a reseller's limit
    assert record.value("price_input") == 0.95  # the lab's own price
    assert reading.counts == {"provider copies folded": 2}


def test_a_first_party_listing_without_a_models_record_is_a_record(tmp_path: Path) -> None:
    write(tmp_path, "providers/zai/models/glm-9.toml", model("GLM-9 (Z.AI)"))
    write(tmp_path, "providers/zhipuai/models/glm-9.toml", model("GLM-9"))
    write(tmp_path, "providers/nvidia/models/meta/llama-9.toml", model("Llama 9"))
    reading = read_checkout(tmp_path)
    assert [r.key for r in reading.records] == ["zhipuai/glm-9"]
    # the provider named like the lab comes first; the other's name is an alias
    assert reading.records[0].name == "GLM-9"
    assert "GLM-9 (Z.AI)" in reading.records[0].aliases
    assert reading.counts == {"third-party listings not imported": 1}


def test_inherit_merges_deeply_and_omits_as_models_dev_does() -> None:
    base = {
        "name": "GPT",
        "limit": {"context": 1_000, "input": 900, "output": 100},
        "benchmarks": [{"name": "X", "score": 1}],
        "weights": [{"url": "https://h"}],
    }
    own = {
        "base_model": "openai/gpt",
        "base_model_omit": ["limit.input"],
        "limit": {"context": 500},
        "cost": {"input": 1.0},
    }
    assert inherit(base, own) == {
        "name": "GPT",
        "limit": {"context": 500, "output": 100},
        "cost": {"input": 1.0},
    }


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("1970-01-01", "placeholder date"),
        ("2027-01-01", "after the snapshot"),
        ("soon", "not a date"),
    ],
)
def test_bad_dates_are_reported_not_imported(tmp_path: Path, date: str, message: str) -> None:
    write(tmp_path, "models/lab/m.toml", model("M", date=date))
    reading = read_checkout(tmp_path)
    assert len(reading.records) == 1 and reading.records[0].released is None
    [problem] = reading.problems
    assert str(problem).startswith("models/lab/m.toml: release_date: ")
    assert message in problem.message


def test_broken_and_escaping_links_are_reported(tmp_path: Path) -> None:
    outside = write(tmp_path / "elsewhere", "secret.toml", model("Secret"))
    checkout = tmp_path / "checkout"
    write(checkout, "models/lab/good.toml", model("Good"))
    folder = checkout / "providers" / "p" / "models"
    folder.mkdir(parents=True)
    os.symlink("../../q/models/gone.toml", folder / "gone.toml")
    os.symlink(outside, folder / "out.toml")
    write(checkout, "providers/p/models/bad.toml", "name = [unclosed\n")
    reading = read_checkout(checkout)
    assert [r.name for r in reading.records] == ["Good"]
    problems = sorted(str(p) for p in reading.problems)
    assert problems[0].startswith("providers/p/models/bad.toml: cannot be read")
    assert problems[1] == "providers/p/models/gone.toml: broken link to ../../q/models/gone.toml"
    assert problems[2].startswith("providers/p/models/out.toml: links outside the checkout")


def test_pointers_and_non_language_models_are_left_out(tmp_path: Path) -> None:
    write(tmp_path, "models/mistral/mistral-large-latest.toml", model("Mistral Large (latest)"))
    write(tmp_path, "models/openai/text-embedding-9.toml", model("text-embedding-9"))
    write(tmp_path, "models/openai/voice.toml", model("Voice", output="audio"))
    write(tmp_path, "models/openai/gpt-9.toml", model("GPT-9"))
    reading = read_checkout(tmp_path)
    assert [r.name for r in reading.records] == ["GPT-9"]
    assert reading.counts == {"not language models": 2}
    assert "pointer" in str(reading.problems[0])


def test_benchmarks_are_percentages_without_a_harness(tmp_path: Path) -> None:
    bench = """
[[benchmarks]]
name = "SWE-Bench Verified"
score = 80.2
metric = "resolved"
source = "https://example.org/a"
[[benchmarks]]
name = "Terminal-Bench"
score = 64.3
metric = "pass@1"
harness = "Claude Code"
source = "https://example.org/b"
[[benchmarks]]
name = "Coding Index"
score = 50.5
metric = "index"
source = "https://example.org/c"
[[benchmarks]]
name = "No Source"
score = 1
"""
    write(tmp_path, "models/lab/m.toml", model("M") + bench)
    reading = read_checkout(tmp_path)
    figures = reading.records[0].figures
    assert [f for f in figures if f.startswith("benchmarks.")] == ["benchmarks.swe_bench_verified"]
    assert figures["benchmarks.swe_bench_verified"].source.url == "https://example.org/a"
    assert reading.counts == {
        "benchmarks in a third party's harness": 1,
        "benchmarks that are not percentages": 1,
        "benchmarks without a source": 1,
    }


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("SWE-Bench Verified", "swe_bench_verified"),
        ("SWE Bench Pro", "swe_bench_pro"),
        ("Humanity’s Last Exam", "humanitys_last_exam"),
        ("τ3 Banking", "3_banking"),
    ],
)
def test_benchmark_keys(name: str, key: str) -> None:
    assert benchmark_key(name) == key


def test_a_benchmark_the_catalog_knows_is_stored_under_its_key(tmp_path: Path) -> None:
    # Humanity's Last Exam is the catalog's HLE row, GPQA Diamond its GPQA row: stored
    # under their own slugs they were invisible to `rank --by hle` and to the card's rows
    bench = """
[[benchmarks]]
name = "Humanity’s Last Exam"
score = 50.0
source = "https://example.org/a"
[[benchmarks]]
name = "GPQA Diamond"
score = 95.5
metric = "accuracy"
source = "https://example.org/a"
[[benchmarks]]
name = "MMLU-Pro"
score = 80.0
source = "https://example.org/a"
"""
    write(tmp_path, "models/lab/m.toml", model("M") + bench)
    figures = read_checkout(tmp_path).records[0].figures
    assert sorted(f for f in figures if f.startswith("benchmarks.")) == [
        "benchmarks.gpqa",
        "benchmarks.hle",
        "benchmarks.mmlu_pro",
    ]
    # the name the dataset used stays with the figure
    assert figures["benchmarks.gpqa"].source.note == "as 'GPQA Diamond', accuracy"
    assert figures["benchmarks.hle"].source.note == "as 'Humanity’s Last Exam'"
    assert figures["benchmarks.mmlu_pro"].source.note is None


def test_a_folder_that_is_no_checkout_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not a models.dev checkout"):
        read_checkout(tmp_path)


# ---------------------------------------------------------------------------------------------
# the service's JSON (fixtures made from the snapshot by scripts/modelsdev_fixtures.py)


def load(name: str) -> object:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("name", "kind"), [("api.json", "api"), ("models.json", "models"), ("catalog.json", "catalog")]
)
def test_the_json_is_told_by_its_shape(name: str, kind: str) -> None:
    assert json_kind(load(name)) == kind


@pytest.mark.parametrize("data", [{}, [], {"a": 1}, {"x": {"name": "no slash"}}, "text", None])
def test_other_json_is_refused(data: object) -> None:
    assert json_kind(data) is None
    with pytest.raises(SourceError, match="not models.dev JSON"):
        read_service_json(data, source="x.json", url="https://models.dev/x.json")


def test_api_json_gives_first_party_models_with_prices() -> None:
    reading = read_json_file(FIXTURES / "api.json")
    records = by_key(reading)
    assert sorted(records) == [
        "deepseek/deepseek-chat",
        "deepseek/deepseek-v4-pro",
        "mistral/mistral-large-2411",
        "moonshotai/kimi-k2-0711-preview",
        "moonshotai/kimi-k2.6",
        "openai/gpt-5.4",
    ]
    kimi = records["moonshotai/kimi-k2.6"]
    assert kimi.value("price_output") == 4.0
    source = kimi.figures["price_output"].source
    assert source.url == "https://models.dev/api.json"
    assert source.row == "providers.moonshotai.models.kimi-k2.6"
    assert reading.counts["third-party listings not imported"] == 3
    assert reading.counts["not language models"] == 1  # text-embedding-3-large


def test_catalog_json_is_api_and_models_together() -> None:
    catalog = by_key(read_json_file(FIXTURES / "catalog.json"))
    models = by_key(read_json_file(FIXTURES / "models.json"))
    kimi = catalog["moonshotai/kimi-k2.6"]
    # facts from the provider-independent record, the price from the lab's listing
    assert kimi.figures["released"].source.row == "models.moonshotai/kimi-k2.6"
    assert kimi.figures["price_input"].source.row == "providers.moonshotai.models.kimi-k2.6"
    assert "benchmarks.swe_bench_verified" in kimi.figures
    assert "price_input" not in models["moonshotai/kimi-k2.6"].figures
    assert models["moonshotai/kimi-k2.6"].value("context_window") == 262_144
    assert kimi.value("context_window") == 262_144


def test_the_json_and_the_checkout_agree_on_values(real) -> None:
    checkout = by_key(real)
    for record in read_json_file(FIXTURES / "catalog.json").records:
        twin = checkout[record.key]
        assert {k: f.value for k, f in record.figures.items()} == {
            k: f.value for k, f in twin.figures.items()
        }, record.key


def test_a_lab_listing_with_a_record_of_its_own_is_that_record_s(real: Reading) -> None:
    # providers/moonshotai/models/kimi-k2.7-code-highspeed.toml inherits from kimi-k2.7-code
    # but models/ has a record for it: its price is the high-speed one's, not the base's
    records = by_key(real)
    assert records["moonshotai/kimi-k2.7-code"].value("price_input") == 0.95
    assert records["moonshotai/kimi-k2.7-code-highspeed"].value("price_input") == 1.9


def test_a_name_with_control_characters_is_reported_not_read(tmp_path: Path) -> None:
    write(tmp_path, "models/lab/evil.toml", model("Evil\\u001b[2J"))
    write(tmp_path, "models/lab/fine.toml", model("Fine"))
    reading = read_checkout(tmp_path)
    assert [r.name for r in reading.records] == ["Fine"]
    assert str(reading.problems[0]) == "models/lab/evil.toml: a name holds control characters"
