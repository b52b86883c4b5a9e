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

from indexer.build import build_index
from measure.server import running_server
from search.browse.catalog import catalog
from search.index.store import IndexHandle

ROOT = Path(__file__).resolve().parent.parent.parent
CHROMIUM = os.environ.get("SPRAVKA_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
# axe-core from npm (package.json; `npm ci` installs it into node_modules/).
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def missing(message: str) -> None:
    """Skip locally; fail under CI, which installs everything."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def serve(index_dir: Path):
    return running_server([sys.executable, "-m", "web", "--port", "{port}", "--index", str(index_dir)])


@pytest.fixture(scope="session")
def server(index_dir):
    """``python -m web`` on a free port, serving the fixture index."""
    with serve(index_dir) as (base, _):
        yield base


@pytest.fixture(scope="session")
def shipped_index(tmp_path_factory) -> Path:
    """An index of the shipped help center (``corpus/``), built once."""
    root = tmp_path_factory.mktemp("shipped-index")
    build_index(ROOT / "corpus", root)
    return root


@pytest.fixture(scope="session")
def shipped_server(shipped_index):
    with serve(shipped_index) as (base, _):
        yield base


@pytest.fixture(scope="session")
def shipped_articles(shipped_index) -> list[str]:
    """Every article id of the shipped help center."""
    return catalog(IndexHandle(shipped_index).get()).article_ids()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        missing(f"no axe-core at {AXE.relative_to(ROOT)} (run `npm ci`)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        missing(f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium chromium-driver)")
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
