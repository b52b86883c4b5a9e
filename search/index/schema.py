"""The index schema: what the indexer writes and the search layer reads."""

from __future__ import annotations

from whoosh.fields import BOOLEAN, ID, STORED, TEXT, Schema

from search.index.analysis import SpravkaAnalyzer

# The analyzed text fields; how much each weighs is a ranking knob
# (``search.query.knobs``).
TEXT_FIELDS = ("title", "headings", "tags", "body", "source")


def build_schema() -> Schema:
    analyzer = SpravkaAnalyzer()
    return Schema(
        key=ID(unique=True, stored=True, sortable=True),  # "<locale>:<id>"
        id=ID(stored=True),
        locale=ID(stored=True, sortable=True),
        category=ID(stored=True, sortable=True),
        title=TEXT(analyzer=analyzer, stored=True),
        headings=TEXT(analyzer=analyzer, stored=True),
        tags=TEXT(analyzer=analyzer, stored=True),
        body=TEXT(analyzer=analyzer, stored=True),
        # A translation's English source: its title, headings and tags, so
        # that English product words in a Russian query ("lobby", "breakout")
        # reach the translation of the article that uses them.
        source=TEXT(analyzer=analyzer),
        # True on an English article that has a Russian translation: such an
        # article is never offered as a fallback in Russian search.
        translated=BOOLEAN(stored=True),
        stale=BOOLEAN(stored=True),
        summary=STORED,
        updated=STORED,
        path=STORED,
        html=STORED,
        toc=STORED,
        links=STORED,
    )
