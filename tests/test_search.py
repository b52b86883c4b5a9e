import json

import pytest

from search.query.engine import search


def ids(response):
    return [(h.id, h.locale) for h in response.results]


def test_russian_inflection_finds_other_forms(index):
    response = search(index, "конференцию", locale="ru")
    assert response.results[0].id == "meetings/join-a-meeting"
    assert "<mark>конференции</mark>" in response.results[0].snippet


def test_russian_search_includes_english_only_articles_flagged(index):
    response = search(index, "cloud recording", locale="ru")
    hit = next(h for h in response.results if h.id == "recording/cloud-recording")
    assert (hit.locale, hit.fallback, hit.translated) == ("en", True, False)
    assert hit.url == "/ru/articles/recording/cloud-recording"


def test_translated_article_is_shown_once_in_russian(index):
    # "11" appears in both the English article and its translation.
    response = search(index, "11", locale="ru")
    found = [h for h in response.results if h.id == "meetings/join-a-meeting"]
    assert [(h.locale, h.fallback) for h in found] == [("ru", False)]
    response = search(index, "подключение конференции", locale="ru")
    assert [h.locale for h in response.results if h.id == "meetings/join-a-meeting"] == ["ru"]


def test_a_word_typed_half_in_the_other_script_finds_what_the_word_does(index):
    typed = search(index, "нacтройки звукa", locale="ru")  # Latin "a" and "c"
    assert typed.total and ids(typed) == ids(search(index, "настройки звука", locale="ru"))
    assert typed.corrected_query is None  # nothing to correct: the word is read as it is meant


def test_english_search_only_returns_english(index):
    response = search(index, "конференция meeting", locale="en")
    assert response.results and {h.locale for h in response.results} == {"en"}
    assert not any(h.fallback for h in response.results)


def test_stale_translation_is_flagged(index):
    response = search(index, "запланировать конференцию", locale="ru")
    hit = next(h for h in response.results if h.id == "meetings/schedule-a-meeting")
    assert hit.stale and hit.translated and not hit.fallback


def test_reader_language_wins_at_equal_relevance(index):
    # "MP4" is in both the Russian local-recording article and the English
    # cloud one; the Russian article must come before English fallbacks.
    response = search(index, "mp4", locale="ru")
    assert response.results[0].locale == "ru"


def test_category_groups_counts_and_filter(index):
    response = search(index, "meeting", locale="en")
    counts = {c.id: c.count for c in response.categories}
    assert sum(counts.values()) == response.total
    assert counts["meetings"] == 3
    assert response.categories[0].id == response.results[0].category  # groups ordered by best hit
    filtered = search(index, "meeting", locale="en", category="recording")
    assert {h.category for h in filtered.results} == {"recording"}
    assert filtered.total == counts["recording"]
    assert {c.id: c.count for c in filtered.categories} == counts  # facets stay complete


def test_category_names_are_localized(index):
    response = search(index, "конференции", locale="ru")
    assert response.categories[0].name == "Конференции"


def test_pagination(index):
    everything = search(index, "meeting", locale="en", per_page=100)
    page1 = search(index, "meeting", locale="en", per_page=2)
    page2 = search(index, "meeting", locale="en", per_page=2, page=2)
    assert ids(page1) + ids(page2) == ids(everything)[:4]
    assert page1.pages == -(-everything.total // 2)
    assert search(index, "meeting", locale="en", page=999).results == []


def test_error_code_finds_its_article_first(index):
    assert search(index, "5003", locale="en").results[0].id == "troubleshooting/error-5003"
    assert search(index, "ошибка 5003", locale="ru").results[0].id == "troubleshooting/error-5003"


def test_phrase_query_prefers_the_phrase(index):
    response = search(index, '"cloud storage"', locale="en")
    assert response.results[0].id == "recording/cloud-recording"


def test_snippet_is_escaped_except_marks(index):
    response = search(index, "firewall <script>", locale="en")
    assert response.results
    for hit in response.results:
        assert "<script>" not in hit.snippet
        assert hit.snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


HOSTILE = [
    '"unbalanced quote',
    "AND OR",
    "NOT",
    "*",
    "?*",
    "title:meeting",
    "(((",
    "meet* OR",
    "x" * 10_000,
    "meeting " * 2_000,
    "\x00\x01\x1b[31mred\x7f",
    "🙂🙂🙂",
    "   ",
    "",
    "-",
    '""',
    "locale:en translated:false",
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda s: repr(s[:20]))
@pytest.mark.parametrize("locale", ["en", "ru", "xx"])
def test_hostile_queries_answer_normally(index, text, locale):
    response = search(index, text, locale=locale)
    assert response.locale == ("ru" if locale == "ru" else "en")
    assert response.total == len(response.results) or response.total > response.per_page
    assert all(hit.url.startswith(f"/{response.locale}/articles/") for hit in response.results)
    assert len(response.query) <= 500
    assert "\x00" not in response.query


def test_empty_query_is_an_empty_result(index):
    response = search(index, "   ", locale="ru")
    assert (response.total, response.results, response.categories) == (0, [], [])


@pytest.mark.parametrize(
    ("text", "locale"), [("cloud recordng", "en"), ("запись", "ru"), ("ошибка 5003", "ru")]
)
def test_answers_hold_plain_python_values_only(index, text, locale):
    # Ranking works on numpy arrays; none of their scalar types may leak into
    # an answer, or the JSON encoder refuses it (a 500 over HTTP).
    answer = search(index, text, locale=locale).to_json()
    assert answer["results"] and answer["categories"]

    def plain(value):
        if isinstance(value, dict):
            return all(plain(v) for v in value.values())
        if isinstance(value, list):
            return all(plain(v) for v in value)
        return value is None or type(value) in (str, int, float, bool)

    assert plain(answer)
    json.dumps(answer)
