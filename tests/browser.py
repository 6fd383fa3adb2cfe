"""Headless Chromium for the HTML site's tests, the screenshot script and the sort benchmark.

Debian's ``chromium`` and ``chromium-driver`` driven through Selenium, with the system driver
given by path so that Selenium never tries to download one. The flags keep the browser off
the network (no background requests, updates, sync or QUIC), which lets a test read every
request the page made as the page's own.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from selenium.webdriver import Chrome as WebDriver

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def available() -> bool:
    import importlib.util

    return (
        CHROMIUM.exists()
        and CHROMEDRIVER.exists()
        and importlib.util.find_spec("selenium") is not None
    )


@contextmanager
def chromium(width: int = 1280, height: int = 900, *, dark: bool = False) -> Iterator[WebDriver]:
    """A fresh headless Chromium (its own profile), logging the console and the network."""
    import os

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager go online
    profile = tempfile.mkdtemp(prefix="modelcard-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    if dark:
        options.add_argument("--force-dark-mode")
        options.add_argument("--blink-settings=preferredColorScheme=0")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    try:
        set_viewport(driver, width, height)
        driver.get("about:blank")
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def set_viewport(driver: WebDriver, width: int, height: int, mobile: bool = False) -> None:
    """The page's viewport exactly (a window size includes the browser's frame)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )


def requested_urls(driver: WebDriver) -> list[str]:
    """Every URL a page opened from a file asked for since the last call (Chrome's
    performance log; the browser's own pages, such as the first new tab, are left out)."""
    urls = []
    for item in driver.get_log("performance"):  # type: ignore[no-untyped-call]
        message: dict[str, Any] = json.loads(item["message"])["message"]
        params = message.get("params", {})
        if message.get("method") == "Network.requestWillBeSent" and str(
            params.get("documentURL", "")
        ).startswith("file:"):
            urls.append(str(params["request"]["url"]))
    return urls


def console_errors(driver: WebDriver) -> list[str]:
    """Console messages of level warning or worse (a CSP violation is an error)."""
    return [
        str(m["message"])
        for m in driver.get_log("browser")  # type: ignore[no-untyped-call]
        if m["level"] in ("SEVERE", "WARNING")
    ]


def screenshot(driver: WebDriver, path: Path, *, full: bool = True) -> None:
    """A PNG of the viewport, or of the whole page when ``full`` (up to 6,000 pixels high)."""
    import base64

    if not full:
        path.write_bytes(driver.get_screenshot_as_png())
        return
    width = int(driver.execute_script("return window.innerWidth"))
    height = int(driver.execute_script("return document.documentElement.scrollHeight"))
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": min(height, 6000), "scale": 1},
        },
    )
    path.write_bytes(base64.b64decode(shot["data"]))
