"""Who may see and act on which case: the one place where case scope is decided.

Scope (issue 2, §2):
1. An administrator (superuser, or the administrator role at the district centre) sees all.
2. Staff of a centre see the cases located in the centre's region and below: a village clerk
   their village, a town centre the town and its villages, the district centre everything.
3. Staff of a department, station or committee see the cases assigned to their unit, as lead
   or co-unit (an active assignment).
4. 检举控告 material is never visible to the accused unit (信访工作条例 art. 30), whatever 2–3 say.
5. A citizen sees the cases they reported.
Everything else is "not found" — the same answer as for a case that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from gongzhi.cases.models import Assignment, Case
from gongzhi.core.errors import InvalidState, NotFound, PermissionDenied
from gongzhi.org import selectors as org_selectors
from gongzhi.org.enums import RegionLevel, Role, UnitKind
from gongzhi.org.models import Membership, Unit, User

STAFF_ACTING_ROLES = (Role.LIAISON, Role.HANDLER, Role.UNIT_HEAD)
CENTRE_DISPATCH_ROLES = (Role.DISPATCHER, Role.CENTRE_LEADER)
INTAKE_ROLES = (Role.INTAKE_CLERK, Role.DISPATCHER, Role.CENTRE_LEADER)
APPROVER_ROLES = (Role.UNIT_HEAD, Role.SUPERVISOR, Role.CENTRE_LEADER)


@dataclass(frozen=True)
class Scope:
    is_all: bool
    region_paths: tuple[str, ...]
    unit_ids: tuple[int, ...]
    all_unit_ids: tuple[int, ...]
    user_id: int | None


def _memberships(user: User) -> list[Membership]:
    if not user.is_authenticated:
        return []
    cached: list[Membership] | None = getattr(user, "_gongzhi_memberships", None)
    if cached is None:
        cached = org_selectors.memberships_for_user(user=user)
        user._gongzhi_memberships = cached  # type: ignore[attr-defined]
    return cached


def is_administrator(user: User) -> bool:
    if user.is_authenticated and user.is_superuser:
        return True
    return any(
        m.role == Role.ADMINISTRATOR and m.unit.level == RegionLevel.DISTRICT for m in _memberships(user)
    )


def scope_for(user: User) -> Scope:
    memberships = _memberships(user)
    centre_paths = {m.unit.region.path for m in memberships if m.unit.kind == UnitKind.CENTRE}
    # A path covers its descendants; drop paths already covered by a shorter one.
    paths = tuple(
        sorted(p for p in centre_paths if not any(p != q and p.startswith(q + "/") for q in centre_paths))
    )
    unit_ids = tuple(sorted({m.unit_id for m in memberships if m.unit.kind != UnitKind.CENTRE}))
    return Scope(
        is_all=is_administrator(user),
        region_paths=paths,
        unit_ids=unit_ids,
        all_unit_ids=tuple(sorted({m.unit_id for m in memberships})),
        user_id=user.pk if user.is_authenticated else None,
    )


def case_scope_q(user: User) -> Q:
    """A filter selecting exactly the cases ``user`` may see."""
    scope = scope_for(user)
    if scope.is_all:
        visible = Q()
    else:
        visible = Q(pk__in=[])
        for path in scope.region_paths:
            visible |= Q(region_path=path) | Q(region_path__startswith=path + "/")
        if scope.unit_ids:
            visible |= Q(
                pk__in=Assignment.objects.filter(unit_id__in=scope.unit_ids, is_active=True).values("case_id")
            )
        if scope.user_id is not None:
            visible |= Q(reporter_id=scope.user_id)
    if scope.all_unit_ids:
        visible &= ~Q(petition_class="accusation", accused_unit_id__in=scope.all_unit_ids)
    return visible


def case_queryset_for_user(user: User) -> QuerySet[Case]:
    return Case.objects.filter(case_scope_q(user))


def case_get_for_user(user: User, case_id: int, *, for_update: bool = False) -> Case:
    """The case if ``user`` may see it, else :class:`NotFound` (never a hint that it exists)."""
    queryset = case_queryset_for_user(user)
    if for_update:
        queryset = queryset.select_for_update()
    case = queryset.filter(pk=case_id).first()
    if case is None:
        raise NotFound("事项", "case")
    return case


def case_get_by_tracking(tracking_code: str, phone_tail: str) -> Case:
    """The citizen's look-up: tracking code plus the last four digits of the phone number."""
    tail = "".join(ch for ch in phone_tail if ch.isdigit())
    case = Case.objects.filter(tracking_code=tracking_code.strip().upper()).first()
    if case is None or len(tail) < 4 or not case.reporter_phone.endswith(tail[-4:]):
        raise NotFound("事项", "case")
    return case


def user_units(user: User, roles: Iterable[str] | None = None) -> list[Unit]:
    wanted = set(roles) if roles is not None else None
    return [m.unit for m in _memberships(user) if wanted is None or m.role in wanted]


def require_role_in_unit(user: User, unit: Unit | None, roles: Iterable[str]) -> None:
    """Refuse unless ``user`` holds one of ``roles`` in ``unit`` (administrators pass)."""
    if is_administrator(user):
        return
    wanted = set(roles)
    if unit is not None and any(m.unit_id == unit.pk and m.role in wanted for m in _memberships(user)):
        return
    raise PermissionDenied(
        "您在该单位没有办理此操作的岗位",
        "you hold no role in this unit that allows this action",
        detail={"roles": sorted(wanted)},
    )


def covering_centres(user: User, case: Case, roles: Iterable[str]) -> list[Unit]:
    """The user's centres (with one of ``roles``) whose region contains the case's location."""
    wanted = set(roles)
    return [
        m.unit
        for m in _memberships(user)
        if m.role in wanted
        and m.unit.kind == UnitKind.CENTRE
        and (case.region_path == m.unit.region.path or case.region_path.startswith(m.unit.region.path + "/"))
    ]


def require_centre_role(user: User, case: Case, roles: Iterable[str]) -> Unit | None:
    """Refuse unless ``user`` has one of ``roles`` in a centre covering the case's location."""
    if is_administrator(user):
        centres = covering_centres(user, case, roles)
        return centres[0] if centres else None
    centres = covering_centres(user, case, roles)
    if not centres:
        raise PermissionDenied(
            "您所在中心无权办理该属地的事项",
            "your centre has no authority over this case's locality",
            detail={"roles": sorted(set(roles))},
        )
    # The most local centre acts (longest path).
    return max(centres, key=lambda unit: len(unit.region.path))


def require_case_unit_role(user: User, case: Case, roles: Iterable[str] = STAFF_ACTING_ROLES) -> Unit:
    """Refuse unless ``user`` holds one of ``roles`` in the case's lead unit; returns that unit."""
    lead = case.lead_unit
    if lead is None:
        raise InvalidState("该事项尚未分派承办单位", "the case has no lead unit yet")
    require_role_in_unit(user, lead, roles)
    return lead
