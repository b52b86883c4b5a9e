"""A query plan as scoring nodes: the one place that decides which fields,
forms and alternatives a query is scored on, and with what weight.

Leaves are a term or a phrase in one field; ``Sum`` adds its children's
scores, ``BestOf`` takes the best child plus ``tiebreak`` times the others.
``search.query.scoring`` evaluates the tree.
"""

from __future__ import annotations

from dataclasses import dataclass

from search.query.knobs import RANKING, Ranking
from search.query.plan import Derivation, QueryPlan


@dataclass(frozen=True)
class Term:
    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    field: str
    words: tuple[str, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Sum:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class BestOf:
    children: tuple[Node, ...]
    tiebreak: float = 0.0


Node = Term | Phrase | Sum | BestOf


@dataclass(frozen=True)
class Ideas:
    """The scoring nodes of a plan: one per typed word (with its
    derivations), and the extras (quoted phrases, error codes)."""

    words: tuple[Node, ...]
    extras: tuple[Node, ...]


def idea_nodes(plan: QueryPlan, knobs: Ranking = RANKING) -> Ideas:
    """One node per idea of the query: each typed word with its derivations,
    each quoted phrase, each error code. A document scores for an idea once:
    by the typed word or by its best synonym or translation, whichever is
    better, so expansions can stand in for a word but never add to it.
    Next to an error code the other words ("error", «ошибка») say little, so
    they weigh less and the code decides."""
    context = knobs.context_weight if plan.codes else 1.0
    words: list[Node] = []
    for term in plan.terms:
        weight = 1.0 if term.is_code else context
        groups: dict[str, list[Node]] = {}
        for derivation in term.derivations:
            groups.setdefault(derivation.group, []).append(
                derivation_node(derivation, knobs, derivation.weight * weight)
            )
        alternatives = [word_node(term.forms, knobs, weight), *(_best(alts) for alts in groups.values())]
        words.append(_best(alternatives))
    extras = [phrase_node(phrase, knobs, knobs.phrase_weight) for phrase in plan.phrases]
    if len(plan.terms) > 1 and plan.typed_words >= knobs.long_query_words:
        # Long and pasted queries: words that stand next to each other in
        # the query and in an article (an error message, a menu path) count
        # extra, so the article that says it verbatim comes first. Length is
        # counted as typed: a pasted message is mostly short words that are
        # never searched («Нет связи с переговорной»), yet it is a sentence.
        extras += [
            phrase_node([a.forms, b.forms], knobs, knobs.proximity_weight)
            for a, b in zip(plan.terms, plan.terms[1:], strict=False)
            if not (a.is_code or b.is_code)
        ]
        if len(plan.terms) >= knobs.long_query_words and not plan.codes:
            # All of it, word for word: the article that quotes the message
            # the reader pasted, as if they had put it in quotes.
            extras.append(phrase_node(plan.words, knobs, knobs.message_weight))
    extras += [code_node(code, knobs) for code in sorted(plan.codes)]
    return Ideas(tuple(words), tuple(extras))


def _best(alternatives: list[Node]) -> Node:
    return alternatives[0] if len(alternatives) == 1 else BestOf(tuple(alternatives))


def word_node(forms: list[str], knobs: Ranking, weight: float = 1.0) -> Node:
    """One word in any of its forms, in any text field, fields weighted."""
    return BestOf(
        tuple(
            Term(name, form, boost * weight) for name, boost in knobs.field_boosts.items() for form in forms
        ),
        tiebreak=knobs.field_tiebreak,
    )


def phrase_node(phrase: list[list[str]], knobs: Ranking, weight: float = 1.0) -> Node:
    # The first (most probable) form stands for each word: all forms of a
    # word share its position in the index, so any of them would do.
    words = tuple(forms[0] for forms in phrase)
    return Sum(tuple(Phrase(name, words, boost * weight) for name, boost in knobs.field_boosts.items()))


def derivation_node(derivation: Derivation, knobs: Ranking, weight: float) -> Node:
    if derivation.as_phrase and len(derivation.words) > 1:
        return phrase_node(derivation.words, knobs, weight)
    nodes = [word_node(forms, knobs, weight) for forms in derivation.words]
    return nodes[0] if len(nodes) == 1 else Sum(tuple(nodes))


def code_node(code: str, knobs: Ranking) -> Node:
    """An exact error code outweighs the words around it, most of all in
    titles, so the article about that code comes first and articles that
    mention it come before ones that do not."""
    boost = knobs.code_boost
    return Sum((Term("title", code, boost), Term("headings", code, boost / 2), Term("body", code, boost / 2)))
