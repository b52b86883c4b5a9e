"""The evaluation's metrics against values worked out by hand."""

import math

import pytest

from measure.metrics import distinct, evaluate, mean, ndcg, paired_interval, recall, reciprocal_rank, success
from measure.worker import percentiles

QRELS = {"a": 2, "c": 1, "e": 2}  # "e" is never retrieved below


def test_ndcg_by_hand():
    # DCG  = 2/log2(2) + 1/log2(4)              = 2 + 0.5         = 2.5
    # IDCG = 2/log2(2) + 2/log2(3) + 1/log2(4)  = 2 + 1.26186 + 0.5 = 3.76186
    assert ndcg(["a", "b", "c", "d"], QRELS) == pytest.approx(2.5 / 3.761859507, abs=1e-9)
    assert ndcg(["a", "e", "c"], QRELS) == pytest.approx(1.0)
    assert ndcg(["x", "y"], QRELS) == 0.0


def test_ndcg_cuts_at_k_and_ideal_is_cut_too():
    ranking = [f"x{n}" for n in range(10)] + ["a"]
    assert ndcg(ranking, QRELS) == 0.0
    # Ideal at k=1 is the single best grade (2): a grade-1 hit at rank 1 is half of it.
    assert ndcg(["c"], QRELS, k=1) == pytest.approx(0.5)


def test_a_repeated_id_counts_once_at_its_first_rank():
    # Russian version and English fallback of "a" are one article.
    assert distinct(["a", "a", "c"]) == ["a", "c"]
    expected = (2 + 1 / math.log2(3)) / 3.761859507
    assert ndcg(["a", "a", "c"], QRELS) == pytest.approx(expected, abs=1e-9)
    assert recall(["a", "a", "a"], QRELS) == pytest.approx(1 / 3)


def test_reciprocal_rank_recall_and_success():
    assert reciprocal_rank(["x", "y", "c"], QRELS) == pytest.approx(1 / 3)
    assert reciprocal_rank(["x"] * 3, QRELS) == 0.0
    assert recall(["a", "b", "c", "d"], QRELS) == pytest.approx(2 / 3)
    assert success(["x", "y", "c"], QRELS, 1) == 0.0
    assert success(["x", "y", "c"], QRELS, 3) == 1.0


def test_evaluate_and_mean():
    one = evaluate(["x", "a"], {"a": 2})
    assert one == {
        "ndcg@10": pytest.approx(1 / math.log2(3)),
        "mrr@10": 0.5,
        "recall@10": 1.0,
        "success@1": 0.0,
        "success@3": 1.0,
    }
    two = evaluate(["a"], {"a": 1})
    averaged = mean([one, two])
    assert averaged["mrr@10"] == pytest.approx(0.75)
    assert averaged["success@1"] == pytest.approx(0.5)
    assert mean([])["ndcg@10"] == 0.0


def test_nearest_rank_percentiles():
    samples = list(range(1, 101))  # 1..100
    assert percentiles(samples) == {"p50": 50, "p95": 95, "p99": 99}
    assert percentiles([7.0]) == {"p50": 7.0, "p95": 7.0, "p99": 7.0}
    assert percentiles([3, 1, 2], points=(50,)) == {"p50": 2}


def test_paired_interval_narrows_with_more_queries_and_holds_the_mean():
    few = [0.5, -0.3, 0.1, 0.0, 0.2, -0.1, 0.4, 0.0]
    low, high = paired_interval(few)
    mean_difference = sum(few) / len(few)
    assert low < mean_difference < high
    low_many, high_many = paired_interval(few * 16)  # the same spread, 16 times the queries
    assert low < low_many < mean_difference < high_many < high
    assert paired_interval(few) == (low, high)  # seeded: a report does not change on its own
    assert paired_interval([]) == (0.0, 0.0)
