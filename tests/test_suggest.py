from search.browse.suggest import suggest


def texts(suggestions, kind=None):
    return [s.text for s in suggestions if kind is None or s.kind == kind]


def test_titles_and_completions_for_a_prefix(index):
    found = suggest(index, "конф", "ru")
    assert "Подключение к конференции" in texts(found, "article")
    assert "конференции" in texts(found, "query")
    article = next(s for s in found if s.text == "Подключение к конференции")
    assert article.url == "/ru/articles/meetings/join-a-meeting"


def test_wrong_layout_prefix_is_switched(index):
    assert "Microphone not working" in texts(suggest(index, "ьшс", "en"), "article")
    assert "запись" in texts(suggest(index, "pfg", "ru"), "query")


def test_a_whole_word_on_the_wrong_layout_puts_the_switched_suggestions_first(index):
    # «pfgbcm» is no word of the articles, «запись» is: the reader typed
    # «запись к…» on the English layout, not an English word after "pfgbcm".
    assert texts(suggest(index, "pfgbcm r", "ru"))[0] == "Запись конференции на компьютер"
    assert texts(suggest(index, "cloud r", "en"))[0] == "Cloud recording"  # known words: as typed
    # «ещ» switches to "to", a stop word: that says nothing of the layout.
    assert texts(suggest(index, "ещ з", "ru"))[0].startswith("ещ ")


def test_russian_readers_get_english_only_titles_flagged(index):
    found = suggest(index, "cloud", "ru")
    assert [(s.text, s.fallback) for s in found if s.kind == "article"] == [("Cloud recording", True)]
    # a translated article is offered in Russian only
    assert "Join a meeting" not in texts(suggest(index, "join", "ru"))


def test_every_typed_word_must_match_a_title(index):
    assert texts(suggest(index, "microphone work", "en"), "article") == ["Microphone not working"]
    assert texts(suggest(index, "microphone cloud", "en"), "article") == []


def test_empty_and_hostile_prefixes(index):
    assert suggest(index, "", "en") == []
    assert suggest(index, "   ", "ru") == []
    # Noise suggests nothing, and an unknown locale is served as English.
    assert suggest(index, "\x00*" * 5000, "xx") == []
    assert suggest(index, "echo", "xx") == suggest(index, "echo", "en") != []


def test_one_completion_per_word_not_per_form(index):
    from search.index.analysis import analyze

    for prefix, locale in (("конф", "ru"), ("record", "en"), ("микроф", "ru")):
        queries = texts(suggest(index, prefix, locale), "query")
        lemmas = [frozenset(analyze(q)[0]) for q in queries]
        assert len(set(lemmas)) == len(lemmas), queries
    assert "конференции" in texts(suggest(index, "конф", "ru"), "query")


def test_a_russian_prefix_reaches_english_only_titles_through_the_glossary(index):
    found = suggest(index, "облач", "ru")  # glossary: облачная запись -> cloud recording
    assert [(s.text, s.fallback) for s in found if s.kind == "article"] == [("Cloud recording", True)]
