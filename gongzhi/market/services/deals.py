"""Demands, contacts (对接) and deals: the matching side of the market.

A contact of a demand with a published listing is recorded with its outcome; the listing is
洽谈中 while a negotiation is open. A deal needs a contact first; it lets the area taken (the
listing is 已出租/转让 once all of it is let) and lands the demand.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gongzhi.core.errors import InvalidState
from gongzhi.market import access, events
from gongzhi.market.enums import (
    OPEN_DEMAND_STATUSES,
    PUBLISHED_STATUSES,
    SQUARE_METRES_PER_MU,
    ContactChannel,
    ContactOutcome,
    DemandMode,
    DemandStatus,
    Industry,
    ListingKind,
    ListingStatus,
)
from gongzhi.market.models import Contact, Deal, Demand, Enterprise
from gongzhi.market.services._common import create_coded, invalid, require_place, text_field
from gongzhi.org.models import Region, User


@dataclass(frozen=True)
class DemandInput:
    kind: str
    industry: str
    area_min: Decimal
    area_max: Decimal
    deal_mode: str = DemandMode.EITHER
    max_unit_price: Decimal | None = None
    preferred_regions: list[Region] = field(default_factory=list)
    near_latitude: Decimal | None = None
    near_longitude: Decimal | None = None
    max_distance_km: Decimal | None = None
    min_power_kva: int | None = None
    needed_by: date | None = None
    expected_output_wan: Decimal | None = None
    description: str = ""


@transaction.atomic
def demand_create(
    *, actor: User, enterprise: Enterprise, data: DemandInput, is_generated: bool = False
) -> Demand:
    access.require_market_staff(actor)
    if data.kind not in ListingKind.values or data.deal_mode not in DemandMode.values:
        raise invalid("未知需求类型", "unknown kind or mode", "bad_kind", "kind")
    if data.industry not in Industry.values:
        raise invalid("请选择行业", "choose the industry", "bad_industry", "industry")
    if not 0 < data.area_min <= data.area_max:
        raise invalid("面积范围无效", "invalid area range", "bad_area", "area_min")
    if data.max_unit_price is not None and data.deal_mode == DemandMode.EITHER:
        raise invalid(
            "设定预算单价时请选择租赁或购买（两者的价格单位不同）",
            "a budget needs rent or transfer: their price units differ",
            "budget_needs_mode",
            "deal_mode",
        )
    if (data.near_latitude is None) != (data.near_longitude is None):
        raise invalid("坐标无效", "invalid coordinates", "bad_location", "near_latitude")
    values = asdict(data)
    regions = values.pop("preferred_regions")
    values["description"] = data.description.strip()
    require_place(actor, enterprise.region, "enterprise")
    demand: Demand = create_coded(
        Demand, "XQ", enterprise=enterprise, created_by=actor, is_generated=is_generated, **values
    )
    demand.preferred_regions.set([r.pk for r in regions])
    events.record(
        subject=demand, action="demand.create", actor=actor, after={"code": demand.code, "kind": demand.kind}
    )
    return demand


@transaction.atomic
def demand_close(*, actor: User, demand_id: int, reason: str) -> Demand:
    demand = access.demand_get_for_staff(actor, demand_id, for_update=True)
    if demand.status not in OPEN_DEMAND_STATUSES:
        raise InvalidState("该需求已关闭或已落地", "the demand is closed", code="demand_closed")
    reason = text_field(reason, "reason", "关闭理由")
    before = demand.status
    demand.status = DemandStatus.CLOSED
    demand.save(update_fields=["status", "updated_at"])
    events.record(
        subject=demand, action="demand.close", actor=actor, before={"status": before}, reason=reason
    )
    return demand


LIVE_OUTCOMES = (ContactOutcome.INTERESTED, ContactOutcome.NEGOTIATING, ContactOutcome.AGREED)


@transaction.atomic
def contact_record(
    *,
    actor: User,
    listing_id: int,
    demand_id: int,
    held_on: date,
    channel: str,
    outcome: str,
    notes: str = "",
) -> Contact:
    """对接: a demand met a published listing; the listing is 洽谈中 while a negotiation is open."""
    listing = access.listing_get_for_staff(actor, listing_id, for_update=True)
    demand = access.demand_get_for_staff(actor, demand_id, for_update=True)
    if listing.status not in PUBLISHED_STATUSES:
        raise InvalidState("只能对接已发布的资源", "only published listings", code="listing_not_published")
    if demand.status not in OPEN_DEMAND_STATUSES:
        raise InvalidState("该需求已关闭或已落地", "the demand is closed", code="demand_closed")
    if listing.kind != demand.kind:
        raise invalid("需求与资源类型不符", "kinds differ", "kind_mismatch", "listing")
    if channel not in ContactChannel.values or outcome not in ContactOutcome.values:
        raise invalid("请选择对接方式和结果", "choose channel and outcome", "bad_contact", "outcome")
    if held_on > timezone.localdate():
        raise invalid("对接日期不能晚于今天", "not in the future", "future_date", "held_on")
    contact = Contact.objects.create(
        listing=listing,
        demand=demand,
        held_on=held_on,
        channel=channel,
        outcome=outcome,
        notes=notes.strip(),
        recorded_by=actor,
    )
    before = {"listing": listing.status, "demand": demand.status}
    if outcome in (ContactOutcome.NEGOTIATING, ContactOutcome.AGREED):
        listing.status = ListingStatus.NEGOTIATING
    elif outcome == ContactOutcome.NOT_SUITABLE and listing.status == ListingStatus.NEGOTIATING:
        still_open = (
            Contact.objects.filter(
                listing=listing, outcome__in=(ContactOutcome.NEGOTIATING, ContactOutcome.AGREED)
            )
            .exclude(demand=demand)
            .filter(demand__status__in=OPEN_DEMAND_STATUSES)
            .exists()
        )
        listing.status = ListingStatus.NEGOTIATING if still_open else ListingStatus.AVAILABLE
    if outcome in LIVE_OUTCOMES and demand.status == DemandStatus.OPEN:
        demand.status = DemandStatus.MATCHED
    listing.save(update_fields=["status", "updated_at"])
    demand.save(update_fields=["status", "updated_at"])
    events.record(
        subject=listing,
        action="listing.contact",
        actor=actor,
        before=before,
        after={"contact": contact.pk, "demand": demand.pk, "outcome": outcome, "listing": listing.status},
        reason=contact.notes,
    )
    return contact


@transaction.atomic
def deal_record(
    *,
    actor: User,
    listing_id: int,
    demand_id: int,
    signed_on: date,
    area: Decimal,
    expected_output_wan: Decimal,
    investment_wan: Decimal | None = None,
    notes: str = "",
) -> Deal:
    """A deal landed: the area taken is let, the demand has landed."""
    listing = access.listing_get_for_staff(actor, listing_id, for_update=True)
    demand = access.demand_get_for_staff(actor, demand_id, for_update=True)
    if listing.status not in PUBLISHED_STATUSES:
        raise InvalidState(
            "只能在已发布的资源上落地", "only published listings", code="listing_not_published"
        )
    if demand.status not in OPEN_DEMAND_STATUSES:
        raise InvalidState("该需求已关闭或已落地", "the demand is closed", code="demand_closed")
    if (
        not Contact.objects.filter(listing=listing, demand=demand)
        .exclude(outcome=ContactOutcome.NOT_SUITABLE)
        .exists()
    ):
        raise invalid("落地前须有对接记录", "record a contact first", "no_contact", "demand")
    if not 0 < area <= listing.area_free:
        raise invalid(
            f"落地面积须大于0且不超过可用面积{listing.area_free}{listing.area_unit}",
            "the area exceeds what is free",
            "bad_area",
            "area",
        )
    if expected_output_wan < 0 or (investment_wan is not None and investment_wan < 0):
        raise invalid("金额不能为负", "amounts are not negative", "bad_amount", "expected_output_wan")
    if signed_on > timezone.localdate():
        raise invalid("签约日期不能晚于今天", "not in the future", "future_date", "signed_on")
    area_m2 = area * SQUARE_METRES_PER_MU if listing.kind == ListingKind.IDLE_LAND else area
    deal = Deal.objects.create(
        listing=listing,
        demand=demand,
        signed_on=signed_on,
        area=area,
        area_m2=area_m2.quantize(Decimal("0.01")),
        expected_output_wan=expected_output_wan,
        investment_wan=investment_wan,
        notes=notes.strip(),
        recorded_by=actor,
    )
    before = {"listing": listing.status, "demand": demand.status, "area_let": listing.area_let}
    listing.area_let += area
    listing.status = ListingStatus.LET if listing.area_let >= listing.area else ListingStatus.AVAILABLE
    listing.save(update_fields=["area_let", "status", "updated_at"])
    demand.status = DemandStatus.LANDED
    demand.save(update_fields=["status", "updated_at"])
    events.record(
        subject=listing,
        action="listing.deal",
        actor=actor,
        before=before,
        after={
            "deal": deal.pk,
            "demand": demand.pk,
            "area": area,
            "expected_output_wan": expected_output_wan,
        },
    )
    return deal
