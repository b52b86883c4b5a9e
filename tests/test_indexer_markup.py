"""Markdown's HTML rewritten token by token before the sanitizer: what is
text stays text, what is an attribute stays one attribute, and the title,
classes and links change as the sanitizer needs."""

from __future__ import annotations

import threading

import pytest

from indexer.markup import prepare
from indexer.render import render


@pytest.mark.parametrize(
    ("markup", "title", "rest"),
    [
        ("<h1>Join &amp; <em>leave</em></h1>\n<p>Body</p>", "Join & leave", "\n<p>Body</p>"),
        ('<!-- a note -->\n<script setup>let a = "<h2>";</script>\n<h1>T</h1>', "T", None),
        ("<p>First</p><h1>Not a title</h1>", "", "<p>First</p><h1>Not a title</h1>"),
        ("Text first<h1>Not a title</h1>", "", "Text first<h1>Not a title</h1>"),
        ("<h1>Unclosed <b>to the end", "Unclosed to the end", ""),
    ],
)
def test_the_leading_heading_becomes_the_title(markup, title, rest):
    found_title, found_rest = prepare(markup, "")
    assert found_title == title
    assert rest is None or found_rest == rest


def test_text_and_attributes_stay_what_they_were():
    _, html = prepare('<p title="a&quot;b onclick=x">1 &lt; 2 &amp;&amp; <br/>x</br></p>', "")
    assert html == '<p title="a&quot;b onclick=x">1 &lt; 2 &amp;&amp; <br>x</p>'


def test_components_written_self_closing_are_closed():
    _, html = prepare('<VueSchoolLink href="x" title="Watch"/> Text after', "")
    assert html == '<vueschoollink href="x" title="Watch"></vueschoollink> Text after'


def test_classes_are_dropped_but_those_of_notes_and_links_point_at_articles():
    _, html = prepare(
        '<div class="note note-tip extra" role="note"><p class="lead">'
        '<a href="../audio/echo.md#fix" class="x">Echo</a> <a href="#top">up</a></p></div>',
        "meetings",
    )
    assert html == (
        '<div class="note note-tip" role="note"><p>'
        '<a href="article:audio/echo#h-fix">Echo</a> <a href="#h-top">up</a></p></div>'
    )


def test_an_article_renders_alike_after_others_in_the_same_process():
    """The Markdown converter is reused: footnotes, abbreviations, heading
    ids and stashed HTML of one article must not reach the next."""
    first = (
        "# One\n\n## Setup\n\nSee[^1] the *HTML*.\n\n[^1]: A note.\n\n*[HTML]: Hyper Text\n\n<div>raw</div>\n"
    )
    second = "## Setup\n\nA[^1] and HTML.\n"
    fresh: list = []
    thread = threading.Thread(target=lambda: fresh.append(render(second, "")))
    thread.start()
    thread.join()
    render(first, "")
    again = render(second, "")
    assert again == fresh[0]
    assert "A note" not in again.html and "<abbr" not in again.html and 'id="h-setup"' in again.html


@pytest.mark.parametrize(
    ("markdown", "lines"),
    [
        # An item's words, then a sub-item whose code follows it.
        (
            "- Install it:\n  - With brew\n\n        brew install thing\n",
            ["Install it:", "With brew", "brew install thing"],
        ),
        ("<div>Hello<p>world</p></div>\n", ["Hello", "world"]),
    ],
)
def test_a_block_inside_text_starts_a_line_of_its_own(markdown, lines):
    """Words on either side of where a block begins stay two words, so both
    are found (glued, "brewbrew" would be neither)."""
    assert render(markdown, "").text.split("\n") == lines


@pytest.mark.parametrize(
    "markdown",
    [
        "::: tip\nFirst of all.\n:::\n\n## Setup\n\nBody.\n",
        "> [!NOTE]\n> First of all.\n",
        '!!! info "See also"\n    First of all.\n',
    ],
)
def test_a_summary_is_a_sentence_not_a_notes_label(markdown):
    """A page whose introduction is a note is summed up by the note's words,
    not by its label ("Tip", "Info", "See also"), nor by its first section."""
    assert render(markdown, "").summary == "First of all."


def test_a_note_above_the_introduction_is_not_the_summary():
    page = "::: warning\nStill experimental.\n:::\n\nSuspense orchestrates async dependencies.\n\n## Setup\n"
    assert render(page, "").summary == "Suspense orchestrates async dependencies."
