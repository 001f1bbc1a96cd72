"""五张清单: the five channel lists (and "all"), filtered, sorted, paged, exported, bulk-handled."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.cases import selectors, services
from gongzhi.cases.enums import FIVE_LISTS
from gongzhi.cases.exports import cases_xlsx
from gongzhi.cases.forms import ListFilterForm
from gongzhi.cases.models import Case
from gongzhi.cases.views._common import actor, message_of, paginate, staff_required
from gongzhi.core.errors import ApplicationError
from gongzhi.org import selectors as org_selectors
from gongzhi.org.enums import RegionLevel
from gongzhi.routing import selectors as routing_selectors

SORTS = {
    "registered": "registered_at",
    "due": "due_at",
    "status": "status",
    "code": "tracking_code",
}
EXPORT_LIMIT = 10_000


def list_tabs() -> list[tuple[str, str]]:
    return [("all", _("全部")), *((c.value, str(c.label)) for c in FIVE_LISTS)]


def _filter_form(request: HttpRequest) -> ListFilterForm:
    units = org_selectors.unit_list(level=RegionLevel.DISTRICT) | org_selectors.unit_list(
        level=RegionLevel.TOWN, kind="centre"
    )
    towns = org_selectors.region_list(level=RegionLevel.TOWN)
    return ListFilterForm(request.GET or None, units=units.order_by("level", "code"), towns=towns)


def _filters(form: ListFilterForm, channel: str) -> selectors.CaseFilters:
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    town = data.get("town")
    unit = data.get("unit")
    return selectors.CaseFilters(
        channel=None if channel == "all" else channel,
        status=data.get("status") or None,
        kind=data.get("kind") or None,
        lead_unit_id=unit.pk if unit else None,
        handler_id=data.get("handler") or None,
        category_id=data.get("category") or None,
        region_path=town.path if town else None,
        warning=data.get("warning") or None,
        registered_from=data.get("date_from"),
        registered_to=data.get("date_to"),
        text=data.get("q") or None,
    )


def _ordered(request: HttpRequest, queryset: QuerySet[Case]) -> tuple[QuerySet[Case], str]:
    sort = request.GET.get("sort", "-registered")
    field = SORTS.get(sort.lstrip("-"))
    if field is None:
        return queryset, "-registered"
    prefix = "-" if sort.startswith("-") else ""
    return queryset.order_by(f"{prefix}{field}", f"{prefix}id"), sort


def _cases(request: HttpRequest, channel: str) -> tuple[ListFilterForm, QuerySet[Case], str]:
    form = _filter_form(request)
    queryset = selectors.case_list_for_user(user=actor(request), filters=_filters(form, channel))
    queryset, sort = _ordered(request, queryset)
    return form, queryset, sort


@staff_required
def case_list(request: HttpRequest, channel: str) -> HttpResponse:
    if channel not in dict(list_tabs()):
        channel = "all"
    form, queryset, sort = _cases(request, channel)
    template = "cases/_list_table.html" if request.headers.get("HX-Request") else "cases/list.html"
    return render(
        request,
        template,
        {
            "form": form,
            "page": paginate(request, queryset, capped=True),
            "channel": channel,
            "tabs": list_tabs(),
            "sort": sort,
            "categories": routing_selectors.category_list(depth=1),
            "nav": "lists",
        },
    )


@staff_required
def case_export(request: HttpRequest, channel: str) -> HttpResponse:
    _form, queryset, _sort = _cases(request, channel)
    rows = queryset.select_related("category", "lead_unit", "town", "village", "handler")[:EXPORT_LIMIT]
    stamp = timezone.localtime(timezone.now()).strftime("%Y%m%d-%H%M")
    response = HttpResponse(
        cases_xlsx(rows, now=timezone.now()),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="gongzhi-{channel}-{stamp}.xlsx"'
    return response


BULK_ACTIONS = ("accept", "supervise")


@require_POST
@staff_required
def case_bulk(request: HttpRequest, channel: str) -> HttpResponse:
    """Bulk actions: accept and route by the responsibility list, or supervise, each case through
    its service; a refused case is reported and the others go on."""
    user = actor(request)
    action = request.POST.get("action", "")
    ids = [int(value) for value in request.POST.getlist("ids") if value.isdigit()][:200]
    note = request.POST.get("note", "").strip()
    done, refused = 0, []
    for case_id in ids:
        try:
            if action == "accept":
                services.case_accept(actor=user, case_id=case_id, note=note)
            elif action == "supervise":
                services.case_supervise(actor=user, case_id=case_id, note=note or _("请加快办理"))
            else:
                break
            done += 1
        except ApplicationError as error:
            refused.append(f"#{case_id}: {message_of(error)}")
    if done:
        messages.success(request, _("已处理 %(count)d 件。") % {"count": done})
    for line in refused[:10]:
        messages.error(request, line)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = f"/cases/list/{channel}/"
    return redirect(target)
