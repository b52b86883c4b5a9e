"""Diplodoc's variables: a page writes ``{{ product-name }}`` and the site's
build puts in the value that a ``presets.yaml`` gives it, under ``default:``.

A ``presets.yaml`` may stand at the tree's root, in a locale's folder and in
any folder below; a page takes the values of every one on its way down from
the root, the nearer one winning, as Diplodoc merges them. Values that are
text or numbers are shown as written; flags (``feature_x: true``) only steer
the site's conditions, so they are not text. A variable no preset gives
stays as written, as the site shows it.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import yaml

from indexer import plain_yaml
from indexer.model import Problem

PRESETS = "presets.yaml"
SECTION = "default"  # the preset a build uses unless told otherwise

Variables = dict[str, str]


class Presets:
    """The variables of the pages of one tree, each folder's file read once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._folders: dict[PurePosixPath, Variables] = {}
        self.problems: list[Problem] = []

    def for_page(self, locale: str, relative: str) -> Variables:
        """The variables of the page at ``relative`` (under the locale's folder)."""
        folders = [PurePosixPath("."), PurePosixPath(locale)]
        folders += [PurePosixPath(locale) / parent for parent in reversed(PurePosixPath(relative).parents)]
        merged: Variables = {}
        for folder in dict.fromkeys(folders):
            merged.update(self._of(folder))
        return merged

    def _of(self, folder: PurePosixPath) -> Variables:
        if folder not in self._folders:
            self._folders[folder] = self._read(folder / PRESETS)
        return self._folders[folder]

    def _read(self, shown: PurePosixPath) -> Variables:
        path = self.root / shown
        if not path.is_file():
            return {}
        try:
            tree = plain_yaml.compose(path.read_text(encoding="utf-8"))
        except yaml.MarkedYAMLError as exc:
            line = exc.problem_mark.line + 1 if exc.problem_mark else 1
            message = f"invalid YAML: {exc.problem}; its variables are not used"
            self.problems.append(Problem(Path(shown), line, message, warning=True))
            return {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            self.problems.append(Problem(Path(shown), 1, f"cannot read: {type(exc).__name__}", warning=True))
            return {}
        section = _item(tree, SECTION)
        if not isinstance(section, yaml.MappingNode):
            return {}
        return {
            key.value: value.value
            for key, value in section.value
            if isinstance(key, yaml.ScalarNode) and _is_text(value)
        }


def _item(node: yaml.Node | None, name: str) -> yaml.Node | None:
    """The value under ``name`` of a mapping node (the last, if repeated)."""
    if not isinstance(node, yaml.MappingNode):
        return None
    values = [value for key, value in node.value if isinstance(key, yaml.ScalarNode) and key.value == name]
    return values[-1] if values else None


def _is_text(node: yaml.Node) -> bool:
    """Whether a value is shown: any scalar but a flag (``true``, ``false``)
    or nothing. Shown as written: Diplodoc reads YAML 1.2, where ``yes``
    and ``on`` are words, not flags, and a version ``1.10`` is the author's."""
    if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
        return False
    return node.tag != "tag:yaml.org,2002:bool" or node.value.lower() not in {"true", "false"}
