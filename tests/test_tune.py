"""`python -m measure.tune`: ranking variants scored on the dev half only."""

from pathlib import Path

import pytest

from measure.judgments import split_of
from measure.tune import VariantError, main, parse_variant
from search.query.knobs import RANKING

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


def test_a_variant_changes_the_knobs_it_names_and_only_those():
    knobs = parse_variant("coverage_power=2 long_query_words=4")
    assert (knobs.coverage_power, knobs.long_query_words) == (2.0, 4)
    assert isinstance(knobs.long_query_words, int)
    assert knobs.fallback_penalty == RANKING.fallback_penalty
    assert parse_variant("") == RANKING


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("nope=1", "not a numeric knob: 'nope'"),
        ("field_boosts=2", "not a numeric knob"),  # a table, not a number
        ("bm25_b=x", "not a number"),
    ],
)
def test_a_bad_variant_is_refused_with_its_name(text, message):
    with pytest.raises(VariantError, match=message):
        parse_variant(text)


def test_only_dev_queries_are_scored(tmp_path, capsys):
    assert (split_of("эхо", "ru"), split_of("echo", "en")) == ("dev", "test")
    queries = tmp_path / "queries.yml"
    queries.write_text(
        "- {query: эхо, locale: ru, class: tuned, relevant: {audio/echo: 2}}\n"
        "- {query: echo, locale: en, class: held_out, relevant: {audio/echo: 2}}\n",
        encoding="utf-8",
    )
    args = ["--corpus", str(CORPUS), "--queries", str(queries), "--variant", "", "--variant", "bm25_b=0.5"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "tuned" in out and "held_out" not in out
    assert "dev: Spravka, no glossary" in out  # the fixture corpus has a glossary
    assert "bm25_b=0.5" in out.splitlines()[1]


def test_a_bad_variant_is_an_error_not_a_traceback(capsys):
    assert main(["--corpus", str(CORPUS), "--variant", "nope=1"]) == 2
    assert capsys.readouterr().err.startswith("error: not a numeric knob")
