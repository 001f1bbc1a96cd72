"""Who may see and do what in the market: the one place where market permissions are decided.

1. The public sees published listings only (verified by the economic bureau, still on offer).
2. The economic bureau (the district units named by ``MARKET_VERIFIER_FUNCTIONS``) and the
   administrators see everything, enter listings and demands, verify listings, record contacts
   and deals.
3. Staff of a town's governance centre see, enter and follow the listings and demands of their
   town (the towns bring their idle land and factories to the market); only the bureau verifies.
Anything else answers "not found".
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gongzhi.cases import access as case_access
from gongzhi.core.errors import NotFound, PermissionDenied
from gongzhi.market.conf import verifier_functions
from gongzhi.market.enums import PUBLISHED_STATUSES
from gongzhi.market.models import Demand, Listing
from gongzhi.org import selectors as org_selectors
from gongzhi.org.enums import RegionLevel, UnitKind
from gongzhi.org.models import Region, User


def _is_staff(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and not getattr(user, "is_citizen", False))


def is_bureau(user: User) -> bool:
    """The economic bureau's staff (and administrators): verify and see the whole market."""
    if not _is_staff(user):
        return False
    if case_access.is_administrator(user):
        return True
    functions = set(verifier_functions())
    return any(
        m.unit.function in functions and m.unit.level == RegionLevel.DISTRICT
        for m in org_selectors.memberships_for_user(user=user)
    )


def town_paths(user: User) -> list[str]:
    """Region paths of the town centres the person works at."""
    if not _is_staff(user):
        return []
    return [
        m.unit.region.path
        for m in org_selectors.memberships_for_user(user=user)
        if m.unit.kind == UnitKind.CENTRE and m.unit.level == RegionLevel.TOWN
    ]


def is_market_staff(user: User) -> bool:
    return is_bureau(user) or bool(town_paths(user))


def _region_q(prefix: str, paths: list[str]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{prefix}__path": path}) | Q(**{f"{prefix}__path__startswith": path + "/"})
    return q


def listing_queryset_for_staff(user: User) -> QuerySet[Listing]:
    if is_bureau(user):
        return Listing.objects.all()
    paths = town_paths(user)
    if not paths:
        return Listing.objects.none()
    return Listing.objects.filter(_region_q("region", paths))


def demand_queryset_for_staff(user: User) -> QuerySet[Demand]:
    if is_bureau(user):
        return Demand.objects.all()
    paths = town_paths(user)
    if not paths:
        return Demand.objects.none()
    return Demand.objects.filter(_region_q("enterprise__region", paths))


def listing_get_for_staff(user: User, listing_id: int, *, for_update: bool = False) -> Listing:
    if not listing_queryset_for_staff(user).filter(pk=listing_id).exists():
        raise NotFound("挂牌资源", "listing")
    queryset = Listing.objects.select_related("lister", "region", "verified_by")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    return queryset.get(pk=listing_id)


def demand_get_for_staff(user: User, demand_id: int, *, for_update: bool = False) -> Demand:
    if not demand_queryset_for_staff(user).filter(pk=demand_id).exists():
        raise NotFound("用地需求", "demand")
    queryset = Demand.objects.select_related("enterprise", "enterprise__region")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    return queryset.get(pk=demand_id)


def listing_get_public(*, code: str) -> Listing:
    listing = (
        Listing.objects.select_related("lister", "region")
        .filter(code=code, status__in=PUBLISHED_STATUSES)
        .first()
    )
    if listing is None:
        raise NotFound("挂牌资源", "listing")
    return listing


def require_bureau(user: User) -> None:
    if not is_bureau(user):
        raise PermissionDenied(
            "只有经济部门（经信局）可以核验挂牌资源",
            "only the economic bureau may verify listings",
            code="not_economic_bureau",
        )


def require_market_staff(user: User) -> None:
    if not is_market_staff(user):
        raise PermissionDenied(
            "只有经济部门和镇街工作人员可以进行此操作",
            "only the economic bureau and town staff may do this",
            code="not_market_staff",
        )


def may_enter_for(user: User, region: Region) -> bool:
    """The bureau enters anywhere; a town's staff only for places in their town."""
    if is_bureau(user):
        return True
    return any(region.path == path or region.path.startswith(path + "/") for path in town_paths(user))
