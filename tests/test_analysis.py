from search.index import analysis
from search.index.analysis import SpravkaAnalyzer, analyze, russian_lemmas, surface_words


def terms(text):
    return [forms for forms in analyze(text)]


def test_russian_inflections_share_a_lemma():
    forms = {tuple(analyze(w)[0]) for w in ["конференция", "конференции", "конференцию", "конференциями"]}
    assert forms == {("конференция",)}


def test_verb_forms_reduce_to_infinitive():
    assert analyze("записали")[0] == ["записать"]
    assert analyze("записывает")[0] == ["записывать"]


def test_ambiguous_word_yields_every_normal_form_at_one_position():
    (forms,) = analyze("стали")
    assert set(forms) >= {"сталь", "стать"}


def test_yo_is_folded():
    assert analyze("учётная запись") == analyze("учетная запись")
    assert analyze("ёлка")[0] == ["елка"]


def test_look_alike_letters_of_the_other_script_are_read_in_the_words_own():
    # Switched keyboards and pasted titles: a Latin "a" and "c" in a Russian
    # word, a Cyrillic «С» starting an English one.
    assert analyze("нacтройки звукa") == analyze("настройки звука")
    assert analyze("Сolumn tables") == analyze("column tables")
    assert analyze("XMLфайл") != analyze("xmlфаил")  # not all look alike: as written


def test_a_latin_term_with_a_russian_case_ending_keeps_its_ending():
    # «в JSONе», «для URLа», «с CSSом»: the term is found, not a Latin "jsone".
    for declined, term in [("JSONе", "json"), ("URLа", "url"), ("CSSом", "css"), ("XMLом", "xml")]:
        assert term in analyze(declined)[0]
    # A slip stays a slip: a Latin letter first, or one Cyrillic letter at the end of a word in lower case.
    assert analyze("cоздать") == analyze("создать") and analyze("nodе datа") == analyze("node data")


def test_latin_words_are_stemmed():
    assert analyze("Recordings")[0] == analyze("recording")[0] == ["record"]
    assert analyze("meetings")[0] == ["meet"]


def test_codes_and_numbers_are_kept_whole():
    assert analyze("Error 5003")[1] == ["5003"]
    assert analyze("1080p")[0] == ["1080p"]
    assert "usestate" in analyze("useState")[0]


def test_a_name_in_code_is_indexed_with_its_words_but_queried_whole():
    analyzer = SpravkaAnalyzer()

    def tokens(text, **mode):
        return [(t.pos, t.text) for t in analyzer(text, positions=True, **mode)]

    indexed = tokens("call useDebouncedRef", mode="index")
    assert indexed == [(0, "call"), (1, "usedebouncedref"), (1, "use"), (1, "debounc"), (1, "ref")]
    assert tokens("call useDebouncedRef", mode="query") == [(0, "call"), (1, "usedebouncedref")]
    assert tokens("__VUE_PROD_DEVTOOLS__", mode="index") == [
        (0, "__vue_prod_devtools__"),
        (0, "vue"),
        (0, "prod"),
        (0, "devtool"),
    ]
    assert ["имя_пользователь", "имя", "пользователь"] in analyze("имя_пользователя", mode="index")
    assert analyze("1_000_000", mode="index") == [["1_000_000"]]
    # Brands and product names are not names in code.
    for brand in ("iPhone", "macOS", "TypeScript"):
        assert tokens(brand, mode="index") == tokens(brand, mode="query"), brand


def test_stop_words_are_dropped_in_both_languages():
    assert analyze("how do I join the meeting") == [["join"], ["meet"]]
    assert analyze("как подключиться к конференции") == [["подключиться"], ["конференция"]]


def test_hyphenated_words_split():
    assert analyze("онлайн-семинар") == [["онлайн"], ["семинар"]]


def test_lemma_lookup_is_cached():
    russian_lemmas.cache_clear()
    analyze("конференции конференции конференции")
    info = russian_lemmas.cache_info()
    assert info.misses == 1 and info.hits == 2


def test_only_indexing_keeps_the_words_it_read():
    # An article repeats its words, a query's made-up words would only grow a worker.
    analysis._read_indexed_token.cache_clear()
    analysis._indexed_term_forms.cache_clear()
    query = "Zzyzx useQuuxRef ныне небывалое"
    assert analyze(query) == [["zzyzx"], ["usequuxref"], ["ныне"], ["небывалый"]]
    assert analysis._read_indexed_token.cache_info().currsize == 0
    assert analysis._indexed_term_forms.cache_info().currsize == 0
    indexed = analyze(query, mode="index")
    assert indexed == [["zzyzx"], ["usequuxref", "use", "quux", "ref"], ["ныне"], ["небывалый"]]
    assert analysis._read_indexed_token.cache_info().currsize == 4
    assert analyze(query, mode="index") == indexed
    assert analysis._read_indexed_token.cache_info().hits == 4


def test_surface_words_keep_the_written_form():
    assert surface_words("Подключение к Конференции") == ["подключение", "конференции"]
