"""The Chinese working-day calendar: which days are working days, and deadlines counted on them.

Counting rules (民法典 arts. 201, 203; 民事诉讼法 (2023) art. 85):

1. A period counted in days begins on the **next** day; the day of the triggering event does not
   count. "The day" is the Asia/Shanghai date of the event.
2. A period ends at 24:00 of its last day (民法典 art. 203 para. 2), so a deadline is the last
   instant of the last day: 23:59:59.999999 Asia/Shanghai.
3. If the last day of a period of calendar days (日) is a 法定休假日, the period ends on the first
   working day after it (art. 203 para. 1). See :func:`add_calendar_days` for why weekends count.

Where the schedule comes from, in order of precedence:

1. An administrator's entry. A :class:`~gongzhi.core.models.CalendarYear` row with
   ``is_confirmed=True`` makes that year confirmed, and then **only** its
   :class:`~gongzhi.core.models.CalendarDay` rows define its exceptions to the Monday–Friday week;
   the holiday library is ignored for that year.
2. The ``holidays`` library (``holidays.China``): its holidays are days off and its
   ``weekend_workdays`` are make-up working days (调休上班). A year nobody entered is confirmed iff
   the library has make-up working days for it: every 国务院办公厅 notice has some, and the
   library only lists them once the notice is out, so a year without them is the library's
   estimate and *provisional*. ``CalendarDay`` rows of such a year still override the library
   date by date (an administrator's correction), and a ``CalendarYear`` row with
   ``is_confirmed=False`` (an entry in progress) keeps the year provisional whatever the library
   says.

Caching: every public function reads one in-process snapshot of the two calendar tables (two
queries), reloaded when it is older than :data:`CACHE_TTL_SECONDS`, so an edit made by any other
process is seen within that time and no call costs a query in between. :func:`invalidate_cache`
drops this process's snapshot at once (the admin calls it after a commit). Nothing here assumes a
single process: the database is the only shared state. The library's data is fixed for the life
of the process and is cached per year without expiry.
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from functools import cache
from zoneinfo import ZoneInfo

import holidays

from gongzhi.core.models import CalendarDay, CalendarYear

__all__ = [
    "CACHE_TTL_SECONDS",
    "SHANGHAI",
    "Deadline",
    "WorkCalendar",
    "YearSchedule",
    "add_calendar_days",
    "add_working_days",
    "day_is_provisional",
    "end_of_day",
    "invalidate_cache",
    "is_working_day",
    "local_date",
    "subtract_working_days",
    "working_days_between",
    "year_is_confirmed",
]

SHANGHAI = ZoneInfo("Asia/Shanghai")

#: How long one process trusts its snapshot of the calendar tables.
CACHE_TTL_SECONDS = 60.0

# A module attribute so tests can move the clock; time-machine does not mock time.monotonic().
_clock: Callable[[], float] = time.monotonic


@dataclass(frozen=True)
class Deadline:
    """The end of a period.

    ``at`` is timezone-aware: the end of the last day (23:59:59.999999 Asia/Shanghai).
    ``is_provisional`` is True when any day counted lies in a year whose official schedule is not
    confirmed, so the deadline may still move when the State Council notice comes out.
    """

    at: datetime
    is_provisional: bool


# --- Pure layer: a calendar built from exception sets, no database --------------------------------


@dataclass(frozen=True, slots=True)
class YearSchedule:
    """The working days of one year.

    ``working`` holds the proleptic ordinals (``date.toordinal()``) of its working days, sorted,
    so that counting and stepping are binary searches rather than day-by-day walks.
    """

    year: int
    is_confirmed: bool
    first_ordinal: int
    flags: bytes  # flags[ordinal - first_ordinal] == 1 for a working day
    working: tuple[int, ...]

    @classmethod
    def build(cls, year: int, *, is_confirmed: bool, exceptions: Mapping[date, bool]) -> YearSchedule:
        """Monday–Friday work, Saturday and Sunday rest, except where ``exceptions`` says.

        ``exceptions`` maps a date to whether it is a working day; dates of other years are
        ignored.
        """
        first = date(year, 1, 1)
        length = (date(year + 1, 1, 1) - first).days
        flags = bytearray(length)
        for offset in range(length):
            day = first + timedelta(days=offset)
            flags[offset] = 1 if exceptions.get(day, day.weekday() < 5) else 0
        first_ordinal = first.toordinal()
        working = tuple(first_ordinal + offset for offset in range(length) if flags[offset])
        return cls(year, is_confirmed, first_ordinal, bytes(flags), working)

    def is_working(self, ordinal: int) -> bool:
        return self.flags[ordinal - self.first_ordinal] == 1


@dataclass
class WorkCalendar:
    """Working-day arithmetic over years supplied by ``load_year`` (memoised per instance).

    The module-level functions use one instance fed from the database and the holiday library;
    tests may build one from plain exception sets.
    """

    load_year: Callable[[int], YearSchedule]
    _years: dict[int, YearSchedule] = field(default_factory=dict, repr=False)

    def year(self, year: int) -> YearSchedule:
        schedule = self._years.get(year)
        if schedule is None:
            schedule = self._years[year] = self.load_year(year)
        return schedule

    def is_working_day(self, day: date) -> bool:
        return self.year(day.year).is_working(day.toordinal())

    def is_provisional(self, first: date, last: date) -> bool:
        """Whether any year from ``first``'s to ``last``'s lacks a confirmed schedule."""
        return any(not self.year(year).is_confirmed for year in range(first.year, last.year + 1))

    def nth_working_day_after(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day`` (``n`` ≥ 1); ``day`` itself never counts."""
        year, after = day.year, day.toordinal()
        while True:
            working = self.year(year).working
            index = bisect_right(working, after)
            available = len(working) - index
            if n <= available:
                return date.fromordinal(working[index + n - 1])
            n -= available
            year += 1

    def nth_working_day_before(self, day: date, n: int) -> date:
        """The ``n``-th working day before ``day`` (``n`` ≥ 1); ``day`` itself never counts."""
        year, before = day.year, day.toordinal()
        while True:
            working = self.year(year).working
            index = bisect_left(working, before)
            if n <= index:
                return date.fromordinal(working[index - n])
            n -= index
            year -= 1

    def first_working_day_from(self, day: date) -> date:
        """``day`` if it is a working day, else the next working day."""
        if self.is_working_day(day):
            return day
        return self.nth_working_day_after(day, 1)

    def count_between(self, start: date, end: date) -> int:
        """Working days in the half-open interval (start, end]; 0 when ``end`` ≤ ``start``."""
        if end <= start:
            return 0
        start_ordinal, end_ordinal = start.toordinal(), end.toordinal()
        total = 0
        for year in range(start.year, end.year + 1):
            working = self.year(year).working
            total += bisect_right(working, end_ordinal) - bisect_right(working, start_ordinal)
        return total


