"""Reporting urgent matters up (信访工作条例 art. 25)."""

from __future__ import annotations

from django.utils import timezone

from gongzhi.cases.enums import REPORTED_UP_URGENCIES, NoticeKind, Urgency
from gongzhi.cases.events import case_event
from gongzhi.cases.models import Case
from gongzhi.cases.services.notices import notice_to_unit
from gongzhi.org.models import User


def case_report_urgent(*, case: Case, actor: User | None) -> bool:
    """Report a newly registered urgent case to the leaders of its intake centre.

    1. 信访工作条例 art. 25: major or urgent matters are reported up; an urgency in
       ``REPORTED_UP_URGENCIES`` (特急) is, at registration.
    2. The report is a supervision notice in the intake centre's workbench and a
       ``case.urgent_report`` event on the timeline. Runs inside the intake's transaction.

    Returns whether the case was reported.
    """
    if case.urgency not in REPORTED_UP_URGENCIES:
        return False
    label = Urgency(case.urgency).label
    registered = timezone.localtime(case.registered_at)
    due = timezone.localtime(case.accept_due_at)
    notice_to_unit(
        case=case,
        unit=case.intake_unit,
        kind=NoticeKind.SUPERVISION,
        title=f"{label}事项报告",
        body=(
            f"{label}事项「{case.subject}」已于{registered:%Y年%m月%d日 %H:%M}登记，"
            f"请中心领导阅知；须于{due:%m月%d日 %H:%M}前作出受理决定。"
        ),
    )
    case_event(
        case=case,
        actor=actor,
        action="case.urgent_report",
        after={
            "urgency": case.urgency,
            "intake_unit": case.intake_unit.code,
            "accept_due_at": case.accept_due_at,
        },
    )
    return True
