"""Russian -> English term pairs learned from the corpus's own translations.

A translation and its English source say the same things in the same order,
block by block, but not always in the same number of blocks: translators
merge and split paragraphs. So the pairs are learned in two steps.

1. **Segments.** Titles align; the body blocks (paragraphs, list items,
   table cells: one per line of the article's text) are aligned by a
   length-based dynamic programme in the manner of Gale and Church, with
   beads of one block to one, one to two, two to one, or one to none, and a
   bonus for the numbers, codes and Latin words both blocks share.
2. **Words.** IBM Model 1, trained by expectation-maximization over the
   aligned segments in both directions, gives the probability that an
   English stem translates a Russian lemma and the reverse. The lemmas of an
   ambiguous Russian word (``данных``: «данные», «дать») are alternatives
   that compete for its English word, so the one that explains it best
   across the corpus takes it. A pair's weight is the geometric mean of the
   two directions; rare or weak pairs are dropped.

A general dictionary, when there is one (``indexer.dictionary``), is a
prior: each of its pairs for a Russian word the segments use joins the
training as a segment of its own, one word to one, as dictionaries are
added to a parallel corpus in statistical translation. A word seen a few
times beside many others then leans toward the English word a dictionary
gives it, while a pair the corpus shows often still outweighs one entry.
Only pairs that the corpus itself shows are learned: in two segments, or
in one where the dictionary gives the pair as well.

The result is a small bilingual dictionary of the help center's own
vocabulary: a Russian query reaches English-only articles without a
hand-written glossary.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from indexer.model import Article, Corpus
from search.index.analysis import CYRILLIC, HAS_DIGIT, analyze

MIN_PAIR_COUNT = 2  # segments a pair must share (one, if the dictionary gives it too)
MIN_WEIGHT = 0.12  # geometric mean of the two translation probabilities
MAX_TRANSLATIONS = 3
ITERATIONS = 5
MAX_SEGMENT_WORDS = 60  # longer blocks are too loose to teach word pairs
# Pairs stabilise after a few hundred articles; learning from more only
# costs build time on very large help centers.
MAX_ARTICLES = 1000
# Russian text runs about 10% longer than its English source, in characters.
LENGTH_RATIO = 1.1
SKIP_COST = 3.0  # a block without a counterpart
MERGE_COST = 1.0  # two blocks rendered as one
BAND = 4  # blocks a translation may drift from the diagonal, beyond the difference in counts

Segment = tuple[list[tuple[str, ...]], list[str]]  # Russian lemma alternatives per word, English stems


def learn_pairs(
    corpus: Corpus, workers: int = 1, prior: Mapping[str, list[tuple[str, float]]] | None = None
) -> dict[str, list[tuple[str, float]]]:
    """``{russian_lemma: [(english_stem, weight), ...]}``, best first, with
    a dictionary's pairs (``prior``, of the same shape) as a prior. With
    ``workers`` > 1 the two directions are fitted at once, in two processes."""
    sources = {a.id: a for a in corpus.articles if a.locale == "en"}
    translations = [a for a in corpus.articles if a.locale == "ru" and a.id in sources][:MAX_ARTICLES]
    segments = [
        segment
        for article in translations
        for en_text, ru_text in aligned_segments(sources[article.id], article)
        if (segment := _segment(en_text, ru_text))
    ]
    prior = prior or {}
    frequent = _frequent_pairs(segments, {(ru, en) for ru, found in prior.items() for en, _ in found})
    segments += dictionary_segments(segments, prior)
    reverse = [(_alternatives(en), [r for alts in ru for r in alts]) for ru, en in segments]
    flipped = [(en, ru) for ru, en in frequent]
    if workers > 1:
        with ProcessPoolExecutor(1) as pool:
            later = pool.submit(_probabilities, reverse, flipped)
            forward = _probabilities(segments, frequent)  # t(english | russian)
            backward = later.result()
    else:
        forward, backward = _probabilities(segments, frequent), _probabilities(reverse, flipped)
    learned: dict[str, list[tuple[str, float]]] = {}
    for ru, en in frequent:
        weight = math.sqrt(forward[(ru, en)] * backward[(en, ru)])
        if weight >= MIN_WEIGHT:
            learned.setdefault(ru, []).append((en, round(weight, 3)))
    # Ties broken by the word, not by set order (which varies with the
    # process's hash seed), so that every build learns the same pairs.
    return {
        ru: sorted(pairs, key=lambda p: (-p[1], p[0]))[:MAX_TRANSLATIONS]
        for ru, pairs in sorted(learned.items())
    }


def _frequent_pairs(segments: list[Segment], confirmed: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (Russian, English) pairs of words that meet in ``MIN_PAIR_COUNT``
    segments, or in one if ``confirmed``: counted as arrays, since a few
    thousand segments hold millions of pairs and most are seen once."""
    ru_ids: dict[str, int] = {}
    en_ids: dict[str, int] = {}
    keys = [np.zeros(0, np.int64)]
    for alternatives, words in segments:
        ru = np.array([ru_ids.setdefault(r, len(ru_ids)) for alts in alternatives for r in alts])
        en = np.array([en_ids.setdefault(e, len(en_ids)) for e in words])
        keys.append(np.unique((ru[:, np.newaxis] << 32) + en[np.newaxis, :]))
    pairs, segments_shared = np.unique(np.concatenate(keys), return_counts=True)
    wanted = [(ru_ids[r] << 32) + en_ids[e] for r, e in confirmed if r in ru_ids and e in en_ids]
    kept = pairs[(segments_shared >= MIN_PAIR_COUNT) | np.isin(pairs, np.array(wanted, np.int64))]
    ru_words, en_words = list(ru_ids), list(en_ids)
    return [(ru_words[k >> 32], en_words[k & 0xFFFFFFFF]) for k in kept.tolist()]


