"""The generated market: dozens of listings and demands through the services, tuned so that the
figures computed from the data are the ones the issue quotes — 55 listing enterprises, 2,788.52 mu
of land, 488,100 m² of factory space, 34 enterprises matched, 10 landed on 55,500 m² with an
expected annual output of ¥462 million. Names are generated; every description carries the label
演示数据（系统生成）; points lie inside the district outline (WGS-84), at random.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

from django.utils import timezone

from gongzhi.demo import people as names
from gongzhi.market import selectors, services
from gongzhi.market.enums import (
    PUBLISHED_STATUSES,
    ContactChannel,
    ContactOutcome,
    DealMode,
    DemandMode,
    EnterpriseKind,
    Industry,
    LandUse,
    ListingKind,
)
from gongzhi.market.models import Enterprise, Listing
from gongzhi.org.enums import RegionLevel
from gongzhi.org.models import Region, User

LABEL = "（演示数据，系统生成）"
LAND_MU = Decimal("2788.52")
FACTORY_M2 = Decimal(488100)
LANDED_M2 = Decimal(55500)
OUTPUT_WAN = Decimal(46200)
LISTERS, LAND, FACTORY, MATCHED, LANDED, DEMANDERS = 55, 24, 40, 34, 10, 48
OUTLINE = (
    Path(__file__).resolve().parents[1] / "web" / "static" / "web" / "data" / "keqiao_330603_wgs84.geojson"
)
INDUSTRIES = [code for code in Industry.values if code != Industry.OTHER]


def _split(total: Decimal, parts: int, rng: random.Random, step: Decimal, floor: Decimal) -> list[Decimal]:
    """``parts`` random amounts (multiples of ``step``, each ≥ ``floor``) summing to ``total``."""
    weights = [rng.lognormvariate(0, 0.6) for _ in range(parts)]
    scale = (total - floor * parts) / Decimal(str(sum(weights)))
    amounts = [floor + (Decimal(str(w)) * scale / step).quantize(Decimal(1)) * step for w in weights]
    amounts[amounts.index(max(amounts))] += total - sum(amounts)
    return amounts


class _Outline:
    """Random points inside the district outline (ray casting on its polygons)."""

    def __init__(self) -> None:
        data = json.loads(OUTLINE.read_text(encoding="utf-8"))
        self.rings: list[list[tuple[float, float]]] = []
        for feature in data["features"]:
            geometry = feature["geometry"]
            polygons = (
                geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
            )
            for polygon in polygons:
                self.rings.append([(float(x), float(y)) for x, y, *_ in polygon[0]])
        xs = [x for ring in self.rings for x, _ in ring]
        ys = [y for ring in self.rings for _, y in ring]
        self.box = (min(xs), min(ys), max(xs), max(ys))

    def _inside(self, x: float, y: float) -> bool:
        inside = False
        for ring in self.rings:
            for (x1, y1), (x2, y2) in pairwise(ring):
                if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                    inside = not inside
        return inside

    def point(self, rng: random.Random) -> tuple[Decimal, Decimal]:
        west, south, east, north = self.box
        for _ in range(500):
            x, y = rng.uniform(west, east), rng.uniform(south, north)
            if self._inside(x, y):
                return Decimal(f"{y:.6f}"), Decimal(f"{x:.6f}")
        return Decimal("30.08"), Decimal("120.47")


def _credit_code(rng: random.Random, used: set[str]) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    while True:
        code = "91330621" + "".join(rng.choice(alphabet) for _ in range(10))
        if code not in used:
            used.add(code)
            return code


def _enterprises(
    actor: User, rng: random.Random, towns: list[Region], count: int, used: set[str]
) -> list[Enterprise]:
    made: list[Enterprise] = []
    taken = set(Enterprise.objects.values_list("name", flat=True))
    while len(made) < count:
        name = names.company_name(rng)
        if name in taken:
            continue
        taken.add(name)
        made.append(
            services.enterprise_upsert(
                actor=actor,
                name=name,
                region=rng.choice(towns),
                industry=rng.choice(INDUSTRIES),
                credit_code=_credit_code(rng, used),
                contact_name=names.person_name(rng),
                contact_phone=names.mobile_number(rng),
                is_generated=True,
            )
        )
    return made


def _listing(
    actor: User,
    lister: Enterprise,
    kind: str,
    area: Decimal,
    rng: random.Random,
    towns: list[Region],
    outline: _Outline,
) -> Listing:
    town = rng.choice(towns)
    latitude, longitude = outline.point(rng)
    land = kind == ListingKind.IDLE_LAND
    mode = (
        rng.choice((DealMode.TRANSFER, DealMode.RENT))
        if land
        else rng.choices((DealMode.RENT, DealMode.TRANSFER), (4, 1))[0]
    )
    if land:
        price = rng.uniform(35, 90) if mode == DealMode.TRANSFER else rng.uniform(1.5, 4)
    else:
        price = rng.uniform(12, 30) if mode == DealMode.RENT else rng.uniform(2500, 4500)
    restricted = rng.random() < 0.35
    allowed = sorted(rng.sample(INDUSTRIES, 4)) if restricted else []
    data = services.ListingInput(
        kind=kind,
        title=f"{town.short_name or town.name}{'工业用地' if land else '标准厂房'}{rng.randint(1, 99)}号"
        + ("地块" if land else ""),
        region=town,
        address=f"{town.name}{names.road_name(rng)}{rng.randint(1, 300)}号",
        deal_mode=mode,
        unit_price=Decimal(f"{price:.2f}"),
        area=area,
        latitude=latitude,
        longitude=longitude,
        land_use=rng.choice((LandUse.INDUSTRIAL, LandUse.INDUSTRIAL, LandUse.WAREHOUSING)) if land else "",
        floors=None if land else rng.choice((1, 2, 3, 4, 5)),
        floor_load_kn=None if land else Decimal(rng.choice(("5.0", "8.0", "10.0", "15.0"))),
        power_kva=rng.choice((400, 630, 800, 1250, 2000)),
        energy_quota_tce=Decimal(rng.randint(200, 3000)) if land else None,
        allowed_industries=allowed,
        conditions="亩均税收不低于30万元；" + ("限定产业准入。" if restricted else "不限产业。"),
        description="企业闲置资源，经镇街摸排登记。" + LABEL,
    )
    return services.listing_create(actor=actor, lister=lister, data=data, is_generated=True)


def _publish(actor: User, listing: Listing, rng: random.Random, today: date) -> None:
    services.listing_submit(actor=actor, listing_id=listing.pk)
    services.listing_verify(actor=actor, listing_id=listing.pk, approve=True, note="经现场核验，产权清晰。")
    when = timezone.now() - timedelta(days=rng.randint(30, 330))
    Listing.objects.filter(pk=listing.pk).update(
        submitted_at=when - timedelta(days=2), verified_at=when, published_at=when
    )


def _demand(actor: User, enterprise: Enterprise, rng: random.Random, **values: Any) -> Any:
    data = services.DemandInput(
        description="企业扩产用地需求。" + LABEL,
        expected_output_wan=Decimal(rng.randint(2000, 20000)),
        needed_by=timezone.localdate() + timedelta(days=rng.randint(30, 240)),
        **values,
    )
    return services.demand_create(actor=actor, enterprise=enterprise, data=data, is_generated=True)


def market_demo_load(*, actor: User, seed: int = 2026) -> dict[str, Any]:
    """Listings, demands, contacts and deals (see the module doc). Idempotent: skipped when any
    generated listing exists."""
    if Listing.objects.filter(is_generated=True).exists():
        return {"listings": 0}
    rng = random.Random(f"{seed}-market")  # noqa: S311 - generated demo data, not secrets
    today = timezone.localdate()
    towns = list(Region.objects.filter(level=RegionLevel.TOWN).order_by("code"))
    outline = _Outline()
    used: set[str] = set(Enterprise.objects.exclude(credit_code="").values_list("credit_code", flat=True))
    listers = _enterprises(actor, rng, towns, LISTERS - 1, used)
    platform = services.enterprise_upsert(
        actor=actor,
        name="柯桥区产业发展平台（演示）",
        region=towns[0],
        kind=EnterpriseKind.GOVERNMENT,
        industry=Industry.OTHER,
        is_generated=True,
    )
    listers.append(platform)
    land_areas = _split(LAND_MU, LAND, rng, Decimal("0.01"), Decimal(8))
    factory_areas = _split(FACTORY_M2, FACTORY, rng, Decimal(100), Decimal(2000))
    owners = listers + [rng.choice(listers) for _ in range(LAND + FACTORY - len(listers))]
    rng.shuffle(owners)
    kinds = [(ListingKind.IDLE_LAND, a) for a in land_areas] + [
        (ListingKind.FACTORY_SPACE, a) for a in factory_areas
    ]
    published = []
    for owner, (kind, area) in zip(owners, kinds, strict=True):
        listing = _listing(actor, owner, kind, area, rng, towns, outline)
        _publish(actor, listing, rng, today)
        published.append(listing)
    # Listings not (or no longer) on the market: pending, rejected, drafts, withdrawn.
    for state in ("pending", "pending", "pending", "rejected", "draft", "draft", "withdrawn", "withdrawn"):
        kind = rng.choice((ListingKind.IDLE_LAND, ListingKind.FACTORY_SPACE))
        area = (
            Decimal(rng.randint(10, 80))
            if kind == ListingKind.IDLE_LAND
            else Decimal(rng.randint(30, 150) * 100)
        )
        listing = _listing(actor, rng.choice(listers), kind, area, rng, towns, outline)
        if state in ("pending", "rejected", "withdrawn"):
            services.listing_submit(actor=actor, listing_id=listing.pk)
        if state == "rejected":
            services.listing_verify(
                actor=actor, listing_id=listing.pk, approve=False, note="权属证明不全，请补充。"
            )
        if state == "withdrawn":
            services.listing_verify(actor=actor, listing_id=listing.pk, approve=True)
            services.listing_withdraw(actor=actor, listing_id=listing.pk, reason="企业已自用")
    demanders = _enterprises(actor, rng, towns, DEMANDERS, used)
    factories = sorted((p for p in published if p.kind == ListingKind.FACTORY_SPACE), key=lambda p: -p.area)
    deal_areas = sorted(_split(LANDED_M2, LANDED, rng, Decimal(100), Decimal(2000)), reverse=True)
    outputs = _split(OUTPUT_WAN, LANDED, rng, Decimal(10), Decimal(800))
    contacts = deals = 0
    for index, enterprise in enumerate(demanders):
        if index < LANDED:
            listing, area = factories[index], deal_areas[index]
            if area > listing.area:
                raise ValueError(f"generated deal of {area} m² exceeds listing {listing.code}")
            Listing.objects.filter(pk=listing.pk).update(allowed_industries=[])
            demand = _demand(
                actor,
                enterprise,
                rng,
                kind=ListingKind.FACTORY_SPACE,
                industry=enterprise.industry,
                area_min=(area * Decimal("0.8")).quantize(Decimal(1)),
                area_max=area * Decimal("1.2"),
                deal_mode=listing.deal_mode,
                max_unit_price=(listing.unit_price * Decimal("1.1")).quantize(Decimal(1)),
                preferred_regions=[listing.region],
            )
            held = today - timedelta(days=rng.randint(40, 200))
            services.contact_record(
                actor=actor,
                listing_id=listing.pk,
                demand_id=demand.pk,
                held_on=held,
                channel=ContactChannel.SITE_VISIT,
                outcome=ContactOutcome.AGREED,
                notes="企业现场踏勘，达成租赁意向。",
            )
            services.deal_record(
                actor=actor,
                listing_id=listing.pk,
                demand_id=demand.pk,
                signed_on=held + timedelta(days=rng.randint(10, 35)),
                area=area,
                expected_output_wan=outputs[index],
                investment_wan=Decimal(rng.randint(1000, 8000)),
                notes="签约落地。" + LABEL,
            )
            contacts, deals = contacts + 1, deals + 1
            continue
        kind = rng.choice((ListingKind.IDLE_LAND, ListingKind.FACTORY_SPACE))
        low = (
            Decimal(rng.randint(15, 120))
            if kind == ListingKind.IDLE_LAND
            else Decimal(rng.randint(20, 150) * 100)
        )
        mode = rng.choice((DemandMode.EITHER, DemandMode.RENT, DemandMode.RENT, DemandMode.TRANSFER))
        budget = None
        if mode == DemandMode.RENT:
            budget = (
                Decimal(rng.randint(2, 4)) if kind == ListingKind.IDLE_LAND else Decimal(rng.randint(15, 28))
            )
        elif mode == DemandMode.TRANSFER:
            budget = (
                Decimal(rng.randint(40, 90))
                if kind == ListingKind.IDLE_LAND
                else Decimal(rng.randint(28, 45) * 100)
            )
        demand = _demand(
            actor,
            enterprise,
            rng,
            kind=kind,
            industry=enterprise.industry,
            area_min=low,
            area_max=low * Decimal("1.6"),
            deal_mode=mode,
            max_unit_price=budget,
            preferred_regions=rng.sample(towns, 2),
        )
        if index >= MATCHED + 6:
            continue  # open, not yet met anyone
        matches = selectors.matches_for_demand(demand=demand, limit=3)
        candidates = [m.listing for m in matches] or list(
            Listing.objects.filter(status__in=PUBLISHED_STATUSES, kind=kind, is_generated=True)
        )
        listing = rng.choice(candidates)
        outcome = (
            rng.choice((ContactOutcome.INTERESTED, ContactOutcome.NEGOTIATING))
            if index < MATCHED
            else ContactOutcome.NOT_SUITABLE
        )
        services.contact_record(
            actor=actor,
            listing_id=listing.pk,
            demand_id=demand.pk,
            held_on=today - timedelta(days=rng.randint(5, 120)),
            channel=rng.choice(ContactChannel.values),
            outcome=outcome,
            notes="不合适：面积或价格不符。"
            if outcome == ContactOutcome.NOT_SUITABLE
            else "企业有意向，继续洽谈。",
        )
        contacts += 1
    figures = selectors.market_figures()
    return {
        "listings": Listing.objects.filter(is_generated=True).count(),
        "listing_enterprises": figures.listing_enterprises,
        "land_area_mu": str(figures.land_area_mu),
        "factory_area_m2": str(figures.factory_area_m2),
        "demands": len(demanders),
        "contacts": contacts,
        "matched_enterprises": figures.matched_enterprises,
        "landed_enterprises": figures.landed_enterprises,
        "landed_area_m2": str(figures.landed_area_m2),
        "expected_output_wan": str(figures.expected_output_wan),
    }
