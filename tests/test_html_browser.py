"""The HTML site in a real browser: headless Chromium (Debian's chromium and chromium-driver)
opens the exported pages from file://, sorts, filters, follows links and reads the DOM.

Skipped when no browser is installed, unless MODELCARD_REQUIRE_BROWSER=1 (as .ci/run sets
it), so that CI cannot pass without running them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from modelcard import load_catalog
from modelcard.export import publish_site
from modelcard.metrics import alscore
from modelcard.render.html import HtmlSite

from . import browser
from .html_cases import (
    HOSTILE_LAB,
    HOSTILE_NAME,
    HOSTILE_NOTES,
    HOSTILE_TAG,
    bundled_count,
    export_html_site,
)

if TYPE_CHECKING:
    from selenium.webdriver import Chrome as WebDriver

if not browser.available():
    if os.environ.get("MODELCARD_REQUIRE_BROWSER") == "1":
        raise RuntimeError(
            "MODELCARD_REQUIRE_BROWSER=1 but chromium, chromedriver or selenium is missing"
        )
    pytest.skip("no chromium, chromedriver or selenium", allow_module_level=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_html_site(tmp_path_factory)


@pytest.fixture(scope="module")
def chrome() -> Iterator[WebDriver]:
    with browser.chromium() as driver:
        yield driver


@pytest.fixture
def page(chrome: WebDriver) -> Iterator[WebDriver]:
    """The browser, its logs emptied before the test and checked after it: no console
    message of warning level or worse, no request for anything but local files and data."""
    browser.requested_urls(chrome)
    browser.console_errors(chrome)
    yield chrome
    assert browser.console_errors(chrome) == []
    outside = [u for u in browser.requested_urls(chrome) if not u.startswith(("file:", "data:"))]
    assert outside == []
    resources = chrome.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => !n.startsWith('data:') && !n.startsWith('file:'))"
    )
    assert resources == []
    assert chrome.execute_script("return window.pwned") is None


def open_page(driver: WebDriver, path: Path, fragment: str = "") -> None:
    driver.get(path.as_uri() + fragment)
    driver.execute_script("return document.readyState")


def visible_rows(driver: WebDriver) -> list[dict[str, Any]]:
    """The shown rows of the board, top to bottom: each cell's text and sort value by key."""
    rows: list[dict[str, Any]] = driver.execute_script(
        """
        const keys = [...document.querySelectorAll('table.board thead th')].map(h => h.dataset.key);
        return [...document.querySelectorAll('table.board tbody tr')]
          .filter(r => !r.hidden)
          .map(r => {
            const row = {q: r.dataset.q};
            [...r.cells].forEach((c, i) => {
              // textContent: rows out of view are not laid out, so they have no innerText
              const shown = c.querySelector('a') || c;
              row[keys[i]] = {text: shown.textContent.trim(), v: c.getAttribute('data-v')};
            });
            return row;
          });
        """
    )
    return rows


def click_header(driver: WebDriver, key: str) -> None:
    driver.find_element("css selector", f'th[data-key="{key}"] button').click()


def aria_sort(driver: WebDriver, key: str) -> str | None:
    value: str | None = driver.find_element("css selector", f'th[data-key="{key}"]').get_attribute(
        "aria-sort"
    )
    return value


def catalog_scores() -> list[float]:
    return [
        s for e in load_catalog().entries() if (s := alscore(e.parameters, e.tokens)) is not None
    ]


def test_sort_by_alscore_both_ways_missing_last(site: Path, page: WebDriver) -> None:
    open_page(page, site / "index.html")
    assert aria_sort(page, "rank") == "ascending"
    click_header(page, "alscore")
    assert aria_sort(page, "alscore") == "descending" and aria_sort(page, "rank") is None
    rows = visible_rows(page)
    assert [r["model"]["text"] for r in rows[:3]] == ["Claude Opus 4", "GPT-4.5", "Claude Opus 4.1"]
    # estimates (the table's counts for closed models) are marked
    assert [r["alscore"]["text"] for r in rows[:3]] == ["≈81.6", "≈61.6", "≈47.1"]
    scores = sorted(catalog_scores() + [alscore(7 * 10**9, 10**12) or 0], reverse=True)
    shown = [float(r["alscore"]["v"]) for r in rows if r["alscore"]["v"]]
    assert shown == scores
    assert all(r["alscore"]["text"] == "-" for r in rows[len(shown) :])
    assert "#sort=alscore&dir=desc" in page.current_url

    click_header(page, "alscore")
    assert aria_sort(page, "alscore") == "ascending"
    rows = visible_rows(page)
    shown = [float(r["alscore"]["v"]) for r in rows if r["alscore"]["v"]]
    assert shown == sorted(scores)
    assert rows[0]["alscore"]["text"].lstrip("≈") == f"{min(scores):.1f}"
    assert rows[len(shown)]["alscore"]["text"] == "-"  # missing last in this direction too
    assert "#sort=alscore&dir=asc" in page.current_url


