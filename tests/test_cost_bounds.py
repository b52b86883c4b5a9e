"""What one request may cost: spelling looks only at the ranked words and
looks up a bounded number of them; the word caches stay within a memory
budget however many distinct words arrive; what a word costs once per
generation (is it known, its cognates, the category names it starts) is not
paid again by every query that has it."""

from __future__ import annotations

import gc
import random
import tracemalloc

from search.index import analysis
from search.query import cognates, expand, spelling
from search.query.expand import understand
from search.query.knobs import RANKING
from search.query.plan import MAX_WORDS, parse
from search.query.spelling import MAX_LOOKUPS, ranked_words, speller

# What the two word caches together may hold at most.
CACHE_BUDGET_MIB = 16
RUSSIAN = "абвгдежзийклмнопрстуфхцчшщыэюя"
LATIN = "abcdefghijklmnopqrstuvwxyz"


def made_up(rng: random.Random, letters: str) -> str:
    return "".join(rng.choice(letters) for _ in range(rng.randint(5, 10)))


def test_ranked_words_are_the_words_the_plan_ranks():
    rng = random.Random(7)
    words = [made_up(rng, RUSSIAN) for _ in range(100)]
    text = "как " + " ".join(words[:3] + words[:3] + words)
    assert ranked_words(text) == words[:MAX_WORDS]
    assert len(parse(text).terms) == MAX_WORDS


def test_parse_analyzes_only_the_words_it_keeps():
    """Lemmatizing a made-up word costs about a millisecond: the words past
    the cap must not be analyzed at all."""
    rng = random.Random(5)
    text = " ".join(made_up(rng, RUSSIAN) for _ in range(100))
    analysis.russian_lemmas.cache_clear()
    parse(text)
    # A word's forms are complete when the next word starts: one look ahead.
    assert analysis.russian_lemmas.cache_info().misses <= MAX_WORDS + 1


def test_spelling_looks_up_a_bounded_number_of_words(index, monkeypatch):
    rng = random.Random(11)
    text = " ".join(made_up(rng, RUSSIAN) for _ in range(100))
    looked_up = []
    real = spelling.Speller.closest

    def counting(self, word):
        looked_up.append(word)
        return real(self, word)

    monkeypatch.setattr(spelling.Speller, "closest", counting)
    speller(index, "ru").correct(text)
    assert 0 < len(looked_up) <= MAX_LOOKUPS


def test_a_misspelt_word_is_still_corrected(index):
    correction = speller(index, "en").correct("recordng")
    assert correction is not None and correction.text == "recording"


def test_word_caches_fit_their_memory_budget():
    """Bytes an entry takes, measured, times the entries each cache keeps."""
    rng = random.Random(3)
    analysis.russian_lemmas.cache_clear()
    analysis.english_stem.cache_clear()
    sample = 2_000
    gc.collect()
    tracemalloc.start()
    try:
        for _ in range(sample):
            analysis.russian_lemmas(made_up(rng, RUSSIAN))
            analysis.english_stem(made_up(rng, LATIN))
        gc.collect()
        per_pair = tracemalloc.get_traced_memory()[0] / sample
    finally:
        tracemalloc.stop()
        analysis.russian_lemmas.cache_clear()
        analysis.english_stem.cache_clear()
    most = max(analysis.russian_lemmas.cache_info().maxsize, analysis.english_stem.cache_info().maxsize)
    assert most * per_pair / 2**20 <= CACHE_BUDGET_MIB


def test_a_word_is_looked_up_in_the_index_once_per_generation(index, monkeypatch):
    asked = []
    real = spelling.in_index
    monkeypatch.setattr(
        spelling, "in_index", lambda generation, forms: asked.append(forms) or real(generation, forms)
    )
    spell = speller(index, "en")
    first = spell.correct("quietest microphonne")
    count = len(asked)
    assert count > 0
    assert spell.correct("quietest microphonne") == first
    assert len(asked) == count


def test_the_cognates_of_a_word_are_sought_once_per_generation(index, monkeypatch):
    sought = []
    real = cognates._sounding_like
    monkeypatch.setattr(cognates, "_sounding_like", lambda *args: sought.append(args[0]) or real(*args))
    first = understand(index, "гипервебинар", "ru")
    assert sought
    count = len(sought)
    again = understand(index, "гипервебинар", "ru")
    assert len(sought) == count
    assert again.derivations() == first.derivations()


def test_category_names_are_compared_only_when_a_query_word_starts_one(index, monkeypatch):
    compared = []
    real = expand._find
    monkeypatch.setattr(expand, "_find", lambda words, phrase: compared.append(phrase) or real(words, phrase))
    lex = expand.lexicon(index)
    plan = parse("zyxwv qwerty")
    expand.mark_categories(plan, lex, "en", RANKING)
    assert compared == []
    plan = parse("recording settings")
    expand.mark_categories(plan, lex, "en", RANKING)
    assert plan.named_categories == {"recording"}
    assert 0 < len(compared) < sum(len(names) for names in lex.category_names.values())
