"""`python -m measure.eval`: judged queries, every engine, reports and the floor."""

import json
from pathlib import Path

import pytest

from measure.eval import main as eval_main
from measure.eval import targets
from measure.judgments import JudgmentError, load_judgments, ordered_classes, unknown_ids

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"
QUERIES = FIXTURES / "queries.yml"


def test_judgments_load_with_classes_in_report_order():
    judged = load_judgments(QUERIES)
    assert judged[0].query == "schedule meeting" and judged[0].relevant["meetings/schedule-a-meeting"] == 2
    assert ordered_classes(judged)[:3] == ["en_keyword", "en_question", "ru_inflected"]
    assert unknown_ids(judged, {"audio/echo"})  # the fixture judges more than that


def test_malformed_judgments_name_every_bad_entry(tmp_path):
    path = tmp_path / "queries.yml"
    path.write_text(
        "- {query: a, locale: de, class: x, relevant: {a/b: 2}}\n"
        "- {query: b, locale: en, class: x, relevant: {a/b: 3}}\n"
        "- {query: c, locale: en, class: x}\n",
        encoding="utf-8",
    )
    with pytest.raises(JudgmentError) as error:
        load_judgments(path)
    assert [line.split(": ")[1] for line in str(error.value).splitlines()] == [
        "entry #1",
        "entry #2",
        "entry #3",
    ]


def _scores(test, dev, classes):
    """Scores of one engine: ``classes`` on the test half, everything 0 on dev."""
    return {
        "split": {"test": {"ndcg@10": test}, "dev": {"ndcg@10": dev}},
        "split_class": {"test": {c: {"ndcg@10": v} for c, v in classes.items()}, "dev": {}},
    }


def test_targets_are_judged_on_the_held_out_half():
    data = {
        "queries": {"class": {"en_keyword": 1, "ru_inflected": 1, "ru_question": 1}},
        "engines": {
            "spravka": {
                "label": "S",
                **_scores(0.8, 0.1, {"en_keyword": 0.5, "ru_inflected": 0.9, "ru_question": 0.7}),
            },
            "whoosh-snowball": {
                "label": "W",
                **_scores(0.7, 0.9, {"en_keyword": 0.9, "ru_inflected": 0.85, "ru_question": 0.7}),
            },
        },
    }
    met = {
        t["target"].split(": ")[-1] if "≥ every" in t["target"] else "margin": t["met"] for t in targets(data)
    }
    # Every class must at least tie the best baseline (the dev half does not
    # count); +0.05 is short of the +0.10 the inflected class needs.
    assert met == {
        "overall": True,
        "en_keyword": False,
        "ru_inflected": True,
        "ru_question": True,
        "margin": False,
    }


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory):
    out = tmp_path_factory.mktemp("eval")
    code = eval_main(
        [
            *("--corpus", str(CORPUS), "--queries", str(QUERIES)),
            *("--json", str(out / "eval.json"), "--report", str(out / "relevance.md"), "--floor", "0.5"),
        ]
    )
    return code, out


@pytest.mark.bench
def test_eval_scores_every_engine_and_writes_its_reports(evaluated):
    code, out = evaluated
    assert code == 0
    data = json.loads((out / "eval.json").read_text(encoding="utf-8"))
    assert list(data["engines"]) == [
        "spravka",
        "spravka-no-glossary",
        "whoosh-stock",
        "whoosh-snowball",
        "sqlite-fts5",
        "tantivy",
    ]
    for engine in data["engines"].values():
        assert len(engine["queries"]) == data["queries"]["total"] == 8
        assert 0.0 <= engine["overall"]["ndcg@10"] <= 1.0
        assert set(engine["locale"]) == {"en", "ru"}
    # Only Spravka reaches the English-only article from a Russian query
    # without an English word in it: the baselines do not translate.
    fallback = {name: e["class"]["ru_fallback"]["ndcg@10"] for name, e in data["engines"].items()}
    assert fallback["spravka"] == 1.0
    page = (out / "relevance.md").read_text(encoding="utf-8")
    assert "| ru_inflected (2) |" in page and "![nDCG@10" in page
    assert (out / "img" / "relevance.png").stat().st_size > 10_000


@pytest.mark.bench
def test_a_rerun_keeps_what_is_written_outside_the_generated_part(evaluated, tmp_path):
    _, out = evaluated
    report = tmp_path / "relevance.md"
    report.write_text((out / "relevance.md").read_text(encoding="utf-8") + "\n## Analysis\n\nKept.\n")
    args = ["--corpus", str(CORPUS), "--queries", str(QUERIES), "--json", str(tmp_path / "e.json")]
    assert eval_main([*args, "--report", str(report), "--engines", "spravka", "--floor", "0"]) == 0
    page = report.read_text(encoding="utf-8")
    assert page.count("<!-- BEGIN GENERATED") == 1 and page.endswith("Kept.\n")
    assert "Tantivy" not in page  # the generated part was replaced, not appended


@pytest.mark.bench
def test_eval_fails_below_the_floor(tmp_path):
    args = ["--corpus", str(CORPUS), "--queries", str(QUERIES), "--engines", "spravka"]
    args += ["--json", str(tmp_path / "e.json"), "--report", str(tmp_path / "r.md")]
    assert eval_main([*args, "--floor", "1.01"]) == 1


def test_eval_refuses_judgments_of_articles_that_do_not_exist(tmp_path, capsys):
    queries = tmp_path / "queries.yml"
    queries.write_text("- {query: echo, locale: en, class: en_keyword, relevant: {audio/ech: 2}}\n")
    args = ["--corpus", str(CORPUS), "--queries", str(queries), "--json", str(tmp_path / "e.json")]
    code = eval_main([*args, "--report", str(tmp_path / "r.md")])
    assert code == 2
    assert "audio/ech" in capsys.readouterr().err
