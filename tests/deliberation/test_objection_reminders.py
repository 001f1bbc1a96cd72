"""Objections to a publication are answered within 15 days: the sweep reminds the village before
the deadline and flags the objection when it is overdue, once each (time frozen)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from gongzhi.core.sweeps import sweeps_run
from gongzhi.deliberation import selectors, services
from gongzhi.deliberation.models import VillageNotice
from gongzhi.org.enums import Role
from tests.conftest import centre
from tests.deliberation.helpers import LIANHUA, SHUANGYE, XIALU, pass_meeting, step

pytestmark = pytest.mark.django_db

RAISED = datetime.fromisoformat("2026-11-26T10:00:00+08:00")
DUE = datetime.fromisoformat("2026-12-11T23:59:59.999999+08:00")  # 15 days, to the end of the day


@pytest.fixture
def objection(register):
    matter = services.matter_propose(
        village=register.village,
        matter_type=selectors.matter_type_get(region=register.village, code="collective_income_use"),
        title="收益分配",
        proposed_on=date(2026, 11, 1),
    )
    for order, day in ((1, 2), (2, 3), (3, 9), (4, 13)):
        pass_meeting(matter, order, register, date(2026, 11, day))
    publication = services.publication_publish(
        step=step(matter, 5),
        title="收益分配决议公告",
        content="人均分配500元。",
        published_on=date(2026, 11, 25),
    )
    return services.objection_raise(
        publication=publication, name="村民老李", content="外嫁女是否参与分配？", raised_at=RAISED
    )


def test_the_village_is_reminded_before_the_deadline_and_flagged_after_it_once_each(objection, make_staff):
    assert objection.due_at == DUE
    with time_machine.travel(DUE - timedelta(days=4), tick=False):  # 4 days left: nothing yet
        assert services.deliberation_sweep_run().as_dict() == {
            "objection_reminders": 0,
            "objections_overdue": 0,
        }
    with time_machine.travel(DUE - timedelta(days=2, hours=20), tick=False):  # under 3 days left
        assert services.deliberation_sweep_run().objection_reminders == 1
        assert services.deliberation_sweep_run().objection_reminders == 0  # idempotent
        reminder = VillageNotice.objects.get()
        assert reminder.kind == "objection_reminder" and not reminder.is_flagged
        assert reminder.recipient_unit == centre(LIANHUA) and "2026年12月11日" in reminder.body
    with time_machine.travel(DUE + timedelta(minutes=1), tick=False):
        first = sweeps_run()["deliberation_sweep_run"]
        again = sweeps_run()["deliberation_sweep_run"]
        assert first == {"objection_reminders": 0, "objections_overdue": 1}
        assert again == {"objection_reminders": 0, "objections_overdue": 0}
        flagged = VillageNotice.objects.get(kind="objection_overdue")
        assert flagged.is_flagged and flagged.objection == objection
        objection.refresh_from_db()
        assert objection.reminded_at is not None and objection.overdue_flagged_at is not None

        cadre = Client()
        cadre.force_login(make_staff(centre(LIANHUA), Role.UNIT_HEAD))
        village_page = cadre.get(f"/deliberation/villages/{LIANHUA}/").content.decode()
        assert "异议答复已超期：收益分配" in village_page
        matter_page = cadre.get(f"/deliberation/matters/{objection.matter_id}/").content.decode()
        assert "已超期" in matter_page
        town = Client()
        town.force_login(make_staff(centre(XIALU), Role.CENTRE_LEADER))
        assert "异议答复已超期：收益分配" in town.get("/deliberation/").content.decode()
        other = Client()
        other.force_login(make_staff(centre(SHUANGYE), Role.UNIT_HEAD))
        assert "收益分配" not in other.get(f"/deliberation/villages/{SHUANGYE}/").content.decode()

        services.objection_answer(objection=objection, answer="外嫁女户籍仍在本村的参与分配。")
        assert "异议答复已超期" not in cadre.get(f"/deliberation/villages/{LIANHUA}/").content.decode()
    assert VillageNotice.objects.count() == 2


def test_an_objection_answered_in_time_sends_nothing(objection):
    with time_machine.travel(RAISED + timedelta(days=2), tick=False):
        services.objection_answer(objection=objection, answer="已答复。")
    with time_machine.travel(RAISED + timedelta(days=30), tick=False):
        assert services.deliberation_sweep_run().as_dict() == {
            "objection_reminders": 0,
            "objections_overdue": 0,
        }
    assert not VillageNotice.objects.exists()


def test_an_objection_found_overdue_is_flagged_without_a_late_reminder(objection):
    with time_machine.travel(RAISED + timedelta(days=20), tick=False):
        result = services.deliberation_sweep_run()
    assert (result.objection_reminders, result.objections_overdue) == (0, 1)
    assert list(VillageNotice.objects.values_list("kind", flat=True)) == ["objection_overdue"]
