"""Endpoints: the catalogue, the village register and roles, the expert pool, the figures."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Status

from gongzhi.api.principal import require_scope
from gongzhi.api.schemas import ERRORS, Code
from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.deliberation import access, selectors, services
from gongzhi.deliberation.api._common import (
    READ,
    WRITE,
    _person,
    _ref,
    router,
)
from gongzhi.deliberation.models import (
    VillageRole,
)
from gongzhi.deliberation.schemas import (
    ExpertIn,
    ExpertOut,
    FiguresOut,
    LinkIn,
    LinkOut,
    MatterTypeIn,
    MatterTypeOut,
    PersonIn,
    PersonOut,
    RegisterOut,
    RoleIn,
    RoleOut,
)
from gongzhi.kinship import selectors as kinship_selectors
from gongzhi.kinship import services as kinship_services
from gongzhi.kinship.models import Person
from gongzhi.org.enums import RegionLevel
from gongzhi.org.models import Region, User

# --- catalogue, register, figures ----------------------------------------------------------------


@router.get(
    "/regions/{code}/catalogue",
    response={200: list[MatterTypeOut], **ERRORS},
    summary="matter types in force",
)
def catalogue(request: HttpRequest, code: Code) -> list[dict[str, Any]]:
    principal = require_scope(request, READ)
    region = access.region_get_for_user(principal.user, code)
    return [_matter_type_out(t, region) for t in selectors.matter_type_catalogue(region=region)]


def _role_out(role: VillageRole) -> dict[str, Any]:
    fields = ("id", "kind", "started_on", "ended_on", "is_active")
    return {**{f: getattr(role, f) for f in fields}, "person": role.person_id, "name": role.person.name}


@router.get("/villages/{code}/register", response={200: RegisterOut, **ERRORS}, summary="roles and checks")
def register(request: HttpRequest, code: Code) -> dict[str, Any]:
    principal = require_scope(request, READ)
    village = access.region_get_for_user(principal.user, code)
    if village.level != RegionLevel.VILLAGE:
        raise NotFound("村社", "village")
    check = selectors.representatives_check(village=village)
    return {
        "village": _ref(village),
        "population": check.population,
        "minimum_representatives": check.minimum,
        "representatives": check.representatives,
        "committee_members": check.committee_members,
        "women_representatives": check.women,
        "shared_households": check.shared_households,
        "representatives_share_ok": check.representatives_share_ok,
        "women_share_ok": check.women_share_ok,
        "ok": check.ok,
        "absence_flags": [
            {"person": f.role.person_id, "name": f.role.person.name, "consecutive": f.consecutive}
            for f in selectors.representatives_absence_flags(village=village)
        ],
        "roles": [_role_out(r) for r in selectors.village_roles(village=village)],
    }


@router.post("/villages/{code}/roles", response={201: RoleOut, **ERRORS}, summary="assign a village role")
def role_assign(request: HttpRequest, code: Code, payload: RoleIn) -> Status[dict[str, Any]]:
    principal = require_scope(request, WRITE)
    village = access.region_get_for_user(principal.user, code)
    role = services.village_role_assign(
        village=village,
        person=_person(principal.user, payload.person),
        kind=payload.kind,
        started_on=payload.started_on,
        actor=principal.user,
    )
    return Status(201, _role_out(role))


@router.get(
    "/regions/{code}/figures", response={200: FiguresOut, **ERRORS}, summary="figures of a town or village"
)
def figures(
    request: HttpRequest, code: Code, start: date | None = None, end: date | None = None
) -> dict[str, Any]:
    principal = require_scope(request, READ)
    region = access.region_get_for_user(principal.user, code)
    end = end or timezone.localdate()
    start = start or end - timedelta(days=365)
    result = selectors.figures_for(region=region, start=start, end=end, now=timezone.now())
    return {
        **{k: v for k, v in result.__dict__.items() if k not in ("region", "matters_by_type")},
        "region": _ref(region),
        "matters_by_type": [{"code": c, "name": n, "count": k} for c, n, k in result.matters_by_type],
    }


def _matter_type_out(t: Any, region: Region) -> dict[str, Any]:
    return {
        "code": t.code,
        "name": t.name,
        "scope": "default" if t.region_id is None else ("own" if t.region_id == region.pk else "town"),
        "procedure": _ref(t.procedure),
        "steps": [s.name for s in t.procedure.steps.order_by("order")],
        "deciding_body": _ref(t.deciding_body),
        "involves_tender": t.involves_tender,
        "expert_fields": list(t.expert_fields),
        "exclusion_predicate": t.exclusion_predicate,
        "legal_basis": t.legal_basis,
    }


@router.post(
    "/regions/{code}/catalogue",
    response={201: MatterTypeOut, **ERRORS},
    summary="add or change the town's or village's own version of a matter type",
)
def catalogue_define(request: HttpRequest, code: Code, payload: MatterTypeIn) -> Status[dict[str, Any]]:
    principal = require_scope(request, WRITE)
    region = access.region_get_for_user(principal.user, code)
    access.require_catalogue_editor(principal.user, region)
    procedure = next(
        (p for p in selectors.procedure_list(region=region) if p.code == payload.procedure), None
    )
    if procedure is None:
        raise ValidationFailed(
            "程序不存在", "unknown procedure", code="unknown_procedure", detail={"field": "procedure"}
        )
    body = None
    if payload.deciding_body:
        body = next((b for b in selectors.body_list(region=region) if b.code == payload.deciding_body), None)
        if body is None:
            raise ValidationFailed(
                "决策主体不存在", "unknown body", code="unknown_body", detail={"field": "deciding_body"}
            )
    matter_type = services.matter_type_define(
        code=payload.code,
        name=payload.name,
        procedure=procedure,
        involves_tender=payload.involves_tender,
        expert_fields=list(payload.expert_fields),
        deciding_body=body,
        exclusion_predicate=payload.exclusion_predicate,
        legal_basis=payload.legal_basis,
        sort_order=payload.sort_order,
        is_active=payload.is_active,
        region=region,
        actor=principal.user,
    )
    return Status(201, _matter_type_out(matter_type, region))


# --- the village register and the expert pool ------------------------------------------------------


def _person_out(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "name": person.name,
        "gender": person.gender,
        "birth_date": person.birth_date,
        "household": person.household.code if person.household_id and person.household else None,
        "region": person.region.code if person.region_id and person.region else None,
    }


def _village(user: User, code: str) -> Region:
    village = access.region_get_for_user(user, code)
    if village.level != RegionLevel.VILLAGE:
        raise NotFound("村社", "village")
    return village


@router.get("/villages/{code}/people", response={200: list[PersonOut], **ERRORS}, summary="the register")
def people(request: HttpRequest, code: Code, q: str = "") -> list[dict[str, Any]]:
    principal = require_scope(request, READ)
    village = _village(principal.user, code)
    return [_person_out(p) for p in kinship_selectors.person_list(region_id=village.pk, query=q[:60])[:500]]


@router.post("/villages/{code}/people", response={201: PersonOut, **ERRORS}, summary="register a villager")
def person_register(request: HttpRequest, code: Code, payload: PersonIn) -> Status[dict[str, Any]]:
    principal = require_scope(request, WRITE)
    village = _village(principal.user, code)
    household = (
        kinship_services.household_upsert(region=village, code=payload.household, actor=principal.user)
        if payload.household.strip()
        else None
    )
    person = kinship_services.person_upsert(
        name=payload.name,
        id_number=payload.id_number,
        gender=payload.gender,
        birth_date=payload.birth_date,
        region=village,
        household=household,
        actor=principal.user,
    )
    return Status(201, _person_out(person))


@router.post("/kinship/links", response={201: LinkOut, **ERRORS}, summary="record a parent or spouse link")
def kinship_link(request: HttpRequest, payload: LinkIn) -> Status[dict[str, Any]]:
    principal = require_scope(request, WRITE)
    link = kinship_services.kinship_link(
        person=_person(principal.user, payload.person),
        relative=_person(principal.user, payload.relative, "relative"),
        kind=payload.kind,
        actor=principal.user,
    )
    return Status(
        201, {"id": link.pk, "person": link.person_id, "relative": link.relative_id, "kind": link.kind}
    )


@router.post("/regions/{code}/experts", response={201: ExpertOut, **ERRORS}, summary="add to the expert pool")
def expert_register(request: HttpRequest, code: Code, payload: ExpertIn) -> Status[dict[str, Any]]:
    principal = require_scope(request, WRITE)
    region = access.region_get_for_user(principal.user, code)
    expert = services.expert_register(
        person=_person(principal.user, payload.person),
        field=payload.field,
        region=region,
        organisation=payload.organisation,
        title=payload.title,
        actor=principal.user,
    )
    return Status(
        201,
        {
            "id": expert.pk,
            "person": expert.person_id,
            "name": expert.person.name,
            "field": expert.field,
            "region": region.code,
            "organisation": expert.organisation,
        },
    )