# --- Sources ---------------------------------------------------------------------------------------


@cache
def _library_year(year: int) -> tuple[Mapping[date, bool], bool]:
    """The library's exceptions for ``year`` and whether it has that year's make-up working days.

    ``weekend_workdays`` also carries a few make-up days of other years (e.g. 2001-12-29 shows up
    for every year), so both sets are cut to ``year``.
    """
    library = holidays.China(years=year)
    exceptions: dict[date, bool] = {day: False for day in library if day.year == year}
    make_up_days = {day for day in library.weekend_workdays if day.year == year}
    exceptions.update(dict.fromkeys(make_up_days, True))
    return exceptions, bool(make_up_days)


@dataclass(frozen=True)
class _Snapshot:
    loaded_at: float
    calendar: WorkCalendar


def _snapshot_from_rows(
    *, entered_years: Mapping[int, bool], entered_days: Mapping[date, bool], loaded_at: float
) -> _Snapshot:
    days_by_year: dict[int, dict[date, bool]] = {}
    for day, working in entered_days.items():
        days_by_year.setdefault(day.year, {})[day] = working

    def load_year(year: int) -> YearSchedule:
        entered = days_by_year.get(year, {})
        is_entered_confirmed = entered_years.get(year)
        if is_entered_confirmed:
            return YearSchedule.build(year, is_confirmed=True, exceptions=entered)
        library_days, library_confirmed = _library_year(year)
        return YearSchedule.build(
            year,
            is_confirmed=library_confirmed and is_entered_confirmed is None,
            exceptions={**library_days, **entered},
        )

    return _Snapshot(loaded_at=loaded_at, calendar=WorkCalendar(load_year))


_lock = threading.Lock()
_snapshot: _Snapshot | None = None


def _is_fresh(snapshot: _Snapshot, now: float) -> bool:
    # A clock that went backwards (or was moved by a test) also counts as stale.
    return snapshot.loaded_at <= now < snapshot.loaded_at + CACHE_TTL_SECONDS


def _load_snapshot(now: float) -> _Snapshot:
    return _snapshot_from_rows(
        entered_years=dict(CalendarYear.objects.values_list("year", "is_confirmed")),
        entered_days=dict(CalendarDay.objects.values_list("date", "is_working_day")),
        loaded_at=now,
    )


def _calendar() -> WorkCalendar:
    global _snapshot
    now = _clock()
    snapshot = _snapshot
    if snapshot is None or not _is_fresh(snapshot, now):
        with _lock:  # one thread reloads; the others wait for its result
            snapshot = _snapshot
            if snapshot is None or not _is_fresh(snapshot, now):
                snapshot = _snapshot = _load_snapshot(now)
    return snapshot.calendar


