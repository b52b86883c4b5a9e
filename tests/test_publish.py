"""``python -m indexer publish``: the live generation copied to other index
roots, each switched only once its copy is complete."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer import publish as publishing
from indexer.__main__ import main
from indexer.build import build_index
from search.index.builds import LOCK
from search.index.store import CHECKSUMS, POINTER, Generation, IndexUnavailable, live_generation, verify
from search.query.engine import search


@pytest.fixture
def built(tmp_path, corpus_copy):
    root = tmp_path / "built"
    build_index(corpus_copy, root)
    return root


def test_publish_makes_the_generation_live_on_every_target(built, tmp_path, capsys):
    targets = [tmp_path / "a", tmp_path / "b" / "nested"]
    assert main(["publish", "--index", str(built), *(f"--to={t}" for t in targets)]) == 0
    source = live_generation(built)
    for target in targets:
        live = live_generation(target)
        assert live.name == source.name
        assert sorted(p.name for p in live.iterdir()) == sorted(p.name for p in source.iterdir())
        assert search(Generation(live), "echo", "en").total == search(Generation(source), "echo", "en").total
        assert [p.name for p in target.iterdir() if p.name.startswith(".")] == []
    assert f"{targets[0]}: {source.name} is live" in capsys.readouterr().out


def test_publishing_again_switches_without_copying(built, tmp_path):
    target = tmp_path / "node"
    (first,) = publishing.publish_everywhere(built, [target])
    (again,) = publishing.publish_everywhere(built, [target])
    assert first.copied and not again.copied
    assert live_generation(target).name == first.generation


def test_a_failed_copy_leaves_the_target_as_it_was(built, tmp_path, corpus_copy, monkeypatch):
    target = tmp_path / "node"
    publishing.publish_everywhere(built, [target])
    before = (target / POINTER).read_text()
    build_index(corpus_copy, built)  # a newer generation

    copytree = shutil.copytree

    def broken_copy(source, destination):
        copytree(source, destination)
        raise OSError("disk full")

    monkeypatch.setattr(publishing.shutil, "copytree", broken_copy)
    with pytest.raises(OSError, match="disk full"):
        publishing.publish_everywhere(built, [target])
    assert (target / POINTER).read_text() == before
    assert sorted(p.name for p in target.iterdir()) == sorted([POINTER, LOCK, before.strip()])


def test_publish_reports_a_missing_index_and_refuses_its_own_root(built, tmp_path, capsys):
    assert main(["publish", "--index", str(tmp_path / "nothing"), "--to", str(tmp_path / "node")]) == 1
    assert "publish failed: no index at" in capsys.readouterr().err
    assert main(["publish", "--index", str(built), "--to", str(built)]) == 1
    assert "is the index the generation comes from" in capsys.readouterr().err
    assert not (tmp_path / "node").exists()


def test_a_copy_that_differs_from_what_was_built_is_refused(built, tmp_path, monkeypatch):
    copytree = shutil.copytree

    def corrupting_copy(source, destination):
        copytree(source, destination)
        victim = max(
            (p for p in Path(destination).iterdir() if p.suffix == ".seg"), key=lambda p: p.stat().st_size
        )
        victim.write_bytes(victim.read_bytes()[:-10])

    monkeypatch.setattr(publishing.shutil, "copytree", corrupting_copy)
    with pytest.raises(IndexUnavailable, match="damaged"):
        publishing.publish_everywhere(built, [tmp_path / "node"])
    assert not (tmp_path / "node" / POINTER).exists()
    assert [p.name for p in (tmp_path / "node").iterdir() if p.name.startswith(".")] == []


def _damage(generation: Path) -> None:
    meta = generation / "meta.json"
    meta.write_bytes(b"XXXX" + meta.read_bytes()[4:])


def test_publishing_again_leaves_a_live_target_as_it_is_damage_included(built, tmp_path):
    """A pull that finds nothing new writes nothing: checksums written again
    would vouch for a damaged file, and readers would serve it."""
    target = tmp_path / "node"
    publishing.publish_everywhere(built, [target])
    live = live_generation(target)
    checksums = (live / CHECKSUMS).read_bytes()
    _damage(live)
    (again,) = publishing.publish_everywhere(built, [target])
    assert not again.copied and (live / CHECKSUMS).read_bytes() == checksums
    with pytest.raises(IndexUnavailable, match="damaged"):
        verify(live)


def test_a_rollback_copies_again_a_generation_damaged_where_it_lay(built, tmp_path, corpus_copy):
    target = tmp_path / "node"
    publishing.publish_everywhere(built, [target])
    old = live_generation(built)
    build_index(corpus_copy, built)  # a newer generation, then published
    publishing.publish_everywhere(built, [target])
    _damage(target / old.name)
    rolled_back = publishing.publish_to(old, target)
    assert rolled_back.copied and live_generation(target).name == old.name
    verify(target / old.name)
