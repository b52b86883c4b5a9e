"""Browser tests: the real server, started once per session, driven by
Playwright through Debian's Chromium.

Without a browser the tests skip, except under CI (``CI=true``), where a
missing browser is a failure: CI installs it in ``.ci/run``. A failing test
leaves a screenshot in ``tests/artifacts/``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from measure.server import running_server

CHROMIUM = os.environ.get("SPRAVKA_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


@pytest.fixture(scope="session")
def server(index_dir):
    """``python -m web`` on a free port, serving the fixture index."""
    with running_server([sys.executable, "-m", "web", "--port", "{port}", "--index", str(index_dir)]) as (
        base,
        _,
    ):
        yield base


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium chromium-driver)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server, request):
    context = browser.new_context(base_url=server, locale="en-US", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(5000)
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    failed = getattr(request.node, "failed_call", False)
    if failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    # A blocked inline script or a JS exception shows up here (CSP included).
    if not failed:
        assert errors == []


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        item.failed_call = True
    return report
