"""User text in Markdown stays text, read the way a renderer reads it (markdown-it-py, with
raw HTML on, GFM tables and strikethrough): the rendered text of every field equals the
stored text, and the only links, images, emphasis and HTML are the ones the format writes."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelcard.entry import Entry, from_mapping
from modelcard.render.card import render_card
from modelcard.render.markdown import code, inline, is_url, text, url
from modelcard.render.site import Site

from .hostile import BAD_URLS, MARKUP, TRICKY_URLS
from .markdown_check import blocks, links, plain, skeleton, unsafe

# Text made mostly of the characters that mean something in Markdown.
MARKDOWNISH = st.lists(
    st.sampled_from(list("\\`*_[]()<>!&#;|~-+=.:/ 1aé") + ["\n", "  ", "&amp;", "://"]),
    min_size=1,
    max_size=30,
).map("".join)
VALUE = st.one_of(st.sampled_from(sorted(MARKUP.values())), MARKDOWNISH).filter(
    lambda s: s.strip() != ""
)


def entry_of(name: str, lab: str, arch: str, dataset: str, notes: str, tags: list[str]) -> Entry:
    return from_mapping(
        {
            "name": name,
            "lab": lab,
            "architecture": inline(arch),  # one line, as its check wants
            "dataset": inline(dataset),
            "notes": notes,
            "tags": [t.replace(",", ";") for t in tags],
            "parameters": "7B",
            "tokens": "1T",
            "benchmarks": {"mmlu": 85.5, "gpqa": 61},
            "links": {"playground": "https://example.org/p", "paper": "Deprecated"},
        },
        id="m",
        source="test",
    )


def texts_of(markdown: str) -> dict[str, list[str]]:
    """The rendered text of each kind of block: h1, p, li's paragraphs, blockquote, ..."""
    found: dict[str, list[str]] = {}
    for block, shown, _ in blocks(markdown):
        found.setdefault(block, []).append(shown)
    return found


def check_card(entry: Entry) -> None:
    card = render_card(entry)
    benign = render_card(
        entry.with_(
            name="Name", lab="Lab", architecture="Arch", dataset="Data", notes="Notes",
            tags=tuple(f"t{i}" for i in range(len(entry.tags))),
        )
    )  # fmt: skip
    assert skeleton(card) == skeleton(benign)
    assert unsafe(card) == []
    shown = texts_of(card)
    name, lab = inline(entry.name), inline(entry.lab)
    assert shown["h1"] == [name]
    assert shown["p"][0] == ", ".join(inline(t) for t in entry.tags)  # the > subtitle
    assert shown["p"][1].startswith(f"Organization: {lab}\n")
    assert f"Type: {inline(entry.architecture or '')}" in shown["p"]
    assert f"Dataset Type: {inline(entry.dataset or '')}" in shown["p"]
    assert inline(entry.notes or "") in shown["p"]
    overview = [p for p in shown["p"] if p.endswith("developed by " + lab + ".")]
    assert overview == [f"{name} is a large language model developed by {lab}."]
    tag_spans = [c.content for _, _, kids in blocks(card) for c in kids if c.type == "code_inline"]
    assert tag_spans == [inline(t) for t in entry.tags]
    assert (f"../../labs/{card.split('../../labs/')[1].split(')')[0]}", lab) in links(card)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=VALUE, lab=VALUE, arch=VALUE, dataset=VALUE, notes=VALUE,
    tags=st.lists(VALUE, min_size=1, max_size=3, unique_by=lambda t: inline(t).replace(",", ";")),
)  # fmt: skip
def test_any_text_renders_as_itself(
    name: str, lab: str, arch: str, dataset: str, notes: str, tags: list[str]
) -> None:
    check_card(entry_of(name, lab, arch, dataset, notes, tags))


@pytest.mark.parametrize("case", sorted(MARKUP))
def test_each_hostile_string_in_every_field(case: str) -> None:
    value = MARKUP[case]
    check_card(entry_of(value, value, value, value, value, [value]))


def test_the_issue_examples_stay_inert() -> None:
    notes = (
        "get [here](https://malware.example) <script>alert(1)</script> ![x](https://track.example)"
    )
    entry = entry_of("```", "~~~", "MoE", "web", notes, ["a`` <img src=x onerror=alert(1)> ``b"])
    card = render_card(entry)
    assert unsafe(card) == []
    targets = [target for target, _ in links(card)]
    assert not any("malware" in t or "track" in t for t in targets)
    # the fence did not swallow the card: every section is still there
    assert len([b for b in blocks(card) if b[0] == "h2"]) == 7


