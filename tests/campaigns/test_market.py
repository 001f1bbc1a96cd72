"""The idle land and factory market: verification before publication, two-way matching with the
reasons, contacts, a landed deal, and the figures computed from the data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from gongzhi.core.errors import ApplicationError, NotFound, PermissionDenied
from gongzhi.core.models import AuditEvent
from gongzhi.market import access, selectors, services
from gongzhi.market.enums import (
    ContactChannel,
    ContactOutcome,
    DealMode,
    DemandMode,
    DemandStatus,
    Industry,
    LandUse,
    ListingKind,
    ListingStatus,
)
from gongzhi.market.matching import match
from gongzhi.market.models import Listing
from gongzhi.market.services import DemandInput, ListingInput
from gongzhi.org.enums import Role
from tests.conftest import PINGSHUI, WANGTAN, centre, district_unit, region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]  # its dates are autumn 2026


@pytest.fixture
def bureau(make_staff):  # type: ignore[no-untyped-def]
    """Staff of the economic bureau (in the Keqiao default units: 商务局, function commerce)."""
    return make_staff(district_unit("commerce"), Role.HANDLER, name="经济部门招商科")


@pytest.fixture
def town_staff(make_staff):  # type: ignore[no-untyped-def]
    return make_staff(centre(PINGSHUI), Role.DISPATCHER, name="平水镇经济办")


def factory(bureau, town_staff, *, area: int = 6000, price: str = "18", industries=(), power=800):  # type: ignore[no-untyped-def]
    lister = services.enterprise_upsert(
        actor=town_staff,
        name="平水纺织有限公司",
        region=region(PINGSHUI),
        industry=Industry.TEXTILES,
        credit_code="91330621MA2BXXXX1A",
    )
    return services.listing_create(
        actor=town_staff,
        lister=lister,
        data=ListingInput(
            kind=ListingKind.FACTORY_SPACE,
            title="平水工业园闲置标准厂房",
            region=region(PINGSHUI),
            address="平水镇工业园区兴业路8号",
            deal_mode=DealMode.RENT,
            unit_price=Decimal(price),
            area=Decimal(area),
            floors=3,
            floor_load_kn=Decimal("8.0"),
            power_kva=power,
            latitude=Decimal("29.9650"),
            longitude=Decimal("120.5620"),
            allowed_industries=list(industries),
        ),
    )


def demand_for(bureau, **changes):  # type: ignore[no-untyped-def]
    enterprise = services.enterprise_upsert(
        actor=bureau,
        name="绍兴智造装备有限公司",
        region=region(WANGTAN),
        industry=Industry.MACHINERY,
        credit_code="91330621MA2BYYYY2B",
    )
    values = {
        "kind": ListingKind.FACTORY_SPACE,
        "industry": Industry.MACHINERY,
        "area_min": Decimal(4000),
        "area_max": Decimal(7000),
        "deal_mode": DemandMode.RENT,
        "max_unit_price": Decimal(20),
        "preferred_regions": [region(PINGSHUI)],
        "near_latitude": Decimal("29.9700"),
        "near_longitude": Decimal("120.5500"),
        "max_distance_km": Decimal(10),
        "min_power_kva": 630,
        "expected_output_wan": Decimal(8000),
    }
    values.update(changes)
    return services.demand_create(actor=bureau, enterprise=enterprise, data=DemandInput(**values))


def test_a_listing_is_public_only_once_the_economic_bureau_has_verified_it(bureau, town_staff):  # type: ignore[no-untyped-def]
    listing = factory(bureau, town_staff)
    services.listing_submit(actor=town_staff, listing_id=listing.pk)
    assert not selectors.listing_search_public().filter(pk=listing.pk).exists()
    with pytest.raises(NotFound):
        access.listing_get_public(code=listing.code)
    # the town may not verify its own listing; nothing changes
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.listing_verify(actor=town_staff, listing_id=listing.pk, approve=True)
    assert (
        Listing.objects.get(pk=listing.pk).status == ListingStatus.PENDING
        and AuditEvent.objects.count() == events
    )
    services.listing_verify(actor=bureau, listing_id=listing.pk, approve=True, note="现场核实产权清晰")
    assert access.listing_get_public(code=listing.code).status == ListingStatus.AVAILABLE
    # changing the terms takes it off the market until verified again
    services.listing_update(
        actor=town_staff,
        listing_id=listing.pk,
        data=ListingInput(
            kind=ListingKind.FACTORY_SPACE,
            title="平水工业园闲置标准厂房",
            region=region(PINGSHUI),
            address="平水镇工业园区兴业路8号",
            deal_mode=DealMode.RENT,
            unit_price=Decimal(16),
            area=Decimal(6000),
            floors=3,
        ),
    )
    assert not selectors.listing_search_public().filter(pk=listing.pk).exists()


def test_matching_gives_the_reasons_both_ways_and_excludes_what_does_not_fit(bureau, town_staff):  # type: ignore[no-untyped-def]
    listing = factory(bureau, town_staff)
    services.listing_submit(actor=town_staff, listing_id=listing.pk)
    services.listing_verify(actor=bureau, listing_id=listing.pk, approve=True)
    demand = demand_for(bureau)
    # Then the demand finds the listing, with the reasons
    [found] = selectors.matches_for_demand(demand=demand)
    assert found.listing == listing and found.score > 80
    texts = {reason.code: reason.text for reason in found.reasons}
    assert "在需求4,000–7,000m²范围内" in texts["area"]
    assert "不超过预算20" in texts["price"]
    assert "位于意向镇街" in texts["distance"] and "公里" in texts["distance"]
    assert "满足630 kVA" in texts["power"]
    assert "无产业限制" in texts["industry"]
    # ... and the listing finds the demand
    assert [m.demand for m in selectors.matches_for_listing(listing=listing)] == [demand]
    # A listing restricted to textiles excludes a machinery demand, saying why
    Listing.objects.filter(pk=listing.pk).update(allowed_industries=[Industry.TEXTILES])
    listing.refresh_from_db()
    refused = match(listing, demand)
    assert refused.is_excluded and "产业准入不含机械装备" in refused.reasons[-1].text
    assert selectors.matches_for_demand(demand=demand) == []
    # A price above the budget scores lower but is still shown while within the tolerance
    Listing.objects.filter(pk=listing.pk).update(allowed_industries=[], unit_price=Decimal(22))
    listing.refresh_from_db()
    dearer = match(listing, demand, preferred={region(PINGSHUI).pk})
    assert not dearer.is_excluded and dearer.score < found.score
    # Idle land far larger than wanted is not suggested
    land = Listing(
        kind=ListingKind.IDLE_LAND,
        area=Decimal(200),
        area_let=Decimal(0),
        deal_mode=DealMode.TRANSFER,
        unit_price=Decimal(30),
        land_use=LandUse.INDUSTRIAL,
        region=region(PINGSHUI),
        allowed_industries=[],
    )
    small_land = demand_for(
        bureau, kind=ListingKind.IDLE_LAND, area_min=Decimal(10), area_max=Decimal(20), max_unit_price=None
    )
    assert match(land, small_land).is_excluded
    # a budget is in the deal mode's price unit: with "either" it is refused
    with pytest.raises(ApplicationError) as refused:
        demand_for(bureau, deal_mode=DemandMode.EITHER)
    assert refused.value.code == "budget_needs_mode"


def test_a_contact_then_a_landed_deal_and_the_figures(bureau, town_staff):  # type: ignore[no-untyped-def]
    listing = factory(bureau, town_staff, area=6000)
    services.listing_submit(actor=town_staff, listing_id=listing.pk)
    services.listing_verify(actor=bureau, listing_id=listing.pk, approve=True)
    demand = demand_for(bureau)
    # A deal without a contact is refused, and changes nothing
    with pytest.raises(ApplicationError) as refused:
        services.deal_record(
            actor=bureau,
            listing_id=listing.pk,
            demand_id=demand.pk,
            signed_on=date(2026, 11, 1),
            area=Decimal(5000),
            expected_output_wan=Decimal(8000),
        )
    assert refused.value.code == "no_contact"
    assert Listing.objects.get(pk=listing.pk).area_let == 0
    # When the bureau records a site visit under negotiation, the listing is 洽谈中
    services.contact_record(
        actor=bureau,
        listing_id=listing.pk,
        demand_id=demand.pk,
        held_on=date(2026, 10, 20),
        channel=ContactChannel.SITE_VISIT,
        outcome=ContactOutcome.NEGOTIATING,
        notes="企业现场踏勘，关注层高和荷载",
    )
    listing.refresh_from_db()
    demand.refresh_from_db()
    assert listing.status == ListingStatus.NEGOTIATING and demand.status == DemandStatus.MATCHED
    # ... and the deal lands 5,000 of the 6,000 m²: the rest stays on offer
    deal = services.deal_record(
        actor=bureau,
        listing_id=listing.pk,
        demand_id=demand.pk,
        signed_on=date(2026, 11, 1),
        area=Decimal(5000),
        expected_output_wan=Decimal(8000),
        investment_wan=Decimal(3000),
    )
    listing.refresh_from_db()
    demand.refresh_from_db()
    assert deal.area_m2 == Decimal(5000)
    assert (listing.status, listing.area_let, demand.status) == (
        ListingStatus.AVAILABLE,
        5000,
        DemandStatus.LANDED,
    )
    # Then the figures are computed from the data
    figures = selectors.market_figures()
    assert figures.listing_enterprises == 1 and figures.factory_area_m2 == Decimal(6000)
    assert figures.matched_enterprises == 1 and figures.landed_enterprises == 1
    assert figures.landed_area_m2 == Decimal(5000) and figures.expected_output_yi == Decimal("0.80")
    # Idle land is let in 亩 and counted in m² (1 亩 = 666.67 m²)
    lister = listing.lister
    land = services.listing_create(
        actor=bureau,
        lister=lister,
        data=ListingInput(
            kind=ListingKind.IDLE_LAND,
            title="平水镇工业用地",
            region=region(PINGSHUI),
            address="平水镇兴业路",
            deal_mode=DealMode.TRANSFER,
            unit_price=Decimal(45),
            area=Decimal("30.5"),
            land_use=LandUse.INDUSTRIAL,
        ),
    )
    services.listing_submit(actor=bureau, listing_id=land.pk)
    services.listing_verify(actor=bureau, listing_id=land.pk, approve=True)
    wants_land = demand_for(
        bureau,
        kind=ListingKind.IDLE_LAND,
        area_min=Decimal(20),
        area_max=Decimal(40),
        deal_mode=DemandMode.TRANSFER,
        max_unit_price=Decimal(50),
        min_power_kva=None,
    )
    services.contact_record(
        actor=bureau,
        listing_id=land.pk,
        demand_id=wants_land.pk,
        held_on=date(2026, 11, 2),
        channel=ContactChannel.MEETING,
        outcome=ContactOutcome.AGREED,
    )
    land_deal = services.deal_record(
        actor=bureau,
        listing_id=land.pk,
        demand_id=wants_land.pk,
        signed_on=date(2026, 11, 3),
        area=Decimal("30.5"),
        expected_output_wan=Decimal(12000),
    )
    assert land_deal.area_m2 == Decimal("20333.33")
    assert Listing.objects.get(pk=land.pk).status == ListingStatus.LET
    figures = selectors.market_figures()
    assert figures.land_area_mu == Decimal("30.5") and figures.landed_area_m2 == Decimal("25333.33")


def test_a_town_sees_only_its_own_listings(bureau, town_staff, make_staff):  # type: ignore[no-untyped-def]
    listing = factory(bureau, town_staff)
    other_town = make_staff(centre(WANGTAN), Role.DISPATCHER, name="王坛镇经济办")
    with pytest.raises(NotFound):
        services.listing_submit(actor=other_town, listing_id=listing.pk)
    with pytest.raises(ApplicationError) as refused:
        services.enterprise_upsert(actor=other_town, name="越界企业", region=region(PINGSHUI))
    assert refused.value.code == "outside_town"
