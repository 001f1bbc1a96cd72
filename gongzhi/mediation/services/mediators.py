"""Mediators: registration (linked to the kinship register), calendar, conflict declarations."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction

from gongzhi.core.errors import InvalidState, ValidationFailed
from gongzhi.core.ids import resident_id_is_valid
from gongzhi.kinship import services as kinship_services
from gongzhi.kinship.models import Person
from gongzhi.mediation import access, events
from gongzhi.mediation.enums import Gender, MemberPosition
from gongzhi.mediation.languages import language_code
from gongzhi.mediation.models import (
    ConflictDeclaration,
    DisputeType,
    Mediation,
    MediationOrganisation,
    Mediator,
    MediatorUnavailability,
)
from gongzhi.mediation.services.organisations import organisation_member_add
from gongzhi.org import services as org_services
from gongzhi.org.enums import Role
from gongzhi.org.models import Region, User


def _languages(values: Iterable[str]) -> list[str]:
    codes = [language_code(v) for v in values if v and v.strip()]
    return sorted(set(codes)) or ["zh"]


@transaction.atomic
def mediator_register(
    *,
    actor: User | None,
    name: str,
    home_region: Region,
    id_number: str = "",
    gender: str = "",
    birth_date: date | None = None,
    ethnicity: str = "汉族",
    nationality: str = "中国",
    phone: str = "",
    title: str = "",
    languages: Iterable[str] = ("zh",),
    specialities: Iterable[DisputeType] = (),
    regions_covered: Iterable[Region] = (),
    max_load: int = 5,
    bio: str = "",
    user: User | None = None,
    organisation: MediationOrganisation | None = None,
    position: str = MemberPosition.APPOINTED,
) -> Mediator:
    """Register a mediator (人民调解法 arts. 13–14) and link them to the kinship register.

    1. A Chinese citizen is matched in the register on the resident ID number (GB 11643), so
       conflict checks find their relatives; without a valid number a register entry is made by
       name alone (a foreign mediator, 洋娘舅, has no resident ID).
    2. With an organisation the mediator joins it in ``position``; with a ``user`` whose
       organisation has a unit, the user gets the mediator role in that unit.
    """
    name = name.strip()
    if not name:
        raise ValidationFailed(
            "请填写调解员姓名", "a name is required", code="missing_name", detail={"field": "name"}
        )
    if gender and gender not in Gender.values:
        raise ValidationFailed(
            "性别无效", "unknown gender", code="invalid_gender", detail={"field": "gender"}
        )
    if max_load < 1:
        raise ValidationFailed("同时承办上限至少为 1", "max load must be at least 1", code="invalid_max_load")
    id_number = id_number.strip().upper()
    if id_number and not resident_id_is_valid(id_number):
        raise ValidationFailed(
            "身份证号码校验失败（GB 11643）",
            "the ID number fails its GB 11643 check",
            code="invalid_id_number",
            detail={"field": "id_number"},
        )
    if organisation is not None and actor is not None:
        access.require_organisation_manager(actor, organisation)
    person: Person = kinship_services.person_upsert(
        name=name, id_number=id_number, gender=gender, birth_date=birth_date, region=home_region, actor=actor
    )
    if Mediator.objects.filter(person=person).exists():
        raise InvalidState(
            "该人员已登记为调解员", "this person is already a mediator", code="mediator_exists"
        )
    mediator = Mediator.objects.create(
        person=person,
        user=user,
        name=name,
        gender=gender or person.gender,
        ethnicity=ethnicity.strip(),
        nationality=nationality.strip(),
        phone=phone.strip(),
        title=title.strip(),
        languages=_languages(languages),
        home_region=home_region,
        max_load=max_load,
        bio=bio.strip(),
    )
    mediator.specialities.set(list(specialities))
    mediator.regions_covered.set(list(regions_covered) or [home_region])
    events.record(
        subject=mediator,
        action="mediator.register",
        actor=actor,
        after={
            "name": name,
            "person": person.pk,
            "languages": mediator.languages,
            "specialities": [t.code for t in specialities],
            "home_region": home_region.code,
        },
    )
    if organisation is not None:
        organisation_member_add(actor=None, organisation=organisation, mediator=mediator, position=position)
        if user is not None and organisation.unit is not None:
            org_services.membership_grant(user=user, unit=organisation.unit, role=Role.MEDIATOR, actor=actor)
    return mediator


@transaction.atomic
def mediator_update(
    *,
    actor: User | None,
    mediator: Mediator,
    languages: Iterable[str] | None = None,
    specialities: Iterable[DisputeType] | None = None,
    regions_covered: Iterable[Region] | None = None,
    max_load: int | None = None,
    is_active: bool | None = None,
    title: str | None = None,
) -> Mediator:
    before = events.snapshot(mediator, "languages", "max_load", "is_active", "title")
    mediator = Mediator.objects.select_for_update(of=("self",)).get(pk=mediator.pk)
    if languages is not None:
        mediator.languages = _languages(languages)
    if max_load is not None:
        if max_load < 1:
            raise ValidationFailed(
                "同时承办上限至少为 1", "max load must be at least 1", code="invalid_max_load"
            )
        mediator.max_load = max_load
    if is_active is not None:
        mediator.is_active = is_active
    if title is not None:
        mediator.title = title.strip()
    mediator.save()
    if specialities is not None:
        mediator.specialities.set(list(specialities))
    if regions_covered is not None:
        mediator.regions_covered.set(list(regions_covered))
    events.record(
        subject=mediator,
        action="mediator.update",
        actor=actor,
        before=before,
        after=events.snapshot(mediator, "languages", "max_load", "is_active", "title"),
    )
    return mediator


@transaction.atomic
def mediator_unavailability_add(
    *, actor: User | None, mediator: Mediator, start: date, end: date, reason: str = ""
) -> MediatorUnavailability:
    """The availability calendar: the mediator is away from ``start`` to ``end`` (inclusive)."""
    if end < start:
        raise ValidationFailed(
            "结束日期不能早于开始日期",
            "the period ends before it starts",
            code="invalid_period",
            detail={"field": "end"},
        )
    period = MediatorUnavailability.objects.create(
        mediator=mediator, start=start, end=end, reason=reason.strip()
    )
    events.record(
        subject=mediator,
        action="mediator.unavailable",
        actor=actor,
        after={"start": start, "end": end},
        reason=reason,
    )
    return period


@transaction.atomic
def conflict_declare(
    *,
    actor: User | None,
    mediator: Mediator,
    reason: str,
    mediation: Mediation | None = None,
    person: Person | None = None,
    name: str = "",
    id_number: str = "",
) -> ConflictDeclaration:
    """Record a mediator's conflict of interest with a person, or with one mediation.

    A recorded declaration bars the mediator from that person's (or that) mediation: matching
    leaves them out and ``mediator_assign`` refuses them.
    """
    reason = reason.strip()
    if len(reason) < 2:
        raise ValidationFailed(
            "请说明利益冲突情况", "state the conflict", code="missing_reason", detail={"field": "reason"}
        )
    if mediation is None and person is None and not (name.strip() or id_number.strip()):
        raise ValidationFailed(
            "请指明与谁或哪一调解案件存在利益冲突",
            "name the person or the mediation",
            code="missing_conflict_subject",
        )
    id_number = id_number.strip().upper()
    if person is None and id_number and resident_id_is_valid(id_number):
        person = Person.objects.filter(id_number=id_number).first()
    declaration = ConflictDeclaration.objects.create(
        mediator=mediator,
        mediation=mediation,
        person=person,
        name=name.strip(),
        id_number=id_number,
        reason=reason,
        declared_by=actor if actor is not None and actor.pk else None,
    )
    events.record(
        subject=mediator,
        action="mediator.declare_conflict",
        actor=actor,
        after={
            "declaration": declaration.pk,
            "mediation": mediation.pk if mediation else None,
            "person": person.pk if person else None,
        },
        reason=reason,
    )
    return declaration
