"""Reference data any caller with mediation:read may see: dispute types, organisations, mediators."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from gongzhi.api.principal import require_scope
from gongzhi.api.schemas import ERRORS, Code
from gongzhi.mediation import selectors
from gongzhi.mediation.api._common import READ, known, organisation_in, router
from gongzhi.mediation.api.rendering import (
    dispute_type_out,
    mediator_detail_out,
    mediator_out,
    organisation_detail_out,
    organisation_out,
)
from gongzhi.mediation.schemas import (
    DisputeTypeOut,
    MediatorDetailOut,
    MediatorOut,
    OrganisationDetailOut,
    OrganisationOut,
)
from gongzhi.org import selectors as org_selectors


@router.get(
    "/dispute-types", response={200: list[DisputeTypeOut], **ERRORS}, summary="the dispute-type catalogue"
)
def dispute_types(request: HttpRequest, mediable: bool | None = None) -> list[dict[str, Any]]:
    require_scope(request, READ)
    return [dispute_type_out(t) for t in selectors.dispute_type_list(mediable=mediable)]


@router.get(
    "/organisations", response={200: list[OrganisationOut], **ERRORS}, summary="committees and studios"
)
def organisation_list(
    request: HttpRequest,
    org_type: str | None = None,
    level: str | None = None,
    featured: bool | None = None,
    rating: str | None = None,
    region: Code | None = None,
) -> list[dict[str, Any]]:
    require_scope(request, READ)
    found = selectors.organisation_list(org_type=org_type, level=level, featured=featured, rating=rating)
    if region:
        place = known(lambda: org_selectors.region_get(code=region), "region", "地区", "region")
        found = found.filter(region_path__startswith=place.path)
    return [organisation_out(o) for o in found[:1000]]


@router.get(
    "/organisations/{code}",
    response={200: OrganisationDetailOut, **ERRORS},
    summary="one organisation: members, figures (cases, success rate, average days, satisfaction), warnings",
)
def organisation_get(request: HttpRequest, code: str) -> dict[str, Any]:
    require_scope(request, READ)
    return organisation_detail_out(selectors.organisation_get(code=code))


@router.get(
    "/mediators",
    response={200: list[MediatorOut], **ERRORS},
    summary="the mediator directory (language, speciality, studio, region, name)",
)
def mediator_list(
    request: HttpRequest,
    language: str = "",
    speciality: str | None = None,
    studio: str | None = None,
    region: Code | None = None,
    q: str = "",
    foreign: bool = False,
    limit: int = 200,
) -> list[dict[str, Any]]:
    require_scope(request, READ)
    place = (
        known(lambda: org_selectors.region_get(code=region), "region", "地区", "region") if region else None
    )
    found = selectors.mediator_directory(
        language=language[:20],
        dispute_type=known(
            lambda: selectors.dispute_type_get(code=speciality), "speciality", "纠纷类型", "dispute type"
        )
        if speciality
        else None,
        organisation=organisation_in(studio, "studio"),
        region=place,
        text=q[:60],
        foreign_only=foreign,
    )
    return [mediator_out(m) for m in found[: max(1, min(limit, 500))]]


@router.get("/mediators/{mediator_id}", response={200: MediatorDetailOut, **ERRORS}, summary="one mediator")
def mediator_get(request: HttpRequest, mediator_id: int) -> dict[str, Any]:
    require_scope(request, READ)
    return mediator_detail_out(selectors.mediator_get(mediator_id=mediator_id))
