"""Property tests of the derived relations on generated multi-generation families (in memory)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongzhi.kinship.enums import CLOSE_RELATIONS, Predicate, Relation
from gongzhi.kinship.graph import KinGraph
from tests.kinship.families import Family, Oracle, clans, families

CLOSE = Predicate.CLOSE_RELATIVE
RECUSAL = Predicate.RECUSAL_RELATIVE


def graph_of(family: Family) -> KinGraph:
    graph = KinGraph()
    for child, parents in family.parents.items():
        for parent in parents:
            graph.add_parent(child=child, parent=parent)
    for a, b in family.spouses.items():
        if a < b:
            graph.add_spouse(a, b)
    return graph


def pairs(family: Family) -> list[tuple[int, int]]:
    return [(a, b) for a in range(family.size) for b in range(family.size)]


@settings(max_examples=150, deadline=None)
@given(st.one_of(families(), clans()))
def test_predicates_agree_with_the_oracle(family):
    graph, oracle = graph_of(family), Oracle(family)
    for a in range(family.size):
        close = {b for b in range(family.size) if b != a and graph.related(a, b, CLOSE)}
        recusal = {b for b in range(family.size) if b != a and graph.related(a, b, RECUSAL)}
        assert close == oracle.close(a), (a, family)
        assert recusal == oracle.recusal(a), (a, family)


@settings(max_examples=150, deadline=None)
@given(st.one_of(families(), clans()))
def test_predicates_are_symmetric_and_close_is_inside_recusal(family):
    graph = graph_of(family)
    for a, b in pairs(family):
        assert graph.related(a, b, CLOSE) == graph.related(b, a, CLOSE)
        assert graph.related(a, b, RECUSAL) == graph.related(b, a, RECUSAL)
        if graph.related(a, b, CLOSE):
            assert graph.related(a, b, RECUSAL)
        assert (graph.relation(a, b) is None) == (graph.relation(b, a) is None)


CONVERSE = {
    Relation.SPOUSE: Relation.SPOUSE,
    Relation.PARENT: Relation.CHILD,
    Relation.GRANDPARENT: Relation.GRANDCHILD,
    Relation.ANCESTOR: Relation.DESCENDANT,
    Relation.SIBLING: Relation.SIBLING,
    Relation.UNCLE_AUNT: Relation.NEPHEW_NIECE,
    Relation.COUSIN: Relation.COUSIN,
    Relation.SPOUSE_PARENT: Relation.CHILD_SPOUSE,
    Relation.SPOUSE_SIBLING: Relation.SIBLING_SPOUSE,
    Relation.SPOUSE_SIBLING_SPOUSE: Relation.SPOUSE_SIBLING_SPOUSE,
    Relation.CHILD_SPOUSE_PARENT: Relation.CHILD_SPOUSE_PARENT,
    Relation.COLLATERAL_SPOUSE: Relation.SPOUSE_COLLATERAL,
}
CONVERSE.update({v: k for k, v in list(CONVERSE.items())})


@settings(max_examples=150, deadline=None)
@given(st.one_of(families(), clans()))
def test_every_relation_has_its_converse(family):
    graph = graph_of(family)
    for a, b in pairs(family):
        if a == b:
            continue
        for relation in graph.relations(a, b):
            assert CONVERSE[relation] in graph.relations(b, a), (a, b, relation)


@settings(max_examples=100, deadline=None)
@given(families(), st.data())
def test_a_married_couple_and_parent_and_child_are_close(family, data):
    graph = graph_of(family)
    for a, b in family.spouses.items():
        assert graph.relation(a, b) == Relation.SPOUSE
        assert graph.related(a, b, CLOSE)
    for child, parents in family.parents.items():
        for parent in parents:
            assert graph.related(child, parent, CLOSE)
            assert Relation.PARENT in graph.relations(child, parent)
            assert Relation.CHILD in graph.relations(parent, child)


@settings(max_examples=100, deadline=None)
@given(families())
def test_close_relations_are_exactly_the_eight_of_article_1045(family):
    graph = graph_of(family)
    for a, b in pairs(family):
        named = graph.relation(a, b)
        if named is not None and named != Relation.SELF:
            assert graph.related(a, b, CLOSE) == bool(graph.relations(a, b) & CLOSE_RELATIONS)
