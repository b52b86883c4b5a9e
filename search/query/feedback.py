"""Cross-language feedback through translated articles.

A Russian query finds Russian articles by its own words, and every Russian
article is the translation of an English one. The English sources of the
query's best Russian hits say in English what the query is about, so among
the candidate translations of a query word (learned, from the dictionary,
cognates) the ones those sources use are the likely senses: they are raised,
and English-only articles written in the same words come up with them. This
is pseudo-relevance feedback carried across languages by the parallel
documents; it adds no new words, so it can only reweigh what the query's
own translations reach.
"""

from __future__ import annotations

import numpy as np

from search.index.analysis import analyze, is_cyrillic
from search.index.articles import SOURCE_LOCALE
from search.index.store import Generation
from search.query.columns import columns
from search.query.knobs import Ranking
from search.query.nodes import Sum, idea_nodes
from search.query.plan import QueryPlan, QueryTerm
from search.query.scoring import Scorer, coverage, sum_tables


def confirm_translations(generation: Generation, plan: QueryPlan, locale: str, knobs: Ranking) -> None:
    """Raise each translation of the query's words that the English sources
    of its best hits in ``locale`` use.

    Only for questions (``long_query_words`` to ``feedback_max_words``
    words) typed wholly in Russian: a word looked up should find the reader's own article, and
    English words typed by the reader already reach English articles and
    the translations that carry them."""
    if locale == SOURCE_LOCALE or not knobs.long_query_words <= len(plan.terms) <= knobs.feedback_max_words:
        return
    if not all(is_cyrillic(term.forms[0]) for term in plan.terms):
        return
    used: set[str] = set()
    for source in _sources_of_best(generation, plan, locale, knobs):
        used |= generation.derive(source_terms, source)
    for term in plan.terms:
        for derivation in term.derivations:
            if derivation.cross_language and any(t in used for forms in derivation.words for t in forms):
                derivation.weight *= knobs.feedback_raise


def _sources_of_best(generation: Generation, plan: QueryPlan, locale: str, knobs: Ranking) -> list[int]:
    """The English sources of the best few articles in ``locale``, ranked as
    ``engine.rank`` would (scores times the share of words matched), among
    those that score near the best. English translations hardly reach an
    article in ``locale`` and cost the most to score, so they are left out."""
    own = [
        QueryTerm(term.forms, [d for d in term.derivations if not d.cross_language], term.categories)
        for term in plan.terms
    ]
    ideas = idea_nodes(QueryPlan(plan.text, own, plan.phrases), knobs)
    scorer = Scorer(generation, knobs, ideas.extras)
    tables = [scorer.score(word) for word in ideas.words]
    found = sum_tables([*tables, scorer.score(Sum(ideas.extras))], generation.doc_count)
    covered = coverage(tables, generation.doc_count)
    column = generation.derive(columns)
    own_locale = ~column.foreign[locale][found.docnums]
    docnums = found.docnums[own_locale]
    scores = found.scores[own_locale] * covered[docnums] / len(tables)
    order = np.lexsort((column.place[docnums], -scores))[: knobs.feedback_docs]
    if not len(order):
        return []
    floor = knobs.feedback_floor * scores[order[0]]
    best = docnums[order][scores[order] >= floor]
    keys = (f"{SOURCE_LOCALE}:{generation.ids[docnum]}" for docnum in best.tolist())
    return [generation.docnum_by_key[key] for key in keys if key in generation.docnum_by_key]


def source_terms(generation: Generation, docnum: int) -> frozenset[str]:
    """The index terms of an English article's title, headings and body."""
    stored = generation.stored(docnum)
    return frozenset(
        form
        for text in (stored["title"], stored["headings"], stored["body"])
        for forms in analyze(text or "", mode="index")
        for form in forms
    )
