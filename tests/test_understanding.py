"""Typos, keyboard layout, synonyms, cross-language reach and intent."""

import re

import pytest

from indexer.build import build_index
from search.index.store import IndexHandle
from search.query.engine import search
from search.query.expand import understand
from search.query.keyboard import switch_layout
from search.query.spelling import speller


def top(response):
    return response.results[0].id if response.results else None


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("pfgbcm", "запись"),
        ("rfvthf", "камера"),
        (",hfepth", "браузер"),  # the comma key is «б»
        ("ntktajy", "телефон"),
        ("ьшскщзрщту", "microphone"),
        ("ыскуут ырфку", "screen share"),
        ("Ghbdtn", "Привет"),
    ],
)
def test_layout_switch_both_ways(typed, meant):
    assert switch_layout(typed) == meant


def test_mixed_scripts_are_not_a_layout_slip():
    assert switch_layout("zoom конференция") is None
    assert switch_layout("5003") is None


def test_wrong_layout_query_is_corrected_and_searched(index):
    response = search(index, "pfgbcm", locale="ru")
    assert response.corrected_query == "запись"
    assert response.to_json()["auto_corrected"] is True
    assert top(response) == "recording/local-recording"
    response = search(index, "ьшскщзрщту", locale="en")
    assert response.corrected_query == "microphone"
    assert top(response) == "audio/microphone-not-working"


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("５００３", "troubleshooting/error-5003"),
        ("ｅｃｈｏ", "audio/echo"),
        ("№5003", "troubleshooting/error-5003"),
    ],
)
def test_full_width_letters_and_digits_are_read_as_the_plain_ones(index, typed, found):
    response = search(index, typed, locale="en")
    assert response.results[0].id == found and response.corrected_query is None


def test_accents_typed_apart_and_ligatures_are_read_as_written_together(index):
    # macOS writes «й» as «и» and a combining breve; a PDF's "ﬁ" is one character.
    assert search(index, "как вои\u0306ти", locale="ru").results[0].id == "meetings/join-a-meeting"
    assert (
        search(index, "\ufb01le sharing", locale="en").total
        == search(index, "file sharing", locale="en").total
    )


def test_a_misspelt_word_typed_onto_a_code_is_corrected(index):
    response = search(index, "erorr5003", locale="en")
    assert response.corrected_query == "error 5003" and response.query == "erorr5003"
    assert response.results[0].id == "troubleshooting/error-5003"


def test_typos_are_corrected(index):
    response = search(index, "mircophone", locale="en")
    assert (response.corrected_query, top(response)) == ("microphone", "audio/microphone-not-working")
    response = search(index, "cloud recordng", locale="en")
    assert response.corrected_query == "cloud recording"
    assert top(response) == "recording/cloud-recording"
    response = search(index, "конференцыя", locale="ru")
    assert response.corrected_query is not None and top(response) == "meetings/join-a-meeting"


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("microphone", "en"),
        ("конференциям", "ru"),  # a form that appears nowhere, but its lemma does
        ("конференцию", "ru"),
        ("firewall ports", "en"),
        ("5003", "en"),
        ("ошибка 5004", "ru"),  # an unknown code is never "corrected"
        ("cloud", "ru"),
    ],
)
def test_a_query_that_works_is_never_rewritten(index, text, locale):
    assert speller(index, locale).correct(text) is None
    assert search(index, text, locale=locale).corrected_query is None


def test_latin_brand_is_not_converted_to_cyrillic(index):
    correction = speller(index, "ru").correct("Skype")
    assert correction is None or correction.reason != "layout"


def test_synonyms_reach_articles_with_the_other_word(index):
    # synonyms.yml: [микрофон, микро]; no article says «микро».
    response = search(index, "микро", locale="ru")
    assert top(response) == "audio/microphone-not-working"


def test_synonyms_weigh_less_than_the_typed_word(index):
    typed = search(index, "microphone", locale="en").results[0].score
    via_synonym = search(index, "mic", locale="en").results[0]
    assert via_synonym.id == "audio/microphone-not-working"
    assert via_synonym.score < typed


def test_glossary_reaches_english_only_articles_from_russian(index):
    response = search(index, "облако", locale="ru")
    hit = response.results[0]
    assert (hit.id, hit.locale, hit.fallback) == ("recording/cloud-recording", "en", True)


def test_latin_words_and_codes_in_russian_queries_match_english_text(index):
    assert top(search(index, "firewall", locale="ru")) in {
        "troubleshooting/firewall-ports",
        "troubleshooting/error-5003",
    }
    assert top(search(index, "6012", locale="ru")) == "recording/cloud-recording"


def test_learned_pairs_give_reach_without_a_glossary(corpus_copy, tmp_path):
    (corpus_copy / "glossary.yml").unlink()
    (corpus_copy / "en/audio/headset-setup.md").write_text(
        "---\ntitle: Set up a headset\n---\n\nPlug in the headset and pick its microphone in the app.\n",
        encoding="utf-8",
    )
    report = build_index(corpus_copy, tmp_path / "index")
    index = IndexHandle(report.generation.parent).get()
    # The aligned blocks of the fixture translations teach the pair, with a
    # high probability in both directions.
    assert dict(index.meta.learned_pairs["микрофон"])["microphon"] > 0.7
    response = search(index, "микрофон гарнитура", locale="ru")
    assert top(response) == "audio/microphone-not-working"  # the reader's language first
    fallback = next(h for h in response.results if h.id == "audio/headset-setup")
    assert fallback.fallback and fallback.locale == "en"


def test_error_code_article_comes_first(index):
    # 5003 is in the title of one article and nowhere else; 2102 only in a body.
    assert top(search(index, "ошибка 5003", locale="ru")) == "troubleshooting/error-5003"
    assert top(search(index, "error 2102", locale="en")) == "audio/microphone-not-working"


def test_category_named_in_the_query(index):
    assert understand(index, "запись", "ru").named_categories == {"recording"}
    assert understand(index, "recordings", "en").named_categories == {"recording"}
    assert understand(index, "join", "en").named_categories == set()


def test_quoted_phrase_matches_as_phrase(index):
    loose = search(index, "storage cloud", locale="en")
    phrase = search(index, '"cloud storage"', locale="en")
    assert top(phrase) == "recording/cloud-recording"
    assert phrase.results[0].score > loose.results[0].score


def test_snippet_marks_every_form_of_the_word(index):
    hit = search(index, "конференцию", locale="ru").results[0]
    assert "<mark>конференции</mark>" in hit.snippet
    hit = search(index, "record", locale="en").results[0]
    assert "<mark>" in hit.snippet


def test_english_terms_mark_only_english_fallbacks(corpus_copy, tmp_path):
    # A Russian article that also contains the English word the glossary
    # adds: it matched on «запись», so only «запись» may be marked in it.
    article = corpus_copy / "ru" / "recording" / "local-recording.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\nЗапись включает кнопка Recording внизу окна.\n"
    )
    glossary = corpus_copy / "glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "запись: [recording]\n", encoding="utf-8")
    build_index(corpus_copy, tmp_path / "index")
    response = search(IndexHandle(tmp_path / "index").get(), "запись", locale="ru")
    marks = {hit.id: re.findall(r"<mark>([^<]*)</mark>", hit.snippet) for hit in response.results}
    assert "Recording" not in marks["recording/local-recording"]
    assert any(word.lower().startswith("record") for word in marks["recording/cloud-recording"])
