"""The HTML site without a browser: its values, its files, its links, and user text kept inert.
The browser tests (test_html_browser.py) drive the same pages in Chromium."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from modelcard.cli import app
from modelcard.entry import Entry, from_mapping
from modelcard.render.html import HtmlSite, content_security_policy, environment
from modelcard.render.view import (
    card_view,
    columns,
    compute_text,
    estimate_of,
    readable_count,
    released_key,
    released_text,
    row_view,
    source_view,
    status_of,
)

from .html_cases import (
    HOSTILE_LAB,
    HOSTILE_NOTES,
    bundled_count,
    dead_links,
    export_html_site,
    page_links,
)

runner = CliRunner()


def entry(**data: object) -> Entry:
    values: dict[str, object] = {"name": "Test Model", "lab": "Test Lab"}
    values.update(data)
    return from_mapping(values, id=str(values.pop("id", "test-model")), source="")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_html_site(tmp_path_factory)


# -- values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (None, "-"),
        (142 * 10**9, "142B"),
        (11_200 * 10**9, "11.2T"),
        (6 * 10**12, "6T"),
        (100_000 * 10**9, "100T"),
        (117 * 10**6, "117M"),
        (2_700_000_000, "2.7B"),
        (1_234_567_890, "1.23B"),
        (999_600_000_000, "1T"),  # 999.6B rounds up to a larger unit, not "1000B"
        (12_345, "12.3K"),
        (999, "999"),
    ],
)
def test_readable_count(count: int | None, text: str) -> None:
    assert readable_count(count) == text


def test_compute_dates_and_status() -> None:
    assert compute_text(9_408_000_000_000_000_000_000_000) == "9.4e24"
    assert compute_text(None) == "-"
    assert [released_text(r) for r in ("2025-06", "2025-06-09", "2025", None)] == [
        "Jun 2025", "9 Jun 2025", "2025", "TBA",
    ]  # fmt: skip
    # a bare year sorts before its months, months before their days
    keys = [released_key(r) for r in ("2025", "2025-01", "2025-01-02")]
    assert keys == [20250000, 20250100, 20250102]
    assert released_key(None) is None
    assert status_of(entry(released="2024-01")) == "released"
    assert status_of(entry()) == "announced"  # TBA
    # dated after the snapshot its data comes from: announced, not out yet
    later = entry(released="2026-03", updated=dt.date(2025, 10, 2))
    assert status_of(later) == "announced"


def test_sources_only_link_to_http() -> None:
    shown = source_view({"url": "javascript:alert(1)", "note": "n", "confidence": "likely"})
    assert shown is not None and shown["url"] is None and shown["text"] == "javascript:alert(1)"
    shown = source_view(
        {"url": "https://epoch.ai/data", "dataset": "epoch", "snapshot": "2026-01-26", "row": "7"}
    )
    assert shown == {
        "url": "https://epoch.ai/data",
        "host": "epoch.ai",
        "text": None,
        "dataset": "Epoch AI, Notable AI Models, snapshot 2026-01-26, row 7",
        "note": None,
        "confidence": None,
    }
    assert source_view(None) is None


def test_estimates_mark_figures_and_what_is_computed_from_them() -> None:
    assert estimate_of({"confidence": "likely"}, {"confidence": "speculative"}) == "speculative"
    assert estimate_of({"confidence": "confident"}, None) is None
    guessed = entry(
        parameters="2T",
        tokens="30T",
        sources={"parameters": {"url": "https://x.org", "confidence": "speculative"}},
    )
    row = row_view(guessed, rank=1, page="p.html", lab_page="l.html", arch_key=None)
    marks = {key: cell["estimate"] for key, cell in row["cells"].items()}
    assert marks["params"] == marks["alscore"] == marks["ratio"] == marks["compute"]
    assert marks["params"] == "speculative"
    assert marks["tokens"] is None and marks["active"] is None  # no value, no mark
    figures = {f["label"]: f for f in card_view(guessed, rank=1, total=1)["figures"]}
    assert figures["ALScore"]["estimate"] == "speculative"
    assert figures["Training tokens"]["estimate"] is None


def test_new_fields_light_up_when_entries_have_them() -> None:
    plain = [entry(id="a"), entry(id="b", name="B")]
    keys = [c.key for c in columns(plain)]
    assert "open" not in keys and "context" not in keys  # no model states them yet
    later = [
        plain[0].with_(open_weights=True, aliases=("Alias One",), context_window=131072),
        plain[1].with_(open_weights=None, aliases=(), context_window=None),
    ]
    keys = [c.key for c in columns(later)]
    assert "open" in keys and "context" in keys
    row = row_view(later[0], rank=1, page="p.html", lab_page="l.html", arch_key="moe")
    assert row["open"] == "yes" and "alias one" in row["query"]
    assert row["cells"]["context"]["text"] == "131K"
    card = card_view(later[0], rank=1, total=2)
    assert card["aliases"] == ["Alias One"] and card["open_weights"] == "Yes"
    assert card_view(later[1], rank=2, total=2)["open_weights"] == "Not stated"


def test_a_disagreeing_sheet_figure_is_shown() -> None:
    e = entry(parameters="7B", tokens="2T", sheet={"alscore": 0.5})
    assert card_view(e, rank=1, total=1)["published"] == [
        "The Models Table gives ALScore 0.5; computed: 0.4."
    ]


# -- the exported site --------------------------------------------------------------------


def test_site_files(site: Path) -> None:
    assert (site / "index.html").is_file() and (site / "labs" / "index.html").is_file()
    assert len(list(site.glob("models/*/*.html"))) == bundled_count() + 1
    from modelcard.store import Catalog

    labs = {e.lab for e in Catalog(site / "no-home").entries()} | {HOSTILE_LAB}
    assert len(list(site.glob("labs/*.html"))) == 1 + len(labs)  # and labs/index.html
    manifest = json.loads((site / ".modelcard-export.json").read_text(encoding="utf-8"))
    written = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert set(manifest["files"]) == written


def test_the_footer_credits_each_dataset(site: Path) -> None:
    footer = (site / "index.html").read_text(encoding="utf-8").split("<footer>", 1)[1]
    titles = re.findall(r'<li><a href="([^"]+)" rel="noopener noreferrer">([^<]+)</a>', footer)
    assert titles == [
        ("https://lifearchitect.ai/models-table/", "LifeArchitect.ai Models Table"),
        ("https://epoch.ai/data/notable-ai-models", "Epoch AI, Notable AI Models"),
        ("https://models.dev", "models.dev"),
    ]
    assert "Data: Epoch AI (epoch.ai)" in footer and "CC BY 4.0</a>" in footer


def test_every_local_link_resolves_and_external_ones_are_safe(site: Path) -> None:
    assert dead_links(site) == []


def test_one_script_per_page_named_in_its_policy(site: Path) -> None:
    env = environment()
    policy = content_security_policy(str(env.globals["css"]), str(env.globals["js"]))
    for page in [site / "index.html", *sorted(site.glob("*/*.html"))[:50]]:
        text = page.read_text(encoding="utf-8")
        _, scripts = page_links(page)
        assert scripts == 1, page
        found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', text)
        assert found is not None and html.unescape(found.group(1)) == policy, page
        assert "default-src 'none'" in policy and "unsafe-inline" not in policy


def test_leaderboard_holds_every_model_in_rank_order(site: Path) -> None:
    text = (site / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr data-q="[^"]*"', text)
    assert len(rows) == bundled_count() + 1
    first = re.search(r"<tbody><tr[^>]*>(.*?)</tr\s*>", text, re.S)
    assert first is not None and "Claude Opus 4</a>" in first.group(1)
    # the table's counts for a closed model are estimates, and so is the ALScore from them
    estimate = '<span class="est" title="Estimate (speculative)">≈</span>'
    assert f'<td class="n" data-v="81.6">{estimate}81.6</td>' in first.group(1)


def test_hostile_text_stays_text(site: Path) -> None:
    page = next(site.glob("models/*/*bboldb-co.html"))
    text = page.read_text(encoding="utf-8")
    name = "&lt;img src=x onerror=&#34;window.pwned=1&#34;&gt;&lt;b&gt;Bold&lt;/b&gt; &amp; co"
    assert f"<h1>{name}</h1>" in text
    assert "&lt;script&gt;window.pwned=4&lt;/script&gt;" in text
    assert "<b>" not in text and "<i>" not in text and "<img" not in text and "<svg" not in text
    links, _ = page_links(page)
    hrefs = [str(link.get("href")) for link in links]
    # pages of ours (the lab's slug keeps the letters of its hostile name), http(s) or data:,
    assert not [h for h in hrefs if ":" in h and not h.startswith(("https://", "data:,"))]
    assert not [h for h in hrefs if "=" in h and not h.startswith("../../index.html#arch=")]
    assert "javascript:window.pwned=5" in text  # the paper link, shown as text
    for other in (site / "index.html", *site.glob("labs/*lab.html")):
        assert "<script>window" not in other.read_text(encoding="utf-8")


def test_notes_keep_their_lines_as_text(site: Path) -> None:
    text = next(site.glob("models/*/*bboldb-co.html")).read_text(encoding="utf-8")
    assert (
        '<p class="notes">'
        + HOSTILE_NOTES.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        + "</p>"
        in text
    )


def test_html_replaces_the_markdown_site_and_keeps_other_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("mine", encoding="utf-8")
    assert runner.invoke(app, ["export", "--site", str(out), "--lab", "Cohere"]).exit_code == 0
    assert (out / "README.md").is_file()
    result = runner.invoke(app, ["export", "--site", str(out), "--lab", "Cohere", "-f", "html"])
    assert result.exit_code == 0, result.output
    assert not (out / "README.md").exists() and (out / "index.html").is_file()
    assert "removed" in result.stderr
    assert (out / "mine.txt").read_text(encoding="utf-8") == "mine"


def test_refuses_to_overwrite_a_file_it_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("mine", encoding="utf-8")
    result = runner.invoke(app, ["export", "--site", str(out), "-f", "html"])
    assert result.exit_code == 1 and "index.html exists" in result.stderr
    assert (out / "index.html").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(
    "args",
    [["export", "dots.llm1", "-f", "html"], ["export", "--all", "-f", "html", "--out-dir", "x"]],
)
def test_html_needs_site(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "--format html writes the whole site" in result.stderr


def test_a_filtered_site_and_its_chart(tmp_path: Path) -> None:
    entries = [entry(id=f"m{n}", name=f"M{n}", parameters=f"{n}B", tokens="1T") for n in (1, 7)]
    with_chart = dict(HtmlSite(entries, credit=False, chart=True).files())
    assert '<img class="chart" src="data:image/svg+xml;base64,' in with_chart["index.html"]
    assert re.search(
        r'data:image/svg\+xml;base64,[^"]+" width="\d+" height="\d+"', with_chart["index.html"]
    )
    without = dict(HtmlSite(entries, credit=False).files())
    assert "data:image/svg" not in without["index.html"]
    assert "LifeArchitect" not in without["index.html"]  # credit only for bundled data


def test_start_up_does_not_load_the_html_site() -> None:
    code = (
        "import sys\n"
        "from modelcard.__main__ import main\n"
        "sys.argv = ['modelcard', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "bad = [m for m in sys.modules if m.startswith(('jinja2', 'markupsafe',"
        " 'modelcard.render.html', 'modelcard.render.view'))]\n"
        "print(','.join(sorted(bad)), file=sys.stderr)\n"
    )
    for args in (["--version"], ["show", "dots.llm1"]):
        done = subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            env=dict(os.environ),
            check=False,
        )
        assert done.returncode == 0
        assert done.stderr.strip().splitlines()[-1:] in ([], [""]), (args, done.stderr)


def test_a_lab_page_leaves_out_benchmarks_none_of_its_models_has(site: Path) -> None:
    lab = (site / "labs" / "xiaohongshurednote.html").read_text(encoding="utf-8")
    keys = re.findall(r'<th scope="col"[^>]* data-key="([^"]+)"', lab)
    assert keys[:3] == ["rank", "model", "alscore"] and "lab" not in keys
    assert {"b-mmlu", "b-mmlu_pro", "b-gpqa"} <= set(keys) and "b-hle" not in keys
    assert 'data-key="b-hle"' in (site / "index.html").read_text(encoding="utf-8")
