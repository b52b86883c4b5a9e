"""The examples in docstrings are run, so they stay true."""

import doctest
import importlib
import pkgutil

import pytest

import indexer
import search
import web

MODULES = sorted(
    info.name
    for package in (search, indexer, web)
    for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")
    if not info.name.endswith("__main__")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0
