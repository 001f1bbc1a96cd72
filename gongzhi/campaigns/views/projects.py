"""The project pages: the list, the proposal form, the project page and its actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.campaigns import access, selectors, services
from gongzhi.campaigns.enums import ProjectLevel, ProjectStatus
from gongzhi.campaigns.forms import AnswerForm, CloseHelpForm, ProposalForm
from gongzhi.campaigns.models import Campaign, Evidence, Project
from gongzhi.campaigns.selectors import ProjectFilter
from gongzhi.campaigns.services import PartnerInput, ProjectContent
from gongzhi.campaigns.services._common import today
from gongzhi.campaigns.views._common import (
    actor,
    add_error,
    campaign_context,
    is_htmx,
    message_of,
    paginate,
    staff_required,
)
from gongzhi.campaigns.views.actions import ACTIONS
from gongzhi.core.errors import ApplicationError
from gongzhi.org.models import User


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@staff_required
def project_list(request: HttpRequest, campaign_id: int) -> HttpResponse:
    user = actor(request)
    campaign = access.campaign_get_for_user(user, campaign_id)
    query = request.GET
    filters = ProjectFilter(
        status=query.get("status", "") if query.get("status") in ProjectStatus.values else "",
        category=query.get("category", "")[:40],
        level=query.get("level", "") if query.get("level") in ProjectLevel.values else "",
        cluster=_int(query.get("cluster")),
        q=query.get("q", "").strip()[:60],
        mine=query.get("mine") == "1",
    )
    page = paginate(request, selectors.project_list(user=user, campaign=campaign, filters=filters))
    context = {
        **campaign_context(user, campaign, "projects"),
        "page": page,
        "filters": filters,
        "statuses": ProjectStatus.choices,
        "levels": ProjectLevel.choices,
        "categories": selectors.categories(campaign=campaign),
        "clusters": selectors.clusters(campaign=campaign),
        "may_propose": bool(selectors.units_for_proposal(user=user, campaign=campaign)),
    }
    template = "campaigns/_project_rows.html" if is_htmx(request) else "campaigns/project_list.html"
    return render(request, template, context)


def _proposal_form(user: User, campaign: Campaign, data: Any = None, initial: Any = None) -> ProposalForm:
    units = selectors.units_for_proposal(user=user, campaign=campaign)
    partners = [row.unit for row in selectors.participating_units(campaign=campaign)]
    return ProposalForm(
        data,
        units=units,
        partner_units=partners,
        categories=selectors.categories(campaign=campaign),
        initial=initial,
    )


def _content(form: ProposalForm) -> ProjectContent:
    data = form.cleaned_data
    return ProjectContent(
        title=data["title"],
        problem=data["problem"],
        category=data["category"],
        level=data["level"],
        planned_start=data["planned_start"],
        planned_end=data["planned_end"],
        small_entry=data["small_entry"],
        difficult=data["difficult"],
        feasible=data["feasible"],
        criteria_note=data["criteria_note"],
        targets=form.targets(),
        milestones=form.milestones(),
        partners=[PartnerInput(unit=unit) for unit in data["partners"]],
        team=data["team"],
    )


def _save_proposal(
    request: HttpRequest, user: User, campaign: Campaign, form: ProposalForm, project: Project | None
) -> HttpResponse | None:
    if not form.is_valid():
        return None
    try:
        content = _content(form)
        if project is None:
            project = services.project_propose(
                actor=user, campaign=campaign, lead_unit=form.cleaned_data["lead_unit"], content=content
            )
        else:
            services.project_revise(actor=user, project_id=project.pk, content=content)
        if request.POST.get("submit") == "1":
            services.project_submit(actor=user, project_id=project.pk)
            messages.success(request, _("项目已提交单位审核"))
        else:
            messages.success(request, _("草稿已保存"))
        return redirect("campaigns:project", pk=project.pk)
    except forms.ValidationError as error:
        form.add_error(None, error)
    except ApplicationError as error:
        add_error(form, error)
    return None


@staff_required
def project_propose(request: HttpRequest, campaign_id: int) -> HttpResponse:
    user = actor(request)
    campaign = access.campaign_get_for_user(user, campaign_id)
    if not selectors.units_for_proposal(user=user, campaign=campaign):
        raise Http404
    form = _proposal_form(user, campaign, request.POST or None)
    if request.method == "POST":
        done = _save_proposal(request, user, campaign, form, None)
        if done is not None:
            return done
    context = {**campaign_context(user, campaign, "projects"), "form": form, "project": None}
    return render(request, "campaigns/proposal.html", context)


@staff_required
def project_revise(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    project = access.project_get_for_user(user, pk)
    if project.owner_id != user.pk or project.status not in (ProjectStatus.DRAFT, ProjectStatus.RETURNED):
        raise Http404
    form = _proposal_form(
        user,
        project.campaign,
        request.POST or None,
        initial=None if request.POST else ProposalForm.initial_for(project),
    )
    if request.method == "POST":
        done = _save_proposal(request, user, project.campaign, form, project)
        if done is not None:
            return done
    context = {**campaign_context(user, project.campaign, "projects"), "form": form, "project": project}
    return render(request, "campaigns/proposal.html", context)


def _detail_context(
    user: User, project: Project, *, failed: tuple[str, forms.Form] | None = None, done: str = ""
) -> dict[str, Any]:
    allowed = access.allowed_actions(user, project)
    available = []
    for name, action in ACTIONS.items():
        if name in allowed:
            form = failed[1] if failed and failed[0] == name else action.build(user, project, None, None)
            available.append((action, form))
    insider = access.is_insider(user, project)
    help_actions = {
        item.pk: (access.may_answer_help(user, item), access.is_team(user, project))
        for item in project.help_requests.all()
    }
    scores = {s.project_id: s for s in selectors.project_scores(campaign=project.campaign, on=today())}
    return {
        **campaign_context(user, project.campaign, "projects"),
        "project": project,
        "actions": available,
        "open_action": failed[0] if failed else "",
        "done": done,
        "insider": insider,
        "timeline": selectors.project_timeline(project=project),
        "score": scores.get(project.pk),
        "help_actions": help_actions,
        "answer_form": AnswerForm(),
        "close_form": CloseHelpForm(),
        "may_edit": project.owner_id == user.pk
        and project.status in (ProjectStatus.DRAFT, ProjectStatus.RETURNED),
    }


@staff_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    project = selectors.project_detail(user=user, project_id=pk)
    return render(request, "campaigns/project.html", _detail_context(user, project))


@require_POST
@staff_required
def project_act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Run one action; answer with the re-rendered project body (HTMX) or a redirect."""
    user = actor(request)
    action = ACTIONS.get(name)
    project = selectors.project_detail(user=user, project_id=pk)
    if action is None or name not in access.allowed_actions(user, project):
        raise Http404
    form = action.build(user, project, request.POST, request.FILES)
    done = ""
    if form.is_valid():
        try:
            done = str(action.perform(user, project, form))
        except ApplicationError as error:
            add_error(form, error)
    if form.errors:
        context = _detail_context(user, project, failed=(name, form))
        return render(
            request, "campaigns/_project_body.html" if is_htmx(request) else "campaigns/project.html", context
        )
    if not is_htmx(request):
        messages.success(request, done)
        return redirect("campaigns:project", pk=pk)
    project = selectors.project_detail(user=user, project_id=pk)
    return render(request, "campaigns/_project_body.html", _detail_context(user, project, done=done))


