"""Reading Open311 arguments: the spec's rules on empty values, dates, lists and attributes.

An argument that is present but empty counts as absent (GeoReport v2: "optional" means the
answer is the same). Every problem raises :class:`Open311Error` with the spec's status code.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone

from gongzhi.api.open311.definitions import Attribute

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_ATTRIBUTE = re.compile(r"^attribute\[([A-Za-z0-9_.\-]{1,60})\](\[\])?$")
MAX_RANGE = timedelta(days=90)
MAX_PAGE_SIZE = 1000


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def bad(description: str) -> Open311Error:
    return Open311Error(400, description)


def has_control(text: str) -> bool:
    return bool(_CONTROL.search(text))


def value(params: QueryDict, name: str, *, max_length: int = 200) -> str:
    """The argument, stripped; '' when absent or empty. Control characters are refused."""
    raw = params.get(name)
    text = (raw or "").strip()
    if len(text) > max_length:
        raise bad(f"{name} is too long (at most {max_length} characters)")
    if _CONTROL.search(text):
        raise bad(f"{name} contains control characters")
    return text


def comma_list(params: QueryDict, name: str, *, max_items: int = 1000) -> list[str]:
    text = value(params, name, max_length=20000)
    items = [item.strip() for item in text.split(",") if item.strip()]
    if len(items) > max_items:
        raise bad(f"{name} lists too many values (at most {max_items})")
    return items


def w3c_datetime(params: QueryDict, name: str) -> datetime | None:
    """A W3C datetime (``2010-01-01T00:00:00Z``); a date alone or a naive time means Asia/Shanghai."""
    text = value(params, name, max_length=40)
    if not text:
        return None
    try:
        if len(text) == 10:
            moment = datetime.combine(date.fromisoformat(text), time.min)
        else:
            moment = datetime.fromisoformat(text.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        raise bad(f"{name} is not a W3C datetime such as 2010-01-01T00:00:00Z") from None
    if moment.tzinfo is None:
        moment = timezone.make_aware(moment)
    return moment


def date_range(params: QueryDict, *, now: datetime | None = None) -> tuple[datetime, datetime]:
    """``start_date``/``end_date``: at most 90 days apart; by default the last 90 days."""
    now = now or timezone.now()
    start, end = w3c_datetime(params, "start_date"), w3c_datetime(params, "end_date")
    if start is None and end is None:
        return now - MAX_RANGE, now
    if start is None and end is not None:
        start = end - MAX_RANGE
    if end is None and start is not None:
        end = start + MAX_RANGE
    if start is None or end is None:  # pragma: no cover (both handled above)
        raise bad("start_date or end_date is missing")
    if start > end:
        raise bad("start_date is after end_date")
    if end - start > MAX_RANGE:
        raise bad("the date range may not exceed 90 days")
    return start, end


def positive_int(params: QueryDict, name: str, *, default: int, maximum: int) -> int:
    text = value(params, name, max_length=12)
    if not text:
        return default
    if not text.isdigit() or not text.isascii() or not 1 <= int(text) <= maximum:
        raise bad(f"{name} must be a whole number from 1 to {maximum}")
    return int(text)


def coordinate(params: QueryDict) -> tuple[Decimal, Decimal] | None:
    lat, long = value(params, "lat", max_length=30), value(params, "long", max_length=30)
    if not lat and not long:
        return None
    if not (lat and long):
        raise bad("lat and long must be sent together")
    try:
        latitude, longitude = Decimal(lat), Decimal(long)
    except InvalidOperation:
        raise bad("lat and long must be decimal numbers (WGS84)") from None
    if not (latitude.is_finite() and longitude.is_finite()):
        raise bad("lat and long must be decimal numbers (WGS84)")
    west, south, east, north = jurisdiction_bbox()
    if not (south <= latitude <= north and west <= longitude <= east):
        raise bad("the location lies outside this jurisdiction")
    return latitude.quantize(Decimal("0.000001")), longitude.quantize(Decimal("0.000001"))


def jurisdiction_bbox() -> tuple[Decimal, Decimal, Decimal, Decimal]:
    west, south, east, north = (Decimal(part) for part in settings.GONGZHI_OPEN311_BBOX.split(","))
    return west, south, east, north


def attributes(params: QueryDict, definition: tuple[Attribute, ...]) -> dict[str, Any]:
    """``attribute[CODE]=v`` and ``attribute[CODE][]=v1&…``, checked against the definition.

    Codes the definition does not know (a client's own, e.g. ``attribute[fixmystreet_id]``) are
    kept as sent, bounded in number and size.
    """
    known = {attribute.code: attribute for attribute in definition}
    found: dict[str, Any] = {}
    for name in params:
        match = _ATTRIBUTE.match(name)
        if not match:
            continue
        code = match.group(1)
        items = [item.strip() for item in params.getlist(name) if item.strip()]
        for item in items:
            if len(item) > 500 or _CONTROL.search(item):
                raise bad(f"attribute[{code}] is too long or contains control characters")
        if not items:
            continue
        found[code] = items if (match.group(2) or len(items) > 1) else items[0]
    if len(found) > 50:
        raise bad("too many attributes (at most 50)")
    for code, attribute in known.items():
        given = found.get(code)
        if given is None:
            if attribute.required and attribute.variable:
                raise bad(f"attribute[{code}] is required for this service")
            continue
        found[code] = _check(attribute, given)
    return found


def _check(attribute: Attribute, given: Any) -> Any:
    keys = {key for key, _ in attribute.values}
    label = f"attribute[{attribute.code}]"
    if attribute.datatype == "multivaluelist":
        items = given if isinstance(given, list) else [given]
        if any(item not in keys for item in items):
            raise bad(f"{label} must be among: {', '.join(sorted(keys))}")
        return items
    if isinstance(given, list):
        raise bad(f"{label} takes one value")
    if attribute.datatype == "singlevaluelist" and given not in keys:
        raise bad(f"{label} must be one of: {', '.join(sorted(keys))}")
    if attribute.datatype == "number":
        try:
            number = Decimal(given)
        except InvalidOperation:
            raise bad(f"{label} must be a number") from None
        if not number.is_finite():
            raise bad(f"{label} must be a number")
    if attribute.datatype == "datetime":
        try:
            datetime.fromisoformat(given.replace("Z", "+00:00"))
        except ValueError:
            raise bad(f"{label} must be an ISO 8601 datetime") from None
    return given
