"""My queue (我的待办): to sign for, in progress, due soon, overdue, returned, asking for
arbitration, awaiting approval."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from gongzhi.cases import selectors
from gongzhi.cases.views._common import actor, paginate, staff_required

BUCKETS = (
    ("to_sign", _("待签收"), "pen"),
    ("in_progress", _("办理中"), "hourglass-split"),
    ("due_soon", _("临期"), "alarm"),
    ("overdue", _("已超期"), "exclamation-octagon"),
    ("returned", _("退单待审定"), "arrow-return-left"),
    ("arbitration", _("申请审定"), "hammer"),
    ("awaiting_approval", _("待我审批"), "patch-check"),
)


@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    queues = selectors.queue_for_user(user=actor(request))
    counts = {name: queryset.count() for name, queryset in queues.items()}
    current = request.GET.get("q")
    if current not in queues:
        current = next((name for name, *_rest in BUCKETS if counts[name]), "to_sign")
    cases = queues[current].select_related("category", "lead_unit", "town", "village", "handler")
    page = paginate(request, selectors.queue_ordered(cases))
    return render(
        request,
        "cases/queue.html",
        {"buckets": BUCKETS, "counts": counts, "current": current, "page": page, "nav": "queue"},
    )
