"""The per-generation cache of ranked results: bounded by bytes, least
recently used first out, shared by the pages of a query, never across
generations or ranking knobs."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from search.index.store import Generation
from search.query import engine
from search.query.cache import SHOWN_BUDGET, LRUCache, results_cache, shown_cache
from search.query.engine import search
from search.query.knobs import RANKING


@dataclass
class Blob:
    size: int

    def nbytes(self) -> int:
        return self.size


def test_least_recently_used_entries_go_first_when_the_budget_is_full():
    cache = LRUCache(budget=10_000)
    cache.put("a", Blob(500))
    fitting = cache.budget // cache.used  # entries of this size that fit
    for key in "bc":
        cache.put(key, Blob(500))
    assert cache.get("a") is not None  # "a" is now the most recent
    later = [f"k{n}" for n in range(fitting - 2)]  # one more than fits
    for key in later:
        cache.put(key, Blob(500))
    assert cache.used <= cache.budget
    assert cache.get("b") is None
    assert cache.get("a") is not None
    assert cache.get(later[-1]) is not None


def test_an_entry_larger_than_its_share_of_the_budget_is_not_kept():
    cache = LRUCache(budget=10_000)
    cache.put("small", Blob(100))
    cache.put("huge", Blob(5_000))
    assert cache.get("huge") is None
    assert cache.get("small") is not None


def test_an_entry_counts_its_key_and_what_the_map_spends_on_it():
    cache = LRUCache(budget=100_000)
    cache.put(("short", "en"), Blob(0))
    short = cache.used
    cache.put(("a much longer query text " * 20, "en"), Blob(0))
    assert short > 250  # not only what the value says it takes
    assert cache.used - short > 500  # the query's text is counted


def test_an_answer_that_found_nothing_is_kept_small(index):
    engine_found = engine.find(index, "qzxjvw ptkfrm", "en")
    assert engine_found.docnums is engine.NO_HITS.docnums
    assert engine_found.terms == {}
    assert engine_found.nbytes() < 1_000


def test_replacing_an_entry_counts_its_size_once():
    cache = LRUCache(budget=10_000)
    cache.put("a", Blob(500))
    cache.put("a", Blob(700))
    assert len(cache) == 1
    assert 700 < cache.used < 1_200  # the second value, not both


def test_a_repeated_search_is_answered_from_the_cache_with_the_same_response(index):
    cache = index.derive(results_cache)
    first = search(index, "record a meeting cloud", "en").to_json()
    hits = cache.hits
    again = search(index, "record a meeting cloud", "en").to_json()
    assert cache.hits == hits + 2  # the ranking and the page shown
    assert again == first


def test_a_repeated_page_computes_no_snippet(index, monkeypatch):
    search(index, "echo during a call", "en")
    made = []
    monkeypatch.setattr(engine, "snippet", lambda *args, **kwargs: made.append(args) or "")
    assert search(index, "echo during a call", "en").results
    assert made == []
    search(index, "echo during a call", "en", page=2, per_page=1)
    assert len(made) == 1


def test_every_page_of_a_query_shares_one_ranking(index, monkeypatch):
    whole = search(index, "meeting", "en", per_page=100)
    ranked = []
    find = engine._find
    monkeypatch.setattr(
        engine, "_find", lambda *args, **options: ranked.append(args) or find(*args, **options)
    )
    paged = [
        hit.id for page in (1, 2) for hit in search(index, "meeting", "en", page=page, per_page=3).results
    ]
    assert ranked == []
    assert paged == [hit.id for hit in whole.results[:6]]


def test_a_cached_answer_keeps_the_first_hits_and_a_page_past_them_is_ranked_again(index, monkeypatch):
    whole = search(index, "meeting", "en", per_page=100)
    monkeypatch.setattr(engine, "KEPT_HITS", 3)
    index.derive(results_cache).clear()
    kept = engine.find(index, "meeting", "en")
    assert len(kept.docnums) == 3 < kept.total == whole.total
    page = search(index, "meeting", "en", page=2, per_page=3)
    assert page.total == whole.total
    assert [hit.id for hit in page.results] == [hit.id for hit in whole.results[3:6]]


def test_category_and_locale_are_part_of_the_key(index):
    everything = search(index, "meeting", "en")
    one = everything.categories[-1].id
    filtered = search(index, "meeting", "en", category=one)
    assert filtered.total == everything.categories[-1].count < everything.total
    assert {hit.category for hit in filtered.results} == {one}
    assert search(index, "meeting", "ru").locale == "ru"
    assert search(index, "meeting", "en").total == everything.total


def test_other_knobs_bypass_the_cache(index):
    cache = index.derive(results_cache)
    search(index, "echo microphone", "en")
    tuned = replace(RANKING, field_boosts={"body": 1.0})
    entries = len(cache)
    scores = [h.score for h in search(index, "echo microphone", "en", knobs=tuned).results]
    assert len(cache) == entries
    assert scores != [h.score for h in search(index, "echo microphone", "en").results]


def test_a_new_generation_starts_with_an_empty_cache(index):
    search(index, "camera", "en")
    assert len(index.derive(results_cache)) > 0
    reopened = Generation(index.path)
    assert len(reopened.derive(results_cache)) == 0


def test_json_of_a_response_is_what_asdict_gave_in_the_same_order(index):
    response = search(index, "recrod a meeting", "en")
    expected = asdict(response)
    expected.update(expected.pop("notes"))
    assert response.notes  # a correction was offered: notes are spread into the answer
    assert list(response.to_json().items()) == list(expected.items())


def test_an_article_shown_again_is_not_read_again(index, monkeypatch):
    search(index, "echo during a call", "en")
    index.derive(results_cache).clear()  # the query counts as new
    read = []
    stored = index.stored
    monkeypatch.setattr(index, "stored", lambda docnum: read.append(docnum) or stored(docnum))
    again = search(index, "echo during a call", "en")
    assert again.results
    assert read == []
    assert index.derive(shown_cache).used <= SHOWN_BUDGET
