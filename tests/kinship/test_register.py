"""The kinship register through its services and selectors, against the database."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongzhi.core.errors import InvalidState, ValidationFailed
from gongzhi.core.ids import resident_id_check_char
from gongzhi.core.models import AuditEvent
from gongzhi.kinship import selectors, services
from gongzhi.kinship.enums import Predicate
from gongzhi.kinship.models import KinshipLink, Person
from tests.kinship.families import clans
from tests.kinship.test_predicates_properties import graph_of

pytestmark = pytest.mark.django_db


def resident_id(birth: str, serial: str) -> str:
    first17 = "330621" + birth + serial
    return first17 + resident_id_check_char(first17)


def person(name: str, born: int | None = None, gender: str = "") -> Person:
    return services.person_upsert(name=name, birth_date=date(born, 1, 1) if born else None, gender=gender)


def parent(child: Person, *parents: Person) -> None:
    for p in parents:
        services.kinship_link(person=child, relative=p, kind="parent")


def marry(a: Person, b: Person) -> None:
    services.kinship_link(person=a, relative=b, kind="spouse")


@pytest.fixture
def wang(db):
    """Four generations of the 王 family and their in-laws."""
    p = {
        name: person(name, born)
        for name, born in [
            ("王太公", 1910),
            ("王老大", 1935),
            ("李奶奶", 1937),
            ("王建国", 1960),
            ("王秀英", 1963),
            ("陈美", 1962),
            ("张强", 1961),
            ("陈父", 1935),
            ("陈母", 1936),
            ("陈刚", 1965),
            ("赵丽", 1966),
            ("王小明", 1985),
            ("王小红", 1988),
            ("张伟", 1986),
            ("刘芳", 1987),
            ("刘父", 1960),
            ("陌生人", 1970),
        ]
    }
    parent(p["王老大"], p["王太公"])
    marry(p["王老大"], p["李奶奶"])
    parent(p["王建国"], p["王老大"], p["李奶奶"])
    parent(p["王秀英"], p["王老大"], p["李奶奶"])
    marry(p["王建国"], p["陈美"])
    marry(p["王秀英"], p["张强"])
    marry(p["陈父"], p["陈母"])
    parent(p["陈美"], p["陈父"], p["陈母"])
    parent(p["陈刚"], p["陈父"], p["陈母"])
    marry(p["陈刚"], p["赵丽"])
    parent(p["王小明"], p["王建国"], p["陈美"])
    parent(p["王小红"], p["王建国"], p["陈美"])
    parent(p["张伟"], p["王秀英"], p["张强"])
    marry(p["王小明"], p["刘芳"])
    parent(p["刘芳"], p["刘父"])
    return p


@pytest.mark.parametrize(
    ("a", "b", "relation", "close", "recusal"),
    [
        ("王小明", "王建国", "parent", True, True),
        ("王建国", "王小明", "child", True, True),
        ("王小明", "王小红", "sibling", True, True),
        ("王小明", "王老大", "grandparent", True, True),
        ("王小明", "陈母", "grandparent", True, True),  # 外祖母
        ("王老大", "张伟", "grandchild", True, True),  # 外孙
        ("王小明", "王太公", "ancestor", False, True),
        ("王小明", "王秀英", "uncle_aunt", False, True),  # 姑
        ("王小明", "陈刚", "uncle_aunt", False, True),  # 舅
        ("王秀英", "王小明", "nephew_niece", False, True),
        ("王小明", "张伟", "cousin", False, True),  # 表兄弟
        ("王小明", "刘芳", "spouse", True, True),
        ("刘芳", "王建国", "spouse_parent", False, True),
        ("王建国", "刘芳", "child_spouse", False, True),
        ("王建国", "陈刚", "spouse_sibling", False, True),  # 妻兄弟: brother-in-law
        ("陈刚", "王建国", "sibling_spouse", False, True),  # 姐夫
        ("王建国", "赵丽", "spouse_sibling_spouse", False, True),
        ("王建国", "刘父", "child_spouse_parent", False, True),  # 亲家
        ("王秀英", "刘芳", "collateral_spouse", False, True),  # 侄媳
        ("刘芳", "王秀英", "spouse_collateral", False, True),
        ("王小明", "赵丽", "collateral_spouse", False, True),  # 舅妈
        ("张强", "陈美", "spouse_sibling_spouse", False, True),
        ("张强", "陈刚", None, False, False),
        ("王小明", "陌生人", None, False, False),
        ("王太公", "刘父", None, False, False),
    ],
)
def test_relations_in_a_four_generation_family(wang, a, b, relation, close, recusal):
    assert selectors.relation_between(wang[a], wang[b]) == relation
    assert selectors.is_close_relative(wang[a], wang[b]) is close
    assert selectors.is_recusal_relative(wang[a], wang[b]) is recusal
    assert selectors.is_recusal_relative(wang[b], wang[a]) is recusal


def test_conflicted_people_names_each_pair_and_the_same_person(wang):
    team = [wang["王建国"], wang["王老大"], wang["陌生人"]]
    bidders = [wang["陈刚"], wang["陌生人"]]
    found = selectors.conflicted_people(people=team, against=bidders, predicate=Predicate.RECUSAL_RELATIVE)
    assert [(m.name, o.name, r) for m, o, r in found] == [
        ("王建国", "陈刚", "spouse_sibling"),
        ("陌生人", "陌生人", "self"),
    ]
    close = selectors.conflicted_people(people=team, against=bidders, predicate=Predicate.CLOSE_RELATIVE)
    assert [(m.name, o.name, r) for m, o, r in close] == [("陌生人", "陌生人", "self")]


def test_an_unknown_predicate_is_refused(wang):
    with pytest.raises(ValidationFailed):
        selectors.related_by(wang["王建国"], wang["陈刚"], predicate="friend")


def test_selector_queries_do_not_grow_with_the_register(wang, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        selectors.relation_between(wang["王小明"], wang["赵丽"])


# --- refusals: each changes nothing -------------------------------------------------------------


def _state() -> tuple[int, int]:
    return KinshipLink.objects.count(), AuditEvent.objects.count()


def test_a_cycle_is_refused(wang):
    before = _state()
    with pytest.raises(ValidationFailed) as refused:
        # 王太公 is 王小明's great-grandfather; he cannot also be his child.
        services.kinship_link(person=wang["王太公"], relative=wang["王小明"], kind="parent")
    assert refused.value.code in {"kinship_cycle", "kinship_parent_younger"}
    assert _state() == before
    # Without birth dates the age check cannot help: the cycle check must.
    a, b, c = person("甲"), person("乙"), person("丙")
    parent(b, a)
    parent(c, b)
    before = _state()
    with pytest.raises(ValidationFailed) as refused:
        services.kinship_link(person=a, relative=c, kind="parent")
    assert refused.value.code == "kinship_cycle"
    assert _state() == before


def test_self_link_third_parent_second_spouse_and_duplicates_are_refused(wang):
    before = _state()
    with pytest.raises(ValidationFailed) as refused:
        services.kinship_link(person=wang["王小明"], relative=wang["王小明"], kind="spouse")
    assert refused.value.code == "kinship_self_link"
    with pytest.raises(ValidationFailed) as refused:
        services.kinship_link(person=wang["王小明"], relative=wang["刘父"], kind="parent")
    assert refused.value.code == "kinship_third_parent"
    with pytest.raises(ValidationFailed) as refused:
        marry(wang["王小红"], wang["王小明"])
    assert refused.value.code == "kinship_second_spouse"
    with pytest.raises(InvalidState):
        marry(wang["刘芳"], wang["王小明"])  # the same marriage, the other way round
    with pytest.raises(InvalidState):
        parent(wang["王小明"], wang["王建国"])
    with pytest.raises(ValidationFailed) as refused:
        services.kinship_link(person=wang["王小明"], relative=wang["陈父"], kind="cousin")
    assert refused.value.code == "unknown_link_kind"
    assert _state() == before


def test_a_parent_younger_than_the_child_is_refused(wang):
    before = _state()
    with pytest.raises(ValidationFailed) as refused:
        parent(wang["刘父"], wang["张伟"])
    assert refused.value.code == "kinship_parent_younger"
    assert _state() == before


def test_person_upsert_matches_on_the_id_number_and_reads_birth_and_gender_from_it():
    number = resident_id("19800101", "123")
    first = services.person_upsert(name="王五", id_number=number)
    assert first.birth_date == date(1980, 1, 1)
    assert first.gender == "male"  # 17th digit 3 is odd
    again = services.person_upsert(name="王 五".replace(" ", ""), id_number=number.lower())
    assert again.pk == first.pk
    renamed = services.person_upsert(name="王武", id_number=number)
    assert renamed.pk == first.pk and renamed.name == "王武"
    assert Person.objects.filter(id_number=number).count() == 1


def test_person_upsert_refuses_bad_id_numbers_and_contradictions():
    before = Person.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationFailed):
        services.person_upsert(name="王五", id_number="330621198001011230")  # wrong check character
    with pytest.raises(ValidationFailed):
        services.person_upsert(
            name="王五", id_number=resident_id("19800101", "123"), birth_date=date(1981, 1, 1)
        )
    with pytest.raises(ValidationFailed):
        services.person_upsert(name="王五", id_number=resident_id("19800101", "123"), gender="female")
    with pytest.raises(ValidationFailed):
        services.person_upsert(name="  ")
    assert (Person.objects.count(), AuditEvent.objects.count()) == before


# --- the database-backed selectors see what the whole graph sees -------------------------------


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(family=clans(max_people=20), data=st.data())
def test_loading_only_the_neighbourhood_gives_the_same_answers(db, family, data):
    with transaction.atomic():
        people = [services.person_upsert(name=f"人{i}") for i in range(family.size)]
        for child, parents in family.parents.items():
            for p in parents:
                services.kinship_link(person=people[child], relative=people[p], kind="parent")
        for a, b in family.spouses.items():
            if a < b:
                services.kinship_link(person=people[a], relative=people[b], kind="spouse")
        whole = graph_of(family)
        # One pair of every relation the family has, rare ones included.
        by_relation: dict[object, list[tuple[int, int]]] = {}
        for a in range(family.size):
            for b in range(family.size):
                by_relation.setdefault(whole.relation(a, b), []).append((a, b))
        pairs = [data.draw(st.sampled_from(found)) for _, found in sorted(by_relation.items(), key=str)]
        for a, b in pairs:
            expected = whole.relation(a, b)
            got = selectors.relation_between(people[a], people[b])
            assert got == (str(expected) if expected is not None else None), (a, b)
        transaction.set_rollback(True)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(family=clans(max_people=16), data=st.data())
def test_no_one_can_become_their_own_ancestor(db, family, data):
    """Linking any ancestor as the child of one of their descendants is refused, changing nothing."""
    with transaction.atomic():
        people = [services.person_upsert(name=f"人{i}") for i in range(family.size)]
        for child, parents in family.parents.items():
            for p in parents:
                services.kinship_link(person=people[child], relative=people[p], kind="parent")
        whole = graph_of(family)
        pairs = [
            (ancestor, person)
            for person in range(family.size)
            for ancestor in whole.ancestors(person)
            if len(family.parents[ancestor]) < 2
        ]
        if pairs:
            ancestor, descendant = data.draw(st.sampled_from(pairs))
            before = _state()
            with pytest.raises(ValidationFailed) as refused:
                services.kinship_link(person=people[ancestor], relative=people[descendant], kind="parent")
            assert refused.value.code == "kinship_cycle"
            assert _state() == before
        transaction.set_rollback(True)


def test_person_update_corrects_an_entry_and_refuses_a_taken_id_number_or_a_foreign_household(db):
    from tests.conftest import region

    lianhua, shuangye = region("330603114211"), region("330603114226")
    taken = resident_id("19700101", "123")
    services.person_upsert(name="甲", id_number=taken)
    entry = services.person_upsert(name="乙", region=lianhua)
    updated = services.person_update(person=entry, name="乙某", id_number=resident_id("19800202", "124"))
    assert updated.name == "乙某" and updated.birth_date == date(1980, 2, 2) and updated.gender == "female"
    elsewhere = services.household_upsert(region=shuangye, code="S1")
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        services.person_update(person=entry, name="乙某", id_number=taken)
    assert refused.value.code == "id_number_taken"
    with pytest.raises(ValidationFailed) as refused:
        services.person_update(person=entry, name="乙某", household=elsewhere)
    assert refused.value.code == "household_region_mismatch"
    entry.refresh_from_db()
    assert entry.id_number == resident_id("19800202", "124") and entry.household is None
    assert AuditEvent.objects.count() == events
