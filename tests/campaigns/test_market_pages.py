"""The market pages through real URLs: the desk (entry, verification, contact, deal) and the
public pages (no login, published listings only, phone-sized)."""

from __future__ import annotations

import struct
import zlib
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongzhi.market.enums import DemandStatus, ListingStatus
from gongzhi.market.models import Contact, Deal, Demand, Enterprise, Listing
from gongzhi.org.enums import Role
from tests.conftest import PINGSHUI, WANGTAN, centre, district_unit, region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]  # its dates are autumn 2026


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def bureau(make_staff):  # type: ignore[no-untyped-def]
    user = make_staff(district_unit("commerce"), Role.HANDLER, name="经济部门招商科")
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def town(make_staff):  # type: ignore[no-untyped-def]
    user = make_staff(centre(PINGSHUI), Role.DISPATCHER, name="平水镇经济办")
    client = Client()
    client.force_login(user)
    return client


def test_a_listing_from_entry_to_the_public_page_and_a_landed_deal(bureau, town) -> None:  # type: ignore[no-untyped-def]
    # The town registers its enterprise and a factory listing, with a photo, and submits it
    assert (
        town.post(
            "/market/enterprises/new",
            {
                "name": "平水纺织有限公司",
                "credit_code": "91330621MA2BXXXX1A",
                "kind": "enterprise",
                "industry": "textiles",
                "region": str(region(PINGSHUI).pk),
            },
        ).status_code
        == 302
    )
    lister = Enterprise.objects.get()
    response = town.post(
        "/market/listings/new",
        {
            "lister": str(lister.pk),
            "kind": "factory_space",
            "title": "平水工业园闲置标准厂房",
            "region": str(region(PINGSHUI).pk),
            "address": "平水镇工业园区兴业路8号",
            "deal_mode": "rent",
            "area": "6000",
            "unit_price": "18",
            "floors": "3",
            "power_kva": "800",
            "latitude": "29.965000",
            "longitude": "120.562000",
        },
    )
    listing = Listing.objects.get()
    assert response.status_code == 302 and listing.status == ListingStatus.DRAFT
    town.post(
        f"/market/listings/{listing.pk}/",
        {"action": "photo", "photo-photo": SimpleUploadedFile("a.png", tiny_png()), "photo-caption": "外观"},
    )
    assert listing.photos.count() == 1
    town.post(f"/market/listings/{listing.pk}/", {"action": "submit"})
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.PENDING

    # Not public yet: the public search does not show it, its page and photo are not found
    public = Client()
    assert "平水工业园闲置标准厂房" not in public.get("/public/market/").text
    assert public.get(f"/public/market/{listing.code}").status_code == 404
    photo = listing.photos.get()
    assert public.get(f"/public/market/photos/{photo.pk}").status_code == 404
    # the town may not verify (the form is not offered, the post changes nothing)
    town.post(f"/market/listings/{listing.pk}/", {"action": "verify", "verify-decision": "approve"})
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.PENDING

    # The economic bureau verifies it: now it is public, on a phone too
    desk = bureau.get("/market/")
    assert desk.status_code == 200 and listing.code in desk.text
    bureau.post(
        f"/market/listings/{listing.pk}/",
        {"action": "verify", "verify-decision": "approve", "verify-note": "产权清晰"},
    )
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.AVAILABLE
    page = public.get("/public/market/?kind=factory_space&area_min=1000&industry=machinery")
    assert (
        page.status_code == 200 and "平水工业园闲置标准厂房" in page.text and 'name="viewport"' in page.text
    )
    assert public.get(f"/public/market/{listing.code}").status_code == 200
    assert public.get(f"/public/market/photos/{photo.pk}").status_code == 200
    # a bad search value is ignored, not an error
    assert public.get("/public/market/?area_min=abc&region=999999&page=x").status_code == 200

    # A demand from another town's enterprise, entered by the bureau, is matched to it with reasons
    bureau.post(
        "/market/enterprises/new",
        {
            "name": "绍兴智造装备有限公司",
            "kind": "enterprise",
            "industry": "machinery",
            "region": str(region(WANGTAN).pk),
        },
    )
    buyer = Enterprise.objects.get(name="绍兴智造装备有限公司")
    bureau.post(
        "/market/demands/new",
        {
            "enterprise": str(buyer.pk),
            "kind": "factory_space",
            "industry": "machinery",
            "deal_mode": "rent",
            "area_min": "4000",
            "area_max": "7000",
            "max_unit_price": "20",
            "preferred_regions": [str(region(PINGSHUI).pk)],
            "min_power_kva": "630",
            "expected_output_wan": "8000",
        },
    )
    demand = Demand.objects.get()
    page = bureau.get(f"/market/demands/{demand.pk}/")
    assert page.status_code == 200 and listing.code in page.text and "位于意向镇街" in page.text
    # a contact from the demand's page, then the deal on the listing's page
    bureau.post(
        f"/market/demands/{demand.pk}/",
        {
            "action": "contact",
            "contact-counterpart": str(listing.pk),
            "contact-held_on": "2026-10-20",
            "contact-channel": "site_visit",
            "contact-outcome": "negotiating",
            "contact-notes": "现场踏勘",
        },
    )
    assert Contact.objects.get().outcome == "negotiating"
    bureau.post(
        f"/market/listings/{listing.pk}/",
        {
            "action": "deal",
            "deal-counterpart": str(demand.pk),
            "deal-signed_on": "2026-11-01",
            "deal-area": "6000",
            "deal-expected_output_wan": "8000",
        },
    )
    deal = Deal.objects.get()
    assert deal.signed_on == date(2026, 11, 1) and deal.area_m2 == 6000
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.LET
    assert Demand.objects.get().status == DemandStatus.LANDED
    # Let, it leaves the public pages; the figures count it
    assert public.get(f"/public/market/{listing.code}").status_code == 404
    figures = public.get("/public/market/").text
    assert "落地企业" in figures and "0.80" in figures


def test_the_desk_is_for_the_bureau_and_the_towns_only(make_staff) -> None:  # type: ignore[no-untyped-def]
    police = make_staff(district_unit("police"), Role.HANDLER)
    client = Client()
    client.force_login(police)
    assert client.get("/market/").status_code == 404
    assert Client().get("/market/").status_code == 302  # to the login