def dictionary_segments(
    segments: list[Segment], dictionary: Mapping[str, list[tuple[str, float]]]
) -> list[Segment]:
    """A one-word segment for each pair ``dictionary`` gives a Russian word of ``segments``.

    >>> segments = [([("дом",), ("большой",)], ["big", "hous"])]
    >>> dictionary_segments(segments, {"дом": [("hous", 0.5)], "кот": [("cat", 1.0)]})
    [([('дом',)], ['hous'])]
    """
    used = {word for alternatives, _ in segments for alts in alternatives for word in alts}
    return [
        ([(word,)], [english]) for word in sorted(used & dictionary.keys()) for english, _ in dictionary[word]
    ]


def _probabilities(segments: list[Segment], pairs: list[tuple[str, str]]) -> dict[tuple[str, str], float]:
    """IBM Model 1's ``t[source][target]`` of the ``pairs`` asked for only:
    the whole table is large, and may have to travel between processes."""
    t = ibm1(segments)
    return {(s, e): t[s].get(e, 0.0) for s, e in pairs}


def ibm1(segments: Iterable[Segment]) -> dict[str, dict[str, float]]:
    """IBM Model 1: ``t[source][target]``, the probability that ``source``
    (one of a word's alternatives) is rendered as ``target``.

    >>> t = ibm1([([("дом",), ("большой",)], ["big", "hous"]), ([("дом",)], ["hous"])] * 3)
    >>> max(t["дом"], key=t["дом"].get), max(t["большой"], key=t["большой"].get)
    ('hous', 'big')
    """
    links = _Links(segments)
    t = np.ones(len(links.pairs))
    for _ in range(ITERATIONS):
        # Expectation: each target word's occurrence is shared among the
        # source words of its segment in proportion to t; maximization:
        # t is the share each source word got of each target, normalized
        # over the source word's targets.
        weights = t[links.pair] * links.share
        shares = weights / np.bincount(links.target, weights)[links.target]
        counts = np.bincount(links.pair, shares, minlength=len(links.pairs))
        t = counts / np.bincount(links.pair_source, counts)[links.pair_source]
    table: dict[str, dict[str, float]] = defaultdict(dict)
    for (s, e), p in zip(links.pairs, t.tolist(), strict=True):
        table[s][e] = p
    return table


class _Links:
    """Every (source word, target word occurrence) link of the segments, as
    arrays: the EM steps of IBM Model 1 become sums over them (``bincount``),
    taken in the order the links are listed: segment by segment, each target
    word with every source word."""

    def __init__(self, segments: Iterable[Segment]) -> None:
        sources: dict[str, int] = {}
        targets: dict[str, int] = {}
        keys, shares, occurrences = [], [], []
        occurrence = 0
        for alternatives, words in segments:
            ids = np.array([sources.setdefault(s, len(sources)) for alts in alternatives for s in alts])
            # A word's share is 1/k for one of its k alternatives.
            share = np.array([1.0 / len(alts) for alts in alternatives for _ in alts])
            e_ids = np.array([targets.setdefault(e, len(targets)) for e in words])
            keys.append(((ids[np.newaxis, :] << 32) + e_ids[:, np.newaxis]).ravel())
            shares.append(np.tile(share, len(words)))
            occurrences.append(np.repeat(np.arange(occurrence, occurrence + len(words)), len(ids)))
            occurrence += len(words)
        unique, self.pair = np.unique(np.concatenate(keys or [np.zeros(0, int)]), return_inverse=True)
        self.share = np.concatenate(shares or [np.zeros(0)])
        self.target = np.concatenate(occurrences or [np.zeros(0, int)])
        self.pair_source = unique >> 32
        source_words, target_words = list(sources), list(targets)
        self.pairs = [(source_words[k >> 32], target_words[k & 0xFFFFFFFF]) for k in unique.tolist()]