def invalidate_cache() -> None:
    """Forget this process's snapshot, so the next call re-reads the calendar tables.

    Other processes pick the change up when their snapshot expires (:data:`CACHE_TTL_SECONDS`).
    Call it after the transaction that changed the tables has committed
    (``transaction.on_commit(invalidate_cache)``), or a concurrent reader may cache the old rows.
    """
    global _snapshot
    with _lock:
        _snapshot = None


# --- Public interface ------------------------------------------------------------------------------


def local_date(dt: datetime) -> date:
    """The Asia/Shanghai date of an aware datetime; a naive one raises ``ValueError``."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"an aware datetime is required, got naive {dt!r}")
    return dt.astimezone(SHANGHAI).date()


def _end_of(day: date) -> datetime:
    return datetime.combine(day, clock_time.max, tzinfo=SHANGHAI)


def end_of_day(at: datetime) -> datetime:
    """The last instant of ``at``'s Asia/Shanghai date (23:59:59.999999), where every deadline ends."""
    return _end_of(local_date(at))


def _start_of(day: date) -> datetime:
    return datetime.combine(day, clock_time.min, tzinfo=SHANGHAI)


def _check_days(days: int) -> None:
    if days < 0:
        raise ValueError(f"days must not be negative, got {days}")


def is_working_day(day: date) -> bool:
    """Whether ``day`` is a working day under the official (or provisional) schedule."""
    return _calendar().is_working_day(day)


def year_is_confirmed(year: int) -> bool:
    """Whether ``year``'s official holiday schedule is known (entered, or in the library)."""
    return _calendar().year(year).is_confirmed


def day_is_provisional(day: date) -> bool:
    """Whether ``day``'s year has no confirmed schedule, so its status may still change."""
    return not year_is_confirmed(day.year)


def add_working_days(start: datetime, days: int) -> Deadline:
    """The end of the ``days``-th working day after ``start``'s local date (工作日).

    The day of ``start`` never counts, even if it is a working day and ``start`` is at midnight.
    ``days=0`` gives the end of ``start``'s own local date.
    """
    _check_days(days)
    calendar = _calendar()
    first = local_date(start)
    if days == 0:
        return Deadline(_end_of(first), calendar.is_provisional(first, first))
    last = calendar.nth_working_day_after(first, days)
    return Deadline(_end_of(last), calendar.is_provisional(first + timedelta(days=1), last))


def add_calendar_days(start: datetime, days: int) -> Deadline:
    """The end of the ``days``-th calendar day (日) after ``start``'s local date, rolled forward.

    1. Counting begins on the next day (民法典 art. 201): 10 days from 2026-09-21 end on 10-01.
    2. If that last day is not a working day, the period ends on the next working day
       (民法典 art. 203; 民事诉讼法 art. 85): 2026-10-01 → 2026-10-08.

    Decision: a plain weekend also rolls forward; a make-up working Saturday does not. The
    research notes render 法定休假日 as "statutory holiday", but in Chinese law 法定休假日 covers
    the weekly rest days fixed by law (星期六和星期日为周休息日, 国务院关于职工工作时间的规定
    art. 7) as well as the festivals. The Supreme People's Court's 民通意见 art. 198 (1988, since
    repealed) spelled it out: "期间的最后一天是星期日或者其他法定休假日，而星期日或者其他法定
    休假日有变通的，以实际休假日的次日为期间的最后一天" — Sundays included, and the actual rest
    days after 调休 decide. So the period ends on the next working day of the official schedule.
    ``days=0`` gives ``start``'s own date, rolled forward likewise.
    """
    _check_days(days)
    calendar = _calendar()
    first = local_date(start)
    nominal = first + timedelta(days=days)
    last = calendar.first_working_day_from(nominal)
    counted_from = nominal if days == 0 else first + timedelta(days=1)
    return Deadline(_end_of(last), calendar.is_provisional(counted_from, last))


def subtract_working_days(at: datetime, days: int) -> datetime:
    """00:00 Asia/Shanghai of the ``days``-th working day before ``at``'s local date.

    The inverse of :func:`add_working_days`: for a working day *d*,
    ``subtract_working_days(add_working_days(d, n).at, n)`` is the start of *d*. Used for
    warning times: with a deadline at the end of Friday and ``days=3``, the warning starts on
    Tuesday 00:00. ``days=0`` gives 00:00 of ``at``'s own local date.
    """
    _check_days(days)
    day = local_date(at)
    if days == 0:
        return _start_of(day)
    return _start_of(_calendar().nth_working_day_before(day, days))


def working_days_between(start: date, end: date) -> int:
    """The number of working days in (start, end]: ``start`` excluded, ``end`` included.

    0 when ``end`` is on or before ``start``.
    """
    return _calendar().count_between(start, end)
