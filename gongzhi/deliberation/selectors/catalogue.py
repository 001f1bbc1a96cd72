"""Reads of the catalogue: the effective matter types, bodies and procedures of a village."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.db.models import Q

from gongzhi.core.errors import NotFound
from gongzhi.deliberation.models import Body, Expert, MatterType, Procedure
from gongzhi.org.enums import RegionLevel
from gongzhi.org.models import Region

Scoped = TypeVar("Scoped", MatterType, Body, Procedure)


def scopes_of(region: Region) -> list[int | None]:
    """Most local first: the village, its town, then the default (``None``)."""
    if region.level == RegionLevel.VILLAGE:
        return [region.pk, region.parent_id, None]
    return [region.pk, None]


def most_local(rows: Iterable[Scoped], region: Region) -> list[Scoped]:
    """One row per code: the village's over the town's over the default."""
    rank = {scope: index for index, scope in enumerate(scopes_of(region))}
    best: dict[str, Scoped] = {}
    for row in rows:
        current = best.get(row.code)
        if current is None or rank[row.region_id] < rank[current.region_id]:
            best[row.code] = row
    return list(best.values())


def _scope_q(region: Region) -> Q:
    ids = [scope for scope in scopes_of(region) if scope is not None]
    return Q(region__isnull=True) | Q(region_id__in=ids)


def matter_type_catalogue(*, region: Region, include_inactive: bool = False) -> list[MatterType]:
    """The matter types in force in ``region`` (a village or a town), in catalogue order."""
    rows = MatterType.objects.filter(_scope_q(region)).select_related("procedure", "deciding_body")
    effective = most_local(rows, region)
    if not include_inactive:
        effective = [row for row in effective if row.is_active]
    return sorted(effective, key=lambda row: (row.sort_order, row.code))


def matter_type_get(*, region: Region, code: str) -> MatterType:
    for row in matter_type_catalogue(region=region):
        if row.code == code:
            return row
    raise NotFound("议事事项类型", "matter type")


def procedure_list(*, region: Region) -> list[Procedure]:
    rows = Procedure.objects.filter(_scope_q(region)).prefetch_related("steps__body")
    return sorted(most_local(rows, region), key=lambda row: row.code)


def body_list(*, region: Region) -> list[Body]:
    return sorted(most_local(Body.objects.filter(_scope_q(region)), region), key=lambda row: row.code)


def expert_pool(*, village: Region, fields: Iterable[str] | None = None) -> list[Expert]:
    """Active experts of the village's pool and its town's, optionally in ``fields``."""
    queryset = Expert.objects.filter(
        is_active=True, region_id__in=[village.pk, village.parent_id]
    ).select_related("person", "region")
    if fields is not None:
        queryset = queryset.filter(field__in=list(fields))
    return list(queryset.order_by("field", "person__name", "pk"))


def expert_pool_list(*, region_ids: Iterable[int]) -> list[Expert]:
    """The pools of these regions (a village's own and its town's), inactive entries too."""
    return list(
        Expert.objects.filter(region_id__in=list(region_ids))
        .select_related("person", "region")
        .order_by("region_id", "field", "person__name", "pk")
    )
