"""Reads of the organisation: regions, units, memberships. Other apps read the organisation only here.

Ancestry is read from ``Region.path`` (the codes from the district down), so finding the town or
the centre above a region is one indexed query, never a walk up the tree.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gongzhi.core.errors import NotFound
from gongzhi.org.enums import RegionLevel, UnitKind
from gongzhi.org.models import Membership, Region, Unit, User

# Region levels from the top down; a level's index is its depth.
LEVEL_ORDER: tuple[str, ...] = (
    RegionLevel.DISTRICT,
    RegionLevel.TOWN,
    RegionLevel.VILLAGE,
    RegionLevel.GRID,
    RegionLevel.MICRO_GRID,
)

# Which unit kinds count as "the unit with function X" at a level, most wanted first.
_FUNCTION_KINDS: dict[str, tuple[str, ...]] = {
    RegionLevel.DISTRICT: (UnitKind.DEPARTMENT, UnitKind.MEDIATION_COMMITTEE, UnitKind.OTHER),
    RegionLevel.TOWN: (UnitKind.STATION, UnitKind.MEDIATION_COMMITTEE, UnitKind.OTHER),
    RegionLevel.VILLAGE: (UnitKind.MEDIATION_COMMITTEE, UnitKind.STATION, UnitKind.OTHER),
}


class RegionNotFound(NotFound, Region.DoesNotExist):
    """Raised by ``region_get``; also a ``Region.DoesNotExist`` for callers that catch that."""

    def __init__(self, code: str) -> None:
        super().__init__("行政区划", "region", detail={"code": code})


class UnitNotFound(NotFound, Unit.DoesNotExist):
    def __init__(self, code: str) -> None:
        super().__init__("单位", "unit", detail={"code": code})


def level_rank(level: str) -> int:
    """0 for the district, 1 for a town … ; higher is lower in the tree."""
    return LEVEL_ORDER.index(level)


# --- Regions -----------------------------------------------------------------------------------


def region_get(*, code: str) -> Region:
    try:
        return Region.objects.select_related("parent").get(code=code)
    except Region.DoesNotExist:
        raise RegionNotFound(code) from None


def region_ancestors(region: Region) -> list[Region]:
    """The region's ancestors and itself, from the district down (one query)."""
    codes = region.path.split("/") if region.path else [region.code]
    by_code = {r.code: r for r in Region.objects.filter(code__in=codes)}
    by_code[region.code] = region
    return [by_code[code] for code in codes if code in by_code]


def region_ancestor_at_level(region: Region, level: str) -> Region | None:
    """The region itself or its ancestor at ``level``; None if the region is above that level."""
    if region.level == level:
        return region
    if level_rank(region.level) < level_rank(level):
        return None
    codes = region.path.split("/") if region.path else [region.code]
    return Region.objects.filter(code__in=codes, level=level).first()


def region_town_and_village(region: Region) -> tuple[Region | None, Region | None]:
    """(town, village) of a region: a village → (its town, itself); a town → (town, None); a grid walks up."""
    if region.level == RegionLevel.DISTRICT:
        return None, None
    if region.level == RegionLevel.TOWN:
        return region, None
    town: Region | None = None
    village: Region | None = None
    for ancestor in region_ancestors(region):
        if ancestor.level == RegionLevel.TOWN:
            town = ancestor
        elif ancestor.level == RegionLevel.VILLAGE:
            village = ancestor
    return town, village


def region_list(*, level: str | None = None, within: Region | None = None) -> QuerySet[Region]:
    """Regions, optionally of one level and/or inside ``within`` (itself included)."""
    qs = Region.objects.all()
    if level is not None:
        qs = qs.filter(level=level)
    if within is not None:
        qs = qs.filter(Q(path__startswith=within.path + "/") | Q(pk=within.pk))
    return qs.order_by("code")


def region_children(*, region: Region) -> QuerySet[Region]:
    return Region.objects.filter(parent=region).order_by("code")


