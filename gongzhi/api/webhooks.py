"""Emitting webhook events. Called by the API endpoints after a successful service call, and by
the deadline sweep for overdue cases — never from a signal.

Emitting writes one delivery row per interested subscription and queues the sends after commit,
so a slow or failing partner never delays or rolls back the action that caused the event.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongzhi.api.enums import WebhookEvent
from gongzhi.api.models import WebhookDelivery, WebhookSubscription
from gongzhi.api.tasks import schedule_delivery
from gongzhi.cases import access, accusations
from gongzhi.cases.enums import CaseStatus
from gongzhi.cases.models import Case

logger = logging.getLogger(__name__)


def case_payload(case: Case) -> dict[str, Any]:
    """What a partner learns about a case: its state, never the reporter's personal data."""

    def iso(value: Any) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "id": case.pk,
        "tracking_code": case.tracking_code,
        "channel": case.channel,
        "kind": case.kind,
        "status": case.status,
        "status_label": CaseStatus(case.status).label,
        "subject": case.subject,
        "region": case.region_path.rsplit("/", 1)[-1],
        "lead_unit": case.lead_unit.code if case.lead_unit_id and case.lead_unit else None,
        "registered_at": iso(case.registered_at),
        "due_at": iso(case.due_at),
        "replied_at": iso(case.replied_at),
        "closed_at": iso(case.closed_at),
    }


def emit(*, event: str, case: Case, extra: dict[str, Any] | None = None) -> list[int]:
    """Record ``event`` for every active subscription that wants it and may see ``case``."""
    created: list[int] = []
    subscriptions = WebhookSubscription.objects.filter(is_active=True).select_related(
        "owner", "api_key__unit"
    )
    for subscription in subscriptions:
        if event not in subscription.events or not subscription.owner.is_active:
            continue
        if not access.case_queryset_for_user(subscription.owner).filter(pk=case.pk).exists():
            continue
        key = subscription.api_key
        if key is not None and accusations.unit_is_barred(case, key.unit):
            continue  # 信访工作条例 art. 30: nothing about an accusation reaches the accused's key
        payload = {
            "event": event,
            "occurred_at": timezone.now().isoformat(),
            "case": case_payload(case),
            **(extra or {}),
        }
        delivery = WebhookDelivery.objects.create(
            subscription=subscription, event=event, case_id=case.pk, payload=payload
        )
        created.append(delivery.pk)
    for delivery_id in created:
        transaction.on_commit(functools.partial(schedule_delivery, delivery_id))
    return created


def _safe_emit(event: str, case: Case, extra: dict[str, Any] | None = None) -> None:
    try:
        with transaction.atomic():
            emit(event=event, case=case, extra=extra)
    except Exception:  # a webhook problem must never turn a done action into an error
        logger.exception("webhook emit failed for %s on case %s", event, case.pk)


def case_changed(*, case_id: int, before_status: str | None) -> None:
    """After an action on a case: created, status changed and/or answered, as the change shows."""
    case = Case.objects.select_related("lead_unit").filter(pk=case_id).first()
    if case is None:
        return
    if before_status is None:
        _safe_emit(WebhookEvent.CASE_CREATED, case)
        return
    if case.status != before_status:
        _safe_emit(WebhookEvent.CASE_STATUS_CHANGED, case, {"previous_status": before_status})
        if case.status == CaseStatus.REPLIED:
            _safe_emit(WebhookEvent.CASE_ANSWERED, case)


def case_overdue(*, case: Case) -> None:
    """Called by the deadline sweep inside its claim transaction: deliveries start after commit."""
    _safe_emit(WebhookEvent.CASE_OVERDUE, case, {"due_at": case.due_at.isoformat() if case.due_at else None})
