"""Round trips, for any entry hypothesis can think of."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from modelcard.entry import Entry, dumps, from_mapping, loads
from modelcard.importers import read_models_table, to_models_table
from modelcard.slugs import assign_ids

printable = st.text(
    # names refuse controls and invisible format characters (Cf: bidi, zero-width)
    alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip())
# notes refuse control characters but line breaks and tabs
notes = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\n\t"))
counts = st.integers(min_value=1, max_value=10**16)
scores = st.floats(min_value=0, max_value=100, allow_nan=False)
bench_names = st.sampled_from(["mmlu", "mmlu_pro", "gpqa", "hle", "gsm8k", "my-bench.v2"])
urls = st.sampled_from(["https://example.org/a", "http://x.test/p?q=1#f", "Deprecated", "TS"])


@st.composite
def entry_data(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = {"name": draw(printable), "lab": draw(printable)}
    if draw(st.booleans()):
        day = draw(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31)))
        data["released"] = draw(
            st.sampled_from([day.isoformat(), day.isoformat()[:7], day.isoformat()[:4]])
        )
    data["access"] = draw(st.sampled_from(["public", "private", "limited", "unknown"]))
    total = draw(st.none() | counts)
    if total is not None:
        data["parameters"] = total
        if draw(st.booleans()):
            data["active_parameters"] = draw(st.integers(min_value=1, max_value=total))
    tokens = draw(st.none() | counts)
    if tokens is not None:
        data["tokens"] = tokens
    for key in ("architecture", "dataset"):
        if draw(st.booleans()):
            data[key] = draw(printable)
    if draw(st.booleans()):
        data["notes"] = draw(notes)
    data["tags"] = draw(st.lists(printable.map(lambda t: t.replace(",", ";")), max_size=3))
    data["benchmarks"] = draw(st.dictionaries(bench_names, scores, max_size=4))
    data["links"] = draw(st.dictionaries(st.sampled_from(["playground", "paper"]), urls))
    if draw(st.booleans()):
        data["sheet"] = {"alscore": draw(st.floats(0, 100).map(lambda x: round(x, 1)))}
    data["updated"] = dt.date(2025, 10, 2)
    return data


@settings(max_examples=200, deadline=None)
@given(entry_data())
def test_entry_toml_entry(data: dict[str, Any]) -> None:
    entry = from_mapping(data, id="x", source="generated")
    assert loads(dumps(entry, verify=False), id="x", source="again") == entry


@settings(max_examples=60, deadline=None)
@given(st.lists(entry_data(), min_size=1, max_size=8))
def test_csv_export_import_export(many: list[dict[str, Any]]) -> None:
    names = [str(d["name"]) for d in many]
    entries: list[Entry] = [
        from_mapping(d, id=i, source="generated")
        for d, i in zip(many, assign_ids(names), strict=True)
    ]
    first = to_models_table(entries)
    back = read_models_table(first, source="generated", updated=dt.date(2025, 10, 2))
    assert back.problems == []
    assert len(back.entries) == len(entries)
    assert to_models_table(back.entries) == first
    # what the sheet's columns hold comes back as it was
    by_name = sorted(repr((e.lab, e.name, e.parameters, e.tokens, e.notes)) for e in entries)
    again = sorted(repr((e.lab, e.name, e.parameters, e.tokens, e.notes)) for e in back.entries)
    assert again == by_name
