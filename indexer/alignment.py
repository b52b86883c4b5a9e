"""Russian -> English term pairs learned from the corpus's own translations.

A translation and its English source are aligned text: the titles match,
headings match in order, and so (mostly) do paragraphs. Counting which
Russian lemmas and English stems occur together in aligned segments, and
keeping the pairs that co-occur far more than chance (Dice coefficient),
gives a small bilingual dictionary of the help center's own vocabulary, so
that a Russian query reaches English-only articles even without a curated
glossary.
"""

from __future__ import annotations

from collections import Counter
from itertools import product

from indexer.corpus import Article, Corpus
from search.index.analysis import CYRILLIC, HAS_DIGIT, analyze

MIN_PAIR_COUNT = 2
MIN_DICE = 0.25
MAX_TRANSLATIONS = 3
# Pairs stabilise after a few hundred articles; learning from more only
# costs build time on very large help centers.
MAX_ARTICLES = 1000


def learn_pairs(corpus: Corpus) -> dict[str, list[tuple[str, float]]]:
    """``{russian_lemma: [(english_stem, dice), ...]}``, best first."""
    sources = {a.id: a for a in corpus.articles if a.locale == "en"}
    translations = [a for a in corpus.articles if a.locale == "ru" and a.id in sources][:MAX_ARTICLES]
    segments = [pair for article in translations for pair in aligned_segments(sources[article.id], article)]
    ru_count: Counter = Counter()
    en_count: Counter = Counter()
    both: Counter = Counter()
    for en_text, ru_text in segments:
        en_terms = {
            t
            for forms in analyze(en_text)
            for t in forms
            if not CYRILLIC.search(t) and not HAS_DIGIT.search(t)
        }
        ru_terms = {t for forms in analyze(ru_text) for t in forms if CYRILLIC.search(t)}
        en_count.update(en_terms)
        ru_count.update(ru_terms)
        both.update(product(ru_terms, en_terms))

    learned: dict[str, list[tuple[str, float]]] = {}
    for (ru, en), n in both.items():
        if n < MIN_PAIR_COUNT:
            continue
        dice = 2 * n / (ru_count[ru] + en_count[en])
        if dice >= MIN_DICE:
            learned.setdefault(ru, []).append((en, round(dice, 3)))
    return {
        ru: sorted(pairs, key=lambda p: -p[1])[:MAX_TRANSLATIONS] for ru, pairs in sorted(learned.items())
    }


def aligned_segments(source: Article, translation: Article) -> list[tuple[str, str]]:
    """Pairs of (English, Russian) text that say the same thing.

    Titles always align. Headings and body blocks align position by position
    only when both sides have the same number of them: a translation that
    merged or split paragraphs would otherwise pair unrelated text.
    """
    pairs = [(source.title, translation.title)]
    if len(source.headings) == len(translation.headings):
        pairs += list(zip(source.headings, translation.headings, strict=True))
    en_blocks, ru_blocks = source.body.split("\n"), translation.body.split("\n")
    if len(en_blocks) == len(ru_blocks):
        pairs += list(zip(en_blocks, ru_blocks, strict=True))
    return pairs
