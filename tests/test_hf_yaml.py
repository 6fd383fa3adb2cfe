"""The model card's YAML writer: whatever the text, it reads back as written."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from modelcard.hf import yamltext

HOSTILE = [
    "",
    "no",
    "yes",
    "off",
    "null",
    "~",
    "1e3",
    "0x1F",
    "012",
    ".inf",
    "-.nan",
    "2025-06-01",
    "12:30:00",
    "---",
    "...",
    "a: b",
    "- item",
    "# comment",
    "&anchor",
    "*alias",
    "!!python/object:os.system",
    "{flow: map}",
    "[1, 2]",
    "'single'",
    '"double"',
    "back\\slash",
    "line\nbreak\r\nwindows",
    "tab\there",
    "nul\x00byte",
    "bell\x07 and escape \x1b[31m",
    "del\x7f and C1 \x85 \x9b",
    "line sep \u2028 para sep \u2029",
    "bom \ufeff inside",
    "emoji 🤗 and ZWJ 👩\u200d💻",
    "bidi \u202e override",
    "lone surrogate \ud800",
    "non-character \uffff and \ufffe",
    "  leading and trailing spaces  ",
    "ends with colon:",
    "%TAG ! tag:example",
    "@at `backtick`",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_every_hostile_string_reads_back_as_written(text: str) -> None:
    data = {"license": text, "tags": [text, text], "model-index": [{"name": text}]}
    written = yamltext.dumps(data)
    assert yaml.safe_load(written) == data
    # one line per value: no user string can start a key or end the block
    assert written.count("\n") == 6
    assert "\n---" not in written


def test_keys_and_values_that_yaml_would_read_as_other_types() -> None:
    data = {"no": "yes", "n": "true", "1": "1", "null": None, "ok": True, "y": 1}
    assert yaml.safe_load(yamltext.dumps(data)) == data


@pytest.mark.parametrize(
    "number", [83.2, 0.0, 100.0, 61.9, 1e16, 1.5e-7, 123456789.125, -2.5, 10**20, 0]
)
def test_numbers(number: float) -> None:
    assert yaml.safe_load(yamltext.dumps({"value": number})) == {"value": number}


def test_refuses_what_it_cannot_write() -> None:
    with pytest.raises(ValueError):
        yamltext.dumps({"value": float("nan")})
    with pytest.raises(TypeError):
        yamltext.dumps({"value": object()})


def test_the_shape_of_a_model_index() -> None:
    data = {
        "tags": ["a"],
        "model-index": [{"name": "m", "results": [{"task": {"type": "t"}, "metrics": []}]}],
        "empty": {},
    }
    assert yamltext.dumps(data) == (
        'tags:\n- "a"\nmodel-index:\n- name: "m"\n  results:\n  - task:\n      type: "t"\n'
        "    metrics: []\nempty: {}\n"
    )


values: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=12), values, max_size=5))
def test_any_document_reads_back(data: dict[str, Any]) -> None:
    assert yaml.safe_load(yamltext.dumps(data)) == (data or None)
