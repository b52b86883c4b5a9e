"""Screenshots of the site for the README: `make screenshots`.

Starts the development server on the live index (var/index by default) and
saves the home, results and article pages in both languages to docs/img/.
Needs Chromium (Debian: chromium) and the test extra (Playwright).
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = {
    "home-en": "/en/",
    "home-ru": "/ru/",
    "results-en": "/en/search?q=cloud+recording",
    "results-ru": "/ru/search?q=как+записать+вебинар",
    "article-en": "/en/articles/audio/microphone-not-working",
    "article-ru": "/ru/articles/webinars/webinar-recording",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", default="var/index")
    parser.add_argument("--out", default="docs/img")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "web", "--port", str(port), "--index", args.index])
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
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
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
