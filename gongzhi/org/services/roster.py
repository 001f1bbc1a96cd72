"""Duty rosters: who is on duty at a unit on which day."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction

from gongzhi.core.errors import ValidationFailed
from gongzhi.org import events, selectors
from gongzhi.org.enums import DutyKind, RegionLevel, Role, UnitKind
from gongzhi.org.models import DutyShift, Unit, User


def _rotation_index(day: date, *, weekdays_only: bool) -> int:
    """A position in the rotation that depends on the date alone, so overlapping runs agree."""
    if not weekdays_only:
        return day.toordinal()
    ordinal = day.toordinal() - 1  # date(1, 1, 1) is a Monday: ordinal 1
    return (ordinal // 7) * 5 + min(ordinal % 7, 4)


@transaction.atomic
def duty_roster_generate(*, unit: Unit, start: date, days: int, actor: User | None = None) -> int:
    """Fill a centre's roster for ``days`` days from ``start``; returns the number of shifts written.

    1. 班子领导轮值: the centre's leaders (role centre_leader, in the order they got the role)
       take turns, one a day. ``GONGZHI["DUTY_ROTATION"]`` = "daily" (default, every calendar
       day) or "weekdays" (Monday–Friday only).
    2. 书记接访日: at a village centre, every ``GONGZHI["RECEPTION_WEEKDAY"]`` (0 = Monday;
       default Tuesday) is the secretary's reception day, given to the centre's unit_head.
    3. One shift per (unit, date, kind): a re-run rewrites only shifts whose person changed.
    """
    if unit.kind != UnitKind.CENTRE:
        raise ValidationFailed(
            "只有社会治理中心排班",
            "only a governance centre has a duty roster",
            code="not_a_centre",
            detail={"unit": unit.code},
        )
    if days < 1 or days > 731:
        raise ValidationFailed(
            "排班天数应为1至731天",
            "days must be between 1 and 731",
            code="bad_days",
            detail={"field": "days"},
        )
    config = getattr(settings, "GONGZHI", {})
    weekdays_only = config.get("DUTY_ROTATION", "daily") == "weekdays"
    reception_weekday = int(config.get("RECEPTION_WEEKDAY", 1))
    leaders = list(selectors.users_with_role(unit=unit, role=Role.CENTRE_LEADER))
    secretary = (
        selectors.users_with_role(unit=unit, role=Role.UNIT_HEAD).first()
        if unit.level == RegionLevel.VILLAGE
        else None
    )
    wanted: dict[tuple[date, str], User] = {}
    for offset in range(days):
        day = start + timedelta(days=offset)
        if leaders and not (weekdays_only and day.weekday() >= 5):
            wanted[(day, DutyKind.LEADER_ON_DUTY)] = leaders[
                _rotation_index(day, weekdays_only=weekdays_only) % len(leaders)
            ]
        if secretary is not None and day.weekday() == reception_weekday:
            wanted[(day, DutyKind.RECEPTION_DAY)] = secretary
    existing = {
        (shift.date, shift.kind): shift
        for shift in DutyShift.objects.filter(
            unit=unit, date__gte=start, date__lt=start + timedelta(days=days)
        )
    }
    written = 0
    for (day, kind), user in sorted(wanted.items()):
        current = existing.get((day, kind))
        if current is not None and current.user_id == user.pk:
            continue
        before = {"user": current.user_id} if current is not None else {}
        shift, created = DutyShift.objects.update_or_create(
            unit=unit, date=day, kind=kind, defaults={"user": user}
        )
        events.duty_shift_set(shift=shift, actor=actor, before=before, created=created)
        written += 1
    return written