@pytest.mark.parametrize("bad", sorted(BAD_URLS.values()))
def test_only_http_urls_become_links(bad: str) -> None:
    entry = entry_of("M", "L", "A", "D", "N", ["t"]).with_(links={"paper": bad})
    card = render_card(entry)
    assert unsafe(card) == []
    assert all(bad != unquote(target) for target, _ in links(card))
    assert "📄 Technical Documentation: " + inline(bad) in [p for _, p, _ in blocks(card)]


@pytest.mark.parametrize("tricky", sorted(TRICKY_URLS.values()))
def test_tricky_urls_keep_their_whole_target(tricky: str) -> None:
    entry = entry_of("M", "L", "A", "D", "N", ["t"]).with_(links={"paper": tricky})
    found = [(unquote(t), label) for t, label in links(render_card(entry)) if t.startswith("http")]
    assert (tricky, "Technical Documentation") in found


def test_link_names_and_benchmark_names_are_text() -> None:
    entry = entry_of("M", "L", "A", "D", "N", ["t"]).with_(
        links={"a_b_": "https://example.org/x", "x__y": "text"},
        benchmarks={"my_bench_": 50.0, "_": 1.0},
    )
    card = render_card(entry)
    assert unsafe(card) == []
    cells = [shown for block, shown, _ in blocks(card) if block == "td"]
    assert "my_bench_" in cells and "_" in cells
    assert ("https://example.org/x", "a_b_") in links(card)


def test_site_pages_keep_user_text_inert() -> None:
    entries = [
        entry_of(value, value, value, value, value, [value]).with_(id=f"m{i}")
        for i, value in enumerate(sorted(MARKUP.values()))
    ]
    site = Site(entries, credit=False)
    for path, page in site.files():
        assert unsafe(page) == [], path
        written = {t for t, _ in links(page) if t.startswith(("http://", "https://"))}
        assert written <= {"https://example.org/p", "https://lifearchitect.ai/models-table/"}
    names = {inline(e.name) for e in entries}
    board = dict(site.files())["README.md"]
    shown = {label for _, label in links(board)}
    assert names <= shown


def test_gfm_autolinks_show_their_own_target() -> None:
    # the decision in render/markdown.py: bare URLs may become links on GitHub, and then
    # the link's text is its own address: nothing hidden
    notes = "see https://example.org/a and www.example.com or javascript:alert(1)"
    card = render_card(entry_of("M", "L", "A", "D", notes, ["t"]))
    autolinks = [
        (target, label)
        for target, label in links(card, linkify=True)
        if (target, label) not in links(card)
    ]
    assert autolinks
    for target, label in autolinks:
        assert target.startswith(("http://", "https://")) and target.endswith(label)


def test_escaping_is_minimal() -> None:
    plain_text = 'dots.llm1 "quoted" 142B-A14B (v2): 50% of 1,000 - a/b, x_y, C++ #1 AT&T'
    assert text(plain_text) == plain_text
    assert code("x") == "`x`" and code("a`b") == "``a`b``" and code("`") == "`` ` ``"
    assert url("https://example.org/a_b?c=1&d=2") == "https://example.org/a_b?c=1&d=2"


@given(VALUE)
def test_code_spans_hold_exactly_their_text(value: str) -> None:
    (paragraph,) = [b for b in blocks(f"x {code(value)} y") if b[0] == "p"]
    spans = [c.content for c in paragraph[2] if c.type == "code_inline"]
    assert spans == [inline(value)]
    assert plain(paragraph[2]) == f"x {inline(value)} y"


def test_is_url() -> None:
    assert is_url("https://example.org/a")
    for bad in [*BAD_URLS.values(), "https://a\u2028b", "https://a\x1bb", "HTTPS//x"]:
        assert not is_url(bad), bad


def test_a_cell_keeps_a_lone_estimate_mark() -> None:
    from modelcard.render.markdown import cell

    assert cell("~6T") == "~6T" and cell("~~gone~~") == "\\~\\~gone\\~\\~"
    (row,) = [b for b in blocks("| a | b |\n|---|---|\n| ~6T | x~ |\n") if b[1] == "~6T"]
    assert row[0] == "td"
