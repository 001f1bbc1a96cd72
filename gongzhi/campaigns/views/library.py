"""The case library, the trainer pool, mentoring, and the campaign set-up page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gongzhi.campaigns import access, selectors, services
from gongzhi.campaigns.enums import CampaignRole
from gongzhi.campaigns.forms import (
    AssignUnitsForm,
    CategoryForm,
    CheckInForm,
    ClusterForm,
    MentorshipForm,
    RoleForm,
    TrainerForm,
)
from gongzhi.campaigns.models import Campaign, CampaignMember, Cluster
from gongzhi.campaigns.views._common import actor, add_error, campaign_context, paginate, staff_required
from gongzhi.core.errors import ApplicationError
from gongzhi.org.models import User


def _campaign(user: User, request: HttpRequest) -> Campaign | None:
    campaign_id = request.GET.get("campaign", "")
    if campaign_id.isdigit():
        return access.campaign_get_for_user(user, int(campaign_id))
    return selectors.campaign_current(user=user)


def _context(user: User, campaign: Campaign | None, tab: str) -> dict[str, Any]:
    if campaign is None:
        return {"nav": "campaigns", "tab": tab}
    return campaign_context(user, campaign, tab)


@staff_required
def library(request: HttpRequest) -> HttpResponse:
    """破题案例集: published cases, searchable by words, tag and category."""
    user = actor(request)
    campaign = _campaign(user, request)
    q = request.GET.get("q", "").strip()[:60]
    tag = request.GET.get("tag", "").strip()[:30]
    category = request.GET.get("category", "").strip()[:40]
    studies = selectors.case_study_search(q=q, tag=tag, category=category)
    return render(
        request,
        "campaigns/library.html",
        {
            **_context(user, campaign, "library"),
            "page": paginate(request, studies, 12),
            "q": q,
            "tag": tag,
            "category": category,
            "tags": selectors.tags_in_use(),
            "categories": selectors.categories(campaign=campaign) if campaign else [],
        },
    )


@staff_required
def case_study(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    study = selectors.case_study_get(user=user, case_study_id=pk)
    return render(
        request,
        "campaigns/case_study.html",
        {**_context(user, study.project.campaign, "library"), "study": study},
    )


def _handle(request: HttpRequest, form: forms.Form, action: Any, done: str) -> bool:
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except ApplicationError as error:
        add_error(form, error)
        return False
    messages.success(request, done)
    return True


@staff_required
def trainers(request: HttpRequest) -> HttpResponse:
    """课程师资库, and 青蓝帮带 (mentoring) with its check-ins."""
    user = actor(request)
    campaign = _campaign(user, request)
    organiser = access.is_any_organiser(user)
    which = request.POST.get("form", "")
    trainer_form = TrainerForm(request.POST if which == "trainer" else None, prefix="trainer")
    pair_form = MentorshipForm(request.POST if which == "pair" else None, prefix="pair")
    check_form = CheckInForm(request.POST if which == "check" else None, prefix="check")
    if (
        which == "trainer"
        and organiser
        and _handle(
            request,
            trainer_form,
            lambda d: services.trainer_add(actor=user, user=d["user"], topics=d["topics"], bio=d["bio"]),
            _("已加入师资库"),
        )
    ):
        return redirect(request.get_full_path())
    if (
        which == "pair"
        and organiser
        and _handle(
            request,
            pair_form,
            lambda d: services.mentorship_pair(
                actor=user,
                mentor=d["mentor"],
                mentee=d["mentee"],
                goals=d["goals"],
                started_on=d["started_on"],
                campaign=campaign,
            ),
            _("帮带关系已建立"),
        )
    ):
        return redirect(request.get_full_path())
    if which == "check":
        mentorship = request.POST.get("mentorship", "")
        if not mentorship.isdigit():
            raise Http404
        if _handle(
            request,
            check_form,
            lambda d: services.mentorship_check_in(
                actor=user, mentorship_id=int(mentorship), held_on=d["held_on"], notes=d["notes"]
            ),
            _("帮带记录已保存"),
        ):
            return redirect(request.get_full_path())
    return render(
        request,
        "campaigns/trainers.html",
        {
            **_context(user, campaign, "trainers"),
            "trainers": selectors.trainer_list(),
            "mentorships": selectors.mentorship_list(user=user)[:100],
            "organiser": organiser,
            "trainer_form": trainer_form,
            "pair_form": pair_form,
            "check_form": check_form,
        },
    )


@staff_required
def setup(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """The organisers' set-up: clusters with their liaison divisions, units, campaign roles."""
    user = actor(request)
    campaign = access.campaign_get_for_user(user, campaign_id)
    if not access.roles_for(user, campaign).steers:
        raise Http404
    clusters = Cluster.objects.filter(campaign=campaign).order_by("order")
    which = request.POST.get("form", "")
    roles = [(r.value, r.label) for r in CampaignRole if r != CampaignRole.ORGANISER]
    cluster_form = ClusterForm(request.POST if which == "cluster" else None, prefix="cluster")
    category_form = CategoryForm(request.POST if which == "category" else None, prefix="category")
    units_form = AssignUnitsForm(
        request.POST if which == "units" else None, prefix="units", clusters=clusters
    )
    role_form = RoleForm(
        request.POST if which == "role" else None, prefix="role", clusters=clusters, roles=roles
    )
    handlers: dict[str, tuple[forms.Form, Any, str]] = {
        "category": (
            category_form,
            lambda d: services.category_add(actor=user, campaign=campaign, **d),
            _("类别已添加"),
        ),
        "cluster": (
            cluster_form,
            lambda d: services.cluster_create(actor=user, campaign=campaign, **d),
            _("片组已建立"),
        ),
        "units": (
            units_form,
            lambda d: services.campaign_units_assign(
                actor=user, cluster=d["cluster"], units=list(d["units"])
            ),
            _("单位已编入片组"),
        ),
        "role": (
            role_form,
            lambda d: services.campaign_member_grant(
                actor=user, campaign=campaign, user=d["user"], role=d["role"], cluster=d["cluster"]
            ),
            _("岗位已设置"),
        ),
    }
    if which in handlers and _handle(request, *handlers[which]):
        return redirect("campaigns:setup", campaign_id=campaign.pk)
    return render(
        request,
        "campaigns/setup.html",
        {
            **campaign_context(user, campaign, "setup"),
            "clusters": selectors.clusters(campaign=campaign),
            "units": selectors.participating_units(campaign=campaign),
            "members": CampaignMember.objects.filter(campaign=campaign, is_active=True)
            .select_related("user", "cluster")
            .order_by("role", "cluster__order", "id"),
            "cluster_form": cluster_form,
            "category_form": category_form,
            "categories": selectors.categories(campaign=campaign),
            "units_form": units_form,
            "role_form": role_form,
        },
    )
