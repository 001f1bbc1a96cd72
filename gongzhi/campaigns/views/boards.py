"""The workbench (my work), the inbox, 晾晒 (ranking), 督导 (supervision board), the county
figures and the unit head's annual report section."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.campaigns import access, documents, selectors, services
from gongzhi.campaigns.models import CampaignUnit
from gongzhi.campaigns.services._common import today
from gongzhi.campaigns.views._common import actor, campaign_context, paginate, staff_required


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    """The campaign a person most likely means; a page saying so when there is none."""
    user = actor(request)
    campaign = selectors.campaign_current(user=user)
    if campaign is not None:
        return redirect("campaigns:workbench", campaign_id=campaign.pk)
    return render(request, "campaigns/none.html", {"nav": "campaigns"})


@staff_required
def workbench(request: HttpRequest, campaign_id: int) -> HttpResponse:
    user = actor(request)
    campaign = access.campaign_get_for_user(user, campaign_id)
    work = selectors.workload_for(user=user, campaign=campaign)
    figures = selectors.county_figures(campaign=campaign)
    return render(
        request,
        "campaigns/workbench.html",
        {**campaign_context(user, campaign, "work"), "work": work, "figures": figures},
    )


@staff_required
def inbox(request: HttpRequest, campaign_id: int) -> HttpResponse:
    user = actor(request)
    campaign = access.campaign_get_for_user(user, campaign_id)
    page = paginate(request, selectors.notices_for(user=user))
    return render(request, "campaigns/inbox.html", {**campaign_context(user, campaign, "work"), "page": page})


@require_POST
@staff_required
def inbox_read(request: HttpRequest, campaign_id: int) -> HttpResponse:
    services.notices_mark_read(actor=actor(request))
    return redirect("campaigns:inbox", campaign_id=campaign_id)


@staff_required
def ranking(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """晾晒: projects and units, county-wide or in one cluster (public inside the county network)."""
    user = actor(request)
    campaign = access.campaign_get_for_user(user, campaign_id)
    clusters = list(selectors.clusters(campaign=campaign))
    cluster_id = request.GET.get("cluster", "")
    cluster = next((c for c in clusters if str(c.pk) == cluster_id), None)
    on = today()
    scores = selectors.project_scores(campaign=campaign, on=on)
    units = selectors.unit_scores(campaign=campaign, scores=scores)
    if cluster is not None:
        scores = [s for s in scores if s.cluster_id == cluster.pk]
        units = [u for u in units if u.cluster_name == cluster.name]
    category = request.GET.get("category", "")
    if category:
        scores = [s for s in scores if s.category == category]
    view = request.GET.get("view", "projects")
    return render(
        request,
        "campaigns/ranking.html",
        {
            **campaign_context(user, campaign, "ranking"),
            "clusters": clusters,
            "cluster": cluster,
            "scores": scores[:300],
            "total": len(scores),
            "units": units,
            "cluster_scores": selectors.cluster_scores(
                scores=selectors.project_scores(campaign=campaign, on=on)
            ),
            "view": view if view in ("projects", "units", "clusters") else "projects",
            "category": category,
            "categories": selectors.categories(campaign=campaign),
            "on": on,
        },
    )


@staff_required
def supervision(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """督导: the open flags and help requests the person follows."""
    user = actor(request)
    campaign = access.campaign_get_for_user(user, campaign_id)
    if not access.may_see_supervision(user, campaign):
        raise Http404
    flags = selectors.flags_open(user=user, campaign=campaign)
    return render(
        request,
        "campaigns/supervision.html",
        {
            **campaign_context(user, campaign, "supervision"),
            "page": paginate(request, flags, 40),
            "flag_count": flags.count(),
            "escalated": flags.filter(escalated_at__isnull=False).count(),
            "help_requests": selectors.help_requests_open(user=user, campaign=campaign)[:60],
            "now": today(),
        },
    )


@staff_required
def figures(request: HttpRequest, campaign_id: int) -> HttpResponse:
    user = actor(request)
    campaign = access.campaign_get_for_user(user, campaign_id)
    roles = access.roles_for(user, campaign)
    units = selectors.participating_units(campaign=campaign)
    if not roles.oversees:
        units = units.filter(unit_id__in=roles.heads_units) | units.filter(
            cluster_id__in=roles.coordinator_of
        )
    return render(
        request,
        "campaigns/figures.html",
        {
            **campaign_context(user, campaign, "figures"),
            "figures": selectors.county_figures(campaign=campaign),
            "report_units": units.distinct(),
        },
    )


@staff_required
def unit_report(request: HttpRequest, campaign_id: int, unit_id: int, fmt: str) -> HttpResponse:
    """A unit head's annual report section, as Word or PDF."""
    user = actor(request)
    campaign = access.campaign_get_for_user(user, campaign_id)
    participation = (
        CampaignUnit.objects.select_related("unit").filter(campaign=campaign, unit_id=unit_id).first()
    )
    if participation is None or fmt not in ("docx", "pdf"):
        raise Http404
    if not access.may_read_unit_report(user, campaign, unit_id, participation.cluster_id):
        raise Http404
    report = selectors.unit_report(campaign=campaign, unit=participation.unit, on=today())
    content = documents.unit_report_docx(report) if fmt == "docx" else documents.unit_report_pdf(report)
    filename = f"{campaign.year}-{participation.unit.code}-{_('破题攻坚年度报告')}.{fmt}"
    content_type = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if fmt == "docx"
        else "application/pdf"
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
