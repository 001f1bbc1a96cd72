from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine

from gongzhi.cases import services
from gongzhi.cases.enums import NoticeKind
from gongzhi.cases.services import sweep_run
from gongzhi.core import workdays
from gongzhi.core.models import AuditEvent, CalendarDay, CalendarYear
from tests.cases.helpers import accepted, intake, reload
from tests.conftest import district_unit, local

pytestmark = pytest.mark.django_db


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.fixture
def overdue_case(town_dispatcher, housing_liaison, frozen_now):
    case = accepted(town_dispatcher, unit=district_unit("housing"))
    return services.case_sign(actor=housing_liaison, case_id=case.pk)


def test_overdue_case_is_reminded_once_then_supervised_once(overdue_case):
    assert local(overdue_case.due_at).startswith("2026-12-30")
    with time_machine.travel(at("2026-12-30T20:00:00+08:00")):
        assert sweep_run().reminders == 0  # not yet overdue
    with time_machine.travel(at("2026-12-31T09:00:00+08:00")):
        first = sweep_run()
        second = sweep_run()
    assert first.reminders == 1 and second.reminders == 0
    case = reload(overdue_case)
    # Two working days after 2026-12-30: Dec 31, then (2027-01-01 holiday, weekend) Jan 4.
    assert local(case.supervise_at).startswith("2027-01-04T23:59:59")
    assert case.notices.filter(kind=NoticeKind.REMINDER).count() == 1
    with time_machine.travel(at("2027-01-05T09:00:00+08:00")):
        assert sweep_run().supervisions == 1
        assert sweep_run().supervisions == 0
    assert (
        AuditEvent.objects.filter(subject_type="case", subject_id=case.pk, action="case.remind").count() == 1
    )
    assert (
        AuditEvent.objects.filter(
            subject_type="case", subject_id=case.pk, action="case.supervise_auto"
        ).count()
        == 1
    )


def test_acceptance_reminder_after_five_working_days(village_clerk, frozen_now):
    case = intake(village_clerk)
    with time_machine.travel(at("2026-12-07T18:00:00+08:00")):
        assert sweep_run().accept_reminders == 0
    with time_machine.travel(at("2026-12-08T09:00:00+08:00")):
        assert sweep_run().accept_reminders == 1
        assert sweep_run().accept_reminders == 0
    assert reload(case).accept_reminded_at is not None


def test_answered_petition_becomes_final_when_no_review_is_asked(village_clerk, village_head, frozen_now):
    from tests.conftest import WANGHUA, centre

    case = accepted(village_clerk, unit=centre(WANGHUA), kind="petition", petition_class="suggestion")
    services.case_sign(actor=village_head, case_id=case.pk)
    services.case_reply(
        actor=village_head, case_id=case.pk, text="感谢您的建议，已纳入明年村庄规划。", outcome="support"
    )
    with time_machine.travel(at("2026-12-29T09:00:00+08:00")):
        assert sweep_run().finalised == 0
    with time_machine.travel(at("2027-01-05T09:00:00+08:00")):
        assert sweep_run().finalised == 1
        assert sweep_run().finalised == 0
    assert reload(case).status == "final"


def test_provisional_2027_deadline_is_recomputed_when_the_schedule_is_entered(
    town_dispatcher, frozen_now, settings
):
    settings.GONGZHI = {**settings.GONGZHI, "DEADLINE_PRESET": "national"}
    case = accepted(town_dispatcher, unit=district_unit("housing"))
    assert case.is_due_provisional and local(case.due_at).startswith("2027-01-29")
    assert sweep_run().recomputed == 0  # nothing confirmed yet: nothing to do

    CalendarYear.objects.create(year=2027, source="国办发明电〔2026〕测试")
    CalendarDay.objects.create(date=date(2027, 1, 1), is_working_day=False, name="元旦")
    CalendarDay.objects.create(date=date(2027, 1, 29), is_working_day=False, name="测试调休")
    workdays.invalidate_cache()

    assert sweep_run().recomputed == 1
    case = reload(case)
    assert case.is_due_provisional is False
    assert local(case.due_at).startswith("2027-02-01T23:59:59")  # Friday off → Monday
    assert sweep_run().recomputed == 0
