"""Larger help centers made from the shipped one, for scale measurements.

A synthetic corpus of ``factor`` times the shipped size holds the shipped
articles plus generated ones. Each generated article copies the shape of a
random shipped article of the same language (category, number of sections,
number of sentences) and fills it with sentences, headings, title words and
tags drawn from that language's shipped articles. Word frequencies, article
lengths, the share of translated articles and the category mix therefore
stay those of the real corpus; what does not grow is the vocabulary, so
posting lists get longer than they would in a real help center of that size
(pessimistic for query time) while the term dictionary does not.

Generation is deterministic (a seeded ``random.Random``) and cached: a tree
is rewritten only when the source corpus, the factor or this generator
changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from indexer.model import Article, Corpus
from search.index.articles import LOCALES

GENERATOR_VERSION = "1"
SEED = 20260301
STAMP = ".synthetic"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass
class Pool:
    """What generated articles of one language are made of."""

    templates: list[Article]
    sentences: list[str]
    headings: list[str]
    title_words: list[str]
    tags: list[str]


def pool_of(articles: Sequence[Article]) -> Pool:
    sentences, headings, title_words, tags = [], [], [], []
    for a in articles:
        own_headings = set(a.headings)
        for line in a.body.splitlines():
            if line.strip() and line not in own_headings:
                sentences += [s for s in SENTENCE_END.split(line.strip()) if s]
        headings += a.headings
        title_words += a.title.split()
        tags += a.tags
    return Pool(list(articles), sentences, headings or ["Details"], title_words, tags)


def sentence_count(article: Article) -> int:
    return sum(len(SENTENCE_END.split(line)) for line in article.body.splitlines() if line.strip())


def fingerprint(source_dir: Path, factor: int) -> str:
    digest = hashlib.sha256(f"{GENERATOR_VERSION}:{factor}:{SEED}".encode())
    for path in sorted(p for p in source_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(source_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def synthesize(source: Corpus, factor: int, out: Path) -> Path:
    """Write (or reuse) a corpus of ``factor`` times the size of ``source``."""
    stamp = fingerprint(source.root, factor)
    if (out / STAMP).exists() and (out / STAMP).read_text() == stamp:
        return out
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(source.root, out, ignore=shutil.ignore_patterns(".*"))
    rng = random.Random(SEED)
    pools = {locale: pool_of(source.by_locale(locale)) for locale in LOCALES}
    english, russian = pools["en"].templates, pools["ru"].templates
    translated_share = len(russian) / max(1, len(english))
    stale_share = sum(a.stale for a in russian) / max(1, len(russian))
    for n in range((factor - 1) * len(english)):
        template = rng.choice(english)
        relative = f"{template.category}/synthetic-{n:06d}.md"
        updated = template.updated or dt.date(2026, 1, 1)
        _write(out / "en" / relative, _article(rng, pools["en"], template, updated))
        if russian and rng.random() < translated_share:
            age = dt.timedelta(days=30 if rng.random() < stale_share else 0)
            _write(out / "ru" / relative, _article(rng, pools["ru"], rng.choice(russian), updated - age))
    (out / STAMP).write_text(stamp)
    return out


def _article(rng: random.Random, pool: Pool, template: Article, updated: dt.date) -> str:
    front = {
        "title": " ".join(
            rng.sample(pool.title_words, min(len(pool.title_words), rng.randint(2, 6)))
        ).capitalize(),
        "tags": rng.sample(pool.tags, min(len(pool.tags), len(template.tags))),
        "updated": updated,
    }
    sections = len(template.headings) + 1
    per_section = max(1, sentence_count(template) // sections)
    blocks = []
    for section in range(sections):
        if section:
            blocks.append(f"## {rng.choice(pool.headings)}")
        sentences = rng.choices(pool.sentences, k=per_section) if pool.sentences else []
        if section and rng.random() < 0.4:
            blocks.append("\n".join(f"{k}. {s}" for k, s in enumerate(sentences, start=1)))
        else:
            blocks.append(" ".join(sentences))
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    return f"---\n{header}---\n\n" + "\n\n".join(blocks) + "\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
