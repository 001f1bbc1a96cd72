"""Reads of the market: the public search, the desk's lists, suggestions both ways, the figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from gongzhi.core.errors import NotFound
from gongzhi.market import access
from gongzhi.market.conf import rule_float
from gongzhi.market.enums import (
    OPEN_DEMAND_STATUSES,
    PUBLISHED_STATUSES,
    VERIFIED_STATUSES,
    ContactOutcome,
    ListingKind,
    ListingStatus,
)
from gongzhi.market.matching import Match, match
from gongzhi.market.models import Contact, Deal, Demand, Listing, ListingPhoto
from gongzhi.org.models import User

LISTING_RELATED = ("lister", "region", "region__parent")


@dataclass(frozen=True)
class ListingFilter:
    kind: str = ""
    region: int | None = None
    area_min: Decimal | None = None
    area_max: Decimal | None = None
    max_price: Decimal | None = None
    deal_mode: str = ""
    industry: str = ""
    status: str = ""
    q: str = ""


def _filtered(listings: QuerySet[Listing], filters: ListingFilter) -> QuerySet[Listing]:
    if filters.kind:
        listings = listings.filter(kind=filters.kind)
    if filters.region:
        listings = listings.filter(Q(region_id=filters.region) | Q(region__parent_id=filters.region))
    if filters.area_min is not None:
        listings = listings.filter(area__gte=filters.area_min)
    if filters.area_max is not None:
        listings = listings.filter(area__lte=filters.area_max)
    if filters.max_price is not None:
        listings = listings.filter(unit_price__lte=filters.max_price)
    if filters.deal_mode:
        listings = listings.filter(deal_mode=filters.deal_mode)
    if filters.status:
        listings = listings.filter(status=filters.status)
    if filters.q:
        listings = listings.filter(
            Q(title__icontains=filters.q) | Q(address__icontains=filters.q) | Q(code__iexact=filters.q)
        )
    if filters.industry:
        # JSON containment differs across databases: filter the (few) restricted listings in Python.
        restricted = [
            pk
            for pk, allowed in listings.exclude(allowed_industries=[]).values_list("pk", "allowed_industries")
            if filters.industry not in (allowed or [])
        ]
        listings = listings.exclude(pk__in=restricted)
    return listings


def listing_search_public(*, filters: ListingFilter | None = None) -> QuerySet[Listing]:
    """Published listings only (verified by the economic bureau, still on offer)."""
    listings = Listing.objects.filter(status__in=PUBLISHED_STATUSES).select_related(*LISTING_RELATED)
    listings = _filtered(listings, filters or ListingFilter(status=""))
    return listings.prefetch_related(
        Prefetch("photos", queryset=ListingPhoto.objects.order_by("order", "id"))
    ).order_by("-published_at", "code")


def listing_list_for_staff(*, user: User, filters: ListingFilter | None = None) -> QuerySet[Listing]:
    listings = access.listing_queryset_for_staff(user).select_related(*LISTING_RELATED)
    return (
        _filtered(listings, filters or ListingFilter())
        .annotate(contact_count=Count("contacts"))
        .order_by("-updated_at", "code")
    )


def listing_detail_for_staff(*, user: User, listing_id: int) -> Listing:
    access.listing_get_for_staff(user, listing_id)
    return (
        Listing.objects.select_related(*LISTING_RELATED, "verified_by", "created_by")
        .prefetch_related(
            Prefetch("photos", queryset=ListingPhoto.objects.order_by("order", "id")),
            Prefetch(
                "contacts", queryset=Contact.objects.select_related("demand__enterprise", "recorded_by")
            ),
            Prefetch("deals", queryset=Deal.objects.select_related("demand__enterprise")),
        )
        .get(pk=listing_id)
    )


def photo_get_public(*, photo_id: int) -> ListingPhoto:
    photo = ListingPhoto.objects.select_related("listing").filter(pk=photo_id).first()
    if photo is None or photo.listing.status not in PUBLISHED_STATUSES:
        raise NotFound("照片", "photo")
    return photo


def demand_list_for_staff(*, user: User, kind: str = "", status: str = "", q: str = "") -> QuerySet[Demand]:
    demands = access.demand_queryset_for_staff(user).select_related("enterprise", "enterprise__region")
    if kind:
        demands = demands.filter(kind=kind)
    if status:
        demands = demands.filter(status=status)
    if q:
        demands = demands.filter(Q(enterprise__name__icontains=q) | Q(code__iexact=q))
    return demands.annotate(contact_count=Count("contacts")).order_by("-created_at", "code")


def demand_detail_for_staff(*, user: User, demand_id: int) -> Demand:
    access.demand_get_for_staff(user, demand_id)
    return (
        Demand.objects.select_related("enterprise", "enterprise__region", "created_by")
        .prefetch_related(
            "preferred_regions",
            Prefetch("contacts", queryset=Contact.objects.select_related("listing", "recorded_by")),
            Prefetch("deals", queryset=Deal.objects.select_related("listing")),
        )
        .get(pk=demand_id)
    )


def _ranked(matches: list[Match], limit: int) -> list[Match]:
    floor = rule_float("MARKET_MATCH_MIN_SCORE")
    kept = [m for m in matches if not m.is_excluded and m.score >= floor]
    kept.sort(key=lambda m: (-m.score, m.listing.code, m.demand.code))
    return kept[:limit]


def matches_for_demand(*, demand: Demand, limit: int = 10) -> list[Match]:
    """Published listings for a demand, best first, each with its reasons."""
    preferred = set(demand.preferred_regions.values_list("pk", flat=True))
    listings = Listing.objects.filter(status__in=PUBLISHED_STATUSES, kind=demand.kind).select_related(
        *LISTING_RELATED
    )
    return _ranked([match(listing, demand, preferred=preferred) for listing in listings], limit)


def matches_for_listing(*, listing: Listing, limit: int = 10) -> list[Match]:
    """Open demands for a listing, best first, each with its reasons."""
    demands = list(
        Demand.objects.filter(status__in=OPEN_DEMAND_STATUSES, kind=listing.kind)
        .select_related("enterprise")
        .prefetch_related("preferred_regions")
    )
    return _ranked(
        [match(listing, d, preferred={r.pk for r in d.preferred_regions.all()}) for d in demands], limit
    )


@dataclass(frozen=True)
class MarketFigures:
    """The figures the county quotes, computed from the data."""

    listing_enterprises: int
    listings: int
    land_listings: int
    factory_listings: int
    land_area_mu: Decimal
    factory_area_m2: Decimal
    demand_enterprises: int
    matched_enterprises: int
    contacts: int
    landed_enterprises: int
    deals: int
    landed_area_m2: Decimal
    expected_output_wan: Decimal

    @property
    def expected_output_yi(self) -> Decimal:
        return (self.expected_output_wan / Decimal(10000)).quantize(Decimal("0.01"))


def _cents(total: Decimal | None) -> Decimal:
    """A sum to the cent (SQLite sums decimals through floats)."""
    return Decimal(str(total or 0)).quantize(Decimal("0.01"))


def market_figures() -> MarketFigures:
    """Listing enterprises and areas count verified listings (on offer, under negotiation or let;
    not drafts, rejected or withdrawn). Matched: enterprises with a demand and a contact that did
    not end "not suitable". Landed: enterprises with a deal."""
    verified = Listing.objects.filter(status__in=VERIFIED_STATUSES)
    land = verified.filter(kind=ListingKind.IDLE_LAND)
    factory = verified.filter(kind=ListingKind.FACTORY_SPACE)
    deals = Deal.objects.aggregate(area=Sum("area_m2"), output=Sum("expected_output_wan"), n=Count("pk"))
    return MarketFigures(
        listing_enterprises=verified.values("lister_id").distinct().count(),
        listings=verified.count(),
        land_listings=land.count(),
        factory_listings=factory.count(),
        land_area_mu=_cents(land.aggregate(total=Sum("area"))["total"]),
        factory_area_m2=_cents(factory.aggregate(total=Sum("area"))["total"]),
        demand_enterprises=Demand.objects.values("enterprise_id").distinct().count(),
        matched_enterprises=Contact.objects.exclude(outcome=ContactOutcome.NOT_SUITABLE)
        .values("demand__enterprise_id")
        .distinct()
        .count(),
        contacts=Contact.objects.count(),
        landed_enterprises=Deal.objects.values("demand__enterprise_id").distinct().count(),
        deals=deals["n"],
        landed_area_m2=_cents(deals["area"]),
        expected_output_wan=_cents(deals["output"]),
    )


def pending_verification(*, user: User) -> QuerySet[Listing]:
    if not access.is_bureau(user):
        return Listing.objects.none()
    return (
        Listing.objects.filter(status=ListingStatus.PENDING)
        .select_related(*LISTING_RELATED)
        .order_by("submitted_at")
    )
