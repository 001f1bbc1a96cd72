"""Cases REST v1: intake, the case, its timeline, the lists, the queue, the reporter's look-up."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest
from ninja import Query, Status

from gongzhi.api import webhooks
from gongzhi.api.enums import Scope
from gongzhi.api.principal import require_scope
from gongzhi.api.schemas import ERRORS, PageSize, Str40, Str200, keyset_page
from gongzhi.cases import access, selectors, services
from gongzhi.cases.api._common import (
    _case,
    _category,
    _region,
    _unit,
    router,
)
from gongzhi.cases.enums import FIVE_LISTS, OPEN_STATUSES, Channel
from gongzhi.cases.models import Case
from gongzhi.cases.schemas import (
    CaseDetailOut,
    CaseFilterIn,
    CaseOut,
    CasePage,
    IntakeIn,
    ListCountOut,
    QueueOut,
    TimelineEventOut,
    TrackOut,
    TrackRatingIn,
    TrackRecusalIn,
    case_detail_out,
    case_out,
    timeline_out,
)
from gongzhi.core.errors import NotFound
from gongzhi.org.models import Region, Unit, User
from gongzhi.routing import services as routing_services
from gongzhi.routing.models import Category

# --- intake, reads, lists ----------------------------------------------------------------------


@router.post("", response={201: CaseOut, **ERRORS}, summary="一窗受理 register a case (intake)")
def intake(request: HttpRequest, payload: IntakeIn) -> Status[dict[str, Any]]:
    principal = require_scope(request, Scope.CASES_INTAKE)
    with transaction.atomic():
        case = _intake(principal.user, payload)
    webhooks.case_changed(case_id=case.pk, before_status=None)
    return Status(201, case_out(_case(case.pk)))


def _intake(user: User, payload: IntakeIn) -> Case:
    """The case, and the clerk's choice against the suggestion shown (if any), in one transaction."""
    category = _category(payload.category) if payload.category else None
    case = services.case_intake(
        actor=user,
        channel=payload.channel,
        kind=payload.kind,
        subject=payload.subject,
        description=payload.description,
        region=_region(payload.region),
        category=category,
        petition_class=payload.petition_class,
        urgency=payload.urgency,
        is_anonymous=payload.is_anonymous,
        reporter_name=payload.reporter_name,
        reporter_phone=payload.reporter_phone,
        reporter_id_number=payload.reporter_id_number,
        reporter_address=payload.reporter_address,
        group_size=payload.group_size,
        parties=[services.PartyInput(**party.dict()) for party in payload.parties],
        address=payload.address,
        latitude=payload.latitude,
        longitude=payload.longitude,
        accused_unit=_unit(payload.accused_unit, "accused_unit") if payload.accused_unit else None,
        intake_unit=_unit(payload.intake_unit, "intake_unit") if payload.intake_unit else None,
    )
    if payload.suggestion is not None and category is not None:
        routing_services.routing_correction_record(
            case=case,
            suggested=Category.objects.filter(code=payload.suggestion.category).first(),
            chosen=category,
            actor=user,
            model_version=payload.suggestion.model_version,
            source=payload.suggestion.source,
            confidence=payload.suggestion.confidence,
        )
    return case


def _filtered(user: User, filters: CaseFilterIn, channel: str | None = None) -> Any:
    none = Case.objects.none()
    lead_unit_id = category_id = None
    if filters.lead_unit:
        lead_unit_id = Unit.objects.filter(code=filters.lead_unit).values_list("pk", flat=True).first()
        if lead_unit_id is None:
            return none
    if filters.category:
        category_id = Category.objects.filter(code=filters.category).values_list("pk", flat=True).first()
        if category_id is None:
            return none
    region_path = None
    if filters.region:
        region_path = Region.objects.filter(code=filters.region).values_list("path", flat=True).first()
        if region_path is None:
            return none
    return selectors.case_list_for_user(
        user=user,
        filters=selectors.CaseFilters(
            channel=channel or filters.channel,
            status=filters.status,
            kind=filters.kind,
            lead_unit_id=lead_unit_id,
            category_id=category_id,
            region_path=region_path,
            warning=filters.warning,
            registered_from=filters.registered_from,
            registered_to=filters.registered_to,
            text=filters.q,
        ),
    )


def _page(queryset: Any, cursor: str | None, page_size: int) -> dict[str, Any]:
    rows, next_cursor = keyset_page(queryset, cursor=cursor, size=page_size, field="registered_at")
    return {"items": [case_out(case) for case in rows], "next_cursor": next_cursor}


