"""Who may do what with drones (the one place; the services call these, the pages mirror them).

1. Operators — the district command room (dispatcher, centre leader or administrator of the
   district centre) and active pilots — manage docks, zones, plans and emergency launches.
2. A department's staff (liaison, handler, unit head) manage their own inspection requests.
3. A grid worker (any field role, or the instructor) verifies detection sites in their grids;
   operators may too. Everything else answers "not found".
"""

from __future__ import annotations

from gongzhi.cases import access as case_access
from gongzhi.core.errors import NotFound, PermissionDenied
from gongzhi.drones.models import DetectionSite, Pilot
from gongzhi.grid import selectors as grid_selectors
from gongzhi.grid.enums import FIELD_ROLES, GridRole
from gongzhi.org import selectors as org_selectors
from gongzhi.org.enums import RegionLevel, Role, UnitKind
from gongzhi.org.models import Unit, User

COMMAND_ROLES = (Role.DISPATCHER, Role.CENTRE_LEADER, Role.ADMINISTRATOR)
DEPARTMENT_ROLES = (Role.LIAISON, Role.HANDLER, Role.UNIT_HEAD)


def is_operator(user: User) -> bool:
    if not user.is_authenticated:
        return False
    if case_access.is_administrator(user):
        return True
    if Pilot.objects.filter(user=user, is_active=True).exists():
        return True
    return any(
        m.role in COMMAND_ROLES and m.unit.kind == UnitKind.CENTRE and m.unit.level == RegionLevel.DISTRICT
        for m in org_selectors.memberships_for_user(user=user)
    )


def require_operator(user: User) -> None:
    if not is_operator(user):
        raise PermissionDenied("需要指挥调度或飞手权限", "drone operations need the command room or a pilot")


def request_departments(user: User) -> list[Unit]:
    """The departments whose inspection requests ``user`` may manage."""
    return [
        m.unit
        for m in org_selectors.memberships_for_user(user=user)
        if m.role in DEPARTMENT_ROLES and m.unit.kind in (UnitKind.DEPARTMENT, UnitKind.STATION)
    ]


def require_department(user: User, department: Unit) -> None:
    if is_operator(user):
        return
    if department.pk not in {unit.pk for unit in request_departments(user)}:
        raise PermissionDenied("只能管理本单位的巡查需求", "you manage only your own unit's requests")


def may_verify(user: User, site: DetectionSite) -> bool:
    if is_operator(user):
        return True
    if site.grid is None:
        return False
    return grid_selectors.user_has_grid_role(
        user=user, grid=site.grid, roles=[*FIELD_ROLES, GridRole.INSTRUCTOR]
    )


def site_get_for_verifier(user: User, site_id: int) -> DetectionSite:
    site = (
        DetectionSite.objects.select_related("grid__region", "grid__parent", "region")
        .filter(pk=site_id)
        .first()
    )
    if site is None or not may_verify(user, site):
        raise NotFound("识别点位", "detection site")
    return site
