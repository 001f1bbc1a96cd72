"""REST v1 for the market: the public listings and figures (no key needed), and for the economic
bureau and the towns the listings, verification, demands, suggestions, contacts and deals."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from gongzhi.api.enums import Scope
from gongzhi.api.principal import require_scope
from gongzhi.api.schemas import ERRORS, Code, Str40, Str200, Str2000, Text100, Text200
from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.market import access, selectors, services
from gongzhi.market.models import Enterprise, Listing
from gongzhi.market.selectors import ListingFilter
from gongzhi.org import selectors as org_selectors
from gongzhi.org.models import Region

router = Router(tags=["market"])

Amount = Annotated[Decimal, Field(ge=0, le=10**10, max_digits=12, decimal_places=2)]
Coordinate = Annotated[Decimal, Field(ge=-180, le=180, max_digits=9, decimal_places=6)]
Kind = Literal["idle_land", "factory_space"]
Industry = Literal[
    "textiles",
    "printing_dyeing",
    "garments",
    "chemical_fibre",
    "chemicals",
    "new_materials",
    "machinery",
    "electronics",
    "biomedicine",
    "food",
    "logistics",
    "other",
]


class ListingOut(Schema):
    code: str
    kind: str
    title: str
    status: str
    region: dict[str, str]
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    deal_mode: str
    unit_price: Decimal
    price_unit: str
    area: Decimal
    area_free: Decimal
    area_unit: str
    land_use: str
    floors: int | None
    floor_load_kn: Decimal | None
    power_kva: int | None
    energy_quota_tce: Decimal | None
    allowed_industries: list[str]
    conditions: str
    published_at: datetime | None


class FiguresOut(Schema):
    listing_enterprises: int
    land_area_mu: Decimal
    factory_area_m2: Decimal
    matched_enterprises: int
    landed_enterprises: int
    landed_area_m2: Decimal
    expected_output_wan: Decimal


class SearchQuery(Schema):
    kind: Kind | None = None
    region: Code | None = None
    area_min: Amount | None = None
    area_max: Amount | None = None
    max_price: Amount | None = None
    industry: Industry | None = None
    q: Str40 = ""
    limit: Annotated[int, Field(ge=1, le=200)] = 50


class ListingIn(Schema):
    lister_id: int
    kind: Kind
    title: Text100
    region: Code
    address: Text200
    deal_mode: Literal["transfer", "rent"]
    unit_price: Amount
    area: Amount
    latitude: Coordinate | None = None
    longitude: Coordinate | None = None
    land_use: Literal["", "industrial", "warehousing", "commercial"] = ""
    floors: Annotated[int, Field(ge=1, le=60)] | None = None
    floor_load_kn: Amount | None = None
    power_kva: Annotated[int, Field(ge=0, le=10**7)] | None = None
    energy_quota_tce: Amount | None = None
    allowed_industries: Annotated[list[Industry], Field(max_length=12)] = []
    conditions: Str2000 = ""
    description: Str2000 = ""


class VerifyIn(Schema):
    approve: bool
    note: Str2000 = ""


class DemandIn(Schema):
    enterprise_id: int
    kind: Kind
    industry: Industry
    area_min: Amount
    area_max: Amount
    deal_mode: Literal["transfer", "rent", "either"] = "either"
    max_unit_price: Amount | None = None
    preferred_regions: Annotated[list[Code], Field(max_length=20)] = []
    min_power_kva: Annotated[int, Field(ge=0, le=10**7)] | None = None
    needed_by: date | None = None
    expected_output_wan: Amount | None = None
    description: Str2000 = ""


class MatchOut(Schema):
    listing: str
    demand: str
    score: float
    reasons: list[dict[str, Any]]


class ContactIn(Schema):
    listing_id: int
    demand_id: int
    held_on: date
    channel: Literal["site_visit", "meeting", "phone", "online"]
    outcome: Literal["interested", "negotiating", "not_suitable", "agreed"]
    notes: Str2000 = ""


class DealIn(Schema):
    listing_id: int
    demand_id: int
    signed_on: date
    area: Amount
    expected_output_wan: Amount
    investment_wan: Amount | None = None
    notes: Str200 = ""


class IdOut(Schema):
    id: int
    code: str = ""
    status: str = ""


def listing_out(listing: Listing) -> dict[str, Any]:
    return {
        **{
            name: getattr(listing, name)
            for name in (
                "code",
                "kind",
                "title",
                "status",
                "address",
                "latitude",
                "longitude",
                "deal_mode",
                "unit_price",
                "price_unit",
                "area",
                "area_free",
                "area_unit",
                "land_use",
                "floors",
                "floor_load_kn",
                "power_kva",
                "energy_quota_tce",
                "conditions",
                "published_at",
            )
        },
        "allowed_industries": list(listing.allowed_industries or []),
        "region": {"code": listing.region.code, "name": listing.region.name},
    }


def _region(code: str, field: str) -> Region:
    try:
        return org_selectors.region_get(code=code)
    except NotFound:
        raise ValidationFailed(
            "行政区划不存在", "unknown region", code="unknown_region", detail={"field": field}
        ) from None


def _enterprise(pk: int, field: str) -> Enterprise:
    enterprise = Enterprise.objects.select_related("region").filter(pk=pk).first()
    if enterprise is None:
        raise ValidationFailed(
            "企业不存在", "unknown enterprise", code="unknown_enterprise", detail={"field": field}
        )
    return enterprise


@router.get(
    "/listings", auth=None, response={200: list[ListingOut], **ERRORS}, summary="published listings (public)"
)
def listing_search(request: HttpRequest, query: Query[SearchQuery]) -> list[dict[str, Any]]:
    region = org_selectors.region_list().filter(code=query.region).first() if query.region else None
    filters = ListingFilter(
        kind=query.kind or "",
        region=region.pk if region else None,
        area_min=query.area_min,
        area_max=query.area_max,
        max_price=query.max_price,
        industry=query.industry or "",
        q=query.q,
    )
    if query.region and region is None:
        return []
    return [listing_out(item) for item in selectors.listing_search_public(filters=filters)[: query.limit]]


@router.get(
    "/listings/{code}",
    auth=None,
    response={200: ListingOut, **ERRORS},
    summary="one published listing (public)",
)
def listing_get(request: HttpRequest, code: Code) -> dict[str, Any]:
    return listing_out(access.listing_get_public(code=code))


@router.get(
    "/figures", auth=None, response={200: FiguresOut, **ERRORS}, summary="the market's figures (public)"
)
def figures(request: HttpRequest) -> Any:
    return selectors.market_figures()


@router.post("/listings", response={201: IdOut, **ERRORS}, summary="enter a listing (a draft)")
def listing_create(request: HttpRequest, payload: ListingIn) -> Status[dict[str, Any]]:
    user = require_scope(request, Scope.MARKET_WRITE).user
    data = payload.dict()
    data.pop("lister_id")
    data["region"] = _region(payload.region, "region")
    listing = services.listing_create(
        actor=user, lister=_enterprise(payload.lister_id, "lister_id"), data=services.ListingInput(**data)
    )
    return Status(201, {"id": listing.pk, "code": listing.code, "status": listing.status})


@router.post(
    "/listings/{listing_id}/submit", response={200: IdOut, **ERRORS}, summary="submit for verification"
)
def listing_submit(request: HttpRequest, listing_id: int) -> dict[str, Any]:
    user = require_scope(request, Scope.MARKET_WRITE).user
    listing = services.listing_submit(actor=user, listing_id=listing_id)
    return {"id": listing.pk, "code": listing.code, "status": listing.status}


@router.post(
    "/listings/{listing_id}/verify", response={200: IdOut, **ERRORS}, summary="the economic bureau verifies"
)
def listing_verify(request: HttpRequest, listing_id: int, payload: VerifyIn) -> dict[str, Any]:
    user = require_scope(request, Scope.MARKET_WRITE).user
    listing = services.listing_verify(
        actor=user, listing_id=listing_id, approve=payload.approve, note=payload.note
    )
    return {"id": listing.pk, "code": listing.code, "status": listing.status}


@router.post("/demands", response={201: IdOut, **ERRORS}, summary="enter a demand")
def demand_create(request: HttpRequest, payload: DemandIn) -> Status[dict[str, Any]]:
    user = require_scope(request, Scope.MARKET_WRITE).user
    data = payload.dict()
    data.pop("enterprise_id")
    data["preferred_regions"] = [_region(code, "preferred_regions") for code in payload.preferred_regions]
    demand = services.demand_create(
        actor=user,
        enterprise=_enterprise(payload.enterprise_id, "enterprise_id"),
        data=services.DemandInput(**data),
    )
    return Status(201, {"id": demand.pk, "code": demand.code, "status": demand.status})


@router.get(
    "/demands/{demand_id}/matches", response={200: list[MatchOut], **ERRORS}, summary="suggested listings"
)
def demand_matches(request: HttpRequest, demand_id: int) -> list[dict[str, Any]]:
    user = require_scope(request, Scope.MARKET_WRITE).user
    demand = access.demand_get_for_staff(user, demand_id)
    return [
        {
            "listing": m.listing.code,
            "demand": m.demand.code,
            "score": m.score,
            "reasons": [{"code": r.code, "fit": r.fit, "text": r.text} for r in m.reasons],
        }
        for m in selectors.matches_for_demand(demand=demand)
    ]


@router.post("/contacts", response={201: IdOut, **ERRORS}, summary="对接: record a contact")
def contact(request: HttpRequest, payload: ContactIn) -> Status[dict[str, Any]]:
    user = require_scope(request, Scope.MARKET_WRITE).user
    item = services.contact_record(actor=user, **payload.dict())
    return Status(201, {"id": item.pk, "status": item.outcome})


@router.post("/deals", response={201: IdOut, **ERRORS}, summary="a deal landed")
def deal(request: HttpRequest, payload: DealIn) -> Status[dict[str, Any]]:
    user = require_scope(request, Scope.MARKET_WRITE).user
    item = services.deal_record(actor=user, **payload.dict())
    return Status(201, {"id": item.pk})
