"""Writes to the kinship register: people, households and the parent/spouse edges.

Each function is keyword-only, runs in one transaction, refuses bad input with a domain error
before changing anything, and appends an audit event (``gongzhi.kinship.events``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from gongzhi.core.errors import InvalidState, ValidationFailed
from gongzhi.core.ids import resident_id_is_valid
from gongzhi.kinship import events
from gongzhi.kinship.enums import Gender, LinkKind
from gongzhi.kinship.models import Household, KinshipLink, Person
from gongzhi.kinship.selectors import graph_for
from gongzhi.org.models import Region, User

__all__ = ["household_upsert", "kinship_link", "kinship_unlink", "person_update", "person_upsert"]


def _facts_from_id(id_number: str) -> tuple[date, str]:
    """GB 11643: characters 7–14 are the birth date, the 17th is odd for men and even for women."""
    try:
        born = date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        raise ValidationFailed(
            "身份证号码中的出生日期无效",
            "the birth date inside the ID number is not a date",
            code="invalid_id_number",
            detail={"field": "id_number"},
        ) from None
    return born, (Gender.MALE if int(id_number[16]) % 2 else Gender.FEMALE)


def _clean_person(
    *, name: str, id_number: str, gender: str, birth_date: date | None
) -> tuple[str, str, str, date | None]:
    name = name.strip()
    if not name:
        raise ValidationFailed(
            "姓名不能为空", "a name is required", code="name_required", detail={"field": "name"}
        )
    id_number = id_number.strip().upper()
    if gender and gender not in Gender.values:
        raise ValidationFailed(
            f"未知性别：{gender}",
            f"unknown gender: {gender}",
            code="invalid_gender",
            detail={"field": "gender"},
        )
    if id_number:
        if not resident_id_is_valid(id_number):
            raise ValidationFailed(
                "身份证号码校验不通过（GB 11643）",
                "the ID number fails the GB 11643 check",
                code="invalid_id_number",
                detail={"field": "id_number"},
            )
        born, sex = _facts_from_id(id_number)
        if birth_date is not None and birth_date != born:
            raise ValidationFailed(
                "出生日期与身份证号码不一致",
                "the birth date contradicts the ID number",
                code="birth_date_mismatch",
                detail={"field": "birth_date"},
            )
        if gender and gender != sex:
            raise ValidationFailed(
                "性别与身份证号码不一致",
                "the gender contradicts the ID number",
                code="gender_mismatch",
                detail={"field": "gender"},
            )
        birth_date, gender = born, sex
    return name, id_number, gender, birth_date


@transaction.atomic
def person_upsert(
    *,
    name: str,
    id_number: str = "",
    gender: str = "",
    birth_date: date | None = None,
    region: Region | None = None,
    household: Household | None = None,
    actor: User | None = None,
) -> Person:
    """Register a person, or update the one with this ID number.

    1. With an ID number (GB 11643, checked) the person is matched on it: a second call updates
       the name and every field given (empty arguments keep what is stored). Birth date and
       gender are read from the number and must agree with any given.
    2. Without an ID number a new person is always created: names alone do not identify people.
    3. The person's region defaults to the household's, and must agree with it.
    """
    name, id_number, gender, birth_date = _clean_person(
        name=name, id_number=id_number, gender=gender, birth_date=birth_date
    )
    if household is not None:
        if region is None:
            region = household.region
        elif region.pk != household.region_id:
            raise ValidationFailed(
                "人员所属区划与其户不一致",
                "the person's region differs from the household's",
                code="household_region_mismatch",
                detail={"field": "region"},
            )
    existing = (
        Person.objects.select_for_update(of=("self",)).filter(id_number=id_number).first()
        if id_number
        else None
    )
    if existing is None:
        person = Person.objects.create(
            name=name,
            id_number=id_number,
            gender=gender,
            birth_date=birth_date,
            household=household,
            region=region,
        )
        events.person_saved(person=person, actor=actor, created=True)
        return person
    wanted: dict[str, Any] = {"name": name}
    for field, value in (
        ("gender", gender),
        ("birth_date", birth_date),
        ("household", household),
        ("region", region),
    ):
        if value:
            wanted[field] = value
    changed = [field for field, value in wanted.items() if getattr(existing, field) != value]
    if not changed:
        return existing
    before = events.person_snapshot(existing)
    for field in changed:
        setattr(existing, field, wanted[field])
    existing.save(update_fields=[*changed, "updated_at"])
    events.person_saved(person=existing, actor=actor, created=False, before=before)
    return existing


@transaction.atomic
def person_update(
    *,
    person: Person,
    name: str,
    id_number: str = "",
    gender: str = "",
    birth_date: date | None = None,
    household: Household | None = None,
    actor: User | None = None,
) -> Person:
    """Correct a registered person's entry (the register page's "edit").

    1. The fields given replace the stored ones; the ID number, once recorded, may be corrected
       but not removed (an empty one keeps it), and must not belong to someone else.
    2. A household must be in the person's region.
    3. A birth date that would make a parent younger than a child (or a child older than a
       parent) is refused, as when the link was recorded.
    """
    current = Person.objects.select_for_update(of=("self",)).get(pk=person.pk)
    name, id_number, gender, birth_date = _clean_person(
        name=name, id_number=id_number or current.id_number, gender=gender, birth_date=birth_date
    )
    if id_number and Person.objects.filter(id_number=id_number).exclude(pk=current.pk).exists():
        raise ValidationFailed(
            "该身份证号码已登记在另一人名下",
            "this ID number belongs to another registered person",
            code="id_number_taken",
            detail={"field": "id_number"},
        )
    if household is not None and household.region_id != current.region_id:
        raise ValidationFailed(
            "户不在该人员所属区划",
            "the household is in another region",
            code="household_region_mismatch",
            detail={"field": "household"},
        )
    if birth_date is not None:
        links = KinshipLink.objects.filter(kind=LinkKind.PARENT).select_related("person", "relative")
        older_child = links.filter(relative=current, person__birth_date__lte=birth_date).first()
        younger_parent = links.filter(person=current, relative__birth_date__gte=birth_date).first()
        if younger_parent is not None or older_child is not None:
            parent = younger_parent.relative if younger_parent is not None else current
            child = current if younger_parent is not None else older_child.person  # type: ignore[union-attr]
            raise _refuse(
                "kinship_parent_younger",
                f"父母{parent.name}的出生日期不早于子女{child.name}",
                "the parent is not older than the child",
                field="birth_date",
            )
    wanted: dict[str, Any] = {
        "name": name,
        "id_number": id_number,
        "gender": gender,
        "birth_date": birth_date,
        "household": household,
    }
    changed = [field for field, value in wanted.items() if getattr(current, field) != value]
    if not changed:
        return current
    before = events.person_snapshot(current)
    for field in changed:
        setattr(current, field, wanted[field])
    current.save(update_fields=[*changed, "updated_at"])
    events.person_saved(person=current, actor=actor, created=False, before=before)
    return current


@transaction.atomic
def household_upsert(
    *,
    region: Region,
    code: str,
    head: Person | None = None,
    address: str = "",
    actor: User | None = None,
) -> Household:
    """A household by its code within ``region``; a second call updates the head and address."""
    code = code.strip()
    if not code:
        raise ValidationFailed("户号不能为空", "a household code is required", code="code_required")
    household = Household.objects.select_for_update(of=("self",)).filter(region=region, code=code).first()
    if household is None:
        household = Household.objects.create(region=region, code=code, head=head, address=address.strip())
        events.household_saved(household=household, actor=actor, created=True)
        return household
    before = {"head": household.head_id, "address": household.address}
    changed = []
    if head is not None and household.head_id != head.pk:
        household.head = head
        changed.append("head")
    if address.strip() and household.address != address.strip():
        household.address = address.strip()
        changed.append("address")
    if changed:
        household.save(update_fields=[*changed, "updated_at"])
        events.household_saved(household=household, actor=actor, created=False, before=before)
    return household


def _refuse(code: str, zh: str, en: str, **detail: Any) -> ValidationFailed:
    return ValidationFailed(zh, en, code=code, detail=detail)


@transaction.atomic
def kinship_link(*, person: Person, relative: Person, kind: str, actor: User | None = None) -> KinshipLink:
    """Record that ``relative`` is ``person``'s parent (``kind="parent"``) or spouse (``"spouse"``).

    Refused, changing nothing: a link to oneself; a link already recorded; a third parent; a parent
    who is younger than the child (both birth dates known); a parent link that would make someone
    their own ancestor (a cycle); a second spouse for someone who already has one.
    """
    if kind not in LinkKind.values:
        raise _refuse("unknown_link_kind", f"未知的关系类型：{kind}", f"unknown link kind: {kind}", kind=kind)
    if person.pk == relative.pk:
        raise _refuse("kinship_self_link", "不能与本人建立亲属关系", "a person cannot be their own relative")
    # Lock both people so concurrent links to them queue behind this one.
    list(Person.objects.select_for_update(of=("self",)).filter(pk__in=[person.pk, relative.pk]))
    if kind == LinkKind.SPOUSE:
        first, second = sorted((person, relative), key=lambda p: p.pk)
        if KinshipLink.objects.filter(person=first, relative=second, kind=kind).exists():
            raise InvalidState(
                "该配偶关系已登记", "this marriage is already recorded", code="kinship_duplicate"
            )
        married = [
            p.name
            for p in (person, relative)
            if KinshipLink.objects.filter(kind=kind).filter(person=p).exists()
            or KinshipLink.objects.filter(kind=kind).filter(relative=p).exists()
        ]
        if married:
            raise _refuse(
                "kinship_second_spouse",
                f"{'、'.join(married)}已登记配偶，不能再登记第二个配偶",
                "a person may have only one recorded spouse",
                people=married,
            )
        link = KinshipLink.objects.create(person=first, relative=second, kind=kind)
        events.link_created(link=link, actor=actor)
        return link

    if KinshipLink.objects.filter(person=person, relative=relative, kind=kind).exists():
        raise InvalidState(
            "该父母子女关系已登记", "this parent link is already recorded", code="kinship_duplicate"
        )
    if KinshipLink.objects.filter(person=person, kind=kind).count() >= 2:
        raise _refuse(
            "kinship_third_parent",
            f"{person.name}已登记两位父母",
            "a person cannot have a third parent",
            person=person.pk,
        )
    if person.birth_date and relative.birth_date and relative.birth_date >= person.birth_date:
        raise _refuse(
            "kinship_parent_younger",
            f"父母{relative.name}的出生日期不早于子女{person.name}",
            "the parent is not older than the child",
        )
    if graph_for({relative.pk}).is_ancestor(person.pk, relative.pk):
        raise _refuse(
            "kinship_cycle",
            f"{person.name}已是{relative.name}的直系长辈，不能再登记为其子女（成环）",
            "this link would make someone their own ancestor",
            person=person.pk,
            relative=relative.pk,
        )
    link = KinshipLink.objects.create(person=person, relative=relative, kind=kind)
    events.link_created(link=link, actor=actor)
    return link


@transaction.atomic
def kinship_unlink(*, link: KinshipLink, reason: str, actor: User | None = None) -> None:
    """Remove an edge recorded in error; the reason is kept in the audit trail."""
    if not reason.strip():
        raise _refuse("reason_required", "删除亲属关系须说明理由", "a reason is required", field="reason")
    current = KinshipLink.objects.select_for_update(of=("self",)).filter(pk=link.pk).first()
    if current is None:
        raise InvalidState("该亲属关系已不存在", "this link no longer exists", code="kinship_link_gone")
    before = {"person": current.person_id, "relative": current.relative_id, "kind": current.kind}
    link_id = current.pk
    current.delete()
    events.link_removed(link_id=link_id, before=before, actor=actor, reason=reason.strip())
