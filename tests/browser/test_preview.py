"""`make preview`: an edit to an article shows on its page within seconds,
and a build problem shows as a banner on the page."""

from __future__ import annotations

import sys
import time

import pytest

from measure.server import running_server

pytestmark = pytest.mark.browser

SECONDS = 3.0


@pytest.fixture
def preview(corpus_copy, tmp_path):
    command = [sys.executable, "-m", "indexer", "preview", "--corpus", str(corpus_copy)]
    command += ["--index", str(tmp_path / "index"), "--port", "{port}"]
    with running_server(command) as (base, _):
        yield base


def shows_within(page, url: str, text: str, seconds: float) -> float:
    """Seconds until ``url`` shows ``text``, reloading as a writer would;
    fails after ``seconds``."""
    started = time.monotonic()
    while True:
        page.goto(url)
        if text in page.inner_text("body"):
            return time.monotonic() - started
        assert time.monotonic() - started < seconds, f"{text!r} not shown within {seconds} s"
        time.sleep(0.1)


def test_an_edit_under_preview_shows_within_three_seconds(browser, preview, corpus_copy):
    context = browser.new_context(base_url=preview, locale="en-US")
    page = context.new_page()
    url = "/en/articles/audio/echo"
    page.goto(url)
    assert "Preview: built at" in page.inner_text(".preview-status")
    echo = corpus_copy / "en/audio/echo.md"
    original = echo.read_text(encoding="utf-8")

    echo.write_text(original + "\nClap once and listen for the echo to fade.\n", encoding="utf-8")
    assert shows_within(page, url, "Clap once and listen", SECONDS) < SECONDS

    # An error (front matter that does not parse would be a warning).
    echo.write_text(original.replace("---\n", "---\ncategory: nowhere\n", 1), encoding="utf-8")
    shows_within(page, url, "the build at", SECONDS)
    banner = page.inner_text(".preview-status")
    assert "en/audio/echo.md:2:" in banner or "en/audio/echo.md:3:" in banner
    assert "Clap once and listen" in page.inner_text("main")  # the last good version stays
    context.close()
