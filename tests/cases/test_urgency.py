"""Urgency changes the clocks: the acceptance clock, the queue's order, the report to the leaders."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine

from gongzhi.cases.enums import NoticeKind, Urgency
from gongzhi.cases.models import Notice
from gongzhi.cases.services import sweep_run
from gongzhi.core.models import AuditEvent
from gongzhi.drones import services as drone_services
from tests.api.conftest import INTAKE
from tests.api.conftest import as_user as as_user  # the REST client fixture
from tests.cases.helpers import accepted, intake, reload
from tests.conftest import WANGHUA, centre, district_unit, local
from tests.drones.conftest import World
from tests.drones.conftest import world as world  # the drone desk's fixture

pytestmark = pytest.mark.django_db


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def urgent_reports(case_id: int) -> int:
    return AuditEvent.objects.filter(
        subject_type="case", subject_id=case_id, action="case.urgent_report"
    ).count()


def test_acceptance_is_due_hours_after_registration_for_urgent_cases(village_clerk, frozen_now, settings):
    """信访工作条例 art. 25 (urgent matters at once); 浙江省信访条例 art. 20 (5 working days otherwise)."""
    critical = intake(village_clerk, urgency=Urgency.CRITICAL)
    urgent = intake(village_clerk, urgency=Urgency.URGENT)
    normal = intake(village_clerk)
    assert critical.accept_due_at == critical.registered_at + timedelta(hours=2)
    assert urgent.accept_due_at == urgent.registered_at + timedelta(hours=24)
    assert not critical.is_accept_due_provisional and not urgent.is_accept_due_provisional
    # Monday 2026-11-30 + 5 working days: Monday 2026-12-07, end of the day.
    assert local(normal.accept_due_at).startswith("2026-12-07T23:59:59")
    # The hours are a setting; an urgency left out of it keeps the working days.
    settings.GONGZHI = {**settings.GONGZHI, "URGENT_ACCEPT_HOURS": {"critical": 6}}
    critical = intake(village_clerk, urgency=Urgency.CRITICAL)
    urgent = intake(village_clerk, urgency=Urgency.URGENT)
    assert critical.accept_due_at == critical.registered_at + timedelta(hours=6)
    assert local(urgent.accept_due_at).startswith("2026-12-07T23:59:59")


def test_sweep_reminds_a_critical_case_once_its_hours_have_passed(village_clerk, frozen_now):
    """信访工作条例 art. 25: a 特急 matter not decided on within its hours is chased (催办)."""
    case = intake(village_clerk, urgency=Urgency.CRITICAL)  # about 09:00 on Monday
    with time_machine.travel(at("2026-11-30T10:58:00+08:00")):
        assert sweep_run().accept_reminders == 0
    with time_machine.travel(at("2026-11-30T11:05:00+08:00")):
        assert sweep_run().accept_reminders == 1
        assert sweep_run().accept_reminders == 0
    case = reload(case)
    assert case.accept_reminded_at is not None
    assert case.notices.filter(kind=NoticeKind.REMINDER, title="受理超期催办").count() == 1
    assert AuditEvent.objects.filter(subject_id=case.pk, action="case.accept_remind").count() == 1


def test_queue_lists_critical_then_urgent_before_an_earlier_deadline(
    client, town_dispatcher, housing_liaison, clock
):
    """信访工作条例 art. 25: urgent matters are dealt with first, whatever their deadline."""
    housing = district_unit("housing")
    clock.move_to(at("2026-11-30T09:00:00+08:00"))
    accepted(town_dispatcher, unit=housing, subject="普通事项路灯")
    clock.move_to(at("2026-12-01T09:00:00+08:00"))  # a day later: later deadlines
    accepted(town_dispatcher, unit=housing, subject="紧急事项积水", urgency=Urgency.URGENT)
    accepted(town_dispatcher, unit=housing, subject="特急事项塌方", urgency=Urgency.CRITICAL)
    client.force_login(housing_liaison)
    page = client.get("/cases/?q=to_sign").content.decode()
    positions = [page.index(subject) for subject in ("特急事项塌方", "紧急事项积水", "普通事项路灯")]
    assert positions == sorted(positions)


def test_critical_case_is_reported_to_the_intake_centre_leaders_at_intake(village_clerk, frozen_now):
    """信访工作条例 art. 25: major or urgent matters are reported up."""
    case = intake(village_clerk, urgency=Urgency.CRITICAL)
    notice = Notice.objects.get(case=case, kind=NoticeKind.SUPERVISION)
    assert notice.title == "特急事项报告" and notice.recipient == centre(WANGHUA).name
    assert case.subject in notice.body
    event = AuditEvent.objects.get(subject_type="case", subject_id=case.pk, action="case.urgent_report")
    assert event.actor == village_clerk and event.after["urgency"] == Urgency.CRITICAL
    ordinary = intake(village_clerk, urgency=Urgency.URGENT)
    assert not Notice.objects.filter(case=ordinary, kind=NoticeKind.SUPERVISION).exists()
    assert urgent_reports(ordinary.pk) == 0


def test_emergency_dispatch_case_runs_the_critical_clock_and_is_reported(frozen_now, world: World):
    """信访工作条例 art. 25: the drone emergency (应急处突) is a 特急 matter, decided on within hours."""
    flight = drone_services.emergency_dispatch(
        actor=world.command,
        dock_id=world.dock.pk,
        lng=120.46,
        lat=30.06,
        subject="危化品车辆起火",
        description="高速公路上一辆危化品运输车起火，请求无人机侦察",
    )
    case = reload(flight.case)
    assert case.urgency == Urgency.CRITICAL
    assert case.accept_due_at == case.registered_at + timedelta(hours=2)
    assert urgent_reports(case.pk) == 1
    assert Notice.objects.filter(case=case, kind=NoticeKind.SUPERVISION, title="特急事项报告").count() == 1


def test_rest_intake_of_a_critical_case_runs_the_hour_clock(as_user, village_clerk, frozen_now):
    """信访工作条例 art. 25, over REST: POST /cases with urgency critical is due for acceptance
    2 hours after registration and is reported to the centre's leaders on the timeline."""
    clerk = as_user(village_clerk)
    created = clerk.post("/cases", INTAKE | {"urgency": "critical"})
    assert created.status_code == 201, created.content
    body = clerk.get(f"/cases/{created.json()['id']}").json()
    registered = datetime.fromisoformat(body["registered_at"])
    assert datetime.fromisoformat(body["accept_due_at"]) == registered + timedelta(hours=2)
    actions = [event["action"] for event in clerk.get(f"/cases/{body['id']}/timeline").json()]
    assert "case.urgent_report" in actions
    ordinary = clerk.get(f"/cases/{clerk.post('/cases', INTAKE).json()['id']}").json()
    assert local(datetime.fromisoformat(ordinary["accept_due_at"])).startswith("2026-12-07T23:59:59")
