"""The duty roster page (值班安排) of each centre: who is on duty, month by month."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core.errors import ApplicationError
from gongzhi.org import selectors, services
from gongzhi.org.enums import RegionLevel, Role, UnitKind
from gongzhi.org.models import DutyShift, Unit, User


def _centres(user: User) -> QuerySet[Unit]:
    """The centres whose roster ``user`` may see: their own, and those below a town or district centre."""
    memberships = selectors.memberships_for_user(user=user)
    if user.is_superuser or any(
        m.unit.kind == UnitKind.CENTRE and m.unit.level == RegionLevel.DISTRICT for m in memberships
    ):
        return selectors.unit_list(kind=UnitKind.CENTRE).exclude(
            level=RegionLevel.VILLAGE
        ) | Unit.objects.filter(pk__in=[m.unit_id for m in memberships])
    own = [m.unit for m in memberships if m.unit.kind == UnitKind.CENTRE]
    return Unit.objects.filter(pk__in=[u.pk for u in own]).select_related("region")


def _shifts(unit: Unit, month: date) -> QuerySet[DutyShift]:
    last = calendar.monthrange(month.year, month.month)[1]
    return (
        DutyShift.objects.filter(unit=unit, date__gte=month, date__lte=month.replace(day=last))
        .select_related("user")
        .order_by("date", "kind")
    )


def _month(value: str | None) -> date:
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def _may_generate(user: User, unit: Unit) -> bool:
    memberships = selectors.memberships_for_user(user=user)
    return user.is_superuser or any(
        m.unit_id == unit.pk and m.role in (Role.CENTRE_LEADER, Role.ADMINISTRATOR) for m in memberships
    )


@login_required
def roster(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required
    centres = _centres(user).order_by("level", "code")
    unit = centres.filter(code=request.GET.get("unit", "")).first() or centres.first()
    month = _month(request.GET.get("month"))
    if request.method == "POST" and unit is not None:
        if not _may_generate(user, unit):
            messages.error(request, _("只有中心领导可以生成排班。"))
        else:
            try:
                days = calendar.monthrange(month.year, month.month)[1]
                written = services.duty_roster_generate(unit=unit, start=month, days=days, actor=user)
            except ApplicationError as error:
                messages.error(request, error.message_zh)
            else:
                messages.success(request, _("已生成排班 %(n)d 条。") % {"n": written})
        return redirect(f"{request.path}?unit={unit.code}&month={month:%Y-%m}")
    previous = (month.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return render(
        request,
        "org/roster.html",
        {
            "centres": centres,
            "unit": unit,
            "month": month,
            "previous": previous,
            "following": following,
            "shifts": _shifts(unit, month) if unit is not None else [],
            "may_generate": unit is not None and _may_generate(user, unit),
            "today": timezone.localdate(),
            "nav": "roster",
        },
    )
