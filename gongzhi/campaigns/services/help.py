"""帮扶: a project asks for help, and the request is tracked to an answer.

1. The team addresses a request to its unit (the lead unit's heads answer), its cluster (the
   coordinators) or the county leadership (the county leaders, or the organisers if none).
2. The answer is due after ``CAMPAIGN_HELP_ANSWER_DAYS`` of its level; the sweep reminds the
   answerers once when it is overdue and tells the coordinators.
3. The team closes an answered request, saying whether it solved the difficulty.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from gongzhi.campaigns import access, events
from gongzhi.campaigns.conf import help_answer_days
from gongzhi.campaigns.enums import HelpLevel, HelpStatus, NoticeKind, ProjectStatus
from gongzhi.campaigns.models import HelpRequest, ProgressReport, Project
from gongzhi.campaigns.services._common import (
    coordinators,
    leaders,
    lock_project,
    notify,
    organisers,
    require_status,
    require_team,
    require_text,
    unit_heads,
)
from gongzhi.core.errors import InvalidState, PermissionDenied, ValidationFailed
from gongzhi.org.models import User


@dataclass(frozen=True)
class HelpInput:
    level: str
    question: str


def help_answerers(help_request: HelpRequest) -> list[User]:
    project = help_request.project
    if help_request.level == HelpLevel.UNIT:
        return unit_heads(project.lead_unit_id)
    if help_request.level == HelpLevel.CLUSTER:
        return coordinators(project)
    return leaders(project.campaign_id) or organisers(project.campaign_id)


def help_request_open(
    *, actor: User, project: Project, help_input: HelpInput, report: ProgressReport | None = None
) -> HelpRequest:
    """Open a help request (inside the caller's transaction, the project already locked)."""
    if help_input.level not in HelpLevel.values:
        raise ValidationFailed(
            "请选择帮扶层级", "choose who is asked", code="bad_level", detail={"field": "level"}
        )
    question = require_text(
        help_input.question, field="question", label_zh="需要帮扶的事项", label_en="question", min_length=5
    )
    now = timezone.now()
    item = HelpRequest.objects.create(
        project=project,
        report=report,
        level=help_input.level,
        question=question,
        asked_by=actor,
        asked_at=now,
        due_at=now + timedelta(days=help_answer_days(help_input.level)),
    )
    events.record(
        subject=project,
        action="project.help_request",
        actor=actor,
        after={"help_request": item.pk, "level": item.level, "due_at": item.due_at},
        reason=question,
    )
    notify(
        help_answerers(item),
        kind=NoticeKind.HELP_REQUEST,
        project=project,
        help_request=item,
        title=f"帮扶请求（{item.get_level_display()}）",
        body=f"破题项目「{project.title}」请求帮扶：{question}（请于{timezone.localtime(item.due_at):%m月%d日}前答复）",
    )
    return item


@transaction.atomic
def help_request_create(*, actor: User, project_id: int, level: str, question: str) -> HelpRequest:
    project = lock_project(actor, project_id)
    require_team(actor, project)
    require_status(project, (ProjectStatus.SOLVING,), action_zh="请求帮扶", action_en="ask for help on")
    return help_request_open(
        actor=actor, project=project, help_input=HelpInput(level=level, question=question)
    )


@transaction.atomic
def help_request_answer(*, actor: User, help_id: int, answer: str) -> HelpRequest:
    item = access.help_get_for_user(actor, help_id, for_update=True)
    if not access.may_answer_help(actor, item):
        raise PermissionDenied(
            "您不负责答复该帮扶请求", "you do not answer this request", code="not_help_answerer"
        )
    if item.status != HelpStatus.OPEN:
        raise InvalidState("该帮扶请求已答复", "the request was already answered", code="help_answered")
    item.answer = require_text(answer, field="answer", label_zh="答复内容", label_en="answer", min_length=5)
    item.answered_by = actor
    item.answered_at = timezone.now()
    item.status = HelpStatus.ANSWERED
    item.save(update_fields=["answer", "answered_by", "answered_at", "status", "updated_at"])
    events.record(
        subject=item.project,
        action="project.help_answer",
        actor=actor,
        after={"help_request": item.pk, "on_time": item.answered_at <= item.due_at},
        reason=item.answer,
    )
    notify(
        [item.project.owner, item.asked_by],
        kind=NoticeKind.HELP_ANSWER,
        project=item.project,
        help_request=item,
        title="帮扶请求已答复",
        body=f"您对「{item.project.title}」的帮扶请求已答复：{item.answer}",
    )
    return item


@transaction.atomic
def help_request_close(*, actor: User, help_id: int, resolved: bool, note: str = "") -> HelpRequest:
    """The team closes an answered request, saying whether the help solved the difficulty."""
    item = access.help_get_for_user(actor, help_id, for_update=True)
    require_team(actor, item.project)
    if item.status != HelpStatus.ANSWERED:
        raise InvalidState(
            "只能办结已答复的帮扶请求", "only answered requests can be closed", code="help_not_answered"
        )
    item.status = HelpStatus.CLOSED
    item.closed_at = timezone.now()
    item.is_resolved = resolved
    item.save(update_fields=["status", "closed_at", "is_resolved", "updated_at"])
    events.record(
        subject=item.project,
        action="project.help_close",
        actor=actor,
        after={"help_request": item.pk, "resolved": resolved},
        reason=note.strip(),
    )
    return item
