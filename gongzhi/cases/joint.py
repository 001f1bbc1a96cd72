"""联动办理 (joint handling), as practised in Zhejiang: one lead unit, co-units, one answer.

1. Each co-unit gets a sub-task with its own deadline, ``SUBTASK_LEAD_WORKING_DAYS`` working days
   before the lead's, ending at the end of its day (:func:`deadlines.subtask_deadline`).
2. A sub-task is a deadline like a case's: it shows the same red / yellow / green light on the same
   thresholds (:func:`subtask_light`); the sweep reminds the co-unit once when it is overdue
   (催办) and hands it to the supervisors once ``SUPERVISE_AFTER_WORKING_DAYS`` later (督办).
3. The answer is joint: the lead may not reply while an active co-unit has not answered
   (:func:`require_subtasks_answered`, code ``subtasks_open``), and the reply keeps the co-units'
   sub-answers as they stood (:func:`answers_snapshot`), printed under the lead's text.

The services, the case page, the REST API, the sweep and the demo history all read these
functions, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.utils import timezone

from gongzhi.cases import deadlines
from gongzhi.cases.enums import AssignmentRole, AssignmentStatus
from gongzhi.cases.models import Assignment, Case
from gongzhi.core.errors import InvalidState

#: A co-unit's sub-task still waiting for its answer.
SUBTASK_OPEN_STATUSES = (AssignmentStatus.PENDING, AssignmentStatus.IN_PROGRESS)


def subtask_is_open(assignment: Assignment) -> bool:
    """An active co-unit sub-task that has not been answered."""
    return (
        assignment.role == AssignmentRole.CO
        and assignment.is_active
        and assignment.status in SUBTASK_OPEN_STATUSES
    )


def open_subtasks(assignments: Iterable[Assignment]) -> list[Assignment]:
    return [a for a in assignments if subtask_is_open(a)]


def subtask_light(assignment: Assignment, now: datetime | None = None) -> str:
    """The sub-task's light on the case's thresholds; "" when it is not an open sub-task."""
    if not subtask_is_open(assignment):
        return ""
    due_at = assignment.due_at
    warn_at = deadlines.warn_time(due_at) if due_at is not None else None
    return str(deadlines.warning_level(due_at=due_at, warn_at=warn_at, now=now or timezone.now()))


def require_subtasks_answered(case: Case) -> None:
    """The lead's one answer waits for every active co-unit's sub-answer (联动办理: one answer)."""
    waiting = open_subtasks(case.assignments.filter(role=AssignmentRole.CO).select_related("unit"))
    if waiting:
        names = "、".join(a.unit.name for a in waiting)
        raise InvalidState(
            f"协办单位尚未反馈协办意见：{names}；请待其反馈后再答复",
            f"co-units have not answered their sub-tasks yet: {', '.join(a.unit.name for a in waiting)}; "
            "reply once they have",
            code="subtasks_open",
            detail={"units": [a.unit.code for a in waiting]},
        )


def answers_snapshot(assignments: Iterable[Assignment]) -> list[dict[str, Any]]:
    """The co-units' sub-answers as they stand, in the order they came: stored with the reply."""
    answered = [
        a
        for a in assignments
        if a.role == AssignmentRole.CO
        and a.is_active
        and a.status == AssignmentStatus.ANSWERED
        and a.answered_at is not None
    ]
    answered.sort(key=lambda a: (a.answered_at, a.unit.code))
    return [
        {
            "unit": a.unit.code,
            "unit_name": a.unit.name,
            "handler": str(a.handler) if a.handler is not None else "",
            "answered_at": timezone.localtime(a.answered_at).isoformat() if a.answered_at is not None else "",
            "answer": a.answer,
        }
        for a in answered
    ]


def answer_lines(co_answers: Iterable[dict[str, Any]]) -> list[str]:
    """The sub-answers as printed under the lead's text in the answer documents."""
    lines = []
    for item in co_answers:
        when = item.get("answered_at") or ""
        day = timezone.localtime(datetime.fromisoformat(when)).strftime("%Y年%m月%d日") if when else ""
        who = "，".join(part for part in (item.get("handler", ""), day) if part)
        lines.append(f"{item.get('unit_name', '')}（{who}）：{item.get('answer', '')}")
    return lines
