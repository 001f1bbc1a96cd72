from __future__ import annotations

import pytest

from gongzhi.core import workdays
from gongzhi.core.models import AuditEvent, CalendarDay

pytestmark = pytest.mark.django_db


def test_entering_a_holiday_in_the_admin_is_audited_and_takes_effect(
    admin_client, django_capture_on_commit_callbacks
):
    from datetime import date

    assert workdays.is_working_day(date(2027, 3, 3))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/core/calendarday/add/", {"date": "2027-03-03", "is_working_day": "", "name": "测试假日"}
        )
    assert response.status_code == 302
    day = CalendarDay.objects.get(date=date(2027, 3, 3))
    event = AuditEvent.objects.get(subject_type="calendarday", subject_id=day.pk)
    assert event.action == "calendar.create" and event.actor is not None
    assert workdays.is_working_day(date(2027, 3, 3)) is False
