"""The case's deadlines, computed on the working-day calendar and stored as timestamps.

1. Acceptance: decided within ``ACCEPT_WORKING_DAYS`` working days of registration
   (浙江省信访条例 art. 20: 5 working days; 信访工作条例 art. 23: 15 days). An urgent matter
   (紧急 / 特急) is decided within ``URGENT_ACCEPT_HOURS[urgency]`` clock hours instead, holidays
   included (信访工作条例 art. 25: major or urgent matters are dealt with and reported up at once;
   the hours are UNCONFIRMED settings).
2. Handling: counted in calendar days from acceptance ("日" is a calendar day), the last day
   moved past a holiday (民法典 art. 203). Presets (a setting):
   - ``zhejiang``: 30 days, extensions up to 60 more (浙江省信访条例 art. 23);
   - ``national``: 60 days, one extension of at most 30 (信访工作条例 art. 34).
3. Warning: the light turns yellow ``WARN_WORKING_DAYS`` working days before the deadline.
4. 复查 / 复核: asked within 30 days of the written answer, answered within 30 days (arts. 35–36).
5. Sub-task (联动办理): a co-unit answers ``SUBTASK_LEAD_WORKING_DAYS`` working days before the
   lead's deadline, so the lead has time to write the one consolidated answer; like every other
   deadline it ends at the end of its day, and never before the end of the day it is given.
6. Objection (退单): a unit that holds a matter not its own objects within ``RETURN_WORKING_DAYS``
   working days of receiving it (信访工作条例 art. 23 para. 3; 浙江省信访条例 art. 20 para. 2: 5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from gongzhi.cases.enums import WarningLevel
from gongzhi.core import workdays
from gongzhi.core.conf import rule_int, rule_str, urgent_accept_hours


@dataclass(frozen=True)
class Preset:
    name: str
    base_days: int
    max_extension_days: int
    max_extensions: int


PRESETS = {
    "zhejiang": Preset("zhejiang", base_days=30, max_extension_days=60, max_extensions=3),
    "national": Preset("national", base_days=60, max_extension_days=30, max_extensions=1),
}


def preset() -> Preset:
    name = rule_str("DEADLINE_PRESET")
    try:
        return PRESETS[name]
    except KeyError as exc:
        raise ValueError(f"unknown GONGZHI_DEADLINE_PRESET {name!r}; use one of {sorted(PRESETS)}") from exc


def accept_deadline(registered_at: datetime, *, urgency: str) -> workdays.Deadline:
    """The end of the acceptance period of a case of ``urgency`` registered at ``registered_at``.

    An urgency with an hour clock is due that many hours after registration, to the second; it
    counts no calendar days, so it is never provisional. Any other urgency counts working days.
    """
    hours = urgent_accept_hours().get(urgency)
    if hours is not None:
        return workdays.Deadline(at=registered_at + timedelta(hours=hours), is_provisional=False)
    return workdays.add_working_days(registered_at, rule_int("ACCEPT_WORKING_DAYS"))


def return_deadline(received_at: datetime) -> workdays.Deadline:
    """The end of the objection period for a unit that received the case at ``received_at``."""
    return workdays.add_working_days(received_at, rule_int("RETURN_WORKING_DAYS"))


def handling_deadline(base_at: datetime, days: int) -> workdays.Deadline:
    return workdays.add_calendar_days(base_at, days)


def subtask_deadline(case_due_at: datetime, *, now: datetime) -> datetime:
    """The end of a co-unit's sub-task given at ``now`` on a case due at ``case_due_at``."""
    day = workdays.subtract_working_days(case_due_at, rule_int("SUBTASK_LEAD_WORKING_DAYS"))
    return max(workdays.end_of_day(day), workdays.end_of_day(now))


def warn_time(due_at: datetime) -> datetime:
    return workdays.subtract_working_days(due_at, rule_int("WARN_WORKING_DAYS"))


def supervise_time(due_at: datetime) -> datetime:
    return workdays.add_working_days(due_at, rule_int("SUPERVISE_AFTER_WORKING_DAYS")).at


def review_window(from_at: datetime) -> workdays.Deadline:
    return workdays.add_calendar_days(from_at, rule_int("REVIEW_REQUEST_DAYS"))


def review_answer_deadline(from_at: datetime) -> workdays.Deadline:
    return workdays.add_calendar_days(from_at, rule_int("REVIEW_ANSWER_DAYS"))


def warning_level(*, due_at: datetime | None, warn_at: datetime | None, now: datetime) -> str:
    if due_at is None:
        return WarningLevel.GREEN
    if now > due_at:
        return WarningLevel.RED
    if warn_at is not None and now >= warn_at:
        return WarningLevel.YELLOW
    return WarningLevel.GREEN