@require_POST
@staff_required
def help_act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Answer a help request, or close an answered one."""
    user = actor(request)
    item = access.help_get_for_user(user, pk)
    if name == "answer":
        form: forms.Form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                services.help_request_answer(actor=user, help_id=item.pk, answer=form.cleaned_data["answer"])
                messages.success(request, _("帮扶请求已答复"))
            except ApplicationError as error:
                messages.error(request, message_of(error))
    elif name == "close":
        form = CloseHelpForm(request.POST)
        if form.is_valid():
            try:
                services.help_request_close(
                    actor=user,
                    help_id=item.pk,
                    resolved=form.cleaned_data["resolved"] == "yes",
                    note=form.cleaned_data["note"],
                )
                messages.success(request, _("帮扶请求已办结"))
            except ApplicationError as error:
                messages.error(request, message_of(error))
    else:
        raise Http404
    if not form.is_valid():
        messages.error(request, _("请填写答复内容"))
    target = request.POST.get("next", "")
    if target.startswith("/campaigns/"):
        return redirect(target)
    return redirect("campaigns:project", pk=item.project_id)


@staff_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    user = actor(request)
    item = Evidence.objects.select_related("project").filter(pk=pk).exclude(file="").first()
    if item is None or not access.is_insider(user, item.project):
        raise Http404
    inline = item.content_type.startswith("image/") or item.content_type == "application/pdf"
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        as_attachment=not inline,
        filename=item.original_name,
    )
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
