"""Shared fixtures: a small corpus indexed once per session, the app and a client."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.build import build_index
from search.store import IndexHandle
from web import create_app
from web.config import TestingConfig

FIXTURE_CORPUS = Path(__file__).parent / "fixtures" / "corpus"


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
    class Config(TestingConfig):
        INDEX_DIR = str(index_dir)

    return create_app(Config)


@pytest.fixture
def client(app):
    return app.test_client()
