"""Ranking metrics over graded judgments, computed the way trec_eval does.

A ranking is the list of article ids an engine returned, best first. The
judgments (``qrels``) map article ids to grades: 2 = answers the query,
1 = related. Gain is the grade itself (linear, as trec_eval's ``ndcg``);
the binary metrics count any grade >= 1 as relevant.

An id counts once, at its first rank: for a Russian query the Russian
version and the English fallback of an article are the same article, so an
engine that showed both would otherwise be paid twice for it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence

DEPTH = 10
# Names as keys (JSON) and as shown in reports.
METRICS = {
    "ndcg@10": "nDCG@10",
    "mrr@10": "MRR@10",
    "recall@10": "Recall@10",
    "success@1": "Success@1",
    "success@3": "Success@3",
}


def distinct(ranking: Iterable[str]) -> list[str]:
    """``ranking`` without repeats, first occurrence kept."""
    return list(dict.fromkeys(ranking))


def dcg(gains: Sequence[float]) -> float:
    return sum(gain / math.log2(rank + 1) for rank, gain in enumerate(gains, start=1))


def ndcg(ranking: Sequence[str], qrels: Mapping[str, int], k: int = DEPTH) -> float:
    ideal = dcg(sorted((g for g in qrels.values() if g > 0), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([qrels.get(doc, 0) for doc in distinct(ranking)[:k]]) / ideal


def reciprocal_rank(ranking: Sequence[str], qrels: Mapping[str, int], k: int = DEPTH) -> float:
    for rank, doc in enumerate(distinct(ranking)[:k], start=1):
        if qrels.get(doc, 0) > 0:
            return 1.0 / rank
    return 0.0


def recall(ranking: Sequence[str], qrels: Mapping[str, int], k: int = DEPTH) -> float:
    relevant = {doc for doc, grade in qrels.items() if grade > 0}
    if not relevant:
        return 0.0
    return len(relevant.intersection(distinct(ranking)[:k])) / len(relevant)


def success(ranking: Sequence[str], qrels: Mapping[str, int], k: int) -> float:
    return 1.0 if reciprocal_rank(ranking, qrels, k) > 0 else 0.0


def evaluate(ranking: Sequence[str], qrels: Mapping[str, int]) -> dict[str, float]:
    """Every metric of ``METRICS`` for one query."""
    return {
        "ndcg@10": ndcg(ranking, qrels, DEPTH),
        "mrr@10": reciprocal_rank(ranking, qrels, DEPTH),
        "recall@10": recall(ranking, qrels, DEPTH),
        "success@1": success(ranking, qrels, 1),
        "success@3": success(ranking, qrels, 3),
    }


def mean(per_query: Sequence[Mapping[str, float]]) -> dict[str, float]:
    """The mean of each metric over queries (0 for no queries)."""
    if not per_query:
        return dict.fromkeys(METRICS, 0.0)
    return {m: sum(q[m] for q in per_query) / len(per_query) for m in METRICS}


def paired_interval(
    differences: Sequence[float], confidence: float = 0.95, resamples: int = 2000, seed: int = 0
) -> tuple[float, float]:
    """The bootstrap interval of the mean of per-query ``differences``
    between two engines (percentile method, resampling queries): how far the
    mean could move with another draw of as many queries. An interval that
    holds 0 says the two are not told apart by these queries. The same
    ``seed`` gives the same interval, so a report does not change on its own.

    >>> paired_interval([0.1] * 30)
    (0.1, 0.1)
    >>> low, high = paired_interval([1.0, -1.0] * 15); low < 0 < high
    True
    """
    if not differences:
        return 0.0, 0.0
    draw = random.Random(seed)
    n = len(differences)
    means = sorted(sum(draw.choices(differences, k=n)) / n for _ in range(resamples))
    outside = int((1 - confidence) / 2 * resamples)  # means left out below, and as many above
    return round(means[outside], 12), round(means[resamples - 1 - outside], 12)
