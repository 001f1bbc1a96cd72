"""Mediation organisations: committees (org units), studios, their members and terms."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongzhi.core.errors import InvalidState, ValidationFailed
from gongzhi.core.models import AuditEvent
from gongzhi.mediation import access, events
from gongzhi.mediation.enums import MemberPosition, OrganisationType, StudioRating
from gongzhi.mediation.languages import language_code
from gongzhi.mediation.models import DisputeType, MediationOrganisation, Mediator, OrganisationMember
from gongzhi.org import selectors as org_selectors
from gongzhi.org.enums import RegionLevel, UnitKind
from gongzhi.org.models import Region, Unit, User

# The district industry committee that takes foreign-related disputes (default_units.json).
FOREIGN_FUNCTION = "mediation_foreign_commercial"
PEOPLE_MEDIATION = "people_mediation"
DISTRICT_MEDIATION_BOARD = "board_mediation"
TOWN_HOST_FUNCTION = "justice"


def _set_specialities(organisation: MediationOrganisation, types: Iterable[DisputeType]) -> None:
    organisation.specialities.set(list(types))


def _types_by_function() -> dict[str, list[DisputeType]]:
    by_function: dict[str, list[DisputeType]] = {}
    for dispute_type in DisputeType.objects.filter(is_active=True):
        for function in dispute_type.committee_functions:
            by_function.setdefault(function, []).append(dispute_type)
    return by_function


@transaction.atomic
def organisations_load_defaults(*, actor: User | None = None) -> dict[str, int]:
    """A profile for every committee of the organisation, created once (edits are kept).

    1. Every mediation-committee unit: a village's 人民调解委员会 (people's), the district's
       industry committees (industry; the foreign-related commercial one as foreign_related).
    2. Every town: the town 人民调解委员会 — its own unit (``default_units.json`` has one per
       town, function ``people_mediation``) with the town's 司法所 as its secretariat
       (``host_unit``: it staffs the committee and holds its cases); a profile made before the
       unit existed is linked to it. A town without such a unit gets a profile hosted by the
       司法所 alone.
    3. The district: the people's mediation committee of the district centre's 调解服务 board.
    Written in bulk (there are hundreds of villages), with one audit event per profile.
    """
    by_function = _types_by_function()
    existing = set(MediationOrganisation.objects.values_list("code", flat=True))
    wanted: list[tuple[MediationOrganisation, list[DisputeType]]] = []

    def add(organisation: MediationOrganisation, function: str) -> None:
        if organisation.code not in existing:
            existing.add(organisation.code)
            wanted.append((organisation, by_function.get(function, [])))

    for unit in org_selectors.unit_list(kind=UnitKind.MEDIATION_COMMITTEE):
        if unit.function == PEOPLE_MEDIATION:
            org_type = OrganisationType.PEOPLES
        elif unit.function == FOREIGN_FUNCTION:
            org_type = OrganisationType.FOREIGN_RELATED
        else:
            org_type = OrganisationType.INDUSTRY
        languages = ["ar", "en", "zh"] if org_type == OrganisationType.FOREIGN_RELATED else ["zh"]
        secretariat = None
        if unit.function == PEOPLE_MEDIATION and unit.level == RegionLevel.TOWN:
            secretariat = org_selectors.unit_by_function(
                region=unit.region, function=TOWN_HOST_FUNCTION, level=RegionLevel.TOWN
            )
            # A profile made before the town had its committee unit: link it (edits kept).
            if not MediationOrganisation.objects.filter(unit=unit).exists():
                MediationOrganisation.objects.filter(code=unit.code, unit__isnull=True).update(unit=unit)
        add(
            MediationOrganisation(
                code=unit.code,
                name=unit.name,
                org_type=org_type,
                level=unit.level,
                region=unit.region,
                region_path=unit.region.path,
                unit=unit,
                host_unit=secretariat,
                languages=languages,
                address=unit.address,
                phone=unit.phone,
            ),
            unit.function,
        )
    for town in org_selectors.region_list(level=RegionLevel.TOWN):
        own = org_selectors.unit_by_function(region=town, function=PEOPLE_MEDIATION, level=RegionLevel.TOWN)
        if own is not None and own.kind == UnitKind.MEDIATION_COMMITTEE:
            continue  # profiled above
        host = org_selectors.unit_by_function(
            region=town, function=TOWN_HOST_FUNCTION, level=RegionLevel.TOWN
        )
        add(
            MediationOrganisation(
                code=f"{town.code}-mediation",
                name=f"{town.name}人民调解委员会",
                org_type=OrganisationType.PEOPLES,
                level=RegionLevel.TOWN,
                region=town,
                region_path=town.path,
                host_unit=host,
                languages=["zh"],
            ),
            PEOPLE_MEDIATION,
        )
    for district in org_selectors.region_list(level=RegionLevel.DISTRICT):
        board = (
            org_selectors.unit_list(kind=UnitKind.FUNCTION_BOARD, level=RegionLevel.DISTRICT)
            .filter(region=district, function=DISTRICT_MEDIATION_BOARD)
            .first()
        )
        add(
            MediationOrganisation(
                code=f"{district.code}-mediation",
                name=f"{district.name}社会治理中心人民调解委员会",
                org_type=OrganisationType.PEOPLES,
                level=RegionLevel.DISTRICT,
                region=district,
                region_path=district.path,
                host_unit=board or org_selectors.centre_for_region(region=district),
                languages=["zh"],
            ),
            PEOPLE_MEDIATION,
        )
    created = MediationOrganisation.objects.bulk_create([organisation for organisation, _ in wanted])
    by_code = {o.code: o for o in MediationOrganisation.objects.filter(code__in=[o.code for o in created])}
    through = MediationOrganisation.specialities.through
    through.objects.bulk_create(
        [
            through(mediationorganisation_id=by_code[o.code].pk, disputetype_id=t.pk)
            for o, types in wanted
            for t in types
        ]
    )
    now = timezone.now()
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                occurred_at=now,
                actor=actor if actor is not None and actor.pk else None,
                actor_label=str(actor) if actor is not None else "系统",
                subject_type="mediationorganisation",
                subject_id=by_code[o.code].pk,
                action="organisation.create",
                after={
                    "code": o.code,
                    "name": o.name,
                    "org_type": o.org_type,
                    "level": o.level,
                    "specialities": [t.code for t in types],
                },
            )
            for o, types in wanted
        ]
    )
    return {"created": len(created), "existing": len(existing) - len(created)}


def _check_profile(
    org_type: str, rating: str, level: str, term_start: date | None, term_end: date | None
) -> None:
    if org_type not in OrganisationType.values:
        raise ValidationFailed("调解组织类型无效", "unknown organisation type", code="invalid_org_type")
    if rating not in StudioRating.values:
        raise ValidationFailed(
            "等级无效", "unknown rating", code="invalid_rating", detail={"field": "rating"}
        )
    if level not in (RegionLevel.VILLAGE, RegionLevel.TOWN, RegionLevel.DISTRICT):
        raise ValidationFailed("层级无效", "unknown level", code="invalid_level", detail={"field": "level"})
    if term_start and term_end and term_end <= term_start:
        raise ValidationFailed(
            "任期结束日期须晚于开始日期",
            "the term must end after it starts",
            code="invalid_term",
            detail={"field": "term_end"},
        )


@transaction.atomic
def organisation_upsert(
    *,
    actor: User | None,
    code: str,
    name: str,
    org_type: str,
    region: Region,
    level: str | None = None,
    unit: Unit | None = None,
    host_unit: Unit | None = None,
    namesake: str = "",
    theme: str = "",
    rating: str = "",
    is_featured: bool = False,
    term_start: date | None = None,
    term_end: date | None = None,
    specialities: Iterable[DisputeType] = (),
    languages: Iterable[str] = ("zh",),
    address: str = "",
    phone: str = "",
    description: str = "",
    is_multi_ethnic_area: bool = False,
) -> MediationOrganisation:
    """Create or update an organisation's profile by its code (a studio, or a committee's data).

    A studio is named after a person (``namesake``) or a theme; ``rating`` records its brand
    level (省级金牌 …). Existing profiles may be changed only by their managers.
    """
    code = code.strip()
    name = name.strip()
    if not code or not name:
        raise ValidationFailed("请填写组织编码和名称", "code and name are required", code="missing_name")
    level = level or region.level
    _check_profile(org_type, rating, level, term_start, term_end)
    if org_type == OrganisationType.STUDIO and not (namesake.strip() or theme.strip()):
        raise ValidationFailed(
            "调解工作室须以人名或主题命名",
            "a studio is named after a person or a theme",
            code="studio_needs_name",
            detail={"field": "namesake"},
        )
    current = MediationOrganisation.objects.select_for_update(of=("self",)).filter(code=code).first()
    if current is not None and actor is not None:
        access.require_organisation_manager(actor, current)
    wanted: dict[str, Any] = {
        "name": name,
        "org_type": org_type,
        "level": level,
        "region": region,
        "region_path": region.path,
        "unit": unit,
        "host_unit": host_unit,
        "namesake": namesake.strip(),
        "theme": theme.strip(),
        "rating": rating,
        "is_featured": is_featured,
        "term_start": term_start,
        "term_end": term_end,
        "languages": sorted({language_code(x) for x in languages if x}),
        "address": address.strip(),
        "phone": phone.strip(),
        "description": description.strip(),
        "is_multi_ethnic_area": is_multi_ethnic_area,
    }
    before = events.snapshot(current, *wanted) if current is not None else {}
    organisation, created = MediationOrganisation.objects.update_or_create(code=code, defaults=wanted)
    _set_specialities(organisation, specialities)
    events.record(
        subject=organisation,
        action="organisation.create" if created else "organisation.update",
        actor=actor,
        before=before,
        after={"code": code, **wanted, "specialities": [t.code for t in organisation.specialities.all()]},
    )
    return organisation


@transaction.atomic
def organisation_member_add(
    *,
    actor: User | None,
    organisation: MediationOrganisation,
    mediator: Mediator,
    position: str,
    term_start: date | None = None,
    term_end: date | None = None,
) -> OrganisationMember:
    """Add a mediator as chair, vice-chair, member (委员) or appointed mediator (聘任).

    The composition rules (3–9 members, a woman, 3-year terms) are reported as warnings by
    ``selectors.organisation_warnings``, not refused: a committee mid-election is still real.
    A second chair is refused.
    """
    if actor is not None:
        access.require_organisation_manager(actor, organisation)
    if position not in MemberPosition.values:
        raise ValidationFailed(
            "职务无效", "unknown position", code="invalid_position", detail={"field": "position"}
        )
    if term_start and term_end and term_end <= term_start:
        raise ValidationFailed(
            "任期结束日期须晚于开始日期", "the term must end after it starts", code="invalid_term"
        )
    list(MediationOrganisation.objects.select_for_update(of=("self",)).filter(pk=organisation.pk))
    if (
        position == MemberPosition.CHAIR
        and organisation.members.filter(
            Q(position=MemberPosition.CHAIR), ~Q(mediator=mediator), is_active=True
        ).exists()
    ):
        raise InvalidState("该组织已有主任", "the organisation already has a chair", code="chair_taken")
    existing = organisation.members.filter(mediator=mediator, is_active=True).first()
    before = events.snapshot(existing, "position", "term_start", "term_end") if existing else {}
    member, created = OrganisationMember.objects.update_or_create(
        organisation=organisation,
        mediator=mediator,
        is_active=True,
        defaults={
            "position": position,
            "term_start": term_start or organisation.term_start,
            "term_end": term_end or organisation.term_end,
        },
    )
    events.record(
        subject=organisation,
        action="organisation.member_add" if created else "organisation.member_update",
        actor=actor,
        before=before,
        after={
            "mediator": mediator.pk,
            "position": position,
            "term_start": member.term_start,
            "term_end": member.term_end,
        },
    )
    return member


@transaction.atomic
def organisation_member_remove(
    *, actor: User | None, organisation: MediationOrganisation, mediator: Mediator, reason: str = ""
) -> OrganisationMember:
    if actor is not None:
        access.require_organisation_manager(actor, organisation)
    member = (
        organisation.members.select_for_update(of=("self",)).filter(mediator=mediator, is_active=True).first()
    )
    if member is None:
        raise InvalidState("该调解员不在本组织", "the mediator is not a member", code="not_a_member")
    member.is_active = False
    member.save(update_fields=["is_active", "updated_at"])
    events.record(
        subject=organisation,
        action="organisation.member_remove",
        actor=actor,
        before={"mediator": mediator.pk, "position": member.position},
        reason=reason,
    )
    return member
