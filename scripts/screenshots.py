"""Screenshots of the HTML site, taken in headless Chromium as the browser tests drive it.

    python scripts/screenshots.py                 # docs/leaderboard.png, shown in the README
    python scripts/screenshots.py --all shots/    # also a model page, and both at phone width

Exports the bundled catalog with `modelcard export --site DIR --format html` into a
temporary folder (with an empty store of its own, so that no entry of yours shows), then
opens the pages from file:// with tests/browser.py's set-up (Debian's chromium and
chromium-driver).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `python scripts/screenshots.py` from the repository

from tests import browser  # noqa: E402

README_SHOT = ROOT / "docs" / "leaderboard.png"
MODEL_PAGE = "models/xiaohongshurednote/dotsllm1.html"
SIZES = {"desktop": (1280, 860), "phone": (390, 844)}


def export(site: Path, home: Path) -> None:
    env = dict(os.environ, MODELCARD_HOME=str(home))
    env.pop("MODELCARD_NO_BUILTIN", None)
    subprocess.run(
        [sys.executable, "-m", "modelcard", "export", "--site", str(site), "--format", "html"],
        check=True,
        env=env,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", type=Path, metavar="DIR", help="also write every view here")
    args = parser.parse_args()
    if not browser.available():
        print("needs chromium, chromedriver and selenium", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        site, home = Path(tmp) / "site", Path(tmp) / "home"
        export(site, home)
        with browser.chromium(*SIZES["desktop"]) as driver:
            driver.get((site / "index.html").as_uri())
            README_SHOT.parent.mkdir(exist_ok=True)
            browser.screenshot(driver, README_SHOT, full=False)
            print(f"wrote {README_SHOT.relative_to(ROOT)}", file=sys.stderr)
            if args.all is not None:
                args.all.mkdir(parents=True, exist_ok=True)
                for size, (width, height) in SIZES.items():
                    browser.set_viewport(driver, width, height, mobile=size == "phone")
                    for name, page in (("leaderboard", "index.html"), ("model", MODEL_PAGE)):
                        driver.get((site / page).as_uri())
                        shot = args.all / f"{name}-{size}.png"
                        browser.screenshot(driver, shot, full=name == "model")
                        print(f"wrote {shot}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
