"""Derived kinship: relations computed in memory from parent and spouse edges.

Pure Python on person ids, so the rules can be tested exhaustively without a database;
``selectors`` loads the part of the register a question needs into a :class:`KinGraph`.

Definitions (domain-rules §5.4):

1. 近亲属 (民法典 art. 1045): 配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女.
2. 直系血亲: ancestors and descendants of any generation.
3. 三代以内旁系血亲: siblings (a shared parent — half-siblings included), 伯叔姑舅姨 (a parent's
   sibling), 侄/甥子女 (a sibling's child), 堂/表兄弟姐妹 (a parent's sibling's child) — the
   relatives whose common ancestor is at most two generations above either of them.
4. 近姻亲: 配偶的父母、配偶的兄弟姐妹及其配偶、子女的配偶及子女配偶的父母、三代以内旁系血亲的配偶.
   A conflict between two people is mutual, so the converse of "collateral's spouse" —
   the spouse's collateral relative — counts too; this keeps every predicate symmetric.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from gongzhi.kinship.enums import CLOSE_RELATIONS, RECUSAL_RELATIONS, Predicate, Relation

#: Order in which ``relation_between`` names a pair that is related in several ways.
PRIORITY: tuple[Relation, ...] = (
    Relation.SELF,
    Relation.SPOUSE,
    Relation.PARENT,
    Relation.CHILD,
    Relation.SIBLING,
    Relation.GRANDPARENT,
    Relation.GRANDCHILD,
    Relation.ANCESTOR,
    Relation.DESCENDANT,
    Relation.UNCLE_AUNT,
    Relation.NEPHEW_NIECE,
    Relation.COUSIN,
    Relation.SPOUSE_PARENT,
    Relation.CHILD_SPOUSE,
    Relation.SPOUSE_SIBLING,
    Relation.SIBLING_SPOUSE,
    Relation.SPOUSE_SIBLING_SPOUSE,
    Relation.CHILD_SPOUSE_PARENT,
    Relation.COLLATERAL_SPOUSE,
    Relation.SPOUSE_COLLATERAL,
)
_RANK = {relation: index for index, relation in enumerate(PRIORITY)}

PREDICATE_RELATIONS: dict[str, frozenset[Relation]] = {
    Predicate.CLOSE_RELATIVE: CLOSE_RELATIONS,
    Predicate.RECUSAL_RELATIVE: RECUSAL_RELATIONS,
}


class KinGraph:
    """Parent and spouse edges between person ids, with the derived relations."""

    def __init__(self) -> None:
        self.parents: dict[int, set[int]] = defaultdict(set)
        self.children: dict[int, set[int]] = defaultdict(set)
        self.spouses: dict[int, set[int]] = defaultdict(set)
        self._ancestors: dict[int, dict[int, int]] = {}

    def add_parent(self, *, child: int, parent: int) -> None:
        self.parents[child].add(parent)
        self.children[parent].add(child)
        self._ancestors.clear()

    def add_spouse(self, a: int, b: int) -> None:
        self.spouses[a].add(b)
        self.spouses[b].add(a)

    # --- lineal -------------------------------------------------------------------------------

    def ancestors(self, person: int) -> dict[int, int]:
        """Every ancestor of ``person`` with the fewest generations between them (parent = 1)."""
        cached = self._ancestors.get(person)
        if cached is not None:
            return cached
        depths: dict[int, int] = {}
        frontier = set(self.parents.get(person, ()))
        depth = 1
        while frontier:
            fresh = {p for p in frontier if p not in depths}
            for p in fresh:
                depths[p] = depth
            frontier = {q for p in fresh for q in self.parents.get(p, ())} - depths.keys()
            depth += 1
        self._ancestors[person] = depths
        return depths

    def is_ancestor(self, ancestor: int, person: int) -> bool:
        return ancestor in self.ancestors(person)

    def _lineal(self, a: int, b: int) -> Relation | None:
        up = self.ancestors(a).get(b)
        if up is not None:
            return {1: Relation.PARENT, 2: Relation.GRANDPARENT}.get(up, Relation.ANCESTOR)
        down = self.ancestors(b).get(a)
        if down is not None:
            return {1: Relation.CHILD, 2: Relation.GRANDCHILD}.get(down, Relation.DESCENDANT)
        return None

    # --- collateral ---------------------------------------------------------------------------

    def is_sibling(self, a: int, b: int) -> bool:
        """Two different people with a parent in common (half-siblings included)."""
        return a != b and not self.parents.get(a, set()).isdisjoint(self.parents.get(b, set()))

    def collateral(self, a: int, b: int) -> set[Relation]:
        """What ``b`` is to ``a`` among the collateral blood relatives within three generations.

        Read from parent edges only: sibling (a shared parent), 伯叔姑舅姨 (a sibling of a
        parent), 侄/甥子女 (a child of a sibling), 堂/表兄弟姐妹 (a child of a parent's sibling).
        """
        if a == b:
            return set()
        found: set[Relation] = set()
        mine = self.parents.get(a, set())
        theirs = self.parents.get(b, set())
        if self.is_sibling(a, b):
            found.add(Relation.SIBLING)
        if any(self.is_sibling(p, b) for p in mine):
            found.add(Relation.UNCLE_AUNT)
        if any(self.is_sibling(q, a) for q in theirs):
            found.add(Relation.NEPHEW_NIECE)
        if any(self.is_sibling(p, q) for p in mine for q in theirs):
            found.add(Relation.COUSIN)
        return found

    def _collateral_kind(self, a: int, b: int) -> tuple[bool, bool]:
        """(b is a's sibling, b is another collateral relative of a within three generations)."""
        found = self.collateral(a, b)
        return Relation.SIBLING in found, bool(found - {Relation.SIBLING})

    # --- all relations ------------------------------------------------------------------------

    def relations(self, a: int, b: int) -> set[Relation]:
        """Every relation ``b`` has to ``a`` (empty if none)."""
        if a == b:
            return {Relation.SELF}
        found: set[Relation] = set()
        if b in self.spouses.get(a, ()):
            found.add(Relation.SPOUSE)
        lineal = self._lineal(a, b)
        if lineal is not None:
            found.add(lineal)
        found |= self.collateral(a, b)
        found |= self._in_laws(a, b)
        return found

    def _in_laws(self, a: int, b: int) -> set[Relation]:
        found: set[Relation] = set()
        their_spouses = self.spouses.get(b, set())
        for spouse in self.spouses.get(a, ()):
            if spouse == b:
                continue
            if b in self.parents.get(spouse, ()):
                found.add(Relation.SPOUSE_PARENT)
            sibling, other = self._collateral_kind(spouse, b)
            if sibling:
                found.add(Relation.SPOUSE_SIBLING)
            if other:
                found.add(Relation.SPOUSE_COLLATERAL)
            if any(t != a and self.is_sibling(spouse, t) for t in their_spouses):
                found.add(Relation.SPOUSE_SIBLING_SPOUSE)
        for spouse in their_spouses:
            if spouse == a:
                continue
            if a in self.parents.get(spouse, ()):
                found.add(Relation.CHILD_SPOUSE)
            sibling, other = self._collateral_kind(a, spouse)
            if sibling:
                found.add(Relation.SIBLING_SPOUSE)
            if other:
                found.add(Relation.COLLATERAL_SPOUSE)
        for child in self.children.get(a, ()):
            for child_spouse in self.spouses.get(child, ()):
                if child_spouse != a and b in self.parents.get(child_spouse, ()) and child != b:
                    found.add(Relation.CHILD_SPOUSE_PARENT)
        return found

    def relation(self, a: int, b: int) -> Relation | None:
        """The closest relation ``b`` has to ``a`` (see :data:`PRIORITY`), or ``None``."""
        found = self.relations(a, b)
        return min(found, key=_RANK.__getitem__) if found else None

    def related(self, a: int, b: int, predicate: str) -> bool:
        return bool(self.relations(a, b) & PREDICATE_RELATIONS[predicate])

    def conflicts(
        self, people: Iterable[int], against: Iterable[int], predicate: str
    ) -> list[tuple[int, int, Relation]]:
        """(member, other, relation) for each pair that is the same person or related."""
        wanted = PREDICATE_RELATIONS[predicate] | {Relation.SELF}
        others = list(dict.fromkeys(against))
        result: list[tuple[int, int, Relation]] = []
        for member in dict.fromkeys(people):
            for other in others:
                found = self.relations(member, other) & wanted
                if found:
                    result.append((member, other, min(found, key=_RANK.__getitem__)))
        return result
