"""YAML as a corpus may write it: plain data, read safely and fast.

Front matter and the metadata files are data an author types, so three YAML
features are refused or tamed before anything is built from them:

- anchors and aliases (``&a``, ``*a``): a few hundred bytes of aliases to
  aliases describe billions of nodes ("billion laughs"), and any walk over
  the loaded value takes forever; no help-center file needs them;
- nesting deeper than ``MAX_DEPTH``: construction recurses, so thousands of
  ``[[[[`` would end in a ``RecursionError`` instead of a message;
- timestamps: YAML turns ``2026-02-30`` into a crash while loading; here
  dates stay the text the author wrote, and the caller says what is wrong.

Refusals are ``yaml.MarkedYAMLError``s with the line, like any syntax error.
"""

from __future__ import annotations

from typing import Any

import yaml

# libyaml's parser when PyYAML was built with it: front matter of thousands
# of articles is parsed on every build.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 32


class PlainLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """A safe loader that leaves dates and times as written."""


PlainLoader.add_constructor("tag:yaml.org,2002:timestamp", PlainLoader.construct_yaml_str)


def load(text: str) -> Any:
    """The value of ``text``, a YAML document of plain data."""
    _refuse_structure(text)
    return yaml.load(text, Loader=PlainLoader)


def compose(text: str) -> yaml.Node | None:
    """The node tree of ``text``: nodes know their line, so a problem in the
    shape of the data can be reported where it is."""
    _refuse_structure(text)
    return yaml.compose(text, Loader=PlainLoader)


def _refuse_structure(text: str) -> None:
    """Raise at the first anchor, alias or too deep a nesting. The events
    are read without building anything, so a bomb costs its own size."""
    depth = 0
    for event in yaml.parse(text, Loader=PlainLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _refusal("anchors and aliases (`&name`, `*name`) are not allowed", event)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _refusal(f"nested deeper than {MAX_DEPTH} levels", event)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _refusal(problem: str, event: yaml.Event) -> yaml.MarkedYAMLError:
    return yaml.MarkedYAMLError(problem=problem, problem_mark=event.start_mark)
