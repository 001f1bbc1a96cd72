"""Reads of the kinship register and the two conflict predicates.

``relation_between(a, b)`` answers what ``b`` is to ``a`` ("parent": b is a's parent). The
predicates are symmetric. Each question loads only the part of the register it needs (see
:func:`graph_for`): every edge of the people asked about and of their spouses and children, and
every ancestor of all of those — a handful of queries, independent of the register's size.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from gongzhi.core.errors import ValidationFailed
from gongzhi.kinship.enums import LinkKind, Predicate, Relation
from gongzhi.kinship.graph import KinGraph
from gongzhi.kinship.models import Household, KinshipLink, Person

__all__ = [
    "conflicted_people",
    "graph_for",
    "household_list",
    "household_members",
    "is_close_relative",
    "is_recusal_relative",
    "link_list",
    "person_list",
    "related_by",
    "relation_between",
    "relation_label",
]


class _Loader:
    def __init__(self) -> None:
        self.graph = KinGraph()
        self._full: set[int] = set()
        self._parents: set[int] = set()
        self._seen_links: set[int] = set()

    def _add(self, links: Iterable[tuple[int, int, int, str]]) -> None:
        for pk, person, relative, kind in links:
            if pk in self._seen_links:
                continue
            self._seen_links.add(pk)
            if kind == LinkKind.PARENT:
                self.graph.add_parent(child=person, parent=relative)
            else:
                self.graph.add_spouse(person, relative)

    def full(self, ids: set[int]) -> None:
        """Every edge touching ``ids``."""
        ids = ids - self._full
        if not ids:
            return
        self._add(
            KinshipLink.objects.filter(Q(person_id__in=ids) | Q(relative_id__in=ids)).values_list(
                "pk", "person_id", "relative_id", "kind"
            )
        )
        self._full |= ids
        self._parents |= ids

    def ancestors(self, ids: set[int]) -> None:
        """The parent edges of ``ids``, of everyone loaded so far, and of all their ancestors."""
        frontier = ids - self._parents
        while True:
            if frontier:
                self._add(
                    KinshipLink.objects.filter(kind=LinkKind.PARENT, person_id__in=frontier).values_list(
                        "pk", "person_id", "relative_id", "kind"
                    )
                )
                self._parents |= frontier
            frontier = {
                p for child in self._parents for p in self.graph.parents.get(child, ())
            } - self._parents
            if not frontier:
                return


def graph_for(ids: Iterable[int]) -> KinGraph:
    """A graph holding everything needed to relate any two of ``ids`` to each other."""
    people = set(ids)
    loader = _Loader()
    loader.full(people)
    graph = loader.graph
    # Spouses and children: their parents and spouses (a spouse's siblings, a child's in-laws).
    near = {x for p in people for x in (*graph.spouses.get(p, ()), *graph.children.get(p, ()))}
    loader.full(near)
    # Everyone loaded so far, up to their furthest ancestor. An edge between two of ``ids``
    # (a child's spouse's parent, a spouse's parent) is already in: each of ``ids`` was loaded whole.
    loader.ancestors(people | near)
    return graph


def _check_predicate(predicate: str) -> None:
    if predicate not in Predicate.values:
        raise ValidationFailed(
            f"未知的亲属范围：{predicate}",
            f"unknown kinship predicate: {predicate}",
            code="unknown_predicate",
            detail={"predicate": predicate, "allowed": list(Predicate.values)},
        )


def relation_between(a: Person, b: Person) -> str | None:
    """What ``b`` is to ``a`` (a :class:`~gongzhi.kinship.enums.Relation` value), or ``None``.

    Related in several ways (cousins who married), the closest relation is named.
    """
    relation = graph_for({a.pk, b.pk}).relation(a.pk, b.pk)
    return str(relation) if relation is not None else None


def relation_label(relation: str) -> str:
    return str(Relation(relation).label)


def related_by(a: Person, b: Person, *, predicate: str) -> bool:
    """Whether ``a`` and ``b`` are related under ``predicate`` (same person: not "related")."""
    _check_predicate(predicate)
    if a.pk == b.pk:
        return False
    return graph_for({a.pk, b.pk}).related(a.pk, b.pk, predicate)


def is_close_relative(a: Person, b: Person) -> bool:
    """民法典 art. 1045: spouse, parents, children, siblings, grandparents, grandchildren."""
    return related_by(a, b, predicate=Predicate.CLOSE_RELATIVE)


def is_recusal_relative(a: Person, b: Person) -> bool:
    """Spouse, lineal blood, collateral blood within three generations, close in-laws."""
    return related_by(a, b, predicate=Predicate.RECUSAL_RELATIVE)


def conflicted_people(
    *, people: Iterable[Person], against: Iterable[Person], predicate: str
) -> list[tuple[Person, Person, str]]:
    """(member, other, relation) for every pair that is the same person or related by ``predicate``.

    ``relation`` is what ``other`` is to ``member`` ("self" for the same person); pairs come in
    the order of ``people``, then ``against``.
    """
    _check_predicate(predicate)
    members = {p.pk: p for p in people}
    others = {p.pk: p for p in against}
    if not members or not others:
        return []
    graph = graph_for(members.keys() | others.keys())
    return [
        (members[m], others[o], str(relation))
        for m, o, relation in graph.conflicts(members, others, predicate)
    ]


def person_list(*, region_id: int | None = None, query: str = "") -> QuerySet[Person]:
    queryset = Person.objects.select_related("household", "region")
    if region_id is not None:
        queryset = queryset.filter(region_id=region_id)
    if query:
        queryset = queryset.filter(Q(name__contains=query) | Q(id_number=query))
    return queryset.order_by("name", "pk")


def household_list(*, region_id: int) -> QuerySet[Household]:
    return Household.objects.filter(region_id=region_id).select_related("head").order_by("code")


def household_members(*, household: Household) -> QuerySet[Person]:
    return Person.objects.filter(household=household).order_by("birth_date", "pk")


def link_list(*, person_ids: Iterable[int]) -> QuerySet[KinshipLink]:
    """The stored edges touching ``person_ids`` (for showing a register page)."""
    ids = list(person_ids)
    return (
        KinshipLink.objects.filter(Q(person_id__in=ids) | Q(relative_id__in=ids))
        .select_related("person", "relative")
        .order_by("pk")
    )
