"""What a person sees at a terminal 40, 80 and 120 columns wide: every URL and every number
of show, compare and rank whole, never cut with an ellipsis or broken across lines by the
program (a URL longer than the terminal is written whole; the terminal wraps it), and
URLs as OSC 8 hyperlinks. The same commands piped give the reference: their numbers and
URLs must all be found in what the terminal got."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from modelcard.cli import app

from .pty_run import HYPERLINK, plain, run_in_terminal

runner = CliRunner()
WIDTHS = (40, 80, 120)
SHOWN = ("dots.llm1", "Claude Opus 4", "Kimi K2.6", "GPT-4")
COMPARED = ("dots.llm1", "Claude Opus 4", "Kimi K2.6")
# a number as the views print it: 142B, ~11.2T, 79:1, 9.41e+23, 262,144, $0.95, 2025-10-02
NUMBER = re.compile(r"(?<![\w.,:+$~-])[~$]?\d[\d,.:]*(?:e[+-]\d+)?[KMBT]?(?![\w.,:+-]*\w)")
URL = re.compile(r"https?://[^\s()\"'<>]+[^\s()\"'<>.,;:]")


def numbers(text: str) -> set[str]:
    return {m.group(0).rstrip(".,:") for m in NUMBER.finditer(text)}


def piped(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def urls_of(name: str) -> set[str]:
    """Every URL of a model: its links, its sources' pages and the other sources' pages."""
    data = json.loads(piped("show", name, "-f", "json"))
    found = {str(v) for v in data["links"].values()}
    found |= {str(s["url"]) for s in data["sources"].values()}
    found |= {str(a["url"]) for items in data["alternatives"].values() for a in items if "url" in a}
    return {url for url in found if url.startswith(("http://", "https://"))}


def in_terminal(*args: str, columns: int) -> tuple[str, str]:
    """(the raw stream, the text a person reads)."""
    raw, _, code = run_in_terminal(
        args, columns=columns, env={"MODELCARD_NO_STALE_WARNING": "1", "NO_COLOR": "1"}
    )
    assert code == 0, raw
    return raw, plain(raw)


def assert_whole(text: str, urls: set[str], reference: str, columns: int) -> None:
    """Every URL of ``urls`` and every number of ``reference`` (the piped view) whole in
    ``text``; no ellipsis the data does not hold itself."""
    assert text.count("…") == reference.count("…"), columns
    expected = numbers(reference)
    for url in urls:
        assert url in text, (columns, url)
    missing = expected - numbers(text)
    assert not missing, (columns, sorted(missing))


@pytest.mark.parametrize("columns", WIDTHS)
def test_show_keeps_every_url_and_number_whole(columns: int) -> None:
    for name in SHOWN:
        raw, text = in_terminal("show", name, columns=columns)
        reference = piped("show", name)
        urls = urls_of(name)
        assert urls and all(url in reference for url in urls)  # piped: nothing cut either
        assert_whole(text, urls, reference, columns)
        # links and sources are hyperlinks where the terminal shows them
        assert urls <= set(HYPERLINK.findall(raw)), name
        # a line the program wrote is never wider than the terminal, unless it is one word
        for line in text.splitlines():
            if len(line) > columns:
                assert len(line.split()) == 1 or URL.search(line), (columns, line)


@pytest.mark.parametrize("columns", WIDTHS)
def test_compare_of_three_keeps_every_url_and_number_whole(columns: int) -> None:
    _, text = in_terminal("compare", *COMPARED, columns=columns)
    reference = piped("compare", *COMPARED)
    urls = set().union(*(source_urls(name) for name in COMPARED))
    assert len(urls) == 10 and all(url in reference for url in urls)
    assert_whole(text, urls, reference, columns)
    assert "Sources (" in text and "Kimi K2.6" in text


def source_urls(name: str) -> set[str]:
    data = json.loads(piped("show", name, "-f", "json"))
    return {str(s["url"]) for s in data["sources"].values()}


@pytest.mark.parametrize("columns", WIDTHS)
def test_rank_keeps_every_number_whole(columns: int) -> None:
    _, text = in_terminal("rank", columns=columns)
    reference = piped("rank")
    assert_whole(text, set(), reference, columns)
    # names wrap, never end in an ellipsis
    assert "Qwen3-Max-Preview" in text.replace("\n", "") or "Qwen3-Max-Prev" in text
    assert text.rstrip().splitlines()[-1].endswith("for its source)")


@pytest.mark.parametrize("columns", WIDTHS)
def test_rank_with_chosen_columns_keeps_every_number_whole(columns: int) -> None:
    args = ("rank", "--by", "context", "--columns", "id,context,price,gpqa,released,access")
    _, text = in_terminal(*args, columns=columns)
    reference = piped(*args)
    assert_whole(text, set(), reference, columns)


@pytest.mark.parametrize("columns", (80, 120))
def test_rank_never_breaks_an_id(columns: int) -> None:
    # an id is what a script or a person copies into the next command: like a number, it
    # stays on one line, and the table gives way around it (or becomes rows of their own)
    args = (
        "rank",
        "--by",
        "mmlu",
        "-n",
        "5",
        "-c",
        "rank,id,lab,params,tokens,ratio,alscore,compute,mmlu",
    )
    _, text = in_terminal(*args, columns=columns)
    ids = [row["id"] for row in json.loads(piped(*args, "-f", "json"))]
    assert ids and all(re.search(rf"(?<![\w.-]){re.escape(id)}(?![\w.-])", text) for id in ids), (
        text
    )


def test_piped_views_are_never_cut() -> None:
    text = piped("show", "Kimi K2.6")
    url = "https://github.com/anomalyco/models.dev/blob/f3fc692/providers/moonshotai/models/kimi-k2.6.toml"
    assert f"    {url}\n" in text
    assert "…" not in text
    # the data's own ellipses (a note a reader kept to 300 characters) are the only ones
    assert piped("show", "GPT-4").count("…") == 2
