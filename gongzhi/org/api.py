"""REST v1 for the organisation: regions (区/镇街/村社/网格), units, and the caller's own roles.

The organisation is reference data every staff member may read; only the caller's own
memberships are personal.
"""

from __future__ import annotations

from typing import Any, Literal

from django.db.models import Q
from django.http import HttpRequest
from ninja import Router

from gongzhi.api.enums import ALL_SCOPES, Scope
from gongzhi.api.principal import principal_of, require_scope
from gongzhi.api.schemas import ERRORS, Code, Limit, Str60
from gongzhi.cases import access
from gongzhi.org import selectors
from gongzhi.org.models import Region, Unit
from gongzhi.org.schemas import MeOut, RegionOut, UnitOut

router = Router(tags=["organisation"])

Level = Literal["district", "town", "village", "grid", "micro_grid"]
UnitKind = Literal["centre", "function_board", "department", "station", "mediation_committee", "other"]


def region_out(region: Region) -> dict[str, Any]:
    return {
        "code": region.code,
        "name": region.name,
        "short_name": region.short_name,
        "level": region.level,
        "parent": region.path.split("/")[-2] if "/" in region.path else None,
        "path": region.path,
        "population": region.population,
    }


def unit_out(unit: Unit) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "function": unit.function,
        "level": unit.level,
        "region": {"code": unit.region.code, "name": unit.region.name},
        "parent": unit.parent.code if unit.parent_id and unit.parent else None,
        "is_active": unit.is_active,
        "phone": unit.phone,
        "address": unit.address,
    }


@router.get("/me", response={200: MeOut, **ERRORS}, summary="who I am: roles and the key's scopes")
def me(request: HttpRequest) -> dict[str, Any]:
    principal = principal_of(request)
    user = principal.user
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": str(user),
        "is_administrator": access.is_administrator(user),
        "via": principal.via,
        "scopes": list(principal.key.scopes) if principal.key is not None else list(ALL_SCOPES),
        "memberships": [
            {"unit": {"code": m.unit.code, "name": m.unit.name}, "role": m.role}
            for m in selectors.memberships_for_user(user=user)
        ],
    }


@router.get(
    "/regions", response={200: list[RegionOut], **ERRORS}, summary="regions, by level and/or within one"
)
def region_list(
    request: HttpRequest,
    level: Level | None = None,
    within: Code | None = None,
    q: Str60 | None = None,
    limit: Limit = 500,
) -> list[dict[str, Any]]:
    require_scope(request, Scope.ORG_READ)
    parent = selectors.region_get(code=within) if within else None
    regions = selectors.region_list(level=level, within=parent)
    if q:
        regions = regions.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__startswith=q))
    return [region_out(region) for region in regions[:limit]]


@router.get("/regions/{code}", response={200: RegionOut, **ERRORS}, summary="one region")
def region_get(request: HttpRequest, code: Code) -> dict[str, Any]:
    require_scope(request, Scope.ORG_READ)
    return region_out(selectors.region_get(code=code))


@router.get(
    "/regions/{code}/children", response={200: list[RegionOut], **ERRORS}, summary="a region's children"
)
def region_children(request: HttpRequest, code: Code) -> list[dict[str, Any]]:
    require_scope(request, Scope.ORG_READ)
    return [region_out(r) for r in selectors.region_children(region=selectors.region_get(code=code))]


@router.get("/units", response={200: list[UnitOut], **ERRORS}, summary="units, by kind, level and region")
def unit_list(
    request: HttpRequest,
    kind: UnitKind | None = None,
    level: Level | None = None,
    region: Code | None = None,
    include_inactive: bool = False,
) -> list[dict[str, Any]]:
    require_scope(request, Scope.ORG_READ)
    place = selectors.region_get(code=region) if region else None
    units = selectors.unit_list(kind=kind, level=level, region=place, active_only=not include_inactive)
    return [unit_out(unit) for unit in units.select_related("parent")]


@router.get("/units/{code}", response={200: UnitOut, **ERRORS}, summary="one unit")
def unit_get(request: HttpRequest, code: Code) -> dict[str, Any]:
    require_scope(request, Scope.ORG_READ)
    return unit_out(selectors.unit_get(code=code))
