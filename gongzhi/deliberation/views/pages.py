"""The deliberation pages: the workbench (town and village cadres) and the public village page.

Thin: fetch through ``access`` (a village outside the user's centres is a 404), call one
service, show a refusal next to its form.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core.errors import ApplicationError, NotFound
from gongzhi.deliberation import access, forms, selectors, services
from gongzhi.deliberation.enums import ExpertField, MatterStatus, ObjectionStatus, StepKind
from gongzhi.deliberation.models import Matter, MatterStep
from gongzhi.deliberation.views._common import refused, region_of, staff_required, user_of
from gongzhi.org import selectors as org_selectors
from gongzhi.org.enums import RegionLevel
from gongzhi.org.models import Region


def _year_window() -> tuple[Any, Any]:
    end = timezone.localdate()
    return end - timedelta(days=365), end


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    regions = access.regions_for_user(user_of(request))
    towns = [r for r in regions if r.level == RegionLevel.TOWN]
    villages = [r for r in regions if r.level == RegionLevel.VILLAGE]
    if not towns and len(villages) == 1:
        return redirect("deliberation:village", code=villages[0].code)
    start, end = _year_window()
    now = timezone.now()
    overview = [
        (
            town,
            selectors.figures_for(region=town, start=start, end=end, now=now),
            selectors.figures_by_village(town=town, start=start, end=end, now=now),
        )
        for town in towns[:20]
    ]
    return render(
        request,
        "deliberation/home.html",
        {
            "nav": "deliberation",
            "overview": overview,
            "villages": villages if not towns else [],
            "notices": [
                (town, list(selectors.village_notice_list(region=town).filter(is_flagged=True)[:20]))
                for town in towns[:20]
            ],
            "start": start,
            "end": end,
        },
    )


@staff_required
def village(request: HttpRequest, code: str) -> HttpResponse:
    place = region_of(request, code)
    if place.level != RegionLevel.VILLAGE:
        raise Http404
    catalogue = selectors.matter_type_catalogue(region=place)
    form = forms.MatterForm(request.POST or None, matter_types=catalogue)
    if request.method == "POST" and form.is_valid():
        try:
            matter = services.matter_propose(
                village=place,
                matter_type=form.cleaned_data["matter_type"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                proposed_on=form.cleaned_data["proposed_on"],
                budget=form.cleaned_data["budget"],
                actor=user_of(request),
            )
            return redirect("deliberation:matter", pk=matter.pk)
        except ApplicationError as error:
            refused(form, error)
    start, end = _year_window()
    return render(
        request,
        "deliberation/village.html",
        {
            "nav": "deliberation",
            "village": place,
            "matters": selectors.matter_list(region=place)[:200],
            "figures": selectors.figures_for(region=place, start=start, end=end, now=timezone.now()),
            "check": selectors.representatives_check(village=place),
            "flags": selectors.representatives_absence_flags(village=place),
            "roles": selectors.village_roles(village=place),
            "catalogue": [(t, [ExpertField(f).label for f in t.expert_fields]) for t in catalogue],
            "notices": selectors.village_notice_list(region=place)[:20],
            "form": form,
        },
    )


def _signatures(text: str) -> list[services.SignatureSpec]:
    specs = []
    for line in text.splitlines():
        name, _comma, capacity = line.replace("，", ",").partition(",")
        if name.strip():
            specs.append(
                services.SignatureSpec(name=name.strip()[:60], capacity=capacity.strip()[:40] or "参会人员")
            )
    return specs


_FORMS: dict[str, type[django_forms.Form]] = {
    "session": forms.SessionForm,
    "publish": forms.PublicationForm,
    "answer": forms.AnswerForm,
    "withdraw": forms.ReasonForm,
    "attach": forms.AttachmentForm,
}


def _run(
    request: HttpRequest, action: str, data: dict[str, Any], matter: Matter, step: MatterStep | None
) -> str:
    actor = user_of(request)
    if action == "answer":
        objection = access.objection_get_for_user(actor, int(request.POST.get("objection", "0") or 0))
        services.objection_answer(objection=objection, answer=data["answer"], actor=actor)
        return _("已答复")
    if action == "withdraw":
        services.matter_withdraw(matter=matter, reason=data["reason"], actor=actor)
        return _("已撤回")
    if action == "attach":
        session = access.session_get_for_user(actor, data["session"])
        if session.step.matter_id != matter.pk:
            raise NotFound("会议记录", "session")
        attached = services.session_attach(session=session, upload=data["file"], actor=actor)
        return _("已上传附件%(name)s") % {"name": attached.original_name}
    if step is None:
        raise NotFound("议事步骤", "step")
    if action == "session":
        services.session_record(
            step=step,
            held_at=data["held_at"],
            notice_given_on=data["notice_given_on"],
            expected=data["expected"],
            present=data["present"],
            votes_for=data["votes_for"],
            votes_against=data["votes_against"],
            abstentions=data["abstentions"],
            minutes=data["minutes"],
            signatures=_signatures(data["signatures"]),
            require_pass=data["require_pass"],
            actor=actor,
        )
        return _("已记录会议")
    services.publication_publish(step=step, actor=actor, **data)
    return _("已公开")


def _act(
    request: HttpRequest, matter: Matter, step: MatterStep | None
) -> tuple[str, django_forms.Form | None]:
    """Run the posted action; returns (what was done, the form with its errors when refused)."""
    action = request.POST.get("action", "")
    form_class = _FORMS.get(action)
    if form_class is None:
        raise Http404
    form = form_class(request.POST, request.FILES) if action == "attach" else form_class(request.POST)
    if not form.is_valid():
        return "", form
    try:
        return _run(request, action, form.cleaned_data, matter, step), None
    except NotFound:
        raise Http404 from None
    except ApplicationError as error:
        refused(form, error)
        return "", form


@staff_required
def matter(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        found = access.matter_get_for_user(user_of(request), pk)
    except NotFound:
        raise Http404 from None
    current = selectors.current_step(matter=found)
    done, failed = "", None
    if request.method == "POST":
        done, failed = _act(request, found, current)
        if done:
            messages.success(request, done)
            return redirect("deliberation:matter", pk=pk)
    detail = selectors.matter_detail(matter_id=pk)
    current = selectors.current_step(matter=detail)
    open_matter = detail.status in (MatterStatus.OPEN, MatterStatus.DECIDED)
    session_form = failed if isinstance(failed, forms.SessionForm) else None
    publication_form = failed if isinstance(failed, forms.PublicationForm) else None
    if open_matter and current is not None and current.kind == StepKind.MEETING and session_form is None:
        team = getattr(detail, "team", None)
        expected = (
            selectors.entitled_count(
                village=detail.village, membership=current.body.membership, on=timezone.localdate(), team=team
            )
            if current.body
            else None
        )
        session_form = forms.SessionForm(initial={"expected": expected, "require_pass": True})
    if (
        open_matter
        and current is not None
        and current.kind == StepKind.PUBLICATION
        and publication_form is None
    ):
        publication_form = forms.PublicationForm(
            initial={"title": f"{detail.title}{current.name}", "published_on": timezone.localdate()}
        )
    return render(
        request,
        "deliberation/matter.html",
        {
            "nav": "deliberation",
            "matter": detail,
            "current": current,
            "open_matter": open_matter,
            "session_form": session_form,
            "publication_form": publication_form,
            "failed": failed if not isinstance(failed, forms.SessionForm | forms.PublicationForm) else None,
            "timeline": selectors.matter_timeline(matter=detail),
            "members": selectors.team_members(matter=detail),
            "now": timezone.now(),
            "open_objections": [
                o
                for p in detail.publications.all()
                for o in p.objections.all()
                if o.status == ObjectionStatus.OPEN
            ],
        },
    )


# --- the public village page -----------------------------------------------------------------------


def _public_village(code: str) -> Region:
    try:
        place = org_selectors.region_get(code=code)
    except NotFound:
        raise Http404 from None
    if place.level != RegionLevel.VILLAGE:
        raise Http404
    return place


def _source(request: HttpRequest) -> str:
    address = str(request.META.get("REMOTE_ADDR", ""))
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False) and request.META.get("HTTP_X_FORWARDED_FOR"):
        address = request.META["HTTP_X_FORWARDED_FOR"].split(",")[0].strip()
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


def public_village(request: HttpRequest, code: str) -> HttpResponse:
    place = _public_village(code)
    today = timezone.localdate()
    publications = list(selectors.publication_list_public(village=place, on=today)[:100])
    form = forms.PublicObjectionForm(request.POST or None)
    chosen = None
    if request.method == "POST":
        chosen = next((p for p in publications if str(p.pk) == request.POST.get("publication")), None)
        if chosen is None:
            raise Http404
        if form.is_valid():
            try:
                objection = services.objection_raise(
                    publication=chosen, source=_source(request), **form.cleaned_data
                )
                return render(
                    request, "deliberation/public_thanks.html", {"village": place, "objection": objection}
                )
            except ApplicationError as error:
                refused(form, error)
    return render(
        request,
        "deliberation/public_village.html",
        {"village": place, "publications": publications, "today": today, "form": form, "chosen": chosen},
    )


def public_notice(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    place = _public_village(code)
    try:
        publication = selectors.publication_get_public(village=place, publication_id=pk)
    except NotFound:
        raise Http404 from None
    return render(request, "deliberation/public_notice.html", {"village": place, "publication": publication})
