"""Monthly cluster meetings and case-sharing sessions.

1. Planning a monthly meeting draws its agenda from the cluster's state: the open flags
   (督导提醒), the open help requests, the decisions of earlier meetings not yet done, and the
   milestones falling due before the next meeting (重点工作提醒); more points may be added.
2. Recording it keeps the minutes and the decisions, each with the person who carries it out
   and a due date (the sweep reminds them once it passes); a case-sharing session records who
   spoke about which project and the points they shared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from gongzhi.campaigns import access, events
from gongzhi.campaigns.conf import rule_int
from gongzhi.campaigns.enums import AgendaSource, HelpStatus, MeetingKind, MeetingStatus, ProjectStatus
from gongzhi.campaigns.models import (
    AgendaItem,
    Cluster,
    Flag,
    HelpRequest,
    Meeting,
    MeetingDecision,
    Milestone,
    Project,
    SharingTalk,
)
from gongzhi.campaigns.services._common import require_text
from gongzhi.core.errors import InvalidState, NotFound, PermissionDenied, ValidationFailed
from gongzhi.org.models import User


@dataclass(frozen=True)
class DecisionInput:
    text: str
    owner: User
    due_on: date
    project: Project | None = None


@dataclass(frozen=True)
class TalkInput:
    speaker: User
    points: str
    project: Project | None = None


@dataclass
class _Agenda:
    items: list[AgendaItem] = field(default_factory=list)

    def add(self, source: str, text: str, **links: object) -> None:
        self.items.append(AgendaItem(order=len(self.items), source=source, text=text[:300], **links))


def _agenda_for(cluster: Cluster, held_on: date) -> _Agenda:
    agenda = _Agenda()
    for flag in (
        Flag.objects.filter(project__cluster=cluster, resolved_at__isnull=True)
        .select_related("project", "project__owner", "milestone")
        .order_by("raised_at")
    ):
        what = flag.milestone.title if flag.milestone else f"{flag.period:%Y年%m月}" if flag.period else ""
        agenda.add(
            AgendaSource.FLAG,
            f"督导：「{flag.project.title}」{flag.get_kind_display()}（{what}，负责人{flag.project.owner}）",
            project=flag.project,
            flag=flag,
        )
    for item in (
        HelpRequest.objects.filter(project__cluster=cluster, status=HelpStatus.OPEN)
        .select_related("project")
        .order_by("asked_at")
    ):
        agenda.add(
            AgendaSource.HELP,
            f"帮扶：「{item.project.title}」请求{item.get_level_display()}帮扶：{item.question}",
            project=item.project,
            help_request=item,
        )
    for decision in (
        MeetingDecision.objects.filter(meeting__cluster=cluster, done_at__isnull=True)
        .select_related("owner")
        .order_by("due_on")
    ):
        agenda.add(
            AgendaSource.DECISION,
            f"上次决定：{decision.text}（{decision.owner}，{decision.due_on:%m月%d日}前）",
            project=decision.project,
        )
    horizon = held_on + timedelta(days=rule_int("CAMPAIGN_AGENDA_LOOKAHEAD_DAYS"))
    for milestone in (
        Milestone.objects.filter(
            project__cluster=cluster,
            project__status=ProjectStatus.SOLVING,
            reached_on__isnull=True,
            due_on__gte=held_on,
            due_on__lte=horizon,
        )
        .select_related("project")
        .order_by("due_on")
    ):
        agenda.add(
            AgendaSource.MILESTONE,
            f"重点工作提醒：「{milestone.project.title}」节点「{milestone.title}」{milestone.due_on:%m月%d日}到期",
            project=milestone.project,
        )
    return agenda


@transaction.atomic
def meeting_plan(
    *,
    actor: User,
    cluster: Cluster,
    kind: str,
    held_on: date,
    title: str = "",
    place: str = "",
    extra_items: list[str] | None = None,
) -> Meeting:
    """Plan a meeting; a monthly meeting's agenda is drawn from the cluster's flags and requests."""
    access.require_cluster_staff(actor, cluster)
    if kind not in MeetingKind.values:
        raise ValidationFailed(
            "未知会议类型", "unknown meeting kind", code="bad_kind", detail={"field": "kind"}
        )
    title = title.strip() or f"{cluster.name}{held_on:%Y年%m月}{MeetingKind(kind).label}"
    meeting = Meeting.objects.create(
        cluster=cluster, kind=kind, title=title[:100], held_on=held_on, place=place.strip(), created_by=actor
    )
    agenda = _agenda_for(cluster, held_on) if kind == MeetingKind.MONTHLY else _Agenda()
    for text in extra_items or []:
        if text.strip():
            agenda.add(AgendaSource.MANUAL, text.strip())
    for item in agenda.items:
        item.meeting = meeting
    AgendaItem.objects.bulk_create(agenda.items)
    events.record(
        subject=meeting,
        action="meeting.plan",
        actor=actor,
        after={"cluster": cluster.pk, "kind": kind, "held_on": held_on, "agenda": len(agenda.items)},
    )
    return meeting


def _meeting_for_staff(actor: User, meeting_id: int) -> Meeting:
    meeting = Meeting.objects.select_for_update(of=("self",)).filter(pk=meeting_id).first()
    if meeting is None:
        raise NotFound("会议", "meeting")
    cluster = Cluster.objects.select_related("campaign").get(pk=meeting.cluster_id)
    access.require_cluster_staff(actor, cluster)
    return meeting


@transaction.atomic
def meeting_record(
    *,
    actor: User,
    meeting_id: int,
    minutes: str,
    attendance: str = "",
    decisions: list[DecisionInput] | None = None,
    talks: list[TalkInput] | None = None,
) -> Meeting:
    """Record a held meeting: minutes, decisions (owner, due date) and, for a case-sharing session,
    the talks."""
    meeting = _meeting_for_staff(actor, meeting_id)
    if meeting.status != MeetingStatus.PLANNED:
        raise InvalidState("会议已记录", "the meeting was already recorded", code="meeting_recorded")
    minutes = require_text(minutes, field="minutes", label_zh="会议纪要", label_en="minutes", min_length=10)
    decisions = decisions or []
    talks = talks or []
    if meeting.kind == MeetingKind.CASE_SHARING and not talks:
        raise ValidationFailed(
            "案例分享会须记录至少一位分享人",
            "a case-sharing session records at least one talk",
            code="no_talks",
            detail={"field": "talks"},
        )
    for decision in decisions:
        require_text(decision.text, field="decisions", label_zh="决定事项", label_en="decision")
        if decision.due_on < meeting.held_on:
            raise ValidationFailed(
                "决定事项的完成期限不能早于会议日期",
                "a decision is due after the meeting",
                code="bad_due_date",
                detail={"field": "decisions"},
            )
    for talk in talks:
        require_text(talk.points, field="talks", label_zh="分享要点", label_en="points", min_length=5)
    meeting.minutes = minutes
    meeting.attendance = attendance.strip()[:200]
    meeting.status = MeetingStatus.HELD
    meeting.recorded_at = timezone.now()
    meeting.recorded_by = actor
    meeting.save(
        update_fields=["minutes", "attendance", "status", "recorded_at", "recorded_by", "updated_at"]
    )
    MeetingDecision.objects.bulk_create(
        MeetingDecision(
            meeting=meeting, text=d.text.strip()[:300], owner=d.owner, due_on=d.due_on, project=d.project
        )
        for d in decisions
    )
    SharingTalk.objects.bulk_create(
        SharingTalk(meeting=meeting, speaker=t.speaker, project=t.project, points=t.points.strip())
        for t in talks
    )
    events.record(
        subject=meeting,
        action="meeting.record",
        actor=actor,
        after={"decisions": len(decisions), "talks": len(talks)},
    )
    return meeting


@transaction.atomic
def meeting_decision_complete(*, actor: User, decision_id: int, note: str = "") -> MeetingDecision:
    """The decision's owner (or the cluster's staff) reports it carried out."""
    decision = (
        MeetingDecision.objects.select_for_update(of=("self",))
        .select_related("meeting")
        .filter(pk=decision_id)
        .first()
    )
    if decision is None:
        raise NotFound("会议决定", "decision")
    if decision.owner_id != actor.pk:
        cluster = Cluster.objects.select_related("campaign").get(pk=decision.meeting.cluster_id)
        try:
            access.require_cluster_staff(actor, cluster)
        except PermissionDenied:
            raise NotFound("会议决定", "decision") from None
    if decision.done_at is not None:
        raise InvalidState("该决定事项已办结", "the decision is already done", code="decision_done")
    decision.done_at = timezone.now()
    decision.done_note = note.strip()[:300]
    decision.save(update_fields=["done_at", "done_note", "updated_at"])
    events.record(
        subject=decision.meeting,
        action="meeting.decision_done",
        actor=actor,
        after={"decision": decision.pk},
        reason=decision.done_note,
    )
    return decision
