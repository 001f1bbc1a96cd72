"""The permission matrix: every case endpoint × every role of the cast.

Allowed roles get 200; a role that cannot see the case gets 404 (the same as a missing case);
a role that sees it but holds no role for the action gets 403. Every refusal changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from gongzhi.cases import services
from gongzhi.cases.models import Case
from gongzhi.core.models import AuditEvent
from tests.api.conftest import Api
from tests.cases.helpers import intake
from tests.conftest import WANGHUA, ZHUJIA, centre

pytestmark = pytest.mark.django_db

ROLES = (
    "village_clerk",
    "village_head",
    "district_supervisor",
    "stranger_clerk",
    "housing_liaison",
    "petitioner",
)
BLIND = {"stranger_clerk": 404, "housing_liaison": 404, "petitioner": 404}
ANSWER = "经核查，路灯已经全部修复，感谢您的反映与监督。"


def registered(cast: dict[str, Any]) -> Case:
    return intake(cast["village_clerk"])


def dispatched(cast: dict[str, Any]) -> Case:
    return services.case_accept(
        actor=cast["village_clerk"], case_id=registered(cast).pk, unit=centre(WANGHUA)
    )


def in_progress(cast: dict[str, Any]) -> Case:
    return services.case_sign(actor=cast["village_head"], case_id=dispatched(cast).pk)


# (method, path, body, the state it needs, the roles allowed)
MATRIX: list[tuple[str, str, dict[str, Any], Callable[[dict[str, Any]], Case], set[str]]] = [
    ("get", "", {}, registered, {"village_clerk", "village_head", "district_supervisor"}),
    ("get", "/timeline", {}, registered, {"village_clerk", "village_head", "district_supervisor"}),
    ("post", "/accept", {"unit": None}, registered, {"village_clerk"}),
    ("post", "/not-accept", {"reason": "不属于受理范围"}, registered, {"village_clerk"}),
    ("post", "/redirect", {"route": "litigation", "reason": "应通过诉讼解决"}, registered, {"village_clerk"}),
    ("post", "/transfer-out", {"body": "市供电公司", "reason": "供电设施"}, registered, {"village_clerk"}),
    ("post", "/supervise", {"note": "请加快办理"}, registered, {"district_supervisor"}),
    ("post", "/sign", {}, dispatched, {"village_head"}),
    ("post", "/return", {"reason": "other", "text": "不属于本村职责"}, dispatched, {"village_head"}),
    ("post", "/transfer", {"unit": "ZHUJIA", "reason": "属地调整"}, dispatched, {"village_clerk"}),
    ("post", "/escalate", {"reason": "本村无力解决"}, dispatched, {"village_clerk", "village_head"}),
    (
        "post",
        "/notes",
        {"text": "已电话联系"},
        in_progress,
        {"village_clerk", "village_head", "district_supervisor"},
    ),
    ("post", "/extensions", {"days": 10, "reason": "等待材料"}, in_progress, {"village_head"}),
    ("post", "/reply", {"text": ANSWER}, in_progress, {"village_head"}),
    (
        "post",
        "/co-units",
        {"tasks": [{"unit": "ZHUJIA", "task": "协助核实"}]},
        in_progress,
        {"village_clerk", "village_head"},
    ),
]


def _state(case_id: int) -> tuple[Any, ...]:
    case = Case.objects.get(pk=case_id)
    events = AuditEvent.objects.filter(subject_type="case", subject_id=case_id).count()
    return (
        case.status,
        case.lead_unit_id,
        case.supervised_at,
        case.assignments.count(),
        case.notes.count(),
        events,
    )


@pytest.mark.parametrize(
    ("method", "path", "body", "setup", "allowed"), MATRIX, ids=[row[1] or "detail" for row in MATRIX]
)
def test_matrix(request, method, path, body, setup, allowed, frozen_now):
    cast = {role: request.getfixturevalue(role) for role in ROLES}
    zhujia = centre(ZHUJIA).code
    payload = {
        k: (centre(WANGHUA).code if v is None else zhujia if v == "ZHUJIA" else v) for k, v in body.items()
    }
    if "tasks" in payload:
        payload["tasks"] = [{"unit": zhujia, "task": "协助核实"}]
    for role in ROLES:
        case = setup(cast)
        before = _state(case.pk)
        api = Api(user=cast[role])
        url = f"/cases/{case.pk}{path}"
        response = api.get(url) if method == "get" else api.post(url, payload)
        if role in allowed:
            assert response.status_code == 200, (role, response.content)
        else:
            expected = BLIND.get(role, 403)
            assert response.status_code == expected, (role, response.status_code, response.content)
            assert set(response.json()) == {"code", "message", "detail"}
            assert _state(case.pk) == before, role


def test_extension_decisions_and_reviews(
    request, village_clerk, village_head, district_supervisor, stranger_clerk, frozen_now
):
    cast = {"village_clerk": village_clerk, "village_head": village_head}
    case = in_progress(cast)
    extension = services.case_request_extension(
        actor=village_head, case_id=case.pk, days=10, reason="等待检测报告"
    )
    url = f"/cases/extensions/{extension.pk}/decide"
    assert Api(user=stranger_clerk).post(url, {"approve": True}).status_code == 404
    assert Api(user=village_clerk).post(url, {"approve": True}).status_code == 403
    assert Api(user=village_head).post(url, {"approve": True}).status_code == 403  # not one's own request
    assert Api(user=district_supervisor).post(url, {"approve": True}).status_code == 200
    assert (
        Api(user=district_supervisor).post("/cases/extensions/999999/decide", {"approve": True}).status_code
        == 404
    )
