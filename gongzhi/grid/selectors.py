"""Reads for the grid: which grid a point lies in (spatial index), lists, roles."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np
import shapely
from django.db.models import Count, Max, QuerySet
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from gongzhi.grid.conf import grid_setting
from gongzhi.grid.enums import GridRole, ReportStatus
from gongzhi.grid.models import Grid, GridMember, GridReport, Patrol
from gongzhi.grid.spatial import PolygonIndex
from gongzhi.org.models import Region, User

_lock = threading.Lock()
_cached: tuple[tuple[int, str], PolygonIndex] | None = None


def _signature() -> tuple[int, str]:
    figures = Grid.objects.aggregate(count=Count("id"), latest=Max("updated_at"))
    return int(figures["count"] or 0), str(figures["latest"])


def grid_index() -> PolygonIndex:
    """The STRtree over every grid shape, rebuilt when a grid is added or changed."""
    global _cached
    signature = _signature()
    with _lock:
        if _cached is None or _cached[0] != signature:
            rows = list(Grid.objects.values_list("id", "geometry"))
            _cached = (signature, PolygonIndex([r[0] for r in rows], [shape(r[1]) for r in rows]))
        return _cached[1]


def grid_locate(*, lng: float, lat: float) -> Grid | None:
    """The grid (the smallest: a micro-grid before its grid) containing the WGS-84 point."""
    key = grid_index().locate(lng, lat)
    if key is None:
        return None
    return Grid.objects.select_related("region", "village", "parent").get(pk=key)


def grid_locate_many(*, lngs: Iterable[float], lats: Iterable[float]) -> np.ndarray:
    """Grid ids (or -1) for many points at once."""
    return grid_index().locate_many(lngs, lats)


@lru_cache(maxsize=4)
def _outline(path: str) -> BaseGeometry:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    geometries = (
        [shape(f["geometry"]) for f in data.get("features", [])] if "features" in data else [shape(data)]
    )
    outline = shapely.union_all(geometries)
    shapely.prepare(outline)
    return outline


def district_outline() -> BaseGeometry:
    """The district boundary in WGS-84 (the converted Keqiao outline by default)."""
    return _outline(str(grid_setting("DISTRICT_OUTLINE")))


def point_in_district(*, lng: float, lat: float) -> bool:
    return bool(district_outline().intersects(shapely.points(lng, lat)))


def grid_list(*, village: Region | None = None, within: Region | None = None) -> QuerySet[Grid]:
    qs = Grid.objects.select_related("region", "village", "parent")
    if village is not None:
        qs = qs.filter(village=village)
    if within is not None:
        qs = qs.filter(region__path__startswith=within.path)
    return qs.order_by("region__code")


def grid_members(*, grid: Grid, roles: Iterable[str] | None = None) -> QuerySet[GridMember]:
    qs = GridMember.objects.filter(grid=grid, is_active=True).select_related("user")
    if roles is not None:
        qs = qs.filter(role__in=list(roles))
    return qs.order_by("role", "user__username")


def grids_of_user(*, user: User, roles: Iterable[str] | None = None) -> list[Grid]:
    qs = GridMember.objects.filter(user=user, is_active=True).select_related("grid__region", "grid__village")
    if roles is not None:
        qs = qs.filter(role__in=list(roles))
    return [member.grid for member in qs]


def user_has_grid_role(*, user: User, grid: Grid, roles: Iterable[str]) -> bool:
    """A role in ``grid`` or in the grid it belongs to (a micro-grid's parent)."""
    ids = [grid.pk] + ([grid.parent_id] if grid.parent_id else [])
    return GridMember.objects.filter(
        user=user, grid_id__in=ids, role__in=list(roles), is_active=True
    ).exists()


def open_patrol(*, worker: User) -> Patrol | None:
    return Patrol.objects.filter(worker=worker, status="open").select_related("grid").first()


def reports_awaiting_verification(*, user: User) -> QuerySet[GridReport]:
    """即采即办 reports the user may verify: in grids where they lead or instruct."""
    grid_ids = GridMember.objects.filter(
        user=user, is_active=True, role__in=[GridRole.GRID_LEADER, GridRole.INSTRUCTOR]
    ).values_list("grid_id", flat=True)
    return (
        GridReport.objects.filter(status=ReportStatus.AWAITING_VERIFICATION, grid_id__in=list(grid_ids))
        .exclude(reporter=user)
        .select_related("grid__region", "reporter")
        .order_by("reported_at")
    )


def grid_size_problems(*, grid: Grid) -> list[str]:
    """Where a grid departs from the (UNCONFIRMED, configurable) size guidance of §3.2."""
    problems = []
    if grid.kind == "urban" and not (
        grid_setting("URBAN_HOUSEHOLDS_MIN") <= grid.households <= grid_setting("URBAN_HOUSEHOLDS_MAX")
    ):
        problems.append(f"城镇网格户数 {grid.households} 不在 300–500 户之间")
    if grid.kind == "rural" and grid.households > 1.5 * grid_setting("RURAL_HOUSEHOLDS"):
        problems.append(f"农村网格户数 {grid.households} 明显超过约 300 户")
    if grid.residents > grid_setting("MAX_RESIDENTS"):
        problems.append(f"常住人口 {grid.residents} 超过 {grid_setting('MAX_RESIDENTS')}")
    return problems
