from __future__ import annotations

import datetime as dt

import pytest

from modelcard.errors import NotATable
from modelcard.importers import HEADERS, read_models_table, read_notation

from .conftest import CSV

DAY = dt.date(2025, 10, 2)
HEADER = ",".join(HEADERS)


def table(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def test_the_snapshot() -> None:
    result = read_models_table(CSV.read_text(encoding="utf-8"), source="m.csv", updated=DAY)
    assert len(result.entries) == 678
    assert [str(p) for p in result.problems] == ["row 680: Lab: empty, so this row is no model"]
    warnings = [str(w) for w in result.warnings]
    assert "row 179: DeepSeek-V3.1-Terminus: sheet ALScore 10.6, computed 10.9" in warnings
    assert "row 179: DeepSeek-V3.1-Terminus: sheet Ratio 22, computed 23" in warnings
    assert "row 150: Command-R+: sheet ALScore 2.1, computed - (no tokens)" in warnings
    assert "row 439: PACT: sheet ALScore 0.0, computed - (no parameters)" in warnings
    assert (
        "row 303: Zephyr 141B-A35B: '141B-A35B' in the name says 141B parameters in all, "
        "Parameters (B) says 35.0; no active count inferred" in warnings
    )
    assert len(warnings) == 9
    inferred = [str(i) for i in result.inferred]
    assert len(inferred) == 29
    assert "row 669: dots.llm1: 14B active parameters, from '142B-A14B' in the notes" in inferred
    assert "row 178: DeepSeek-R2: 78B active parameters, from '1.2TA78B' in the notes" in inferred
    assert "row 350: KAT-V1-200B: 40B active parameters, from '200BA40B' in the notes" in inferred
    assert (
        "row 316: Granite-3.0-3B-A800M-Instruct: 800M active parameters, from '3B-A800M' "
        "in the name" in inferred
    )
    ids = [e.id for e in result.entries]
    assert len(set(ids)) == 678
    assert {"wizardlm", "wizardlm-2", "atlas", "atlas-2", "mpt", "mpt-2"} <= set(ids)
    dots = next(e for e in result.entries if e.id == "dots.llm1")
    assert dots.parameters == 142 * 10**9 and dots.tokens == 11_200 * 10**9
    assert dots.released == "2025-06" and dots.access == "public" and dots.updated == DAY
    assert dots.active_parameters == 14 * 10**9
    # the figures are the table's, not the paper's; the paper stays the model's link
    assert dots.sources["parameters"] == {
        "url": "https://lifearchitect.ai/models-table/",
        "dataset": "lifearchitect",
        "row": "669",
        "confidence": "likely",
        "note": "open weights: the lab's count is on record",
    }
    assert dots.links["paper"].endswith("dots1_tech_report.pdf")
    assert dots.sources["active_parameters"]["confidence"] == "likely"
    assert dots.sources["active_parameters"]["note"] == "inferred from '142B-A14B' in the notes"
    assert dots.open_weights is True
    assert (
        dots.sources["open_weights"]["url"] == "https://huggingface.co/rednote-hilab/dots.llm1.base"
    )
    nexus = next(e for e in result.entries if e.name == "NexusRaven-V2 13B")
    assert nexus.lab == "Nexusflow.ai"


def test_row_problems_name_row_and_column() -> None:
    result = read_models_table(
        table(
            "Good,Lab,,7.0,140.0,,,,,,,,Jan/2024,🟢,,Dense,,",
            "Bad,Lab,,abc,,,,,,,,,,,,,,",
            "Score,Lab,,,,,,120,,,,,,,,,,",
            "Date,Lab,,,,,,,,,,,Spring 2024,,,,,",
            "Mark,Lab,,,,,,,,,,,,?,,,,",
        ),
        source="t.csv",
        updated=DAY,
    )
    assert [e.name for e in result.entries] == ["Good"]
    assert [str(p) for p in result.problems] == [
        "row 3: Parameters (B): 'abc' is not a count "
        "(use a number with K, M, B or T, such as 142B)",
        "row 4: MMLU: '120' is outside 0-100",
        "row 5: Announced: 'Spring 2024' is not Mon/YYYY (such as Jun/2025) or TBA",
        "row 6: Public?: '?' is not one of 🟢, 🔴, 🟡 or empty",
    ]


def test_bom_crlf_and_ragged_rows() -> None:
    text = "\ufeffModel,Lab,Parameters (B)\r\nA,L,7\r\nB,L\r\nC,L,7,extra\r\n"
    result = read_models_table(text, source="t.csv", updated=DAY)
    assert [e.name for e in result.entries] == ["A", "B"]
    assert [str(p) for p in result.problems] == ["row 4: 4 cells, but the header has 3"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty file"),
        ("a,b,c\n1,2,3\n", "none of the sheet's headers"),
        ("Model,Parameters (B)\nA,7\n", "no 'Lab' column"),
        ('Model,Lab\n"A,L\n', "not valid CSV"),
    ],
)
def test_not_a_table(text: str, message: str) -> None:
    with pytest.raises(NotATable, match=message):
        read_models_table(text, source="t.csv", updated=DAY)


