"""The case page: everything about a case, and the actions the user may take (HTMX forms)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongzhi.cases import access, accusations, documents, selectors
from gongzhi.cases.enums import CaseStatus
from gongzhi.cases.forms import UnitChoiceForm
from gongzhi.cases.models import Case
from gongzhi.cases.services.privacy import case_contact_view
from gongzhi.cases.views._common import actor, add_error, is_htmx, staff_required
from gongzhi.cases.views.actions import ACTIONS, Action
from gongzhi.core.errors import ApplicationError, NotFound
from gongzhi.org.models import Unit, User
from gongzhi.routing import selectors as routing_selectors


def _form(action: Action, case: Case, units: list[Unit], data: Any = None, files: Any = None) -> forms.Form:
    prefix = action.name
    if issubclass(action.form, UnitChoiceForm):
        return action.form(data, files, prefix=prefix, units=units, unit_note=accusations.picker_note(case))
    return action.form(data, files, prefix=prefix)


def _context(
    user: User, case: Case, *, failed: tuple[str, forms.Form] | None = None, done: str = ""
) -> dict[str, Any]:
    allowed = access.allowed_actions(user, case)
    units = selectors.case_candidate_units(case=case) if allowed else []
    available = []
    for name, action in ACTIONS.items():
        if name not in allowed:
            continue
        form = failed[1] if failed and failed[0] == name else _form(action, case, units)
        available.append((action, form))
    return {
        "case": case,
        "actions": available,
        "open_action": failed[0] if failed else "",
        "done": done,
        "timeline": selectors.case_timeline(case=case),
        "may_view_contact": access.may_view_contact(user, case),
        "repeats": _possible_repeats(user, case),
        "may_merge": "merge" in allowed,
        "images": [a for a in case.attachments.all() if a.content_type.startswith("image/")],
        "documents": documents.available_documents(case),
        "case_point": _point(case),
        "nav": "lists",
    }


def _possible_repeats(user: User, case: Case) -> list[dict[str, Any]]:
    """重复件: the open or recent cases the repeat index finds for this one, with the reasons
    (same reporter, same place, similar text, close in time), among those ``user`` may see."""
    if case.master_id is not None:
        return []
    known = {r.pk for r in case.repeats.all()}
    found = routing_selectors.repeat_suggestions(
        text=f"{case.subject}。{case.description}",
        region=case.region,
        phone=case.reporter_phone,
        id_number=case.reporter_id_number,
        exclude_case_id=case.pk,
        limit=5,
        user=user,
    )
    rows = []
    for candidate in found:
        if candidate["case_id"] in known:
            continue
        status = candidate.get("status") or ""
        rows.append(
            {
                **candidate,
                "status_label": CaseStatus(status).label if status in CaseStatus.values else status,
                "percent": round(100 * float(candidate.get("score") or 0)),
            }
        )
    return rows


def _point(case: Case) -> list[dict[str, object]]:
    if case.latitude is None or case.longitude is None:
        return []
    return [
        {"lat": float(case.latitude), "lng": float(case.longitude), "label": case.address or case.subject}
    ]


@staff_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    case = selectors.case_detail(user=user, case_id=pk)
    return render(request, "cases/detail.html", _context(user, case))


@require_POST
@staff_required
def case_act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Run one action; answer with the re-rendered case body (HTMX) or a redirect."""
    user = actor(request)
    action = ACTIONS.get(name)
    case = selectors.case_detail(user=user, case_id=pk)
    if action is None or name not in access.allowed_actions(user, case):
        raise Http404
    units = selectors.case_candidate_units(case=case) if action.uses_units else []
    form = _form(action, case, units, request.POST, request.FILES)
    done = ""
    if form.is_valid():
        try:
            done = str(action.perform(user, case, form))
        except ApplicationError as error:
            add_error(form, error, dict(action.aliases))
    if form.errors:
        context = _context(user, case, failed=(name, form))
        template = "cases/_case_body.html" if is_htmx(request) else "cases/detail.html"
        return render(request, template, context)
    try:
        case = selectors.case_detail(user=user, case_id=pk)
    except NotFound:
        # The action handed the case beyond this user's scope (e.g. to another unit).
        messages.success(request, done)
        response = HttpResponse(status=204)
        response["HX-Redirect"] = "/"
        return response if is_htmx(request) else redirect("cases:queue")
    if not is_htmx(request):
        messages.success(request, done)
        return redirect("cases:detail", pk=pk)
    return render(request, "cases/_case_body.html", _context(user, case, done=done))


@require_POST
@staff_required
def contact(request: HttpRequest, pk: int) -> HttpResponse:
    """The reporter's full phone and ID number, for a role that needs them; logged."""
    case = case_contact_view(actor=actor(request), case_id=pk)
    return render(request, "cases/_contact.html", {"case": case, "parties": case.parties.all()})


@staff_required
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    item = access.attachment_get_for_user(actor(request), pk)
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
