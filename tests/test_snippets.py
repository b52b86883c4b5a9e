"""Snippets: the sentence or table row that matches best, at a bounded cost."""

from __future__ import annotations

from search.index.analysis import analyze
from search.query import snippets
from search.query.snippets import SCAN_CHARS, Passages, snippet

CODE_TABLE = (
    "If the installer stops, it shows a code. Use the table to find the fix.\n"
    "Code\nMeaning\nFix\n"
    "10001\nThe installer file is damaged\nDownload the installer again\n"
    "10002\nNot enough free disk space\nFree at least 1 GB and try again\n"
    "10004\nNo permission to write to the program folder\nRun the installer as administrator\n"
    "10006\nAnother installation is running\nWait, or restart the computer\n"
)


def terms(text: str) -> set[str]:
    return {form for forms in analyze(text) for form in forms}


def test_a_code_is_shown_with_its_table_row():
    shown = snippet(Passages(CODE_TABLE), terms("10004"))
    assert shown == (
        "<mark>10004</mark> · No permission to write to the program folder"
        " · Run the installer as administrator"
    )


def test_an_abbreviation_does_not_end_the_sentence():
    text = "Если ничего не помогло, см. статью Ошибка 5003. Другой текст."
    shown = snippet(Passages(text), terms("5003"))
    assert shown == "Если ничего не помогло, см. статью Ошибка <mark>5003</mark>."


def test_sentences_of_prose_are_not_joined():
    text = "Symptoms\nAudio is delayed while the VPN is on.\nJoining fails with error 5003."
    assert snippet(Passages(text), terms("5003")) == "Joining fails with error <mark>5003</mark>."


def test_a_huge_article_is_scanned_only_up_to_a_bound(monkeypatch):
    folded: list[int] = []
    fold = snippets.fold
    monkeypatch.setattr(snippets, "fold", lambda text: folded.append(len(text)) or fold(text))
    body = "Echo is a common problem in meetings.\n" + "Some unrelated filler text here.\n" * 160_000
    assert len(body) > 5_000_000
    assert "<mark>Echo</mark>" in snippet(Passages(body), terms("echo"))
    assert sum(folded) <= SCAN_CHARS


def test_an_article_is_split_once_and_each_passage_analyzed_once(monkeypatch):
    analyzed: list[str] = []
    analyzer = snippets._analyzer
    monkeypatch.setattr(
        snippets, "_analyzer", lambda text, **kw: analyzed.append(text) or analyzer(text, **kw)
    )
    passages = Passages(CODE_TABLE)
    first = snippet(passages, terms("10004"))
    assert len(analyzed) == 1
    assert snippet(passages, terms("10004")) == first
    assert len(analyzed) == 1  # the passage's tokens were kept
    snippet(passages, terms("installer"))
    assert 1 < len(analyzed) <= 1 + snippets.CANDIDATES


def test_the_size_of_passages_grows_with_the_passages_analyzed():
    passages = Passages(CODE_TABLE)
    before = passages.nbytes()
    assert before >= 2 * len(CODE_TABLE)
    snippet(passages, terms("10004"))
    assert passages.nbytes() > before
