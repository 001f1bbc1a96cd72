"""Notices to the reporter and to units: produced as documents, delivered after commit."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from gongzhi.cases import accusations
from gongzhi.cases.enums import NoticeKind, NoticeStatus
from gongzhi.cases.models import Case, Notice
from gongzhi.core import notifications
from gongzhi.core.workdays import local_date
from gongzhi.org.models import Unit


def _deliver_later(notice_id: int) -> None:
    from gongzhi.cases.tasks import deliver_notice

    transaction.on_commit(lambda: deliver_notice.enqueue(notice_id))


def notice_to_reporter(*, case: Case, kind: str, title: str, body: str) -> Notice | None:
    """A notice for the person who reported the case; none for an anonymous report."""
    if case.is_anonymous or not (case.reporter_phone or case.reporter_address):
        return None
    notice = Notice.objects.create(
        case=case,
        kind=kind,
        recipient=case.reporter_name,
        address=case.reporter_phone or case.reporter_address,
        title=title,
        body=_letter(case, body),
        backend=notifications.get_backend().name,
    )
    _deliver_later(notice.pk)
    return notice


def notice_to_unit(*, case: Case, unit: Unit | None, kind: str, title: str, body: str) -> Notice | None:
    """A notice shown in ``unit``'s workbench.

    None, and nothing written, when there is no unit or when the unit is the accused of an
    accusation or lies under it: 检举控告 material never goes to the accused (信访工作条例 art. 30).
    """
    if unit is None or accusations.unit_is_barred(case, unit):
        return None
    return _workbench_notice(case=case, recipient=unit.name, kind=kind, title=title, body=body)


def notice_to_supervisors(*, case: Case, kind: str, title: str, body: str) -> Notice:
    """A notice for the supervisors (督办) of the case's locality."""
    return _workbench_notice(case=case, recipient="督办", kind=kind, title=title, body=body)


def _workbench_notice(*, case: Case, recipient: str, kind: str, title: str, body: str) -> Notice:
    notice = Notice.objects.create(
        case=case,
        kind=kind,
        recipient=recipient,
        title=title,
        body=body,
        backend="workbench",
        status=NoticeStatus.SENT,
        delivered_at=timezone.now(),
        delivery_detail="shown in the unit's workbench",
    )
    return notice


def _letter(case: Case, body: str) -> str:
    salutation = f"{case.reporter_name}：" if case.reporter_name else ""
    today = local_date(timezone.now()).strftime("%Y年%m月%d日")
    return f"{salutation}\n{body}\n查询码：{case.tracking_code}\n{today}"


def notice_deliver(*, notice_id: int) -> Notice | None:
    """Send one pending notice through the configured backend and record the result. Idempotent."""
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update(of=("self",))
            .filter(pk=notice_id, status=NoticeStatus.PENDING)
            .first()
        )
        if notice is None:
            return None
        backend = notifications.get_backend()
        result = backend.send(
            notifications.Message(
                recipient=notice.recipient, address=notice.address, title=notice.title, body=notice.body
            )
        )
        notice.attempts += 1
        notice.backend = backend.name
        notice.status = {
            "sent": NoticeStatus.SENT,
            "printed": NoticeStatus.PRINTED,
        }.get(result.status, NoticeStatus.FAILED)
        notice.delivery_detail = result.detail
        if notice.status != NoticeStatus.FAILED:
            notice.delivered_at = timezone.now()
        notice.save(
            update_fields=["attempts", "backend", "status", "delivery_detail", "delivered_at", "updated_at"]
        )
        return notice


__all__ = ["NoticeKind", "notice_deliver", "notice_to_reporter", "notice_to_supervisors", "notice_to_unit"]
