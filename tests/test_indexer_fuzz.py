"""Fuzzing the corpus reader: whatever the front matter and the Markdown
body of an article, loading the corpus never raises, and every problem names
the article's file with a line. Fixed seed and bounded examples, so it is
the same test on every run and stays within seconds."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.corpus import load_corpus

NAME = "en/audio/fuzz.md"

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["2026-02-30", "2026-01-15", "2026-01-15 10:00:00", "../x", "a/b", "<b>x</b>", ""]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
keys = st.sampled_from(
    ["title", "id", "category", "tags", "updated", "summary", "Заголовок", "tittle"]
) | st.text(max_size=10)
# Front matter as YAML would write it, or as a person might mistype it.
front_matter = st.dictionaries(keys, values, max_size=6).map(
    lambda d: yaml.safe_dump(d, allow_unicode=True)
) | st.text(alphabet=st.sampled_from(list("title: &*[]{}-!|>'\"#\n 12ёx")), max_size=80)
# Markdown bodies made of the pieces that parsers trip over.
pieces = st.sampled_from(
    [
        "> ",
        "- ",
        "1. ",
        "    ",
        "\t",
        "\n",
        "\n\n",
        "# ",
        "## ",
        "*",
        "**",
        "_",
        "`",
        "```",
        "[",
        "](",
        ")",
        "![",
        "<div>",
        "</div>",
        "<script>",
        "</script>",
        "<img src=x onerror=alert(1)>",
        "&lt;",
        "&amp;",
        "|",
        "---",
        "{#custom}",
        ":::",
        "<!--",
        "-->",
        "<Intro/>",
        "[x](../other.md#a)",
        "[y](#top)",
        "word ",
        "слово ",
        "\x00",
        "\u200b",
    ]
)
bodies = st.lists(pieces | st.text(max_size=10), max_size=60).map("".join)


@settings(derandomize=True, max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meta=front_matter, body=bodies)
def test_any_article_loads_or_is_a_problem_naming_its_file(meta, body):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / NAME
        path.parent.mkdir(parents=True)
        path.write_text(f"---\n{meta}\n---\n{body}", encoding="utf-8")
        corpus = load_corpus(tmp)
    for problem in corpus.problems:
        assert str(problem.path) == NAME and problem.line >= 1, problem
        assert "cannot index" not in problem.message, problem  # an exception nobody foresaw
    # Indexed (perhaps with warnings), or kept out by an error: never both.
    assert len(corpus.articles) + bool(corpus.errors) == 1
