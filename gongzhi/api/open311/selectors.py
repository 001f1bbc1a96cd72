"""Reads for Open311: the service catalogue, the published requests, locating a report."""

from __future__ import annotations

from django.db.models import Max, QuerySet

from gongzhi.api.models import Open311Request
from gongzhi.cases.models import Case
from gongzhi.core.models import AuditEvent
from gongzhi.org.enums import RegionLevel
from gongzhi.org.models import Region
from gongzhi.routing.models import Category


def service_categories() -> QuerySet[Category]:
    """The services: every active leaf of the catalogue, with its first level as the group."""
    return (
        Category.objects.filter(is_active=True, depth=3)
        .select_related("parent__parent")
        .order_by("sort_order", "code")
    )


def service_get(code: str) -> Category | None:
    return service_categories().filter(code=code).first()


def catalogue_changeset() -> str:
    latest = Category.objects.aggregate(latest=Max("updated_at"))["latest"]
    return latest.strftime("%Y%m%dT%H%M%S") if latest else "0"


def published_requests() -> QuerySet[Case]:
    """Only cases filed through Open311 are public; nothing registered at the window shows here."""
    return Case.objects.filter(open311__isnull=False).select_related(
        "category", "lead_unit", "intake_unit", "open311"
    )


def published_request(request_id: str) -> Case | None:
    if not request_id.isascii() or not request_id.isdigit() or len(request_id) > 18:
        return None
    return published_requests().filter(pk=int(request_id)).first()


def published_by_token(token: str) -> Case | None:
    if not token.isascii() or not token.replace("-", "").isalnum() or len(token) > 20:
        return None
    return published_requests().filter(tracking_code=token.upper()).first()


def public_events() -> QuerySet[AuditEvent]:
    """The timeline events of published requests (which of them a reporter sees: ``mapping``)."""
    cases = Open311Request.objects.values_list("case_id", flat=True)
    return AuditEvent.objects.filter(subject_type="case", subject_id__in=cases).order_by("occurred_at", "id")


def region_for(*, address_id: str, address_string: str, district_code: str) -> Region | None:
    """Where a report lies: ``address_id`` is a region code; else the most specific region whose
    name appears in ``address_string`` (a village before a town); else the district."""
    if address_id:
        return Region.objects.filter(code=address_id).first()
    if address_string:
        for level in (RegionLevel.VILLAGE, RegionLevel.TOWN):
            candidates = Region.objects.filter(level=level).only(
                "code", "name", "short_name", "path", "level"
            )
            matches = [
                region
                for region in candidates
                if (region.short_name and region.short_name in address_string)
                or region.name in address_string
            ]
            if matches:
                return max(matches, key=lambda region: len(region.short_name or region.name))
    return Region.objects.filter(code=district_code).first()
