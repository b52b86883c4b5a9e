"""Shared fixtures: a small corpus indexed once per session, the app and a client."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

from indexer.build import build_index
from search.index.store import IndexHandle
from web import create_app

FIXTURE_CORPUS = Path(__file__).parent / "fixtures" / "corpus"
INSIGHTS_TOKEN = "team-token"
SUPPORT_TOKEN = "desk-token"
SUPPORT_FILE = Path(__file__).resolve().parent.parent / "corpus" / "support.yml"


@pytest.fixture(scope="session", autouse=True)
def event_store(tmp_path_factory) -> str:
    """Every app and server of the suite records into a throw-away SQLite
    store, signs with a throw-away key, keeps attachments and mail in
    throw-away folders (never the repository's var/), and shows its insights
    to ``INSIGHTS_TOKEN`` and its support requests to ``SUPPORT_TOKEN``."""
    home = tmp_path_factory.mktemp("store")
    url = f"sqlite:///{home / 'spravka.db'}"
    os.environ["SPRAVKA_DATABASE_URL"] = url
    os.environ["SPRAVKA_SECRET_KEY_FILE"] = str(home / "secret-key")
    os.environ["SPRAVKA_INSIGHTS_TOKEN"] = INSIGHTS_TOKEN
    os.environ["SPRAVKA_SUPPORT_TOKEN"] = SUPPORT_TOKEN
    os.environ["SPRAVKA_SUPPORT_FILE"] = str(SUPPORT_FILE)
    os.environ["SPRAVKA_SUPPORT_FILES_DIR"] = str(home / "support-files")
    os.environ["SPRAVKA_OUTBOX_DIR"] = str(home / "outbox")
    return url


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("index")
    build_index(FIXTURE_CORPUS, root)
    return root


@pytest.fixture(scope="session")
def index(index_dir):
    return IndexHandle(index_dir).get()


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the fixture corpus, for tests that break it."""
    target = tmp_path / "corpus"
    shutil.copytree(FIXTURE_CORPUS, target)
    return target


@pytest.fixture
def app(index_dir):
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "INDEX_CHECK_INTERVAL": 0.0})


@pytest.fixture
def client(app):
    return app.test_client()


# What each marker needs; a marked test is skipped with a message where it is
# missing, and fails under CI (CI=true), where `.ci/run` installs everything.
MARKER_NEEDS = {"bench": ("tantivy", "psutil", "matplotlib")}


def pytest_runtest_setup(item):
    for marker, modules in MARKER_NEEDS.items():
        if item.get_closest_marker(marker) is None:
            continue
        missing = [m for m in modules if importlib.util.find_spec(m) is None]
        if missing:
            message = f"-m {marker} needs {', '.join(missing)} (make install-bench)"
            if os.environ.get("CI") == "true":
                pytest.fail(message)
            pytest.skip(message)
