"""Small builders shared by the case tests."""

from __future__ import annotations

from typing import Any

from gongzhi.cases import services
from gongzhi.cases.models import Case
from gongzhi.org.models import Unit, User
from tests.conftest import WANGHUA, any_category, region

VALID_ID = "330621198001011236"  # passes the GB 11643 check (see tests/core/test_ids.py)


def intake(actor: User, **overrides: Any) -> Case:
    values: dict[str, Any] = {
        "actor": actor,
        "channel": "visit",
        "kind": "request",
        "subject": "村道路灯损坏",
        "description": "王化村村口到文化礼堂的路灯坏了三盏，晚上出行不便。",
        "region": region(WANGHUA),
        "category": any_category(),
        "reporter_name": "李群众",
        "reporter_phone": "13905751234",
    }
    values.update(overrides)
    return services.case_intake(**values)


def accepted(actor: User, unit: Unit | None = None, **overrides: Any) -> Case:
    case = intake(actor, **overrides)
    return services.case_accept(actor=actor, case_id=case.pk, unit=unit)


def reload(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)
