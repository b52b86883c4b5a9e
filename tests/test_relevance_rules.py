"""What query understanding must and must not do to what a reader typed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from indexer.build import build_index
from search.index.store import IndexHandle
from search.query.cache import results_cache
from search.query.engine import search
from search.query.expand import STEPS, Lexicon, add_relatives, add_translations, understand
from search.query.knobs import RANKING
from search.query.nodes import BestOf, idea_nodes
from search.query.plan import parse
from search.query.scoring import score_all
from search.query.spelling import speller
from search.query.translit import to_cyrillic


def top(response):
    return response.results[0] if response.results else None


@pytest.mark.parametrize(("text", "locale"), [("zoom", "en"), ("zoom", "ru"), ("зум", "ru"), ("Skype", "ru")])
def test_brands_the_index_lacks_are_never_rewritten(index, text, locale):
    assert speller(index, locale).correct(text) is None
    assert search(index, text, locale=locale).corrected_query is None


@pytest.mark.parametrize("word", ["собака", "бабушка", "пылесос"])
def test_a_correct_russian_word_the_index_lacks_is_not_corrected(index, word):
    assert speller(index, "ru").correct(word) is None


def test_an_english_word_the_index_knows_is_not_transliterated(index):
    # "record" reads as Russian letters too, but the index knows it.
    assert speller(index, "ru").correct("record") is None
    assert search(index, "cloud recording", locale="ru").corrected_query is None


def test_transliterated_russian_is_corrected_said_so_and_undoable(index):
    response = search(index, "lokalnaya zapis", locale="ru")
    assert response.corrected_query == "локальная запись"
    assert response.notes == {"auto_corrected": True, "correction_reason": "transliteration"}
    assert top(response).id == "recording/local-recording" and top(response).locale == "ru"
    exact = search(index, "lokalnaya zapis", locale="ru", auto_correct=False)
    assert exact.query == "lokalnaya zapis" and exact.corrected_query == "локальная запись"
    assert exact.notes["auto_corrected"] is False


@pytest.mark.parametrize(
    ("latin", "russian"),
    {
        "zvuk": "звук",
        "mikrofon": "микрофон",
        "vklyuchit": "включит",
        "zapis'": "запись",
        "shchit": "щит",
    }.items(),
)
def test_informal_transliteration_schemes(latin, russian):
    assert to_cyrillic(latin) == russian


def test_transliteration_is_only_for_russian_readers(index):
    assert speller(index, "en").correct("lokalnaya zapis") is None or (
        speller(index, "en").correct("lokalnaya zapis").reason != "transliteration"
    )


def test_english_product_words_reach_the_russian_translation(index):
    # "local recording" is in the English source's tags only; a Russian
    # reader gets the translation, which has no English words of its own.
    found = [(h.id, h.locale) for h in search(index, "local recording", locale="ru").results]
    assert ("recording/local-recording", "ru") in found


def test_a_category_is_named_by_a_whole_part_of_its_name(index):
    assert understand(index, "запись", "ru").named_categories == {"recording"}
    assert understand(index, "устранение неполадок", "ru").named_categories == {"troubleshooting"}
    # One word of a two-word name names nothing.
    assert understand(index, "устранение", "ru").named_categories == set()


def test_a_word_and_its_stand_ins_count_once(index):
    plan = understand(index, "микрофон", "ru")
    (idea,) = idea_nodes(plan).words
    # The typed word, its synonym group and its translations are alternatives:
    # a document scores for the best of them, never for their sum.
    assert isinstance(idea, BestOf) and len(idea.children) >= 2
    parts = [score_all(index, child) for child in idea.children]
    combined = score_all(index, idea)
    assert combined
    for docnum, score in combined.items():
        assert score == pytest.approx(max(table.get(docnum, 0.0) for table in parts))


def test_articles_matching_every_word_come_first_and_are_counted(index):
    response = search(index, "cloud recording storage", locale="en")
    assert 0 < response.complete < response.total
    assert top(response).id == "recording/cloud-recording"


def test_a_query_that_only_names_a_category_lists_that_category_first(index):
    categories = [hit.category for hit in search(index, "meetings", locale="en").results]
    assert categories.count("meetings") == 3 and len(categories) > 3
    assert categories[:3] == ["meetings"] * 3
    # A word beyond the name is what the reader asks about: the category
    # only leans the ranking.
    assert top(search(index, "meetings echo", locale="en")).id == "audio/echo"


def _tiny_index(root, articles, translations=None):
    """An index of ``{path under en/: (title, body)}`` and of Russian
    translations of some of them, ``{path under ru/: (title, body)}``."""
    for locale, found in (("en", articles), ("ru", translations or {})):
        for path, (title, body) in found.items():
            file = root / "corpus" / locale / path
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(f"---\ntitle: {title}\n---\n\n{body}\n", encoding="utf-8")
    build_index(root / "corpus", root / "index")
    return IndexHandle(root / "index").get()


def test_a_pasted_identifier_decides_like_an_error_code(tmp_path):
    index = _tiny_index(
        tmp_path,
        {
            "storage/clear-the-cache.md": ("Clear the cache", "The cache keeps pictures. Clear the cache."),
            "storage/cache-size.md": ("Cache size", "The cache grows to 2 GB, then the cache is trimmed."),
            "storage/cache-on-phones.md": ("Cache on phones", "Phones keep a smaller cache."),
            "sync/sync-stopped.md": (
                "Sync stopped",
                "When the app quits while it syncs, it leaves a file named sync_state_02.cache in "
                "your documents folder and stops. Quit the app, move that file away and start again. "
                "The next start begins a fresh sync from the server, which can take a while.",
            ),
        },
    )
    assert understand(index, "sync_state_02.cache", "en").codes == {"sync_state_02"}
    assert top(search(index, "sync_state_02.cache", locale="en")).id == "sync/sync-stopped"


def _cognates(index, word):
    """The English words the cognate step finds for a Russian ``word``."""
    found = understand(index, word, "ru").derivations()
    return {d.words[0][0] for d in found if d.group.startswith("cognate")}


def test_a_loan_too_new_for_the_dictionary_meets_its_english_stem(tmp_path):
    index = _tiny_index(
        tmp_path,
        {
            "ship/deploy.md": ("Deploy the app", "Deploy it once the build passes."),
            "ship/modal.md": ("Modal dialogs", "A modal dialog blocks the page."),
            "ship/models.md": ("Data models", "A model describes your data."),
            "ship/robots.md": ("Robots", "A robot answers the phone."),
        },
    )

    assert "deploy" in _cognates(index, "задеплоить")  # a verb, its perfective prefix off
    assert _cognates(index, "модалка") == {"modal"}  # spelled as English spells it, not *model*
    assert "robot" not in _cognates(index, "работать")  # a Russian word only looks like one
    assert top(search(index, "как задеплоить", locale="ru")).id == "ship/deploy"


def test_a_short_loan_no_dictionary_knows_meets_the_word_it_begins(tmp_path):
    index = _tiny_index(
        tmp_path,
        {
            "nodes/drain.md": ("Drain a node", "Drain the node before maintenance."),
            "nodes/needs.md": ("What you need", "You need a cluster."),
            "files/upload.md": ("Upload a file", "A file fails to upload when it is too large."),
        },
    )

    # Slang for a node: too short for a sound key of its own, and no Russian word.
    assert _cognates(index, "нода") == _cognates(index, "нод") == {"node"}  # not *need*, of the same key
    assert _cognates(index, "файл") == set()  # a Russian word: never *fail*
    assert top(search(index, "нода на обслуживании", locale="ru")).id == "nodes/drain"


def test_a_preposition_that_changes_a_query_is_searched(tmp_path):
    index = _tiny_index(
        tmp_path,
        {
            "account/magic-link.md": ("Sign in without a password", "Sign in with a link from an email."),
            "account/reset.md": ("Reset your password", "Forgot the password? Reset the password."),
        },
        {
            "account/magic-link.md": ("Вход без пароля", "Войти можно по ссылке из письма."),
            "account/reset.md": ("Сброс пароля", "Забыли пароль? Войти поможет сброс пароля, новый пароль."),
        },
    )
    assert [forms for forms in parse("удалить под").words] == [["удалить"], ["под"]]  # Kubernetes' pod
    assert top(search(index, "войти без пароля", locale="ru")).id == "account/magic-link"


def _learned_weights(text, lexicon):
    plan = parse(text)
    add_translations(plan, lexicon, "ru", RANKING)
    return {d.words[0][0]: round(d.weight, 3) for term in plan.terms for d in term.derivations}


def test_a_long_querys_translations_weigh_about_as_much_as_the_words_they_stand_for():
    # Of 100 articles, 70 English ones say "component" and 10 Russian ones
    # «компонент»: as common in each language, far apart by rarity alone.
    lexicon = Lexicon(
        learned={
            "компонент": [("compon", 0.9)],
            "глобально": [("global", 0.5)],
            "зарегистрировать": [("regist", 0.6)],
        },
        body_frequency={
            "компонент": 10,
            "compon": 70,
            "зарегистрировать": 3,
            "regist": 5,
            "глобально": 8,
            "global": 7,
        },
        articles=100,
    )
    long = _learned_weights("зарегистрировать компонент глобально", lexicon)
    base = RANKING.learned_weight
    assert long["compon"] == round(base * RANKING.max_balance, 3)  # raised, up to the cap
    assert base < long["regist"] < base * RANKING.max_balance  # raised by the rarity ratio
    assert long["global"] == base  # rarer than its word: never lowered
    # A short query looks a term up: translations keep their weight.
    assert _learned_weights("компонент", lexicon)["compon"] == base


def test_an_adjective_nothing_translates_takes_its_nouns_translation_as_a_relative():
    # «экранный диктор» is a *screen* reader: English says with a noun what
    # Russian says with an adjective of that noun.
    lexicon = Lexicon(
        learned={"экран": [("screen", 0.8)], "диктор": [("announc", 0.5)]},
        body_frequency={"экран": 5, "экранный": 1, "экранировать": 1},
    )
    weights = _learned_weights("экранный диктор", lexicon)
    assert weights["screen"] == round(RANKING.learned_weight * RANKING.relative_weight, 3)
    assert weights["announc"] == RANKING.learned_weight
    # A word with translations of its own keeps them; a noun or a verb
    # nothing translates borrows nothing.
    lexicon.learned["экранный"] = [("display", 0.5)]
    assert "screen" not in _learned_weights("экранный диктор", lexicon)
    assert _learned_weights("экранировать", lexicon) == {}


def test_a_perfective_verb_without_pairs_takes_its_imperfective_partners():
    # Translations and dictionaries name one aspect («менять», «удалять»,
    # «рисовать»); readers ask with the other («поменять», «удалить»).
    lexicon = Lexicon(
        learned={"менять": [("chang", 0.6)], "удалить": [("remov", 0.5)], "писать": [("write", 0.7)]},
        dictionary={"скрывать": [("hide", 0.3)], "удалять": [("delet", 0.4)], "поменять": [("swap", 0.2)]},
    )
    assert lexicon.translations("поменять") == ([("chang", 0.6)], True)  # learned first, the partner's too
    assert lexicon.translations("скрыть") == ([("hide", 0.3)], False)
    # A verb's own pairs come first; an imperfective borrows nothing.
    assert lexicon.translations("удалить") == ([("remov", 0.5)], True)
    assert lexicon.translations("удалять") == ([("delet", 0.4)], False)
    # A prefix that changes the meaning is never taken off: «списать» is not «писать».
    assert lexicon.translations("списать") == ([], False)
    assert _learned_weights("поменять пароль", lexicon)["chang"] == RANKING.learned_weight


def test_translations_the_sources_of_the_best_russian_hits_use_are_raised(tmp_path, monkeypatch):
    # «ключ» is a key or a clef. The Russian article the query finds is the
    # translation of one about door keys, so "key" is the sense meant, and
    # the English-only article on key fobs should come before the one on
    # clefs, which wins on rarity alone.
    index = _tiny_index(
        tmp_path,
        {
            "home/door-keys.md": ("Door keys", "Copy a door key at the front desk. A lost key is replaced."),
            "home/key-fob.md": ("Key fob", "A key fob opens the gate. Keep the key fob dry."),
            "music/clef.md": ("Treble clef", "A clef sets the pitch. Keep the clef in view."),
            **{f"misc/note-{n}.md": (f"Note {n}", "Plain words about the weather.") for n in range(4)},
        },
        {
            "home/door-keys.md": (
                "Ключи от двери",
                "Копию ключа от двери сделают на стойке. Потерянный ключ заменят.",
            )
        },
    )
    lexicon = Lexicon(learned={"ключ": [("clef", 0.9), ("key", 0.9)]})
    monkeypatch.setattr("search.query.expand.lexicon", lambda generation: lexicon)

    def english_order(text, knobs=RANKING):
        found = search(index, text, locale="ru", knobs=knobs).results
        return [hit.id for hit in found if hit.locale == "en"]

    def weights(text):
        return {d.words[0][0]: round(d.weight, 3) for d in understand(index, text, "ru").derivations()}

    question = "потерянный ключ от двери"
    assert english_order(question, replace(RANKING, feedback_raise=1.0)) == ["music/clef", "home/key-fob"]
    assert english_order(question) == ["home/key-fob", "music/clef"]
    assert weights(question) == {
        "key": round(RANKING.learned_weight * RANKING.feedback_raise, 3),
        "clef": RANKING.learned_weight,
    }
    # A word looked up, or a query with English words of its own, is left alone.
    assert weights("ключ") == {"key": RANKING.learned_weight, "clef": RANKING.learned_weight}
    assert weights("потерянный ключ door") == {"key": RANKING.learned_weight, "clef": RANKING.learned_weight}
    # Nor is a passage pasted whole: past ``feedback_max_words`` its own words pin it down.
    extra = "стойка копия замена мастер гараж подъезд квартира сосед утро вечер"
    passage = f"{question} {extra}"
    assert weights(passage)["key"] == RANKING.learned_weight


def test_a_pasted_message_gets_its_phrase_credit_though_most_of_its_words_are_stopwords(tmp_path):
    # "No connection to the room" is two searched words; the reader typed
    # five, a sentence the app showed, and the article that quotes it should
    # come before one that only uses both words apart, and more often.
    index = _tiny_index(
        tmp_path,
        {
            "rooms/pair-a-controller.md": (
                "Pair a controller",
                'If the tablet says "No connection to the room", put both devices on one network.',
            ),
            "rooms/wired-network.md": (
                "Wired network",
                "Every room needs a wired connection through a cable; the room console shows its calendar.",
            ),
            **{f"misc/note-{n}.md": (f"Note {n}", "Plain words about the weather.") for n in range(4)},
        },
    )
    pasted = "No connection to the room"
    assert len(understand(index, pasted, "en").terms) == 2
    ranked = [hit.id for hit in search(index, pasted, locale="en").results]
    apart = replace(RANKING, proximity_weight=0)
    unranked = [hit.id for hit in search(index, pasted, locale="en", knobs=apart).results]
    assert unranked[0] == "rooms/wired-network"  # by the words alone
    assert ranked[0] == "rooms/pair-a-controller"
    # Two words typed alone look a term up: no phrase credit.
    assert idea_nodes(understand(index, "connection room", "en")).extras == ()


def test_a_word_few_russian_articles_use_meets_its_relatives(tmp_path, monkeypatch):
    # «передать» (perfective) is a lemma of its own: the article that says
    # «передавайте звук» and «передача» meets it only through its relatives.
    english = {f"audio/topic-{n}.md": (f"Sound topic {n}", "Sound settings.") for n in range(10)}
    english["audio/share-sound.md"] = ("Share sound", "Share the computer sound.")
    russian = {
        f"audio/topic-{n}.md": (f"Настройки {n}", "Звук динамиков, звук гарнитуры, настройка звука.")
        for n in range(10)
    }
    russian["audio/share-sound.md"] = (
        "Флажок в окне демонстрации",
        "Передавайте звук компьютера: передача включается флажком в окне демонстрации экрана. "
        "Как настроить стерео.",
    )
    index = _tiny_index(tmp_path, english, russian)

    def relatives(text):
        plan = understand(index, text, "ru")
        return {d.words[0][0] for d in plan.derivations() if d.group.startswith("relative")}

    assert relatives("передать звук") == {"передача", "передавать"}
    assert top(search(index, "передать звук", locale="ru")).id == "audio/share-sound"
    # In a question, a word most Russian articles use finds its own
    # articles; a rare one meets them through its relatives.
    assert relatives("настройка звука динамиков") == set()
    assert relatives("настроить звук динамиков") == {"настройка"}
    # A word or two looked up meet every relative: «настройка» finds the
    # article that says «настроить».
    assert "настроить" in relatives("настройка звука")
    # Without relatives, articles that only share «звук» come first.
    monkeypatch.setattr("search.query.expand.STEPS", tuple(s for s in STEPS if s is not add_relatives))
    index.derive(results_cache).clear()
    assert top(search(index, "передать звук", locale="ru")).id != "audio/share-sound"


def test_a_pasted_message_found_word_for_word_comes_first(tmp_path):
    # The codes table quotes the message; the sign-in article uses the same
    # words, two of them side by side, but never says it.
    codes = "\n".join(f"| {4000 + n} | Something else went wrong, number {n} |" for n in range(4))
    index = _tiny_index(
        tmp_path,
        {
            "security/error-codes.md": (
                "Security error codes",
                f"| Code | Message |\n| --- | --- |\n{codes}\n| 4100 | Your email domain is not allowed |",
            ),
            "account/sign-in.md": (
                "Sign in",
                "Sign in with your work email and password. Your admin decides which domain is "
                "allowed to join, and guests wait in the lobby.",
            ),
            **{f"misc/note-{n}.md": (f"Note {n}", "Plain words about the weather.") for n in range(4)},
        },
    )
    pasted = "Your email domain is not allowed"
    assert len(understand(index, pasted, "en").terms) == 3
    loose = replace(RANKING, message_weight=0)
    assert top(search(index, pasted, locale="en", knobs=loose)).id == "account/sign-in"
    assert top(search(index, pasted, locale="en")).id == "security/error-codes"


def test_a_code_typed_onto_a_word_is_searched_as_a_word_and_a_code(tmp_path):
    """«ошибка4012», "error4012": the space left out between a word and a
    code; a name in code that the index holds ("sha256") stays whole."""
    index = _tiny_index(
        tmp_path,
        {
            "errors/4012.md": ("Error 4012: the link has expired", "Ask the host for a new link."),
            "security/checksums.md": ("Check a download", "Compare its sha256 with the one we publish."),
            "audio/echo.md": ("Echo", "An error in the sound: lower the volume."),
        },
        {"errors/4012.md": ("Ошибка 4012: ссылка устарела", "Попросите у организатора новую ссылку.")},
    )
    for text, locale in (("error4012", "en"), ("ошибка4012", "ru"), ("ошибка4012,", "ru")):
        response = search(index, text, locale=locale)
        assert response.results[0].id == "errors/4012" and response.query == text  # as typed
    for text in ("sha256", "ｓｈａ２５６"):  # full-width too: read as typed plainly, then whole
        assert [r.id for r in search(index, text, locale="en").results] == ["security/checksums"]
