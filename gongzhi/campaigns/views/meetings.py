"""Cluster meetings and case-sharing sessions: plan (agenda from the flags), record, follow up."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.campaigns import access, selectors, services
from gongzhi.campaigns.enums import DEFINED_STATUSES, CampaignRole, MeetingStatus
from gongzhi.campaigns.forms import MeetingPlanForm, MeetingRecordForm
from gongzhi.campaigns.models import Cluster, Meeting, MeetingDecision, Project
from gongzhi.campaigns.services import DecisionInput, TalkInput
from gongzhi.campaigns.views._common import (
    actor,
    add_error,
    campaign_context,
    message_of,
    paginate,
    staff_required,
)
from gongzhi.core.errors import ApplicationError
from gongzhi.org.enums import Role
from gongzhi.org.models import User


def _staff_clusters(user: User, campaign_id: int) -> list[Cluster]:
    roles = access.roles_for(user, campaign_id)
    clusters = Cluster.objects.filter(campaign_id=campaign_id).select_related("campaign").order_by("order")
    return list(clusters if roles.steers else clusters.filter(pk__in=roles.coordinator_of))


@staff_required
def meeting_list(request: HttpRequest, campaign_id: int) -> HttpResponse:
    user = actor(request)
    campaign = access.campaign_get_for_user(user, campaign_id)
    roles = access.roles_for(user, campaign)
    clusters = _staff_clusters(user, campaign.pk)
    meetings = selectors.meeting_list(user=user, campaign_id=campaign.pk)
    if not roles.oversees:
        visible = {c.pk for c in clusters} | set(
            campaign.participants.filter(unit_id__in=roles.member_of_units).values_list(
                "cluster_id", flat=True
            )
        )
        meetings = meetings.filter(cluster_id__in=visible)
    form = MeetingPlanForm(
        request.POST or None, clusters=Cluster.objects.filter(pk__in=[c.pk for c in clusters])
    )
    if request.method == "POST" and clusters and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_plan(
                actor=user,
                cluster=data["cluster"],
                kind=data["kind"],
                held_on=data["held_on"],
                title=data["title"],
                place=data["place"],
                extra_items=data["extra"].splitlines(),
            )
            messages.success(request, _("会议已安排，议程已根据督导提醒和帮扶请求生成"))
            return redirect("campaigns:meeting", pk=meeting.pk)
        except ApplicationError as error:
            add_error(form, error)
    return render(
        request,
        "campaigns/meetings.html",
        {
            **campaign_context(user, campaign, "meetings"),
            "page": paginate(request, meetings, 20),
            "form": form if clusters else None,
        },
    )


def _people_and_projects(meeting: Meeting) -> tuple[list[User], list[Project]]:
    """Who may own a decision or speak: the cluster units' heads and the projects' owners, and the
    coordinators; the projects: the cluster's defined projects."""
    unit_ids = list(meeting.cluster.participants.values_list("unit_id", flat=True))
    projects = list(
        Project.objects.filter(cluster=meeting.cluster, status__in=DEFINED_STATUSES)
        .select_related("owner")
        .order_by("code")[:200]
    )
    people = {p.owner_id: p.owner for p in projects}
    for user in User.objects.filter(
        memberships__unit_id__in=unit_ids, memberships__role=Role.UNIT_HEAD, memberships__is_active=True
    ).distinct():
        people[user.pk] = user
    for user in User.objects.filter(
        pk__in=meeting.cluster.members.filter(role=CampaignRole.COORDINATOR, is_active=True).values("user_id")
    ):
        people[user.pk] = user
    return sorted(people.values(), key=lambda u: str(u)), projects


@staff_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    meeting = selectors.meeting_get(user=user, meeting_id=pk)
    campaign = meeting.cluster.campaign
    may_record = meeting.status == MeetingStatus.PLANNED and meeting.cluster in _staff_clusters(
        user, campaign.pk
    )
    form = None
    if may_record:
        people, projects = _people_and_projects(meeting)
        form = MeetingRecordForm(request.POST or None, people=people, projects=projects)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            decisions = [
                DecisionInput(
                    text=data[f"decision_{i}_text"],
                    owner=form.people[data[f"decision_{i}_owner"]],
                    due_on=data[f"decision_{i}_due"],
                )
                for i in range(4)
                if data[f"decision_{i}_text"] and data[f"decision_{i}_owner"] and data[f"decision_{i}_due"]
            ]
            talks = [
                TalkInput(
                    speaker=form.people[data[f"talk_{i}_speaker"]],
                    points=data[f"talk_{i}_points"],
                    project=form.projects.get(data[f"talk_{i}_project"]),
                )
                for i in range(3)
                if data[f"talk_{i}_speaker"] and data[f"talk_{i}_points"]
            ]
            try:
                services.meeting_record(
                    actor=user,
                    meeting_id=meeting.pk,
                    minutes=data["minutes"],
                    attendance=data["attendance"],
                    decisions=decisions,
                    talks=talks,
                )
                messages.success(request, _("会议纪要已记录"))
                return redirect("campaigns:meeting", pk=meeting.pk)
            except ApplicationError as error:
                add_error(form, error)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "campaigns/meeting.html",
        {**campaign_context(user, campaign, "meetings"), "meeting": meeting, "form": form},
    )


@require_POST
@staff_required
def decision_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    decision = MeetingDecision.objects.filter(pk=pk).first()
    if decision is None:
        raise Http404
    try:
        services.meeting_decision_complete(
            actor=user, decision_id=pk, note=request.POST.get("note", "")[:300]
        )
        messages.success(request, _("决定事项已办结"))
    except ApplicationError as error:
        messages.error(request, message_of(error))
    return redirect("campaigns:meeting", pk=decision.meeting_id)
