from __future__ import annotations

from typing import Any

from gongzhi.core.errors import InvalidState, ValidationFailed
from gongzhi.deliberation.models import Matter, MatterStep


def invalid(code: str, zh: str, en: str, **detail: Any) -> ValidationFailed:
    return ValidationFailed(zh, en, code=code, detail=detail)


def state(code: str, zh: str, en: str, **detail: Any) -> InvalidState:
    return InvalidState(zh, en, code=code, detail=detail)


def lock_matter(matter: Matter) -> Matter:
    """The matter, locked: every write to a matter and its parts queues behind this row."""
    return (
        Matter.objects.select_for_update(of=("self",))
        .select_related("village", "matter_type")
        .get(pk=matter.pk)
    )


def previous_step(step: MatterStep) -> MatterStep | None:
    return step.matter.steps.filter(order__lt=step.order).order_by("-order").first()


def require_previous_passed(step: MatterStep) -> MatterStep | None:
    """The next step cannot start before the previous one passed."""
    previous = previous_step(step)
    if previous is not None and previous.status != "passed":
        raise state(
            "previous_step_not_passed",
            f"上一步“{previous.name}”尚未通过，不能进行“{step.name}”",
            "the previous step has not passed yet",
            previous_step=previous.order,
        )
    return previous