def test_text_and_date_columns_sort_as_text_and_dates(site: Path, page: WebDriver) -> None:
    open_page(page, site / "index.html")
    click_header(page, "model")
    names = [r["model"]["v"] for r in visible_rows(page)]
    # by the page's collator (punctuation first, digits as numbers): check the first letters
    initials = [n[0] for n in names if n[0].isascii() and n[0].isalpha()]
    assert initials == sorted(initials) and initials[0] == "a" and initials[-1] == "z"
    assert names.index("gpt-4.5") < names.index("gpt-5") < names.index("gpt-oss-120b")
    click_header(page, "model")
    assert [r["model"]["v"] for r in visible_rows(page)] == names[::-1]
    click_header(page, "released")  # newest first; TBA last
    released = [r["released"]["v"] for r in visible_rows(page)]
    dated = [int(v) for v in released if v]
    assert dated == sorted(dated, reverse=True) and released[len(dated) :] == [""] * 8


def test_keyboard_sorts_from_the_header(site: Path, page: WebDriver) -> None:
    from selenium.webdriver.common.keys import Keys

    open_page(page, site / "index.html")
    button = page.find_element("css selector", 'th[data-key="params"] button')
    button.send_keys(Keys.ENTER)
    assert aria_sort(page, "params") == "descending"
    largest = max(e.parameters or 0 for e in load_catalog().entries())
    assert visible_rows(page)[0]["params"]["v"] == str(largest)
    button.send_keys(Keys.SPACE)
    assert aria_sort(page, "params") == "ascending"


def test_filter_qwen_leaves_only_qwen(site: Path, page: WebDriver) -> None:
    open_page(page, site / "index.html")
    box = page.find_element("id", "q")
    box.send_keys("qwen")
    rows = visible_rows(page)
    expected = {
        e.name
        for e in load_catalog().entries()
        if "qwen" in " ".join([e.name, e.lab, e.id, *e.tags, *e.aliases]).lower()
    }
    assert {r["model"]["text"] for r in rows} == expected
    assert len(rows) == len(expected) > 20 and all(
        "qwen" in r["model"]["text"].lower() for r in rows
    )
    assert page.find_element("id", "count").text == f"{len(rows)} of {bundled_count() + 1} models"
    assert page.current_url.endswith("#q=qwen")
    # the view is in the URL: opened again from it, the page shows the same rows
    open_page(page, site / "index.html", "#q=qwen&sort=params&dir=desc")
    again = visible_rows(page)
    assert {r["model"]["text"] for r in again} == expected
    assert page.find_element("id", "q").get_attribute("value") == "qwen"
    # 1T each: the tie keeps the ALScore order
    assert [r["model"]["text"] for r in again[:2]] == ["Qwen3-Max", "Qwen3-Max-Preview"]
    assert aria_sort(page, "params") == "descending"


def test_released_and_architecture_toggles(site: Path, page: WebDriver) -> None:
    from selenium.webdriver.support.ui import Select

    open_page(page, site / "index.html")
    page.find_element("id", "released").click()
    rows = visible_rows(page)
    from modelcard.entry import ANNOUNCED, status
    from modelcard.store import Catalog

    catalog = Catalog(site / "no-home")
    announced = sum(status(e) == ANNOUNCED for e in catalog.entries())
    assert announced > 0 and len(rows) == bundled_count() + 1 - announced
    assert "DeepSeek-R2" not in {r["model"]["text"] for r in rows}
    Select(page.find_element("id", "arch")).select_by_visible_text("MoE")
    rows = visible_rows(page)
    moe = [e for e in load_catalog().entries() if e.architecture == "MoE" and e.released]
    assert len(rows) == len(moe)
    assert "released=1" in page.current_url and "arch=moe" in page.current_url
    page.find_element("id", "released").click()
    assert len(visible_rows(page)) == 131


