"""班子领导每天轮值 and 书记接访日: the duty roster of a centre."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from pytest_django.fixtures import Settings

from gongzhi.core.errors import ValidationFailed
from gongzhi.core.models import AuditEvent
from gongzhi.org import services as org_services
from gongzhi.org.enums import DutyKind, Role
from gongzhi.org.models import DutyShift, Region, Unit, User
from tests.org.keqiao import PINGSHUI, WANGHUA, unit

MONDAY = date(2026, 11, 30)


def _staff(name: str, centre: Unit, role: str) -> User:
    user = org_services.staff_create(username=name, display_name=name, password="Duty-Roster-2026!")
    org_services.membership_grant(user=user, unit=centre, role=role)
    return user


@pytest.fixture
def town_centre(keqiao: Region) -> Unit:
    return unit(f"{PINGSHUI}-centre")


@pytest.fixture
def leaders(town_centre: Unit) -> list[User]:
    return [_staff(name, town_centre, Role.CENTRE_LEADER) for name in ("leader_a", "leader_b", "leader_c")]


@pytest.fixture
def village_centre(keqiao: Region) -> Unit:
    return unit(f"{WANGHUA}-centre")


def _roster(centre: Unit, kind: str) -> list[tuple[date, str]]:
    return [
        (shift.date, shift.user.username)
        for shift in DutyShift.objects.filter(unit=centre, kind=kind).select_related("user").order_by("date")
    ]


def test_leaders_take_turns_every_calendar_day(town_centre: Unit, leaders: list[User]) -> None:
    # when
    written = org_services.duty_roster_generate(unit=town_centre, start=MONDAY, days=9)
    # then
    roster = _roster(town_centre, DutyKind.LEADER_ON_DUTY)
    assert written == 9
    assert [day for day, _ in roster] == [MONDAY + timedelta(days=i) for i in range(9)]
    names = [name for _, name in roster]
    assert set(names[:3]) == {"leader_a", "leader_b", "leader_c"}
    assert names[3:6] == names[:3] and names[6:9] == names[:3]
    assert all(a != b for a, b in pairwise(names))


def test_rerun_is_idempotent(town_centre: Unit, leaders: list[User]) -> None:
    # given
    org_services.duty_roster_generate(unit=town_centre, start=MONDAY, days=14)
    shifts = DutyShift.objects.count()
    events = AuditEvent.objects.filter(subject_type="duty_shift").count()
    # when
    written = org_services.duty_roster_generate(unit=town_centre, start=MONDAY, days=14)
    # then
    assert written == 0
    assert DutyShift.objects.count() == shifts
    assert AuditEvent.objects.filter(subject_type="duty_shift").count() == events


def test_an_overlapping_window_keeps_the_rotation(town_centre: Unit, leaders: list[User]) -> None:
    # given
    org_services.duty_roster_generate(unit=town_centre, start=MONDAY, days=7)
    first = dict(_roster(town_centre, DutyKind.LEADER_ON_DUTY))
    # when: a second run from Wednesday for a week
    written = org_services.duty_roster_generate(unit=town_centre, start=date(2026, 12, 2), days=7)
    # then only the two new days were written, and the shared days did not change hands
    roster = dict(_roster(town_centre, DutyKind.LEADER_ON_DUTY))
    assert written == 2
    assert all(roster[day] == name for day, name in first.items())


def test_a_revoked_leader_is_rotated_out(town_centre: Unit, leaders: list[User]) -> None:
    # given
    org_services.duty_roster_generate(unit=town_centre, start=MONDAY, days=6)
    # when
    org_services.membership_revoke(user=leaders[1], unit=town_centre, role=Role.CENTRE_LEADER)
    written = org_services.duty_roster_generate(unit=town_centre, start=MONDAY, days=6)
    # then
    names = [name for _, name in _roster(town_centre, DutyKind.LEADER_ON_DUTY)]
    assert written > 0
    assert "leader_b" not in names
    assert set(names) == {"leader_a", "leader_c"}


def test_village_secretary_receives_on_tuesdays(village_centre: Unit) -> None:
    # given the village's 书记 (unit_head); the village centre has no rotating leaders
    _staff("wanghua_secretary", village_centre, Role.UNIT_HEAD)
    # when
    written = org_services.duty_roster_generate(unit=village_centre, start=MONDAY, days=21)
    # then
    reception = _roster(village_centre, DutyKind.RECEPTION_DAY)
    assert written == 3
    assert [day for day, _ in reception] == [date(2026, 12, 1), date(2026, 12, 8), date(2026, 12, 15)]
    assert all(day.weekday() == 1 for day, _ in reception)
    assert {name for _, name in reception} == {"wanghua_secretary"}
    assert _roster(village_centre, DutyKind.LEADER_ON_DUTY) == []


def test_reception_weekday_is_a_setting(village_centre: Unit, settings: Settings) -> None:
    # given Thursday as the reception day
    settings.GONGZHI = {**settings.GONGZHI, "RECEPTION_WEEKDAY": 3}
    _staff("wanghua_secretary", village_centre, Role.UNIT_HEAD)
    # when
    org_services.duty_roster_generate(unit=village_centre, start=MONDAY, days=14)
    # then
    days = [day for day, _ in _roster(village_centre, DutyKind.RECEPTION_DAY)]
    assert days == [date(2026, 12, 3), date(2026, 12, 10)]


def test_weekday_rotation_skips_weekends(town_centre: Unit, leaders: list[User], settings: Settings) -> None:
    # given
    settings.GONGZHI = {**settings.GONGZHI, "DUTY_ROTATION": "weekdays"}
    # when
    org_services.duty_roster_generate(unit=town_centre, start=MONDAY, days=14)
    # then
    roster = _roster(town_centre, DutyKind.LEADER_ON_DUTY)
    assert len(roster) == 10
    assert all(day.weekday() < 5 for day, _ in roster)
    names = [name for _, name in roster]
    assert names[3:6] == names[:3]


def test_only_a_centre_has_a_roster(keqiao: Region) -> None:
    station = unit(f"{PINGSHUI}-police")
    with pytest.raises(ValidationFailed) as excinfo:
        org_services.duty_roster_generate(unit=station, start=MONDAY, days=7)
    assert excinfo.value.code == "not_a_centre"
    assert not DutyShift.objects.filter(unit=station).exists()
