"""Generated multi-generation families for the property tests, and an independent oracle.

A family is ``n`` people in birth order; each may have up to two parents among the people born
before them (so the parent edges never form a cycle) and at most one spouse. The oracle computes
the two kinship sets by composing relation operators on sets — a different route from
``KinGraph``'s pairwise checks, so the two agreeing means something.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st


@dataclass
class Family:
    size: int
    parents: dict[int, set[int]] = field(default_factory=dict)
    spouses: dict[int, int] = field(default_factory=dict)

    def children(self, x: int) -> set[int]:
        return {c for c, ps in self.parents.items() if x in ps}


@st.composite
def families(draw: st.DrawFn, *, max_size: int = 14) -> Family:
    size = draw(st.integers(min_value=2, max_value=max_size))
    family = Family(size=size)
    for child in range(size):
        family.parents[child] = set()
        if child == 0:
            continue
        count = draw(st.integers(min_value=0, max_value=2))
        chosen = draw(st.sets(st.integers(0, child - 1), min_size=0, max_size=count))
        family.parents[child] = set(chosen)
    pairs = draw(st.lists(st.tuples(st.integers(0, size - 1), st.integers(0, size - 1)), max_size=size))
    for a, b in pairs:
        if a != b and a not in family.spouses and b not in family.spouses:
            family.spouses[a] = b
            family.spouses[b] = a
    return family


def _union(sets: object) -> set[int]:
    out: set[int] = set()
    for s in sets:  # type: ignore[attr-defined]
        out |= s
    return out


class Oracle:
    def __init__(self, family: Family) -> None:
        self.f = family

    def P(self, xs: set[int]) -> set[int]:
        return _union(self.f.parents[x] for x in xs)

    def C(self, xs: set[int]) -> set[int]:
        return _union(self.f.children(x) for x in xs)

    def S(self, xs: set[int]) -> set[int]:
        return {self.f.spouses[x] for x in xs if x in self.f.spouses}

    def sib(self, xs: set[int]) -> set[int]:
        return _union(self.C(self.P({x})) - {x} for x in xs)

    def up(self, x: int) -> set[int]:
        seen: set[int] = set()
        frontier = self.P({x})
        while frontier - seen:
            seen |= frontier
            frontier = self.P(frontier)
        return seen

    def down(self, x: int) -> set[int]:
        return {y for y in range(self.f.size) if x in self.up(y)}

    def collateral3(self, xs: set[int]) -> set[int]:
        out: set[int] = set()
        for x in xs:
            out |= (
                self.sib({x}) | self.sib(self.P({x})) | self.C(self.sib({x})) | self.C(self.sib(self.P({x})))
            )
            out -= {x}
        return out

    def close(self, a: int) -> set[int]:
        x = {a}
        return (self.S(x) | self.P(x) | self.C(x) | self.sib(x) | self.P(self.P(x)) | self.C(self.C(x))) - x

    def recusal(self, a: int) -> set[int]:
        x = {a}
        spouse = self.S(x)
        in_laws = (
            self.P(spouse)
            | self.sib(spouse)
            | self.S(self.sib(spouse))
            | self.S(self.C(x))
            | self.P(self.S(self.C(x)))
            | self.S(self.collateral3(x))
            | self.collateral3(spouse)
        )
        return (spouse | self.up(a) | self.down(a) | self.collateral3(x) | in_laws) - x


@st.composite
def clans(draw: st.DrawFn, *, max_people: int = 40) -> Family:
    """A realistic clan: founder couples, 0–3 children per couple over three or four generations,
    children marrying outsiders who sometimes bring their own parents and a sibling."""
    family = Family(size=0)

    def new(parents: tuple[int, ...] = ()) -> int:
        person = family.size
        family.size += 1
        family.parents[person] = set(parents)
        return person

    def marry(a: int, b: int) -> None:
        family.spouses[a] = b
        family.spouses[b] = a

    couples: list[tuple[int, ...]] = []
    for _ in range(draw(st.integers(1, 2))):
        husband, wife = new(), new()
        marry(husband, wife)
        couples.append((husband, wife))
    for _ in range(draw(st.integers(2, 3))):
        next_couples: list[tuple[int, ...]] = []
        for couple in couples:
            for _ in range(draw(st.integers(0, 3))):
                if family.size >= max_people:
                    break
                parents = couple if draw(st.integers(0, 9)) else couple[:1]  # now and then one parent known
                child = new(parents)
                if draw(st.booleans()):
                    in_laws: tuple[int, ...] = ()
                    if draw(st.booleans()):
                        in_laws = (new(), new())
                        marry(*in_laws)
                        if draw(st.booleans()):
                            new(in_laws)  # the outsider's sibling
                    outsider = new(in_laws)
                    marry(child, outsider)
                    next_couples.append((child, outsider))
        couples = next_couples
    return family