def test_huge_notes_are_a_bad_row_not_a_crash() -> None:
    text = table("Big,Lab,,,,,,,,,,,,,,,," + '"' + "x" * 2_000_000 + '"')
    result = read_models_table(text, source="t.csv", updated=DAY)
    assert result.entries == []
    assert str(result.problems[0]).startswith("row 2: notes: 2,000,000 characters")
    assert "too long" in str(result.problems[0])


@pytest.mark.parametrize(
    ("text", "active", "total", "experts", "size"),
    [
        ("142B-A14B. notes", 14 * 10**9, 142 * 10**9, None, None),
        ("Qwen3-235B-A22B", 22 * 10**9, 235 * 10**9, None, None),
        ("MoE, A22B only", 22 * 10**9, None, None, None),
        ("Hybrid MoE, 1.2TA78B.", 78 * 10**9, 1_200 * 10**9, None, None),
        ("200BA40B. In training", 40 * 10**9, 200 * 10**9, None, None),
        ("Granite-3.0-3B-A800M-Instruct", 800 * 10**6, 3 * 10**9, None, None),
        ("Mixtral 8x22B", None, None, 8, 22 * 10**9),
        ("MoE=22Bx8, seq=65536.", None, None, 8, 22 * 10**9),
        ("16x3.8B experts", None, None, 16, 3_800 * 10**6),
    ],
)
def test_moe_notations(
    text: str, active: int | None, total: int | None, experts: int | None, size: int | None
) -> None:
    found = read_notation(text, "notes")
    assert found is not None
    assert (found.active, found.total, found.experts, found.expert_size) == (
        active,
        total,
        experts,
        size,
    )


@pytest.mark.parametrize("text", ["A100 GPUs", "trained on 8 H100s", "GPT-4 1x", "v1.2TB"])
def test_no_notation_where_there_is_none(text: str) -> None:
    assert read_notation(text, "notes") is None


def test_what_a_row_says_about_its_weights() -> None:
    result = read_models_table(
        table(
            "Hf,Lab,https://huggingface.co/lab/hf-7b,7,,,,,,,,,,🟢,,Dense,,",
            "Col,Lab,https://huggingface.co/collections/lab/c-1,7,,,,,,,,,,🟢,,Dense,,",
            "Space,Lab,https://huggingface.co/spaces/lab/demo,7,,,,,,,,,,🟢,,Dense,,",
            "Secret,Lab,https://huggingface.co/lab/secret,7,,,,,,,,,,🔴,,Dense,,",
            "Api,Lab,https://lab.example/chat,7,,,,,,,,,,🟢,,Dense,,",
        ),
        source="t.csv",
        updated=DAY,
        snapshot=DAY,
    )
    weights = {e.name: e.open_weights for e in result.entries}
    assert weights == {"Hf": True, "Col": True, "Space": None, "Secret": False, "Api": None}
    by_name = {e.name: e for e in result.entries}
    assert by_name["Hf"].sources["parameters"]["confidence"] == "likely"
    assert by_name["Api"].sources["parameters"]["confidence"] == "speculative"
    assert by_name["Secret"].sources["open_weights"]["row"] == "5"
    assert by_name["Secret"].sources["parameters"]["snapshot"] == "2025-10-02"


def test_an_experts_notation_infers_no_active_count() -> None:
    result = read_models_table(
        table("Mixtral 8x22B,Lab,,141,,,,,,,,,,🟢,,MoE,,"), source="t.csv", updated=DAY
    )
    assert result.entries[0].active_parameters is None and not result.inferred