@router.get("", response={200: CasePage, **ERRORS}, summary="cases I may see, filtered, newest first")
def case_list(
    request: HttpRequest,
    filters: Query[CaseFilterIn],
    cursor: Str200 | None = None,
    page_size: PageSize = 50,
) -> dict[str, Any]:
    principal = require_scope(request, Scope.CASES_READ)
    return _page(_filtered(principal.user, filters), cursor, page_size)


@router.get("/lists", response={200: list[ListCountOut], **ERRORS}, summary="五张清单 the five lists' counts")
def five_lists(request: HttpRequest) -> list[dict[str, Any]]:
    principal = require_scope(request, Scope.CASES_READ)
    rows = (
        access.case_queryset_for_user(principal.user)
        .filter(channel__in=FIVE_LISTS)
        .values_list("channel")
        .annotate(total=Count("pk"), open=Count("pk", filter=Q(status__in=OPEN_STATUSES)))
    )
    counts: dict[str, tuple[int, int]] = {channel: (total, open_) for channel, total, open_ in rows}
    return [
        {
            "channel": channel.value,
            "label": channel.label,
            "open": counts.get(channel.value, (0, 0))[1],
            "total": counts.get(channel.value, (0, 0))[0],
        }
        for channel in FIVE_LISTS
    ]


@router.get("/lists/{channel}", response={200: CasePage, **ERRORS}, summary="one of the five lists")
def five_list(
    request: HttpRequest,
    channel: str,
    filters: Query[CaseFilterIn],
    cursor: Str200 | None = None,
    page_size: PageSize = 50,
) -> dict[str, Any]:
    principal = require_scope(request, Scope.CASES_READ)
    if channel not in [c.value for c in FIVE_LISTS]:
        raise NotFound("清单", "list")
    return _page(_filtered(principal.user, filters, channel=Channel(channel)), cursor, page_size)


@router.get("/queue", response={200: QueueOut, **ERRORS}, summary="my queue: counts")
def queue(request: HttpRequest) -> dict[str, int]:
    principal = require_scope(request, Scope.CASES_READ)
    return selectors.queue_counts_for_user(user=principal.user).__dict__


@router.get(
    "/track/{tracking_code}", auth=None, response={200: TrackOut, **ERRORS}, summary="reporter's look-up"
)
def track(request: HttpRequest, tracking_code: Str40, phone_tail: Str40 = "") -> dict[str, Any]:
    case = access.case_get_by_tracking(tracking_code, phone_tail)
    return {
        "tracking_code": case.tracking_code,
        "subject": case.subject,
        "status": case.status,
        "status_label": case.get_status_display(),
        "registered_at": case.registered_at,
        "due_at": case.due_at,
        "replied_at": case.replied_at,
        "rating": case.rating,
    }


@router.post(
    "/track/{tracking_code}/rating", auth=None, response={200: TrackOut, **ERRORS}, summary="reporter rates"
)
def track_rate(request: HttpRequest, tracking_code: Str40, payload: TrackRatingIn) -> dict[str, Any]:
    found = access.case_get_by_tracking(tracking_code, payload.phone_tail)
    before = found.status
    services.case_rate_by_reporter(
        tracking_code=tracking_code,
        phone_tail=payload.phone_tail,
        rating=payload.rating,
        comment=payload.comment,
    )
    webhooks.case_changed(case_id=found.pk, before_status=before)
    return track(request, tracking_code, payload.phone_tail)


@router.post(
    "/track/{tracking_code}/recusal-request",
    auth=None,
    response={200: TrackOut, **ERRORS},
    summary="reporter applies for the handler's recusal (浙江省信访条例 art. 9)",
)
def track_recusal(request: HttpRequest, tracking_code: Str40, payload: TrackRecusalIn) -> dict[str, Any]:
    found = access.case_get_by_tracking(tracking_code, payload.phone_tail)
    services.case_recusal_request_by_reporter(
        tracking_code=tracking_code, phone_tail=payload.phone_tail, grounds=payload.grounds
    )
    webhooks.case_changed(case_id=found.pk, before_status=found.status)
    return track(request, tracking_code, payload.phone_tail)


@router.get("/{case_id}", response={200: CaseDetailOut, **ERRORS}, summary="one case in full")
def case_get(request: HttpRequest, case_id: int) -> dict[str, Any]:
    principal = require_scope(request, Scope.CASES_READ)
    case = selectors.case_detail(user=principal.user, case_id=case_id)
    return case_detail_out(case, allowed_actions=access.allowed_actions(principal.user, case))


@router.get(
    "/{case_id}/timeline", response={200: list[TimelineEventOut], **ERRORS}, summary="the case's history"
)
def case_timeline(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    principal = require_scope(request, Scope.CASES_READ)
    case = access.case_get_for_user(principal.user, case_id)
    return [timeline_out(event) for event in selectors.case_timeline(case=case)]
