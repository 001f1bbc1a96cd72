"""REST v1 for the grid: which grid a point is in, patrols with tracks, 即采即办, reports → cases."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from gongzhi.api.enums import Scope
from gongzhi.api.principal import require_scope
from gongzhi.api.schemas import ERRORS, Code, Str200, Text200, Text2000
from gongzhi.core.errors import NotFound
from gongzhi.grid import selectors, services
from gongzhi.grid.models import Grid
from gongzhi.routing import selectors as routing_selectors

router = Router(tags=["grid"])

Lng = Annotated[float, Field(ge=-180, le=180)]
Lat = Annotated[float, Field(ge=-90, le=90)]


class GridOut(Schema):
    code: str
    name: str
    kind: str
    village: str
    parent: str | None
    households: int
    is_generated: bool


class PointIn(Schema):
    lng: Lng
    lat: Lat
    note: Str200 = ""


class TrackIn(Schema):
    points: list[list[float]]


class PatrolIn(Schema):
    grid: Code


class PatrolOut(Schema):
    id: int
    status: str
    distance_m: int
    fixes: int


class ReportIn(Schema):
    lng: Lng
    lat: Lat
    subject: Text200
    description: Text2000
    category: Code | None = None
    action_taken: Str200 = ""


class ReportOut(Schema):
    id: int
    grid: str
    kind: str
    status: str
    case_id: int | None
    tracking_code: str | None


class VerifyIn(Schema):
    approved: bool
    note: Str200 = ""


def grid_out(grid: Grid) -> dict[str, Any]:
    return {
        "code": grid.region.code,
        "name": grid.region.name,
        "kind": grid.kind,
        "village": grid.village.name,
        "parent": grid.parent.region.code if grid.parent else None,
        "households": grid.households,
        "is_generated": grid.is_generated,
    }


def patrol_out(patrol: Any) -> dict[str, Any]:
    return {
        "id": patrol.pk,
        "status": patrol.status,
        "distance_m": patrol.distance_m,
        "fixes": len(patrol.track),
    }


def report_out(report: Any) -> dict[str, Any]:
    return {
        "id": report.pk,
        "grid": report.grid.region.code,
        "kind": report.kind,
        "status": report.status,
        "case_id": report.case_id,
        "tracking_code": report.case.tracking_code if report.case else None,
    }


@router.get("/locate", response={200: GridOut, **ERRORS}, summary="the grid containing a WGS-84 point")
def locate(request: HttpRequest, lng: float, lat: float) -> dict[str, Any]:
    require_scope(request, Scope.GRID_READ)
    grid = selectors.grid_locate(lng=lng, lat=lat)
    if grid is None:
        raise NotFound("网格", "grid")
    return grid_out(grid)


@router.post("/patrols", response={201: PatrolOut, **ERRORS}, summary="start a patrol (巡查)")
def patrol_start(request: HttpRequest, payload: PatrolIn) -> Status[dict[str, Any]]:
    principal = require_scope(request, Scope.GRID_WRITE)
    grid = Grid.objects.select_related("region").filter(region__code=payload.grid).first()
    if grid is None:
        raise NotFound("网格", "grid")
    return Status(201, patrol_out(services.patrol_start(worker=principal.user, grid=grid)))


@router.post("/patrols/current/track", response={200: PatrolOut, **ERRORS}, summary="add GPS fixes")
def patrol_track(request: HttpRequest, payload: TrackIn) -> dict[str, Any]:
    principal = require_scope(request, Scope.GRID_WRITE)
    return patrol_out(services.patrol_track_add(worker=principal.user, points=payload.points))


@router.post("/patrols/current/check-in", response={200: dict[str, bool], **ERRORS}, summary="打卡")
def patrol_check_in(request: HttpRequest, payload: PointIn) -> dict[str, bool]:
    principal = require_scope(request, Scope.GRID_WRITE)
    check_in = services.patrol_check_in(
        worker=principal.user, lng=payload.lng, lat=payload.lat, note=payload.note
    )
    return {"inside_grid": check_in.is_inside_grid}


@router.post("/patrols/current/end", response={200: PatrolOut, **ERRORS}, summary="end the patrol")
def patrol_end(request: HttpRequest) -> dict[str, Any]:
    principal = require_scope(request, Scope.GRID_WRITE)
    return patrol_out(services.patrol_end(worker=principal.user))


@router.post(
    "/reports", response={201: ReportOut, **ERRORS}, summary="网格上报 → a case, placed by point-in-polygon"
)
def report_submit(request: HttpRequest, payload: ReportIn) -> Status[dict[str, Any]]:
    principal = require_scope(request, Scope.GRID_WRITE)
    category = routing_selectors.category_get(code=payload.category) if payload.category else None
    report, _ = services.report_submit(
        reporter=principal.user,
        lng=payload.lng,
        lat=payload.lat,
        subject=payload.subject,
        description=payload.description,
        category=category,
    )
    return Status(201, report_out(report))


@router.post("/fix-on-spot", response={201: ReportOut, **ERRORS}, summary="即采即办: fixed on the spot")
def fix_on_spot(request: HttpRequest, payload: ReportIn) -> Status[dict[str, Any]]:
    principal = require_scope(request, Scope.GRID_WRITE)
    category = routing_selectors.category_get(code=payload.category) if payload.category else None
    report = services.report_fix_on_spot(
        reporter=principal.user,
        lng=payload.lng,
        lat=payload.lat,
        subject=payload.subject,
        description=payload.description,
        action_taken=payload.action_taken,
        category=category,
    )
    return Status(201, report_out(report))


@router.post(
    "/reports/{report_id}/verify", response={200: ReportOut, **ERRORS}, summary="核查 an 即采即办 report"
)
def report_verify(request: HttpRequest, report_id: int, payload: VerifyIn) -> dict[str, Any]:
    principal = require_scope(request, Scope.GRID_WRITE)
    report = services.report_verify(
        actor=principal.user, report_id=report_id, approved=payload.approved, note=payload.note
    )
    return report_out(report)
