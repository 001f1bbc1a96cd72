"""Shared steps of the campaign services: locking, state checks, months, notices."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from gongzhi.campaigns import access
from gongzhi.campaigns.conf import rule_int
from gongzhi.campaigns.enums import CampaignRole, NoticeStatus
from gongzhi.campaigns.models import CampaignMember, Flag, HelpRequest, Notice, Project
from gongzhi.core import notifications
from gongzhi.core.errors import InvalidState, PermissionDenied, ValidationFailed
from gongzhi.org import selectors as org_selectors
from gongzhi.org.enums import Role
from gongzhi.org.models import Unit, User

SHANGHAI = ZoneInfo("Asia/Shanghai")


def lock_project(actor: User, project_id: int) -> Project:
    """Fetch the project for ``actor`` (NotFound outside their view) and lock its row."""
    return access.project_get_for_user(actor, project_id, for_update=True)


def require_status(project: Project, allowed: Iterable[str], *, action_zh: str, action_en: str) -> None:
    allowed = tuple(allowed)
    if project.status not in allowed:
        raise InvalidState(
            f"项目当前状态为「{project.get_status_display()}」，不能{action_zh}",
            f"cannot {action_en} a project in status {project.status!r}",
            code="project_wrong_status",
            detail={"status": project.status, "allowed": list(allowed)},
        )


def require_text(value: str, *, field: str, label_zh: str, label_en: str, min_length: int = 2) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(
            f"请填写{label_zh}", f"{label_en} is required", code="missing_" + field, detail={"field": field}
        )
    if len(value) < min_length:
        raise ValidationFailed(
            f"{label_zh}至少{min_length}个字",
            f"{label_en} needs at least {min_length} characters",
            code="short_" + field,
            detail={"field": field, "min_length": min_length},
        )
    return value


def require_team(actor: User, project: Project) -> None:
    if not access.is_team(actor, project):
        raise PermissionDenied(
            "只有项目负责人和团队成员可以进行此操作",
            "only the project's owner and team may do this",
            code="not_project_team",
        )


def require_owner(actor: User, project: Project) -> None:
    if project.owner_id != actor.pk:
        raise PermissionDenied(
            "只有项目负责人可以进行此操作", "only the project's owner may do this", code="not_project_owner"
        )


# --- months and local time ---------------------------------------------------------------------


def today(now: datetime | None = None) -> date:
    return timezone.localtime(now or timezone.now(), SHANGHAI).date()


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(period: date) -> date:
    return date(period.year + period.month // 12, period.month % 12 + 1, 1)


def report_due(period: date) -> datetime:
    """The moment a month's report is late: the end of day ``CAMPAIGN_REPORT_DUE_DAY`` of the
    following month, Asia/Shanghai."""
    day = next_month(period) + timedelta(days=rule_int("CAMPAIGN_REPORT_DUE_DAY"))
    return datetime.combine(day, time.min, tzinfo=SHANGHAI)


def escalate_time(raised_at: datetime) -> datetime:
    return raised_at + timedelta(days=rule_int("CAMPAIGN_ESCALATE_AFTER_DAYS"))


# --- who hears about a project -----------------------------------------------------------------


def unit_heads(unit: Unit | int) -> list[User]:
    unit_obj = unit if isinstance(unit, Unit) else Unit.objects.get(pk=unit)
    return list(org_selectors.users_with_role(unit=unit_obj, role=Role.UNIT_HEAD))


def coordinators(project: Project) -> list[User]:
    ids = CampaignMember.objects.filter(
        cluster_id=project.cluster_id, role=CampaignRole.COORDINATOR, is_active=True
    ).values_list("user_id", flat=True)
    found = list(User.objects.filter(pk__in=ids, is_active=True).order_by("id"))
    return found or organisers(project.campaign_id)


def organisers(campaign_id: int) -> list[User]:
    ids = CampaignMember.objects.filter(
        campaign_id=campaign_id, role=CampaignRole.ORGANISER, is_active=True
    ).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("id"))


def leaders(campaign_id: int) -> list[User]:
    ids = CampaignMember.objects.filter(
        campaign_id=campaign_id, role=CampaignRole.LEADER, is_active=True
    ).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("id"))


def _deliver_later(notice_id: int) -> None:
    from gongzhi.campaigns.tasks import deliver_notice

    transaction.on_commit(lambda: deliver_notice.enqueue(notice_id))


def notify(
    recipients: Iterable[User],
    *,
    kind: str,
    title: str,
    body: str,
    project: Project | None = None,
    flag: Flag | None = None,
    help_request: HelpRequest | None = None,
) -> list[Notice]:
    """One notice per distinct recipient, in their workbench inbox, delivered after commit."""
    seen: set[int] = set()
    notices: list[Notice] = []
    for user in recipients:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        notice = Notice.objects.create(
            recipient=user,
            kind=kind,
            title=title[:100],
            body=body,
            project=project,
            flag=flag,
            help_request=help_request,
        )
        _deliver_later(notice.pk)
        notices.append(notice)
    return notices


def notice_deliver(*, notice_id: int) -> Notice | None:
    """Send one pending notice through the configured backend and record the result. Idempotent."""
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notice_id, status=NoticeStatus.PENDING)
            .first()
        )
        if notice is None:
            return None
        backend = notifications.get_backend()
        result = backend.send(
            notifications.Message(
                recipient=str(notice.recipient),
                address=notice.recipient.phone or notice.recipient.email,
                title=notice.title,
                body=notice.body,
            )
        )
        notice.status = {"sent": NoticeStatus.SENT, "printed": NoticeStatus.PRINTED}.get(
            result.status, NoticeStatus.FAILED
        )
        notice.delivery_detail = result.detail[:200]
        if notice.status != NoticeStatus.FAILED:
            notice.delivered_at = timezone.now()
        notice.save(update_fields=["status", "delivery_detail", "delivered_at", "updated_at"])
        return notice
