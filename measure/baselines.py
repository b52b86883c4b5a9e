"""The engines a team would otherwise ship, set up the way their docs suggest.

Each baseline indexes the same four text fields as Spravka with the same
field weights, ORs the query words together (as Spravka does), and applies
the same fallback rule (``engines.readers_of``) as a filter, so that what
differs is analysis and ranking, not which articles are eligible.

- ``whoosh-stock``: Whoosh's ``StemmingAnalyzer`` for every language (Porter
  stems English; Russian words are only lower-cased).
- ``whoosh-snowball``: Whoosh's ``LanguageAnalyzer`` per language, Snowball
  ``ru`` for Russian articles and ``en`` for English ones, in separate fields
  (the usual "we added Russian stemming" setup).
- ``sqlite-fts5``: SQLite FTS5 from the standard library, ``porter unicode61``,
  ranked by its ``bm25()`` with the column weights.
- ``tantivy``: Tantivy with its Snowball Russian and English stemmers, one
  field per language, queried through its own query parser.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.analysis import Analyzer, LanguageAnalyzer, StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, TEXT, Schema

from measure.engines import DEPTH, Doc, Engine, Spravka, SpravkaNoGlossary, searched_locales

# The weights Spravka shipped with, written out rather than imported so that
# tuning Spravka never moves the baselines it is compared with.
FIELD_BOOSTS = {"title": 4.0, "headings": 2.0, "tags": 2.5, "body": 1.0}
WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    """The query's words, lower-cased: no engine's query syntax survives
    (Tantivy and FTS5 would read ``AND``, ``*`` or ``-`` as operators)."""
    return WORD.findall(text.lower())


class WhooshBaseline:
    """Whoosh's BM25F over per-language field groups (one group when a
    single analyzer serves every language)."""

    def __init__(self, name: str, label: str, analyzers: dict[str, Callable[[], Analyzer]]) -> None:
        self.name, self.label = name, label
        self.analyzers = {group: make() for group, make in analyzers.items()}
        self.searcher = None

    def _group(self, locale: str) -> str:
        return locale if locale in self.analyzers else "all"

    def build(self, corpus_dir: Path, docs: Sequence[Doc], workdir: Path) -> None:
        fields = {
            f"{name}_{group}": TEXT(analyzer=analyzer)
            for group, analyzer in self.analyzers.items()
            for name in FIELD_BOOSTS
        }
        schema = Schema(id=ID(stored=True), readers=KEYWORD, **fields)
        writer = whoosh_index.create_in(str(workdir), schema).writer(limitmb=256)
        for doc in docs:
            group = self._group(doc.locale)
            text = {f"{name}_{group}": getattr(doc, name) for name in FIELD_BOOSTS}
            writer.add_document(id=doc.id, readers=" ".join(doc.readers), **text)
        writer.commit()

    def open(self, workdir: Path) -> None:
        self.searcher = whoosh_index.open_dir(str(workdir)).searcher()

    def search(self, text: str, locale: str, k: int = DEPTH) -> list[str]:
        clauses = []
        for group in {self._group(lang) for lang in searched_locales(locale)}:
            terms = {t.text for t in self.analyzers[group](text, mode="query")}
            clauses += [
                wq.Term(f"{name}_{group}", term, boost=boost)
                for name, boost in FIELD_BOOSTS.items()
                for term in terms
            ]
        if not clauses:
            return []
        hits = self.searcher.search(wq.Or(clauses), filter=wq.Term("readers", locale), limit=k)
        return [hit["id"] for hit in hits]


class SqliteFts5:
    name = "sqlite-fts5"
    label = "SQLite FTS5"
    COLUMNS = (*FIELD_BOOSTS, "readers")

    def __init__(self) -> None:
        self.db: sqlite3.Connection | None = None
        weights = ", ".join(str(w) for w in (*FIELD_BOOSTS.values(), 0.0))  # readers: filter only
        self.sql = f"SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, {weights}), rowid LIMIT ?"

    def build(self, corpus_dir: Path, docs: Sequence[Doc], workdir: Path) -> None:
        db = sqlite3.connect(workdir / "fts.db")
        db.execute(
            f"CREATE VIRTUAL TABLE docs USING fts5({', '.join(self.COLUMNS)}, id UNINDEXED,"
            " tokenize='porter unicode61')"
        )
        with db:
            db.executemany(
                "INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)",
                ((d.title, d.headings, d.tags, d.body, " ".join(d.readers), d.id) for d in docs),
            )
            db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
        db.close()

    def open(self, workdir: Path) -> None:
        self.db = sqlite3.connect(workdir / "fts.db", check_same_thread=False)

    def search(self, text: str, locale: str, k: int = DEPTH) -> list[str]:
        words = _words(text)
        if not words:
            return []
        anyword = " OR ".join(f'"{w}"' for w in words)
        match = f"readers:{locale} AND ({anyword})"
        return [row[0] for row in self.db.execute(self.sql, (match, k))]


class Tantivy:
    name = "tantivy"
    label = "Tantivy"
    TOKENIZERS = {"en": "en_stem", "ru": "ru_stem"}  # en_stem is built in

    def __init__(self) -> None:
        import tantivy  # the bench extra; imported late so that the rest works without it

        self.t = tantivy
        self.index = None
        self.searcher = None

    def _schema(self):
        builder = self.t.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        builder.add_text_field("readers", tokenizer_name="raw", index_option="basic")
        for name in FIELD_BOOSTS:
            for locale, tokenizer in self.TOKENIZERS.items():
                builder.add_text_field(f"{name}_{locale}", tokenizer_name=tokenizer)
        return builder.build()

    def _open_index(self, workdir: Path):
        t = self.t
        index = t.Index(self._schema(), path=str(workdir))
        russian = (
            t.TextAnalyzerBuilder(t.Tokenizer.simple())
            .filter(t.Filter.remove_long(40))
            .filter(t.Filter.lowercase())
            .filter(t.Filter.stemmer("russian"))
            .build()
        )
        index.register_tokenizer("ru_stem", russian)
        return index

    def build(self, corpus_dir: Path, docs: Sequence[Doc], workdir: Path) -> None:
        # One indexing thread, like every other engine here.
        writer = self._open_index(workdir).writer(heap_size=128_000_000, num_threads=1)
        for doc in docs:
            fields = {f"{name}_{doc.locale}": getattr(doc, name) for name in FIELD_BOOSTS}
            writer.add_document(self.t.Document(id=doc.id, readers=list(doc.readers), **fields))
        writer.commit()
        writer.wait_merging_threads()

    def open(self, workdir: Path) -> None:
        self.index = self._open_index(workdir)
        self.searcher = self.index.searcher()
        self.schema = self.index.schema

    def search(self, text: str, locale: str, k: int = DEPTH) -> list[str]:
        words = _words(text)
        if not words:
            return []
        boosts = {
            f"{name}_{lang}": boost
            for name, boost in FIELD_BOOSTS.items()
            for lang in searched_locales(locale)
        }
        parsed, _errors = self.index.parse_query_lenient(" ".join(words), list(boosts), field_boosts=boosts)
        t = self.t
        query = t.Query.boolean_query(
            [(t.Occur.Must, parsed), (t.Occur.Must, t.Query.term_query(self.schema, "readers", locale))]
        )
        hits = self.searcher.search(query, k).hits
        return [self.searcher.doc(address)["id"][0] for _score, address in hits]


def _whoosh_stock() -> WhooshBaseline:
    return WhooshBaseline("whoosh-stock", "Whoosh StemmingAnalyzer", {"all": StemmingAnalyzer})


def _whoosh_snowball() -> WhooshBaseline:
    return WhooshBaseline(
        "whoosh-snowball",
        "Whoosh Snowball ru/en",
        {locale: partial(LanguageAnalyzer, locale) for locale in ("en", "ru")},
    )


ENGINES: dict[str, Callable[[], Engine]] = {
    "spravka": Spravka,
    "spravka-no-glossary": SpravkaNoGlossary,
    "whoosh-stock": _whoosh_stock,
    "whoosh-snowball": _whoosh_snowball,
    "sqlite-fts5": SqliteFts5,
    "tantivy": Tantivy,
}


def make_engine(name: str) -> Engine:
    return ENGINES[name]()
