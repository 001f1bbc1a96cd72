"""Two-way matching of demands and listings, with the reasons.

A listing fits a demand when it passes the hard conditions and then scores on the soft ones:

Hard (a listing failing one is not suggested):
1. the same kind (land for land, factory space for factory space);
2. the deal mode the enterprise accepts (transfer, rent, or either);
3. industry allowed: the listing's industry restrictions (产业准入) admit the demand's industry;
4. area: the free area is no smaller than the demand's minimum less ``MARKET_AREA_TOLERANCE``,
   and idle land is no larger than the maximum plus the tolerance (factory space can be divided).
Soft, each 0…1, combined as a weighted mean × 100:
5. area fit (0.35): 1 inside the range; scaled down outside it, by how far;
6. price (0.25): 1 at or under the budget; falling to 0 at ``MARKET_PRICE_TOLERANCE`` above;
7. location (0.25): the mean of "in a preferred town" (1 or 0.3) and distance to the enterprise's
   preferred point (1 at the point, 0 at twice the maximum distance);
8. power (0.15, only when the demand states a minimum): 1 if the supply suffices, 0.5 if unknown.
The reasons say which conditions passed and by how much; staff see them next to each suggestion.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from gongzhi.market.conf import rule_float
from gongzhi.market.enums import DemandMode, Industry, ListingKind, ReasonCode
from gongzhi.market.models import Demand, Listing

WEIGHTS = {ReasonCode.AREA: 0.35, ReasonCode.PRICE: 0.25, ReasonCode.DISTANCE: 0.25, ReasonCode.POWER: 0.15}
EARTH_KM = 6371.0


@dataclass(frozen=True)
class Reason:
    code: str
    fit: float  # 0…1; 0 with ``blocking`` means a hard condition failed
    text: str
    blocking: bool = False

    @property
    def label(self) -> str:
        return ReasonCode(self.code).label


@dataclass
class Match:
    listing: Listing
    demand: Demand
    score: float = 0.0
    reasons: list[Reason] = field(default_factory=list)

    @property
    def is_excluded(self) -> bool:
        return any(reason.blocking for reason in self.reasons)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) in km between two WGS-84 points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(a))


def _fmt(value: Decimal | float) -> str:
    return f"{float(value):,.2f}".rstrip("0").rstrip(".")


def _area(listing: Listing, demand: Demand) -> Reason:
    tolerance = rule_float("MARKET_AREA_TOLERANCE")
    free = float(listing.area_free)
    low, high = float(demand.area_min), float(demand.area_max)
    unit = listing.area_unit
    wanted = f"需求{_fmt(low)}–{_fmt(high)}{unit}"
    if low <= free <= high:
        return Reason(ReasonCode.AREA, 1.0, f"可用{_fmt(free)}{unit}，在{wanted}范围内")
    if free < low:
        if free < low * (1 - tolerance):
            return Reason(ReasonCode.AREA, 0.0, f"可用{_fmt(free)}{unit}，小于{wanted}", blocking=True)
        return Reason(ReasonCode.AREA, free / low, f"可用{_fmt(free)}{unit}，略小于{wanted}")
    if free <= high * (1 + tolerance):
        return Reason(ReasonCode.AREA, high / free, f"可用{_fmt(free)}{unit}，略大于{wanted}")
    if listing.kind == ListingKind.IDLE_LAND:
        return Reason(ReasonCode.AREA, 0.0, f"地块{_fmt(free)}{unit}，远大于{wanted}", blocking=True)
    return Reason(ReasonCode.AREA, 0.5, f"厂房{_fmt(free)}{unit}，大于{wanted}，需分割出租")


def _price(listing: Listing, demand: Demand) -> Reason:
    unit = listing.price_unit
    if demand.max_unit_price is None:
        return Reason(ReasonCode.PRICE, 1.0, f"报价{_fmt(listing.unit_price)}{unit}，企业未设预算")
    price, budget = float(listing.unit_price), float(demand.max_unit_price)
    if price <= budget:
        return Reason(ReasonCode.PRICE, 1.0, f"报价{_fmt(price)}{unit}，不超过预算{_fmt(budget)}{unit}")
    tolerance = rule_float("MARKET_PRICE_TOLERANCE")
    over = (price - budget) / budget if budget > 0 else math.inf
    fit = max(0.0, 1 - over / tolerance) if tolerance > 0 else 0.0
    return Reason(
        ReasonCode.PRICE, fit, f"报价{_fmt(price)}{unit}，高于预算{_fmt(budget)}{unit}（{over:.0%}）"
    )


def _location(listing: Listing, demand: Demand, preferred: set[int]) -> Reason:
    parts: list[float] = []
    texts: list[str] = []
    if preferred:
        inside = listing.region_id in preferred or (
            listing.region.parent_id is not None and listing.region.parent_id in preferred
        )
        parts.append(1.0 if inside else 0.3)
        texts.append(f"位于意向镇街（{listing.region}）" if inside else f"不在意向镇街（{listing.region}）")
    points = (listing.latitude, listing.longitude, demand.near_latitude, demand.near_longitude)
    if all(value is not None for value in points):
        km = distance_km(*(float(value) for value in points))  # type: ignore[arg-type]
        limit = float(demand.max_distance_km) if demand.max_distance_km else 15.0
        parts.append(max(0.0, 1 - km / (2 * limit)))
        texts.append(
            f"距意向位置{km:.1f}公里" + (f"（要求{_fmt(limit)}公里内）" if demand.max_distance_km else "")
        )
    if not parts:
        return Reason(ReasonCode.DISTANCE, 1.0, "企业无区位要求")
    return Reason(ReasonCode.DISTANCE, sum(parts) / len(parts), "，".join(texts))


def _power(listing: Listing, demand: Demand) -> Reason | None:
    if not demand.min_power_kva:
        return None
    if listing.power_kva is None:
        return Reason(ReasonCode.POWER, 0.5, f"供电容量未知（需{demand.min_power_kva} kVA）")
    if listing.power_kva >= demand.min_power_kva:
        return Reason(ReasonCode.POWER, 1.0, f"供电{listing.power_kva} kVA，满足{demand.min_power_kva} kVA")
    return Reason(ReasonCode.POWER, 0.2, f"供电{listing.power_kva} kVA，不足{demand.min_power_kva} kVA")


def match(listing: Listing, demand: Demand, *, preferred: set[int] | None = None) -> Match:
    """Score one listing for one demand (``preferred``: the demand's preferred region ids)."""
    result = Match(listing=listing, demand=demand)
    if listing.kind != demand.kind:
        result.reasons.append(Reason(ReasonCode.MODE, 0.0, "类型不同（土地/厂房）", blocking=True))
        return result
    if demand.deal_mode != DemandMode.EITHER and demand.deal_mode != listing.deal_mode:
        result.reasons.append(
            Reason(ReasonCode.MODE, 0.0, f"方式不符：挂牌{listing.get_deal_mode_display()}", blocking=True)
        )
        return result
    allowed = [str(code) for code in listing.allowed_industries or []]
    industry = Industry(demand.industry).label if demand.industry in Industry.values else demand.industry
    if allowed and demand.industry not in allowed:
        result.reasons.append(Reason(ReasonCode.INDUSTRY, 0.0, f"产业准入不含{industry}", blocking=True))
        return result
    result.reasons.append(
        Reason(ReasonCode.INDUSTRY, 1.0, f"允许{industry}入驻" if allowed else "无产业限制")
    )
    soft = [_area(listing, demand), _price(listing, demand), _location(listing, demand, preferred or set())]
    power = _power(listing, demand)
    if power is not None:
        soft.append(power)
    result.reasons.extend(soft)
    if result.is_excluded:
        return result
    total = sum(WEIGHTS[ReasonCode(r.code)] for r in soft)
    result.score = round(100 * sum(WEIGHTS[ReasonCode(r.code)] * r.fit for r in soft) / total, 1)
    return result
