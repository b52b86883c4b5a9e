"""The pieces of `python -m measure.bench`: synthetic corpora, the query mix,
a worker's figures and the target verdicts."""

import json
import pickle
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from indexer.corpus import load_corpus
from measure.bench import verdicts
from measure.engines import docs_of
from measure.judgments import load_judgments
from measure.server import load, running_server, zipf_mix
from measure.synthetic import synthesize
from measure.workload import prefixes, query_mix

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"


@pytest.fixture(scope="module")
def source():
    return load_corpus(CORPUS)


@pytest.fixture(scope="module")
def tripled(source, tmp_path_factory):
    return synthesize(source, 3, tmp_path_factory.mktemp("synthetic") / "x3")


def test_synthetic_corpus_is_valid_and_about_factor_times_larger(source, tripled):
    corpus = load_corpus(tripled)
    assert corpus.problems == []
    counts = Counter(a.locale for a in corpus.articles)
    assert counts["en"] == 3 * len(source.by_locale("en"))
    # Translations are drawn with the shipped share, so the Russian side grows about as much.
    assert 1.5 * len(source.by_locale("ru")) < counts["ru"] < 4.5 * len(source.by_locale("ru"))
    assert {a.category for a in corpus.articles} == {a.category for a in source.articles}
    assert any(a.locale == "en" and not a.translated for a in corpus.articles if "synthetic" in a.id)


def test_synthetic_corpus_is_deterministic_and_cached(source, tripled, tmp_path):
    again = synthesize(source, 3, tmp_path / "x3")
    files = sorted(p.relative_to(tripled) for p in tripled.rglob("*.md"))
    assert files == sorted(p.relative_to(again) for p in again.rglob("*.md"))
    assert all((tripled / f).read_bytes() == (again / f).read_bytes() for f in files)
    marker = again / "en" / "kept.md"
    marker.write_text("---\ntitle: kept\n---\n")
    synthesize(source, 3, again)  # same source and factor: nothing rewritten
    assert marker.exists()


def test_query_mix_starts_with_the_judged_queries_and_is_fixed(source):
    judged = load_judgments(FIXTURES / "queries.yml")
    mix = query_mix(source, judged, 100)
    assert len(mix) == 100 and mix[: len(judged)] == [(j.query, j.locale) for j in judged]
    assert mix == query_mix(source, judged, 100)
    assert {locale for _, locale in mix} == {"en", "ru"}
    typed = prefixes(mix)
    assert all(
        text.startswith(prefix) and len(prefix) >= min(2, len(text))
        for (text, _), (prefix, _) in zip(mix, typed, strict=True)
    )


@pytest.mark.bench
@pytest.mark.parametrize("engine", ["spravka", "sqlite-fts5"])
def test_worker_reports_build_size_memory_and_latency(engine, source, tmp_path):
    docs = tmp_path / "docs.pickle"
    docs.write_bytes(pickle.dumps(docs_of(source)))
    mix = query_mix(source, [], 30)
    workload = {"queries": mix, "prefixes": prefixes(mix)}
    index = tmp_path / "index"
    index.mkdir()
    (tmp_path / "workload.json").write_text(json.dumps(workload), encoding="utf-8")
    # In its own process, as make bench runs it: memory is the worker's, not pytest's.
    args = [
        engine,
        "--corpus",
        str(CORPUS),
        "--workdir",
        str(index),
        "--workload",
        str(tmp_path / "workload.json"),
    ]
    args += ["--warmup", "5"] + ([] if engine == "spravka" else ["--docs", str(docs)])
    done = subprocess.run(
        [sys.executable, "-m", "measure.worker", *args], capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout)
    # A bare interpreter is ~10 MB: a worker that indexed and searched is well above it.
    assert result["build_s"] > 0 and result["index_mb"] > 0 and result["build_peak_rss_mb"] > 20
    assert result["search_ms"]["queries"] == 30
    assert 0 < result["search_ms"]["p50"] <= result["search_ms"]["p95"] <= result["search_ms"]["p99"]
    assert ("suggest_ms" in result) == (engine == "spravka")


def test_verdicts_say_by_how_much_a_target_is_missed():
    sizes = [
        {
            "factor": 1,
            "engines": {
                "spravka": {
                    "build_s": 3.0,
                    "articles_per_s": 90.0,
                    "search_ms": {"p50": 7.5, "p99": 12.0},
                    "suggest_ms": {"p95": 1.0},
                }
            },
            "web": {"peak_rss_mb": 120.0, "recording": {"ratio": 0.85}},
        }
    ]
    found = {t["target"]: t for t in verdicts(sizes)}
    assert found["/api/search throughput with recording on ≥ 0.9× off"]["met"] is False
    assert found["query p50 ≤ 5 ms, shipped corpus"]["missed_by"] == "2.5 ms (50%)"
    assert found["query p99 ≤ 30 ms, shipped corpus"]["met"] is True
    assert found["query p50 ≤ 12 ms, ×100 corpus"]["met"] is None  # not measured in a quick run
    assert found["/api/search ≥ 600 req/s at concurrency 16, Zipf mix"]["met"] is None  # no serving run


def test_zipf_mix_is_fixed_and_favours_the_head():
    queries = [(f"q{n}", "en") for n in range(2000)]
    mix = zipf_mix(queries, 3000)
    assert mix == zipf_mix(queries, 3000)
    counts = Counter(mix)
    # Exponent 1: the first query about twice as often as the second, ten times the tenth.
    assert counts[queries[0]] > 1.5 * counts[queries[1]]
    assert counts[queries[0]] > 5 * counts[queries[9]]
    assert 100 < len(counts) < 1500  # the tail is long: many queries come once


def test_load_counts_every_request_and_each_failure():
    command = [sys.executable, "-m", "http.server", "{port}", "--bind", "127.0.0.1"]
    with running_server(command, ready_path="/") as (base, _):
        result = load(base, ["/", "/missing", "/"] * 4, concurrency=3)
    assert result["requests"] == 12
    assert result["failed"] == 4
    assert result["rps"] > 0 and 0 < result["p50_ms"] <= result["p99_ms"]


@pytest.mark.bench
def test_hostile_queries_report_cost_and_memory_ratios(index_dir, source):
    from measure.hostile import measure

    mix = query_mix(source, [], 20)
    found = measure(index_dir, mix, hostile=2, distinct=20)
    assert found["distinct_queries"] == 20 and found["hostile_words"] == 100
    assert found["dictionary_ms"] > 0 and found["made_up_ms"] > 0 and found["normal_ms"] > 0
    assert found["cost_ratio"] > 0 and found["made_up_ratio"] > 0
    assert found["after_rss_mb"] >= found["warm_rss_mb"] * 0.5 and found["rss_ratio"] > 0
