"""The optional general dictionary, read backwards."""

import gzip

from indexer import dictionary
from indexer.dictionary import dictionary_pairs

ENTRIES = """\
poll
   [pol] _n.
   1) голосование; by poll голосованием
   2) опрос
vote
   _n. голосование
dog
   _n. собака, пёс
window
   _n. окно
gap
   _n. брешь, щель; промежуток, окно
"""


def write(tmp_path, text):
    path = tmp_path / "test.dict.dz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(text)
    return path


def test_russian_lemmas_get_the_english_words_that_name_them(tmp_path):
    pairs = dictionary_pairs({"poll", "vote"}, tmp_path / "cache", write(tmp_path, ENTRIES))
    assert pairs["голосование"] == [("poll", 0.5), ("vote", 0.5)]  # named by two: half each
    assert pairs["опрос"] == [("poll", 0.5)]  # the second word "poll" gives
    assert "собака" not in pairs  # "dog" is not a word of this help center
    assert "голосованием" not in pairs  # examples with English words are left out


def test_the_headword_that_gives_a_lemma_first_comes_first(tmp_path):
    pairs = dictionary_pairs({"gap", "window"}, tmp_path / "cache", write(tmp_path, ENTRIES))
    # "window" means «окно» first; "gap" only in its fourth word, a rarer sense.
    assert pairs["окно"] == [("window", 0.5), ("gap", 0.125)]


def test_the_reversed_dictionary_is_read_once(tmp_path, monkeypatch):
    path = write(tmp_path, ENTRIES)
    first = dictionary_pairs({"dog"}, tmp_path / "cache", path)
    assert first == {"пес": [("dog", 0.5)], "собака": [("dog", 1.0)]}

    def unread(lines):
        raise AssertionError("read the dictionary again")

    monkeypatch.setattr(dictionary, "_entries", unread)
    assert dictionary_pairs({"dog"}, tmp_path / "cache", path) == first


def test_without_the_dictionary_there_are_no_pairs(tmp_path):
    assert dictionary_pairs({"poll"}, tmp_path / "cache", tmp_path / "absent.dict.dz") == {}


def test_a_sense_on_the_line_of_a_transcription_or_a_label_is_read(tmp_path):
    # Mueller's entries put the first sense after the transcription and the
    # part of speech, and later ones after labels; their Latin letters do
    # not make the sense an English example.
    entries = (
        "huge\n   [hjʊ:dʒ] _a. огромный, громадный\n"
        "window\n   [↗wɪndɜʊ] _n.\n   1) окно\n   2) _attr. оконный; to have goods in the window\n"
    )
    pairs = dictionary_pairs({"huge", "window"}, tmp_path / "cache", write(tmp_path, entries))
    assert pairs["огромный"] == [("huge", 1.0)]
    assert pairs["оконный"] == [("window", 0.5)]  # the second word "window" gives
    assert "иметь" not in pairs and all("goods" not in stem for stem, _ in pairs["оконный"])
