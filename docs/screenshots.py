"""Screenshots of the site for the README: `make screenshots`.

Starts the development server on the live index (var/index by default) and
saves the home, results and article pages in both languages to docs/img/,
at a desktop width and, for the phone set, 390 px.
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
# A phone's view of the pages where the layout differs most.
PHONE_PAGES = {
    "phone-home-ru": "/ru/",
    "phone-results-ru": "/ru/search?q=запись",
    "phone-article-ru": "/ru/articles/billing/plans-and-pricing",
    "phone-error-code-en": "/en/search?q=10004",
}
DESKTOP = {"viewport": {"width": 1200, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "device_scale_factor": 2}


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
            for pages, device in ((PAGES, DESKTOP), (PHONE_PAGES, PHONE)):
                page = browser.new_page(**device)
                for name, url in pages.items():
                    page.goto(base + url)
                    page.screenshot(path=str(out / f"{name}.png"))
                    print(f"{out / name}.png")
                page.close()
            browser.close()


if __name__ == "__main__":
    main()