def test_open_weights_toggle(tmp_path: Path, page: WebDriver) -> None:
    # Entries gain open_weights with the truth branch; until then they are given it here.
    catalog = {e.id: e for e in load_catalog().entries()}
    chosen = [
        catalog["dots.llm1"].with_(open_weights=True),
        catalog["deepseek-v3"].with_(open_weights=True, aliases=("DeepSeek V3 Base",)),
        catalog["claude-opus-4"].with_(open_weights=False),
        catalog["gpt-4.5"].with_(open_weights=None),
    ]
    pages = HtmlSite(chosen, credit=True)
    publish_site(tmp_path, pages.paths(), pages.files())
    open_page(page, tmp_path / "index.html")
    assert len(visible_rows(page)) == 4
    page.find_element("id", "open").click()
    assert {r["model"]["text"] for r in visible_rows(page)} == {"dots.llm1", "DeepSeek-V3"}
    assert "open=1" in page.current_url
    click_header(page, "open")  # yes first, then no, unknown last
    page.find_element("id", "open").click()
    assert [r["open"]["text"] for r in visible_rows(page)] == ["Yes", "Yes", "No", "-"]
    page.find_element("id", "q").send_keys("v3 base")  # an alias
    assert [r["model"]["text"] for r in visible_rows(page)] == ["DeepSeek-V3"]


def test_follow_a_model_link_to_its_figures(site: Path, page: WebDriver) -> None:
    open_page(page, site / "index.html", "#q=dots.llm1")
    page.find_element("link text", "dots.llm1").click()
    assert page.current_url.endswith("/models/xiaohongshurednote/dotsllm1.html")
    assert page.find_element("tag name", "h1").text == "dots.llm1"
    figures = {
        row.find_element("tag name", "th").text: [
            c.text for c in row.find_elements("tag name", "td")
        ]
        for row in page.find_elements("css selector", "table.figures tbody tr")
    }
    assert figures["Parameters"][0] == "142B 142,000,000,000"
    assert figures["Active parameters"][2] == "likely"
    assert figures["Training tokens"][0] == "11.2T 11,200,000,000,000"
    assert figures["ALScore"][0] == "4.2 (Mid-tier)"
    assert figures["Token:parameter ratio"][0] == "79:1 (compute-optimal)"
    assert figures["Training compute"][0] == "9.4e23 FLOPs"
    assert figures["Parameters"][1].startswith("lifearchitect.ai LifeArchitect.ai Models Table")
    source = page.find_element("link text", "lifearchitect.ai")
    assert source.get_attribute("rel") == "noopener noreferrer"
    assert source.get_attribute("href") == "https://lifearchitect.ai/models-table/"
    page.find_element("link text", "Xiaohongshu/RedNote").click()
    assert page.current_url.endswith("/labs/xiaohongshurednote.html")
    assert [r["model"]["text"] for r in visible_rows(page)] == ["dots.llm1"]


def test_hostile_entry_renders_as_text(site: Path, page: WebDriver) -> None:
    open_page(page, site / "index.html", "#q=bold")
    rows = visible_rows(page)
    assert [r["model"]["text"] for r in rows] == [HOSTILE_NAME]
    assert [r["lab"]["text"] for r in rows] == [HOSTILE_LAB]
    assert page.execute_script("return document.querySelectorAll('tbody b, tbody img').length") == 0
    page.find_element("partial link text", "Bold").click()
    dom = page.execute_script(
        """
        return {
          h1: document.querySelector('h1').textContent,
          h1children: document.querySelector('h1').children.length,
          notes: document.querySelector('.notes').textContent,
          tags: [...document.querySelectorAll('.tags li')].map(li => li.textContent),
          scripts: document.scripts.length,
          styles: document.querySelectorAll('style').length,
          bodyShown: getComputedStyle(document.body).display,
          hrefs: [...document.querySelectorAll('[href]')].map(a => a.getAttribute('href')),
          injected: document.querySelectorAll('main img, main svg, main b, main i').length,
        };
        """
    )
    assert dom["h1"] == HOSTILE_NAME and dom["h1children"] == 0
    assert dom["notes"] == HOSTILE_NOTES
    assert dom["tags"] == [HOSTILE_TAG, "Reasoning"]
    assert dom["scripts"] == 1 and dom["styles"] == 1 and dom["bodyShown"] == "block"
    assert dom["injected"] == 0
    assert not [h for h in dom["hrefs"] if h.startswith(("javascript:", "data:text"))]
    assert "javascript:window.pwned=5" in page.find_element("css selector", ".links").text
    page.find_element("link text", HOSTILE_LAB).click()
    assert page.find_element("tag name", "h1").text == HOSTILE_LAB
