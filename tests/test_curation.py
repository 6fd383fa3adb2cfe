"""The reviewed data of data/curation, and the bundled catalog it builds: aliases that name
one model each, figures with sources that are pages, and the rules applied as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from modelcard import curation, provenance
from modelcard.entry import Entry
from modelcard.errors import InvalidEntry
from modelcard.slugs import lookup_key
from modelcard.store import Catalog

from .conftest import ROOT

CURATION = ROOT / "data" / "curation"


@pytest.fixture(scope="module")
def bundled() -> list[Entry]:
    return Catalog(Path("/nonexistent-home")).entries()


def test_every_alias_names_one_model_and_no_other_models_id_or_name(
    bundled: list[Entry],
) -> None:
    owners: dict[str, set[str]] = {}
    for entry in bundled:
        for text in (entry.id, entry.name, *entry.aliases):
            owners.setdefault(lookup_key(text), set()).add(entry.id)
    for entry in bundled:
        for alias in entry.aliases:
            assert owners[lookup_key(alias)] == {entry.id}, (entry.id, alias)
            assert lookup_key(alias) not in (lookup_key(entry.id), lookup_key(entry.name))
    assert sum(1 for e in bundled if e.aliases) >= 100


def test_a_clashing_alias_is_refused() -> None:
    one = Entry(id="gpt-4", name="GPT-4", lab="L", aliases=("Big One",))
    two = Entry(id="other", name="Other", lab="L", aliases=("big-one",))
    with pytest.raises(InvalidEntry, match="alias 'big-one' is also an alias of gpt-4"):
        curation.check_aliases_unique([one, two])
    three = Entry(id="three", name="Three", lab="L", aliases=("gpt 4",))
    with pytest.raises(InvalidEntry, match="three: alias 'gpt 4' names gpt-4"):
        curation.check_aliases_unique([one, three])


def test_the_files_name_only_ids_of_the_catalog(bundled: list[Entry]) -> None:
    reviewed = curation.Curation.load(CURATION)
    assert reviewed.ids() <= {e.id for e in bundled}
    with pytest.raises(InvalidEntry, match=r"names ids that are not in the catalog: \['gone'\]"):
        curation.apply(bundled[:1], curation.Curation(aliases={"gone": ("Gone",)}))


def test_reviewed_figures_carry_a_page_and_a_confidence() -> None:
    reviewed = curation.Curation.load(CURATION)
    assert len([1 for _, field in reviewed.figures if field == "active_parameters"]) >= 25
    for (id, field), figure in reviewed.figures.items():
        assert re.match(r"https://\S+$", figure.source["url"]), (id, field)
        assert figure.source["confidence"] in ("confident", "likely"), (id, field)
        assert figure.source.get("note"), (id, field)
    for id, (_, source) in reviewed.open_weights.items():
        assert source["url"].startswith("https://") and source.get("note"), id


def test_a_lab_figure_that_differs_keeps_the_tables_in_its_note() -> None:
    entry = Entry(id="m", name="M", lab="L", parameters=120 * 10**9)
    source = {"url": "https://lab.example/m", "confidence": "confident", "note": "117B in all"}
    reviewed = curation.Curation(
        figures={("m", "parameters"): curation.Figure(117 * 10**9, source)}
    )
    [out] = curation.apply([entry], reviewed)
    assert out.parameters == 117 * 10**9
    assert out.sources["parameters"]["note"] == "117B in all; the Models Table says 120B"


def test_unknown_withdraws_what_the_row_said(tmp_path: Path) -> None:
    (tmp_path / "open-weights.toml").write_text(
        '[m]\nopen_weights = "unknown"\nurl = "https://x.example"\nconfidence = "likely"\n'
        'note = "the link is another model\'s"\n',
        encoding="utf-8",
    )
    entry = Entry(
        id="m",
        name="M",
        lab="L",
        open_weights=True,
        sources={"open_weights": {"url": "https://huggingface.co/a/b"}},
    )
    [out] = curation.apply([entry], curation.Curation.load(tmp_path))
    assert out.open_weights is None and "open_weights" not in out.sources
    (tmp_path / "open-weights.toml").write_text(
        '[m]\nopen_weights = "unknown"\nurl = "https://x.example"\nconfidence = "likely"\n',
        encoding="utf-8",
    )
    with pytest.raises(InvalidEntry, match="needs a note"):
        curation.Curation.load(tmp_path)


def test_a_dotted_id_must_be_quoted(tmp_path: Path) -> None:
    # [gpt-4.5] in TOML is a table gpt-4 holding 5: refused, not silently lost
    (tmp_path / "active-parameters.toml").write_text(
        '[gpt-4.5]\nvalue = "1B"\nurl = "https://x.example"\nconfidence = "likely"\n',
        encoding="utf-8",
    )
    with pytest.raises(InvalidEntry, match="gpt-4: active_parameters: expected a table"):
        curation.Curation.load(tmp_path)


def test_the_well_known_moe_models_have_active_counts_from_their_labs(
    bundled: list[Entry],
) -> None:
    by_id = {e.id: e for e in bundled}
    expected = {
        "deepseek-v3": 37,
        "deepseek-r1": 37,
        "deepseek-v3.1-base": 37,
        "kimi-k2": 32,
        "mixtral-8x7b-32kseqlen": 12.9,
        "mixtral-8x22b": 39,
        "gpt-oss-120b": 5.1,
        "gpt-oss-20b": 3.6,
        "qwen3-235b-a22b": 22,
        "llama-4-scout": 17,
        "llama-4-maverick": 17,
        "dbrx": 36,
        "jamba-1": 12,
        "arctic": 17,
    }
    for id, billions in expected.items():
        entry = by_id[id]
        assert entry.active_parameters == round(billions * 10**9), id
        source = entry.sources["active_parameters"]
        assert source["confidence"] == "confident", id
        assert not provenance.from_table(source), id
    assert by_id["grok-1"].active_parameters is None  # xAI gives a share, not a count


def test_open_weights_of_the_bundled_catalog(bundled: list[Entry]) -> None:
    by_id = {e.id: e for e in bundled}
    for id in ("deepseek-v3", "qwen3-235b-a22b", "llama-3.1-405b", "mixtral-8x22b", "grok-1"):
        assert by_id[id].open_weights is True, id
    for id in ("gpt-4.5", "claude-opus-4.1", "o3", "grok-4", "qwen3-max", "gemini-2.5-pro-06-05"):
        assert by_id[id].open_weights is False, id
    # a private model is not downloadable; where nothing says, nothing is claimed
    assert all(
        e.open_weights is False
        for e in bundled
        if e.access == "private"
        and e.id
        not in {
            "deepseekmoe"  # the table marks it private, but its weights are on Hugging Face
        }
    )
    assert by_id["deepseek-r2"].open_weights is None
    counts = {v: sum(1 for e in bundled if e.open_weights is v) for v in (True, False, None)}
    assert counts[True] > 250 and counts[False] > 150 and counts[None] > 0


def test_a_count_the_lab_never_published_stays_an_estimate(bundled: list[Entry]) -> None:
    by_id = {e.id: e for e in bundled}
    tokens = by_id["mixtral-8x22b"].sources["tokens"]
    assert provenance.from_table(tokens) and tokens["confidence"] == "speculative"
    assert tokens["note"].startswith("Mistral has not published")
    assert by_id["mixtral-8x22b"].sources["parameters"]["confidence"] == "confident"
    assert provenance.is_estimate(by_id["mixtral-8x22b"], "alscore")
    assert not provenance.is_estimate(by_id["deepseek-v3"], "alscore")
    bare = curation.Curation(undisclosed={("m", "tokens"): "never said"})
    with pytest.raises(InvalidEntry, match="m: tokens: no figure of the table"):
        curation.apply([Entry(id="m", name="M", lab="L")], bare)
