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


def plan_nodes(plan: QueryPlan, knobs: Ranking = RANKING) -> Node:
    """Any typed word may match (ranked by how many and how well); phrases,
    derivations and error codes add to the score of the documents they match.

    Next to an error code the other words ("error", «ошибка», "meeting") say
    little, so they weigh less and the code decides.
    """
    context = knobs.context_weight if plan.codes else 1.0
    clauses: list[Node] = [
        word_node(term.forms, knobs, 1.0 if term.is_code else context) for term in plan.terms
    ]
    clauses += [phrase_node(phrase, knobs, knobs.phrase_weight) for phrase in plan.phrases]
    groups: dict[str, list[Node]] = {}
    for derivation in plan.derivations():
        groups.setdefault(derivation.group, []).append(
            derivation_node(derivation, knobs, derivation.weight * context)
        )
    clauses += [alts[0] if len(alts) == 1 else BestOf(tuple(alts)) for alts in groups.values()]
    clauses += [code_node(code, knobs) for code in sorted(plan.codes)]
    return Sum(tuple(clauses))


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
