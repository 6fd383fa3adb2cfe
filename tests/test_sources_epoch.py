"""The Epoch AI reader: language rows only, exact counts, tokens only where Epoch says so,
confidence mapped, every figure sourced to Epoch with its row."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

import pytest

from modelcard.sources.epoch import active_from_notes, counts_tokens, read_epoch
from modelcard.sources.records import EPOCH, SourceError

from .conftest import ROOT

CSV_PATH = ROOT / "data" / "epoch-notable-ai-models.csv"
HEADER = [
    "Model",
    "Organization",
    "Publication date",
    "Domain",
    "Parameters",
    "Parameters notes",
    "Training compute (FLOP)",
    "Training compute notes",
    "Training dataset size (gradients)",
    "Dataset size notes",
    "Epochs",
    "Confidence",
    "Link",
    "Model accessibility",
]


def table(*rows: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: row.get(name, "") for name in HEADER})
    return out.getvalue()


def _simple(name: str) -> str:
    return re.sub(r"[^a-z]+", "_", name.lower()).strip("_")


def row(**cells: str) -> dict[str, str]:
    """A row; keywords name columns loosely (Training_compute_FLOP)."""
    columns = {_simple(h): h for h in HEADER}
    base = {"Model": "Test LM", "Organization": "Lab", "Domain": "Language"}
    base.update({columns[_simple(k)]: v for k, v in cells.items()})
    return base


@pytest.fixture(scope="module")
def real():
    return read_epoch(CSV_PATH.read_text(encoding="utf-8"), source="epoch.csv")


def test_the_real_file_gives_its_language_models(real) -> None:
    # 484 rows name Language in Domain; three of them have no Organization and are reported
    assert len(real.records) == 481
    assert real.counts["other domains"] == 492
    skipped = [p for p in real.problems if p.kind == "skipped"]
    assert len(skipped) == 3 and all("Organization: empty" in p.message for p in skipped)
    assert len({r.key for r in real.records}) == len(real.records)


def test_a_real_row_with_its_sources(real) -> None:
    record = next(r for r in real.records if r.name == "K-EXAONE")
    assert record.lab == "LG AI Research" and record.released == "2025-12-31"
    assert record.value("parameters") == 236_000_000_000
    assert record.value("tokens") == 11_000_000_000_000  # notes: "11T tokens"
    assert record.value("training_compute") == 1.52e24
    assert record.value("open_weights") is False  # "API access"
    source = record.figures["parameters"].source
    assert source.as_mapping() == {
        "url": EPOCH.url,
        "note": "236B",
        "confidence": "confident",
        "dataset": "epoch",
        "snapshot": "2026-01-26",
        "row": "3",
    }
    # the date is Epoch's, but Epoch's Confidence does not speak for it
    assert record.figures["released"].source.confidence is None


def test_names_lose_their_stray_newlines(real) -> None:
    assert any(r.name == "Solar Open 100B" for r in real.records)
    assert not any("\n" in r.name or r.name != r.name.strip() for r in real.records)


def test_only_language_rows_by_domain() -> None:
    text = table(
        row(Model="A", Domain="Vision"),
        row(Model="B", Domain="Multimodal,Language,Vision"),
        row(Model="C", Domain="Games"),
        row(Model="D", Domain="Biology,Language"),
    )
    reading = read_epoch(text, source="t.csv")
    assert [r.name for r in reading.records] == ["B", "D"]
    assert reading.counts == {"other domains": 2}


def test_floats_become_exact_counts() -> None:
    text = table(
        row(
            Parameters="1.76e+12",
            Training_dataset_size_gradients="1093333.3333333333",
            Dataset_size_notes="about a million tokens",
        )
    )
    record = read_epoch(text, source="t.csv").records[0]
    assert record.value("parameters") == 1_760_000_000_000
    assert record.value("tokens") == 1_093_333  # rounded to a whole count


@pytest.mark.parametrize(
    ("notes", "tokens"),
    [
        ("11T tokens", True),
        ("[tokens]\n\n2 trillion tokens ~= 1.5 trillion words", True),
        ("[WORDS]\n18B sentence pairs, 20 words per sentence", False),
        ('"pre-trained on 1.56T words of public dialog data"', False),
        ("174 GB of deduplicated text", False),
        ("", False),  # no unit stated: not taken as tokens
        ("36T", False),
    ],
)
def test_dataset_size_is_tokens_only_where_the_notes_say_so(notes: str, tokens: bool) -> None:
    assert counts_tokens(notes) is tokens
    text = table(row(Training_dataset_size_gradients="2000000000000.0", Dataset_size_notes=notes))
    reading = read_epoch(text, source="t.csv")
    assert ("tokens" in reading.records[0].figures) is tokens
    if not tokens:
        assert "not taken as tokens" in str(reading.problems[0])
        assert str(reading.problems[0]).startswith("t.csv: row 2: ")


def test_the_real_file_takes_tokens_only_from_token_notes(real) -> None:
    with_tokens = [r for r in real.records if "tokens" in r.figures]
    assert len(with_tokens) == 135
    # LaMDA's size is 1.56T words: it is not shown as tokens
    lamda = next(r for r in real.records if r.name == "LaMDA")
    assert "tokens" not in lamda.figures


@pytest.mark.parametrize(
    ("label", "level"),
    [
        ("Confident", "confident"),
        ("Likely", "likely"),
        ("Speculative", "speculative"),
        ("Unknown", None),
        ("", None),
        ("Fairly sure", None),
    ],
)
def test_confidence_is_mapped(label: str, level: str | None) -> None:
    text = table(row(Parameters="7e9", Confidence=label, Training_compute_FLOP="1e23"))
    record = read_epoch(text, source="t.csv").records[0]
    assert record.figures["parameters"].source.confidence == level
    assert record.figures["training_compute"].source.confidence == level


def test_real_confidence_counts(real) -> None:
    levels = Counter(
        r.figures["parameters"].source.confidence for r in real.records if "parameters" in r.figures
    )
    assert set(levels) <= {"confident", "likely", "speculative", None}
    assert levels["confident"] > levels["likely"] > levels["speculative"] > 0


@pytest.mark.parametrize(
    ("access", "open_weights"),
    [
        ("Open weights (unrestricted)", True),
        ("Open weights (non-commercial)", True),
        ("Open weights (restricted use)", True),
        ("API access", False),
        ("Hosted access (no API)", False),
        ("Unreleased", False),
        ("", None),
    ],
)
def test_accessibility_becomes_open_weights(access: str, open_weights: bool | None) -> None:
    record = read_epoch(table(row(Model_accessibility=access)), source="t.csv").records[0]
    assert record.value("open_weights") is open_weights


@pytest.mark.parametrize(
    ("notes", "active"),
    [
        ("102B, of which 12B active", 12_000_000_000),
        ("Total Parameters\t1T\nActivated Parameters\t32B", 32_000_000_000),
        ("Total parameters: 100B (Sparse), Active parameters: 10B per token", 10_000_000_000),
        (
            "30.5 billion total parameters,\nwith only 3.3 billion activated per token",
            3_300_000_000,
        ),
        ("Mixture of experts model. 21B parameters activated per token.", 21_000_000_000),
        ("total parameter count around 60B-120B, active parameters around 10B-30B", None),
        ("we trained a 540-billion parameter, densely activated, Transformer", None),
        ("", None),
    ],
)
def test_active_parameters_where_the_notes_state_them(notes: str, active: int | None) -> None:
    assert active_from_notes(notes) == active


def test_active_parameters_are_at_most_likely_and_below_the_total() -> None:
    text = table(
        row(Model="A", Parameters="1e12", Parameters_notes="32B active", Confidence="Confident"),
        row(Model="B", Parameters="1e10", Parameters_notes="32B active", Confidence="Confident"),
    )
    a, b = read_epoch(text, source="t.csv").records
    assert a.figures["active_parameters"].source.confidence == "likely"
    assert "active_parameters" not in b.figures  # 32B active of 10B in all: not taken


def test_bad_values_are_reported_and_the_row_kept() -> None:
    text = table(row(Parameters="lots", Publication_date="2025-13", Training_compute_FLOP="-1"))
    reading = read_epoch(text, source="t.csv")
    assert len(reading.records) == 1 and set(reading.records[0].figures) == set()
    messages = [p.message for p in reading.problems]
    assert any("Parameters: 'lots' is not a count" in m for m in messages)
    assert any("Publication date: '2025-13'" in m for m in messages)
    assert any("Training compute: '-1' is not a number" in m for m in messages)


def test_several_organisations_are_all_kept() -> None:
    text = table(row(Organization="Z.ai (Zhipu AI),Tsinghua University"))
    record = read_epoch(text, source="t.csv").records[0]
    assert record.lab == "Z.ai (Zhipu AI)"
    assert record.labs == ("Z.ai (Zhipu AI)", "Tsinghua University")


@pytest.mark.parametrize(
    "text",
    ["", "Model,Lab,Playground\nA,B,C\n", "Model,Organization\nA,B\n", 'Model,"Organization\n'],
)
def test_a_file_that_is_not_an_epoch_csv_is_refused(text: str) -> None:
    with pytest.raises(SourceError, match=r"^t\.csv: "):
        read_epoch(text, source="t.csv")


def test_the_snapshot_is_the_one_given() -> None:
    reading = read_epoch(table(row(Parameters="7e9")), source="t.csv", snapshot="2026-11-29")
    assert reading.records[0].figures["parameters"].source.snapshot == "2026-11-29"
    assert reading.records[0].snapshot == "2026-11-29"


def test_tokens_trained_are_the_dataset_times_its_epochs(real) -> None:
    # Epoch's size is the dataset's; an entry's tokens are tokens trained on
    roberta = next(r for r in real.records if r.name == "RoBERTa Large")
    assert roberta.value("tokens") == 42_666_666_666 * 48  # 2.05T, as its notes compute
    assert "x its 48 epochs" in str(roberta.figures["tokens"].source.note)
    chinchilla = next(r for r in real.records if r.name == "Chinchilla")
    assert chinchilla.value("tokens") == 1_400_000_000_000  # 1 epoch: the size itself
    text = table(
        row(Training_dataset_size_gradients="3e11", Dataset_size_notes="300B tokens", Epochs="x")
    )
    assert read_epoch(text, source="t.csv").records[0].value("tokens") == 300_000_000_000


@pytest.mark.parametrize("name", ["Evil\x1b[31mRed", "Bell\x07", "Null\x00Byte"])
def test_a_name_with_control_characters_is_reported_not_read(name: str) -> None:
    reading = read_epoch(table(row(Model=name), row(Model="Fine")), source="t.csv")
    assert [r.name for r in reading.records] == ["Fine"]
    assert str(reading.problems[0]) == "t.csv: row 2: a name holds control characters"


@pytest.mark.parametrize(
    ("note", "level"),
    [
        ("Rumored to be 1.8T parameter MoE with 280B activated on the forward pass", "speculative"),
        ("The parameter count was leaked to CNBC", "speculative"),
        ("[Speculative] scaled up from 35 billion", "speculative"),
        ("unconfirmed reports of 500B", "speculative"),
        ("rumours say 2T", "speculative"),
        ("Table 1 of the paper: 1.8T parameters, 280B active", "likely"),
        ("Leakage-free evaluation; 1.8T parameters", "likely"),  # not "leaked"
    ],
)
def test_hearsay_is_at_most_speculative(note: str, level: str) -> None:
    """Epoch's Confidence speaks for its estimate; a note that says the figure is rumoured
    or leaked makes it hearsay, capped at speculative (the active count read from the same
    note too)."""
    text = table(
        row(Parameters="1.8e12", Parameters_notes=note + " 280B active", Confidence="Likely")
    )
    record = read_epoch(text, source="t.csv").records[0]
    assert record.figures["parameters"].source.confidence == level
    assert record.figures["active_parameters"].source.confidence == level


def test_a_reviewed_note_keeps_its_level() -> None:
    """data/hearsay.toml lists notes that use a hearsay word without saying it of their
    figure: Claude 3.5 Sonnet's compute note quotes "contrary to some rumors"."""
    note = "not trained with a larger model (contrary to some rumors)"
    compute = {"Training_compute_FLOP": "3.6e25", "Training_compute_notes": note}
    kept = row(Model="Claude 3.5 Sonnet", Confidence="Likely", **compute)
    other = row(Model="Other", Confidence="Likely", **compute)
    reading = read_epoch(table(kept, other), source="t.csv")
    levels = [r.figures["training_compute"].source.confidence for r in reading.records]
    assert levels == ["likely", "speculative"]


def test_the_bundled_gpt4_active_count_is_speculative() -> None:
    """GPT-4's 280B active parameters are a rumour (SemiAnalysis), as Epoch's note says."""
    from modelcard.store import Catalog

    entry = Catalog(ROOT / "no-home").find("gpt-4")
    assert entry.active_parameters == 280 * 10**9
    assert entry.sources["active_parameters"]["confidence"] == "speculative"
    assert "Rumored" in entry.sources["active_parameters"]["note"]
