"""The working-day calendar: counting rules, the 2026 official schedule, provisional years, caching.

Every expected date below was worked out by hand from the 2026 State Council schedule:
元旦 Jan 1–3 off, Jan 4 (Sun) work; 春节 Feb 15–23 off, Feb 14 (Sat) and Feb 28 (Sat) work;
清明 Apr 4–6 off; 劳动节 May 1–5 off, May 9 (Sat) work; 端午 Jun 19–21 off; 中秋 Sep 25–27 off;
国庆 Oct 1–7 off, Sep 20 (Sun) and Oct 10 (Sat) work.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
import time_machine
from django.test import Client
from pytest_django import DjangoAssertNumQueries, DjangoCaptureOnCommitCallbacks

from gongzhi.core import workdays
from gongzhi.core.models import CalendarDay, CalendarYear
from gongzhi.core.workdays import (
    Deadline,
    WorkCalendar,
    YearSchedule,
    add_calendar_days,
    add_working_days,
    day_is_provisional,
    invalidate_cache,
    is_working_day,
    local_date,
    subtract_working_days,
    working_days_between,
    year_is_confirmed,
)

SH = ZoneInfo("Asia/Shanghai")

OFFICIAL_2026_DAYS_OFF = {
    *(date(2026, 1, d) for d in range(1, 4)),
    *(date(2026, 2, d) for d in range(15, 24)),
    *(date(2026, 4, d) for d in range(4, 7)),
    *(date(2026, 5, d) for d in range(1, 6)),
    *(date(2026, 6, d) for d in range(19, 22)),
    *(date(2026, 9, d) for d in range(25, 28)),
    *(date(2026, 10, d) for d in range(1, 8)),
}
OFFICIAL_2026_MAKE_UP_DAYS = {
    date(2026, 1, 4),
    date(2026, 2, 14),
    date(2026, 2, 28),
    date(2026, 5, 9),
    date(2026, 9, 20),
    date(2026, 10, 10),
}


def at(y: int, m: int, d: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(y, m, d, hour, minute, tzinfo=SH)


def end_of(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 23, 59, 59, 999999, tzinfo=SH)


def officially_working_2026(day: date) -> bool:
    if day in OFFICIAL_2026_MAKE_UP_DAYS:
        return True
    return day.weekday() < 5 and day not in OFFICIAL_2026_DAYS_OFF


def days_of(year: int) -> Iterator[date]:
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


@pytest.fixture(autouse=True)
def _fresh_calendar() -> Iterator[None]:
    # Hermetic: no snapshot leaks between tests, and "now" is fixed although nothing should use it.
    invalidate_cache()
    with time_machine.travel(datetime(2026, 6, 1, 9, 0, tzinfo=SH), tick=False):
        yield
    invalidate_cache()


def enter_2027_schedule() -> None:
    """An administrator enters a (made-up) 2027 notice: only these days differ from Mon–Fri."""
    CalendarYear.objects.create(year=2027, is_confirmed=True, source="国办发明电〔2026〕测试号")
    CalendarDay.objects.create(date=date(2027, 1, 1), is_working_day=False, name="元旦")
    for day in range(8, 13):
        CalendarDay.objects.create(date=date(2027, 2, day), is_working_day=False, name="春节")
    CalendarDay.objects.create(date=date(2027, 2, 20), is_working_day=True, name="春节调休上班")


# --- The library against the official 2026 schedule ------------------------------------------------


def test_library_matches_the_official_2026_schedule_day_by_day() -> None:
    # given the holiday library's 2026 data
    library = holidays.China(years=2026)
    make_up = {day for day in library.weekend_workdays if day.year == 2026}

    # when every day of 2026 is classified from it
    mismatches = [
        day
        for day in days_of(2026)
        if (day in make_up or (day.weekday() < 5 and day not in library)) != officially_working_2026(day)
    ]

    # then it agrees with the official notice on every day
    assert mismatches == []
    assert make_up == OFFICIAL_2026_MAKE_UP_DAYS


def test_library_observed_days_of_2026_are_official_days_off() -> None:
    # given the days the library labels "(observed)" or substituted for 2026
    library = holidays.China(years=2026, language="en_US")
    labelled = {day for day, name in library.items() if "observed" in name or "substituted" in name}

    # then each is a day off in the official schedule
    assert labelled == {
        date(2026, 1, 2),
        date(2026, 2, 20),
        date(2026, 2, 23),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 5),
        date(2026, 10, 5),
        date(2026, 10, 6),
        date(2026, 10, 7),
    }
    assert labelled <= OFFICIAL_2026_DAYS_OFF


@pytest.mark.django_db
def test_is_working_day_follows_the_official_2026_schedule_with_no_admin_entries() -> None:
    # when every day of 2026 is asked about
    mismatches = [day for day in days_of(2026) if is_working_day(day) != officially_working_2026(day)]

    # then the answer is the official one, and 2026 is confirmed
    assert mismatches == []
    assert year_is_confirmed(2026)
    assert working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 248  # 261 − 19 + 6


# --- Counting working days ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_add_working_days_in_an_ordinary_week() -> None:
    # given an event on Monday 2026-03-09 (no holidays in March)
    # when 5 working days are counted
    deadline = add_working_days(at(2026, 3, 9), 5)

    # then Tue–Fri and the next Monday count, and the deadline is the end of that Monday
    assert deadline == Deadline(at=end_of(2026, 3, 16), is_provisional=False)
    assert deadline.at.utcoffset() == timedelta(hours=8)


@pytest.mark.django_db
def test_the_day_of_the_event_does_not_count() -> None:
    # given events at the first instant of a working day, and on a Friday evening and a Saturday
    # then counting starts on the next day and skips the weekend
    assert add_working_days(at(2026, 3, 10, 0, 0), 1).at == end_of(2026, 3, 11)
    assert add_working_days(at(2026, 3, 13, 23, 30), 1).at == end_of(2026, 3, 16)
    assert add_working_days(at(2026, 3, 14), 1).at == end_of(2026, 3, 16)


@pytest.mark.django_db
def test_the_local_shanghai_date_decides_which_day_the_event_is_on() -> None:
    # given 2026-03-09 20:00 UTC, which is already Tuesday 03-10 04:00 in Shanghai
    start = datetime(2026, 3, 9, 20, 0, tzinfo=UTC)

    # then the event day is Tuesday, so one working day ends on Wednesday
    assert local_date(start) == date(2026, 3, 10)
    assert add_working_days(start, 1).at == end_of(2026, 3, 11)


def test_local_date_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="aware"):
        local_date(datetime(2026, 3, 9, 10, 0))


@pytest.mark.django_db
def test_spring_festival_2026_counts_the_saturday_make_up_day_and_skips_the_holiday() -> None:
    # given an event on Thursday 2026-02-12
    # when 5 working days are counted
    deadline = add_working_days(at(2026, 2, 12), 5)

    # then Feb 13 (Fri) and Feb 14 (make-up Sat) count, Feb 15–23 are skipped, Feb 24–26 count
    assert deadline == Deadline(at=end_of(2026, 2, 26), is_provisional=False)


@pytest.mark.django_db
def test_spring_festival_2026_make_up_saturday_feb_28_is_a_working_day() -> None:
    # given an event on Wednesday 2026-02-25
    # when 3 working days are counted
    deadline = add_working_days(at(2026, 2, 25), 3)

    # then Thu 26, Fri 27 and the make-up Saturday 28 count (not Monday, March 2)
    assert deadline.at == end_of(2026, 2, 28)
    assert is_working_day(date(2026, 2, 28))
    assert not is_working_day(date(2026, 3, 1))


@pytest.mark.django_db
def test_national_day_2026_with_working_sunday_sep_20_and_saturday_oct_10() -> None:
    # given events just before the make-up Sunday and just before National Day
    # then Sunday Sep 20 is the first working day after Friday Sep 18
    assert add_working_days(at(2026, 9, 18), 1).at == end_of(2026, 9, 20)
    # and 3 working days from Sep 30 are Oct 8, Oct 9 and the make-up Saturday Oct 10
    assert add_working_days(at(2026, 9, 30), 3) == Deadline(at=end_of(2026, 10, 10), is_provisional=False)
    # and Mid-Autumn (Fri Sep 25) plus the weekend push one working day from Sep 24 to Monday
    assert add_working_days(at(2026, 9, 24), 1).at == end_of(2026, 9, 28)


# --- The 2026/2027 boundary and provisional years -------------------------------------------------


@pytest.mark.django_db
def test_a_deadline_wholly_in_2026_is_not_provisional() -> None:
    # given an event on Thursday 2026-12-24
    # when 5 working days are counted (Dec 25, 28, 29, 30, 31)
    deadline = add_working_days(at(2026, 12, 24), 5)

    # then the deadline is New Year's Eve and is final
    assert deadline == Deadline(at=end_of(2026, 12, 31), is_provisional=False)


@pytest.mark.django_db
def test_a_deadline_counted_into_2027_is_provisional() -> None:
    # given an event on Thursday 2026-12-24 and no official 2027 schedule yet
    # when 10 working days are counted: Dec 25, 28–31, then (Jan 1 2027 is a holiday) Jan 4–8
    deadline = add_working_days(at(2026, 12, 24), 10)

    # then the deadline is Friday 2027-01-08 and marked provisional
    assert deadline == Deadline(at=end_of(2027, 1, 8), is_provisional=True)
    assert not year_is_confirmed(2027)
    assert day_is_provisional(date(2027, 1, 8))
    assert not day_is_provisional(date(2026, 12, 31))


@pytest.mark.django_db
def test_an_admin_entered_2027_schedule_replaces_the_library_and_is_confirmed() -> None:
    # given the library's provisional 2027: Feb 20 (Sat) is a rest day, May 4 an estimated holiday
    assert add_working_days(at(2027, 2, 18), 2) == Deadline(at=end_of(2027, 2, 22), is_provisional=True)
    assert not is_working_day(date(2027, 5, 4))

    # when an administrator enters the official 2027 schedule and the cache is dropped
    enter_2027_schedule()
    invalidate_cache()

    # then the entered make-up Saturday counts and 2027 deadlines are final
    assert add_working_days(at(2027, 2, 18), 2) == Deadline(at=end_of(2027, 2, 20), is_provisional=False)
    assert add_working_days(at(2026, 12, 24), 10) == Deadline(at=end_of(2027, 1, 8), is_provisional=False)
    # and the entered Spring Festival block is off
    assert add_working_days(at(2027, 2, 5), 1).at == end_of(2027, 2, 15)
    # and the library is ignored for 2027: its estimated May 4 holiday is an ordinary Tuesday
    assert is_working_day(date(2027, 5, 4))
    assert year_is_confirmed(2027)


@pytest.mark.django_db
def test_an_unconfirmed_year_entry_keeps_the_year_provisional() -> None:
    # given an administrator has started entering 2026 but not marked it complete
    CalendarYear.objects.create(year=2026, is_confirmed=False)
    invalidate_cache()

    # then 2026 is provisional, though the library's days still apply
    assert not year_is_confirmed(2026)
    assert add_working_days(at(2026, 9, 30), 3) == Deadline(at=end_of(2026, 10, 10), is_provisional=True)


@pytest.mark.django_db
def test_an_entered_day_overrides_the_library_in_a_year_nobody_entered() -> None:
    # given an administrator marks 2026-12-31 as a day off (a correction), with no CalendarYear row
    CalendarDay.objects.create(date=date(2026, 12, 31), is_working_day=False, name="更正")
    invalidate_cache()

    # then that day is skipped and 2026 stays confirmed by the library
    assert add_working_days(at(2026, 12, 29), 2) == Deadline(at=end_of(2027, 1, 4), is_provisional=True)
    assert add_working_days(at(2026, 12, 28), 2) == Deadline(at=end_of(2026, 12, 30), is_provisional=False)
    assert year_is_confirmed(2026)


@pytest.mark.django_db
def test_days_counted_in_a_provisional_year_make_the_deadline_provisional() -> None:
    # given 2026 is entered but not yet complete, and 2027 is entered and confirmed
    CalendarYear.objects.create(year=2026, is_confirmed=False)
    enter_2027_schedule()
    invalidate_cache()

    # then deadlines landing in confirmed 2027 are still provisional, for days counted in 2026
    assert add_calendar_days(at(2026, 12, 20), 15) == Deadline(at=end_of(2027, 1, 4), is_provisional=True)
    assert add_working_days(at(2026, 12, 24), 10) == Deadline(at=end_of(2027, 1, 8), is_provisional=True)
    # and a deadline counted wholly within 2027 is final
    assert add_calendar_days(at(2026, 12, 31), 4) == Deadline(at=end_of(2027, 1, 4), is_provisional=False)


# --- Calendar days ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_add_calendar_days_ending_on_a_holiday_extends_to_the_next_working_day() -> None:
    # given an event on Monday 2026-09-21
    # when 10 calendar days are counted (Sep 22 is day 1, Oct 1 is day 10)
    deadline = add_calendar_days(at(2026, 9, 21), 10)

    # then Oct 1 is National Day, so the period ends after the holiday, on Thursday Oct 8
    assert deadline == Deadline(at=end_of(2026, 10, 8), is_provisional=False)


@pytest.mark.django_db
def test_add_calendar_days_ending_in_spring_festival_extends_past_the_whole_holiday() -> None:
    # given an event on 2026-02-01; day 14 is Sunday Feb 15, the first day of the holiday
    # then the period ends on Tuesday Feb 24, the first working day after Feb 15–23
    assert add_calendar_days(at(2026, 2, 1), 14).at == end_of(2026, 2, 24)


@pytest.mark.django_db
def test_add_calendar_days_on_a_working_day_or_make_up_saturday_does_not_extend() -> None:
    # an ordinary Thursday stays
    assert add_calendar_days(at(2026, 3, 9), 3).at == end_of(2026, 3, 12)
    # the make-up Saturday Oct 10 is a working day, so it stays too
    assert add_calendar_days(at(2026, 10, 5), 5).at == end_of(2026, 10, 10)


@pytest.mark.django_db
def test_add_calendar_days_ending_on_a_plain_weekend_extends_to_monday() -> None:
    # given an event on Monday 2026-03-09; day 5 is Saturday 03-14 (法定休假日 includes weekends)
    # then the period ends on Monday 03-16
    assert add_calendar_days(at(2026, 3, 9), 5).at == end_of(2026, 3, 16)


@pytest.mark.django_db
def test_add_calendar_days_into_2027_is_provisional() -> None:
    # given an event on 2026-12-20; day 15 is Monday 2027-01-04
    assert add_calendar_days(at(2026, 12, 20), 15) == Deadline(at=end_of(2027, 1, 4), is_provisional=True)
    # and a period ending on Dec 31 (a Thursday) is final
    assert add_calendar_days(at(2026, 12, 20), 11) == Deadline(at=end_of(2026, 12, 31), is_provisional=False)


def test_negative_periods_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_working_days(at(2026, 3, 9), -1)
    with pytest.raises(ValueError, match="negative"):
        add_calendar_days(at(2026, 3, 9), -1)
    with pytest.raises(ValueError, match="negative"):
        subtract_working_days(at(2026, 3, 9), -1)


# --- Counting backwards and between -----------------------------------------------------------------


@pytest.mark.django_db
def test_subtract_working_days_gives_the_start_of_the_earlier_working_day() -> None:
    # given a deadline at the end of the make-up Saturday 2026-10-10
    deadline = end_of(2026, 10, 10)

    # then 3 working days before it are Oct 9, Oct 8 and (across National Day) Sep 30
    assert subtract_working_days(deadline, 3) == datetime(2026, 9, 30, 0, 0, tzinfo=SH)
    assert subtract_working_days(deadline, 1) == datetime(2026, 10, 9, 0, 0, tzinfo=SH)
    assert subtract_working_days(deadline, 0) == datetime(2026, 10, 10, 0, 0, tzinfo=SH)
    # and across Spring Festival: Feb 25, Feb 24, then the make-up Saturday Feb 14
    assert subtract_working_days(end_of(2026, 2, 26), 3) == datetime(2026, 2, 14, 0, 0, tzinfo=SH)


@pytest.mark.django_db
def test_subtract_working_days_undoes_add_working_days_for_every_working_day_of_2026() -> None:
    # given every working day of 2026 as an event day
    starts = [day for day in days_of(2026) if is_working_day(day)]

    # when 5 working days are added and then taken away again
    round_trips = {
        day: local_date(subtract_working_days(add_working_days(at(day.year, day.month, day.day), 5).at, 5))
        for day in starts
    }

    # then each lands back on its own day
    assert [day for day, back in round_trips.items() if back != day] == []


@pytest.mark.django_db
def test_working_days_between_excludes_the_start_and_includes_the_end() -> None:
    assert working_days_between(date(2026, 2, 12), date(2026, 2, 26)) == 5
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 10)) == 3
    assert working_days_between(date(2026, 3, 9), date(2026, 3, 10)) == 1
    assert working_days_between(date(2026, 3, 13), date(2026, 3, 15)) == 0  # Sat, Sun
    assert working_days_between(date(2026, 3, 10), date(2026, 3, 10)) == 0
    assert working_days_between(date(2026, 3, 16), date(2026, 3, 9)) == 0
    assert working_days_between(date(2026, 12, 24), date(2027, 1, 8)) == 10


# --- Caching ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_calls_within_the_ttl_cost_no_queries(django_assert_num_queries: DjangoAssertNumQueries) -> None:
    # given a first call, which loads the calendar tables
    with django_assert_num_queries(2):
        is_working_day(date(2026, 3, 9))

    # when many more calls follow within the TTL
    with django_assert_num_queries(0):
        for offset in range(500):
            add_working_days(at(2026, 1, 1) + timedelta(days=offset), 5)

    # then none of them touched the database (asserted by the context managers)


@pytest.mark.django_db
def test_another_process_edit_is_seen_once_the_ttl_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    # given a warm cache at monotonic time 1000
    now = [1000.0]
    monkeypatch.setattr(workdays, "_clock", lambda: now[0])
    assert not is_working_day(date(2026, 3, 14))

    # when another process enters a working Saturday without telling this one
    CalendarDay.objects.create(date=date(2026, 3, 14), is_working_day=True, name="测试调休")

    # then this process keeps its snapshot until the TTL passes, and then sees the edit
    now[0] += workdays.CACHE_TTL_SECONDS - 1
    assert not is_working_day(date(2026, 3, 14))
    now[0] += 2
    assert is_working_day(date(2026, 3, 14))


# --- The pure layer -------------------------------------------------------------------------------


def test_work_calendar_counts_from_plain_exception_sets_without_a_database() -> None:
    # given a calendar where 2030-01-02 (Wed) is off and 2030-01-05 (Sat) is worked
    exceptions = {date(2030, 1, 2): False, date(2030, 1, 5): True}
    calendar = WorkCalendar(lambda year: YearSchedule.build(year, is_confirmed=True, exceptions=exceptions))

    # then counting from Tue 2030-01-01 skips Jan 2 and uses Jan 5
    assert calendar.nth_working_day_after(date(2030, 1, 1), 3) == date(2030, 1, 5)
    assert calendar.nth_working_day_before(date(2030, 1, 5), 3) == date(2030, 1, 1)
    assert calendar.nth_working_day_before(date(2030, 1, 5), 4) == date(2029, 12, 31)
    assert calendar.count_between(date(2030, 1, 1), date(2030, 1, 7)) == 4


@pytest.mark.django_db
def test_an_admin_edit_is_seen_by_this_process_at_once(
    admin_client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    # given a warm cache in which Saturday 2026-03-14 is a rest day
    assert not is_working_day(date(2026, 3, 14))

    # when an administrator adds it as a make-up working day through the admin
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/core/calendarday/add/",
            {"date": "2026-03-14", "is_working_day": "on", "name": "测试调休"},
        )

    # then the row exists and the cache was dropped after commit, so the new day counts
    assert response.status_code == 302
    assert CalendarDay.objects.filter(date=date(2026, 3, 14), is_working_day=True).exists()
    assert is_working_day(date(2026, 3, 14))
    assert add_working_days(at(2026, 3, 13), 1).at == end_of(2026, 3, 14)