def _segment(en_text: str, ru_text: str) -> Segment | None:
    ru = [tuple(f for f in forms if CYRILLIC.search(f)) for forms in analyze(ru_text)]
    ru = [alts for alts in ru if alts]
    en = [
        forms[0]
        for forms in analyze(en_text)
        if not CYRILLIC.search(forms[0]) and not HAS_DIGIT.search(forms[0])
    ]
    if not ru or not en or max(len(ru), len(en)) > MAX_SEGMENT_WORDS:
        return None
    return ru, en


def _alternatives(words: list[str]) -> list[tuple[str, ...]]:
    return [(w,) for w in words]


def aligned_segments(source: Article, translation: Article) -> list[tuple[str, str]]:
    """Pairs of (English, Russian) text that say the same thing: the titles,
    then the body blocks as ``align_blocks`` pairs them."""
    en_blocks = [b for b in source.body.split("\n") if b.strip()]
    ru_blocks = [b for b in translation.body.split("\n") if b.strip()]
    return [(source.title, translation.title), *align_blocks(en_blocks, ru_blocks)]


def align_blocks(en: list[str], ru: list[str]) -> list[tuple[str, str]]:
    """The cheapest sequence of beads pairing ``en`` with ``ru`` blocks.

    >>> align_blocks(["One.", "Two and three.", "Four."], ["Один.", "Два.", "И три.", "Четыре."])
    [('One.', 'Один.'), ('Two and three.', 'Два. И три.'), ('Four.', 'Четыре.')]
    """
    n, m = len(en), len(ru)
    en_sides, ru_sides = _sides(en), _sides(ru)
    cost = [[math.inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    # Blocks keep their order, so the path stays near the diagonal: only
    # cells within a band around it are tried.
    band = abs(n - m) + BAND
    for i in range(n + 1):
        centre = i * m // max(n, 1)
        for j in range(max(0, centre - band), min(m, centre + band) + 1):
            here = cost[i][j]
            if here == math.inf:
                continue
            for di, dj in BEADS:
                if i + di > n or j + dj > m:
                    continue
                merged = di + dj > 2
                step = _bead_cost(en_sides[di][i], ru_sides[dj][j], merged) if di and dj else SKIP_COST
                if here + step < cost[i + di][j + dj]:
                    cost[i + di][j + dj] = here + step
                    back[i + di][j + dj] = (di, dj)
    pairs = []
    i, j = n, m
    while (i, j) != (0, 0):
        di, dj = back[i][j]
        if di and dj:
            pairs.append((" ".join(en[i - di : i]), " ".join(ru[j - dj : j])))
        i, j = i - di, j - dj
    return pairs[::-1]


BEADS = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1))
BlockInfo = tuple[int, set[str]]  # length in characters, anchors


def _sides(blocks: list[str]) -> dict[int, list[BlockInfo]]:
    """What a bead may take of ``blocks``: each block, or two neighbours as
    one (their lengths with the space that joins them, their anchors)."""
    one = [(len(b), _anchors(b)) for b in blocks]
    return {1: one, 2: [(a + b + 1, x | y) for (a, x), (b, y) in zip(one, one[1:], strict=False)]}


def _bead_cost(en: BlockInfo, ru: BlockInfo, merged: bool) -> float:
    mismatch = abs(math.log((ru[0] + 10) / (LENGTH_RATIO * (en[0] + 10))))
    return 2 * mismatch + (MERGE_COST if merged else 0.0) - 0.5 * min(len(en[1] & ru[1]), 2)


def _anchors(text: str) -> set[str]:
    """Numbers, codes and Latin words: written the same in both languages."""
    return {w.lower() for w in text.split() if w.isascii() and any(ch.isalnum() for ch in w)}
