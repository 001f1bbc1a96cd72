"""Shared steps of the case services: locking, state checks, validation."""

from __future__ import annotations

from collections.abc import Iterable

from gongzhi.cases import access
from gongzhi.cases.models import Case
from gongzhi.core.errors import InvalidState, ValidationFailed
from gongzhi.org.models import User


def lock_case(actor: User, case_id: int) -> Case:
    """Fetch the case for ``actor`` (NotFound outside their scope) and lock its row.

    On PostgreSQL ``SELECT … FOR UPDATE`` makes a second writer wait for the first to commit and
    then read the new state; on SQLite the IMMEDIATE transaction does the same for the database.
    """
    return access.case_get_for_user(actor, case_id, for_update=True)


def require_status(case: Case, allowed: Iterable[str], *, action_zh: str, action_en: str) -> None:
    allowed = tuple(allowed)
    if case.status not in allowed:
        raise InvalidState(
            f"事项当前状态为「{case.get_status_display()}」，不能{action_zh}",
            f"cannot {action_en} a case in status {case.status!r}",
            detail={"status": case.status, "allowed": list(allowed)},
        )


def require_text(value: str, *, field: str, label_zh: str, label_en: str, min_length: int = 2) -> str:
    value = (value or "").strip()
    if len(value) < min_length:
        raise ValidationFailed(
            f"请填写{label_zh}", f"{label_en} is required", code="missing_" + field, detail={"field": field}
        )
    return value
