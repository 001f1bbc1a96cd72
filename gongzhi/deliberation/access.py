"""Who may see and act on which village's deliberation.

1. Administrators (as in ``cases.access``) everywhere.
2. Staff of a governance centre act on the villages in the centre's region: a village centre's
   cadres on their village, a town centre on all of its villages, the district on all.
3. Everyone else: "not found", the same answer as for a village or matter that does not exist.
The public village page needs no access: it reads only publications (``selectors``).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gongzhi.cases import access as cases_access
from gongzhi.core.errors import NotFound, PermissionDenied
from gongzhi.deliberation.models import (
    Matter,
    Objection,
    Session,
    SessionAttachment,
    TeamMember,
    Tender,
)
from gongzhi.org import selectors as org_selectors
from gongzhi.org.enums import RegionLevel
from gongzhi.org.models import Region, User


def _paths(user: User) -> tuple[bool, tuple[str, ...]]:
    scope = cases_access.scope_for(user)
    return scope.is_all, scope.region_paths


def covers(user: User, region: Region) -> bool:
    """Whether ``user`` acts on ``region`` (a village or a town)."""
    is_all, paths = _paths(user)
    return is_all or any(region.path == p or region.path.startswith(p + "/") for p in paths)


def village_q(user: User, field: str = "village") -> Q:
    is_all, paths = _paths(user)
    if is_all:
        return Q()
    visible = Q(pk__in=[])
    for path in paths:
        visible |= Q(**{f"{field}__path": path}) | Q(**{f"{field}__path__startswith": path + "/"})
    return visible


def region_get_for_user(user: User, code: str) -> Region:
    """A village or town the user acts on, else :class:`NotFound`."""
    try:
        region = org_selectors.region_get(code=code)
    except NotFound:
        raise NotFound("村社", "region") from None
    if region.level not in (RegionLevel.VILLAGE, RegionLevel.TOWN) or not covers(user, region):
        raise NotFound("村社", "region")
    return region


def regions_for_user(user: User) -> list[Region]:
    """The villages and towns the user's centres cover, most local last."""
    is_all, paths = _paths(user)
    queryset = Region.objects.filter(level__in=[RegionLevel.TOWN, RegionLevel.VILLAGE])
    if not is_all:
        q = Q(pk__in=[])
        for path in paths:
            q |= Q(path=path) | Q(path__startswith=path + "/")
        queryset = queryset.filter(q)
    return list(queryset.order_by("path"))


def matter_queryset_for_user(user: User) -> QuerySet[Matter]:
    return Matter.objects.filter(village_q(user))


def matter_get_for_user(user: User, matter_id: int) -> Matter:
    matter = (
        matter_queryset_for_user(user).select_related("village", "matter_type").filter(pk=matter_id).first()
    )
    if matter is None:
        raise NotFound("议事事项", "matter")
    return matter


def session_get_for_user(user: User, session_id: int) -> Session:
    session = (
        Session.objects.select_related("step", "step__matter", "step__matter__village")
        .filter(village_q(user, "step__matter__village"), pk=session_id)
        .first()
    )
    if session is None:
        raise NotFound("会议记录", "session")
    return session


def member_get_for_user(user: User, member_id: int) -> TeamMember:
    member = (
        TeamMember.objects.select_related("team", "team__matter", "person")
        .filter(village_q(user, "team__matter__village"), pk=member_id)
        .first()
    )
    if member is None:
        raise NotFound("议事团成员", "team member")
    return member


def tender_get_for_user(user: User, tender_id: int) -> Tender:
    tender = (
        Tender.objects.select_related("matter")
        .filter(village_q(user, "matter__village"), pk=tender_id)
        .first()
    )
    if tender is None:
        raise NotFound("招投标", "tender")
    return tender


def objection_get_for_user(user: User, objection_id: int) -> Objection:
    objection = (
        Objection.objects.select_related("matter", "publication")
        .filter(village_q(user, "matter__village"), pk=objection_id)
        .first()
    )
    if objection is None:
        raise NotFound("异议", "objection")
    return objection


def require_catalogue_editor(user: User, region: Region | None) -> None:
    """The default catalogue is the administrators'; a town or village edits its own overrides."""
    if region is None:
        if not cases_access.is_administrator(user):
            raise PermissionDenied(
                "只有管理员可以修改默认目录", "only administrators edit the default catalogue"
            )
        return
    if not covers(user, region):
        raise NotFound("村社", "region")


def attachment_get_for_user(user: User, attachment_id: int) -> SessionAttachment:
    """An attachment of a matter ``user`` may see, else :class:`NotFound`."""
    attachment = (
        SessionAttachment.objects.select_related("session__step__matter")
        .filter(village_q(user, "session__step__matter__village"), pk=attachment_id)
        .first()
    )
    if attachment is None:
        raise NotFound("附件", "attachment")
    return attachment
