"""Screenshots of the site for the README: `make screenshots`.

Starts the development server on the live index (var/index by default) and
saves the home, results and article pages in both languages to docs/img/.
Needs Chromium (Debian: chromium) and the test extra (Playwright).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from measure.server import running_server  # noqa: E402  (a folder of the repository, not installed)

PAGES = {
    "home-en": "/en/",
    "home-ru": "/ru/",
    "results-en": "/en/search?q=cloud+recording",
    "results-ru": "/ru/search?q=как+записать+вебинар",
    "article-en": "/en/articles/audio/microphone-not-working",
    "article-ru": "/ru/articles/webinars/webinar-recording",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", default="var/index")
    parser.add_argument("--out", default="docs/img")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    command = [sys.executable, "-m", "web", "--port", "{port}", "--index", args.index]
    with running_server(command) as (base, _):
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            for name, url in PAGES.items():
                page.goto(base + url)
                page.screenshot(path=str(out / f"{name}.png"))
                print(f"{out / name}.png")
            browser.close()


if __name__ == "__main__":
    main()