# --- Units -------------------------------------------------------------------------------------


def unit_get(*, code: str) -> Unit:
    try:
        return Unit.objects.select_related("region", "parent").get(code=code)
    except Unit.DoesNotExist:
        raise UnitNotFound(code) from None


def unit_list(
    *,
    kind: str | None = None,
    level: str | None = None,
    region: Region | None = None,
    active_only: bool = True,
) -> QuerySet[Unit]:
    qs = Unit.objects.select_related("region")
    if active_only:
        qs = qs.filter(is_active=True)
    if kind is not None:
        qs = qs.filter(kind=kind)
    if level is not None:
        qs = qs.filter(level=level)
    if region is not None:
        qs = qs.filter(region=region)
    return qs.order_by("code")


def centre_for_region(*, region: Region) -> Unit | None:
    """The active governance centre of exactly this region (None for a grid, which has none)."""
    return (
        Unit.objects.select_related("region")
        .filter(region=region, kind=UnitKind.CENTRE, is_active=True)
        .order_by("code")
        .first()
    )


def centre_at_level(*, region: Region, level: str) -> Unit | None:
    """The centre of ``region``'s ancestor (or itself) at ``level``; None if the region is above that level.

    A town-level region has no village centre; a village has a town and a district centre.
    """
    if level_rank(region.level) < level_rank(level):
        return None
    codes = region.path.split("/") if region.path else [region.code]
    return (
        Unit.objects.select_related("region")
        .filter(kind=UnitKind.CENTRE, is_active=True, region__code__in=codes, region__level=level)
        .order_by("code")
        .first()
    )


def unit_by_function(*, region: Region, function: str, level: str) -> Unit | None:
    """The unit with ``function`` serving ``region`` at ``level``.

    Town level: the station of the region's town (the 派出所 of the case's town). District level:
    the department stationed at the district centre (or a district body of that function). Village
    level: the village's own unit of that function (its people's mediation committee). None when
    the region is above that level or no active unit has that function there.
    """
    ancestor = region_ancestor_at_level(region, level)
    if ancestor is None or not function:
        return None
    kinds = _FUNCTION_KINDS.get(level, (UnitKind.STATION, UnitKind.DEPARTMENT, UnitKind.OTHER))
    candidates = list(
        Unit.objects.select_related("region")
        .filter(region=ancestor, function=function, is_active=True, kind__in=kinds)
        .order_by("code")
    )
    if not candidates:
        return None
    return min(candidates, key=lambda unit: kinds.index(unit.kind))


def unit_parent_centre(*, unit: Unit) -> Unit | None:
    """The centre one level up from the unit's level in its region's ancestry.

    A village centre or committee → its town centre; a town centre or station → the district
    centre; anything at the district → None (there is no level above within the county).
    """
    if unit.level == RegionLevel.DISTRICT:
        return None
    if unit.level in (RegionLevel.GRID, RegionLevel.MICRO_GRID):
        # Grid-level units answer to their village centre.
        return centre_at_level(region=unit.region, level=RegionLevel.VILLAGE)
    return centre_at_level(region=unit.region, level=LEVEL_ORDER[level_rank(unit.level) - 1])


# --- People ------------------------------------------------------------------------------------


def memberships_for_user(*, user: User) -> list[Membership]:
    """The user's active roles in active units, each with its unit and the unit's region loaded."""
    if not getattr(user, "pk", None):
        return []
    return list(
        Membership.objects.filter(user=user, is_active=True, unit__is_active=True)
        .select_related("unit", "unit__region")
        .order_by("unit__code", "role")
    )


def users_with_role(*, unit: Unit, role: str) -> QuerySet[User]:
    """Active users holding ``role`` in ``unit``, in the order they were given it (stable for rotations)."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__unit=unit,
            memberships__role=role,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("id")
    )


def membership_list(*, unit: Unit, active_only: bool = True) -> QuerySet[Membership]:
    qs = Membership.objects.filter(unit=unit).select_related("user")
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("role", "user__username")
