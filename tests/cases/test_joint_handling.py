"""联动办理 that is really joint: a lead unit, co-units with deadlines of their own, one answer."""

from __future__ import annotations

import json
from datetime import datetime
from io import BytesIO

import pytest
import time_machine
from django.http import HttpResponse
from django.test import Client
from docx import Document as WordDocument
from pypdf import PdfReader

from gongzhi.cases import joint, selectors, services
from gongzhi.cases.enums import AssignmentRole, CaseStatus, NoticeKind
from gongzhi.cases.models import Assignment, Case, Notice, Reply
from gongzhi.cases.services import CoUnitTask, sweep_run
from gongzhi.core.errors import InvalidState
from gongzhi.core.models import AuditEvent
from gongzhi.org.models import User
from tests.cases.helpers import accepted, reload
from tests.conftest import district_unit, local

pytestmark = pytest.mark.django_db

ANSWER = "经住建、市场监管、生态环境联合处理，问题已解决，路灯已修复。"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_post(client: Client, path: str, body: dict[str, str]) -> HttpResponse:
    return client.post("/api/v1" + path, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def joint_case(town_dispatcher, housing_liaison, frozen_now) -> Case:
    """Accepted on Monday 2026-11-30 09:00, due 2026-12-30; housing leads, two co-units help."""
    case = accepted(town_dispatcher, unit=district_unit("housing"))
    services.case_sign(actor=housing_liaison, case_id=case.pk)
    services.case_add_co_units(
        actor=town_dispatcher,
        case_id=case.pk,
        tasks=[
            CoUnitTask(unit=district_unit("market"), task="核查沿街商户占道情况"),
            CoUnitTask(unit=district_unit("environment"), task="核查油烟排放"),
        ],
    )
    return reload(case)


def co(case: Case, code: str) -> Assignment:
    return Assignment.objects.get(case=case, role=AssignmentRole.CO, is_active=True, unit__code=code)


def events(case: Case, action: str) -> int:
    return AuditEvent.objects.filter(subject_type="case", subject_id=case.pk, action=action).count()


def test_subtask_deadline_ends_at_the_end_of_its_day(joint_case):
    """浙江省 联动办理 practice: a co-unit answers 5 working days before the lead's deadline, and
    like every deadline its sub-task ends at 24:00 of its last day (民法典 art. 203), Asia/Shanghai."""
    assert local(joint_case.due_at) == "2026-12-30T23:59:59.999999+08:00"
    market = co(joint_case, district_unit("market").code)
    # Five working days before Wednesday 2026-12-30: 29, 28, 25, 24, 23 December.
    assert local(market.due_at) == "2026-12-23T23:59:59.999999+08:00"


def test_sweep_reminds_an_overdue_subtask_once(joint_case, market_liaison, environment_liaison):
    """浙江省 联动办理 practice: a co-unit's sub-task is a deadline like a case's — 催办 once when overdue."""
    services.subtask_answer(
        actor=environment_liaison, case_id=joint_case.pk, answer="油烟净化设施已加装并验收"
    )
    market = district_unit("market")
    with time_machine.travel(at("2026-12-23T20:00:00+08:00")):
        assert sweep_run().subtask_reminders == 0  # due at the end of the day, not yet overdue
    with time_machine.travel(at("2026-12-24T09:00:00+08:00")):
        first = sweep_run()
        second = sweep_run()
    assert first.subtask_reminders == 1 and second.subtask_reminders == 0
    assert first.reminders == 0  # the case itself is not overdue
    reminders = Notice.objects.filter(case=joint_case, kind=NoticeKind.REMINDER)
    assert reminders.count() == 1 and reminders.get().recipient == market.name
    assert events(joint_case, "subtask.remind") == 1
    assert co(joint_case, market.code).reminded_at is not None
    # The answered co-unit is never reminded.
    assert co(joint_case, district_unit("environment").code).reminded_at is None
    # The overdue sub-task is in the co-unit's "overdue" queue, though the case itself is not overdue.
    now = at("2026-12-24T09:00:00+08:00")
    assert joint_case in selectors.queue_for_user(user=market_liaison, now=now)["overdue"]
    assert joint_case not in selectors.queue_for_user(user=environment_liaison, now=now)["overdue"]


def test_sweep_supervises_an_open_subtask_after_the_threshold_once(joint_case, town_leader):
    """浙江省 联动办理 practice: still open SUPERVISE_AFTER_WORKING_DAYS (2) working days after its
    deadline, the sub-task goes to the supervisors (督办) — once."""
    market = district_unit("market").code
    with time_machine.travel(at("2026-12-24T09:00:00+08:00")):
        assert sweep_run().subtask_reminders == 2
    # Two working days after Wednesday 2026-12-23: Thursday 24 and Friday 25 December.
    assert local(co(joint_case, market).supervise_at) == "2026-12-25T23:59:59.999999+08:00"
    with time_machine.travel(at("2026-12-25T20:00:00+08:00")):
        assert sweep_run().subtask_supervisions == 0
    with time_machine.travel(at("2026-12-28T09:00:00+08:00")):
        first = sweep_run()
        second = sweep_run()
    assert first.subtask_supervisions == 2 and second.subtask_supervisions == 0
    assert co(joint_case, market).supervised_at is not None
    assert events(joint_case, "subtask.supervise_auto") == 2
    assert (
        Notice.objects.filter(case=joint_case, kind=NoticeKind.SUPERVISION, title="协办超期督办").count() == 2
    )


def test_a_subtask_has_the_light_of_a_case(joint_case, market_liaison):
    """浙江省 联动办理 practice: a sub-task shows the red / yellow / green light of a case, on the
    same thresholds (yellow WARN_WORKING_DAYS = 3 working days before its deadline, red after)."""
    market = co(joint_case, district_unit("market").code)
    assert joint.subtask_light(market, at("2026-12-17T23:00:00+08:00")) == "green"
    assert joint.subtask_light(market, at("2026-12-18T00:00:00+08:00")) == "yellow"
    assert joint.subtask_light(market, at("2026-12-23T23:59:00+08:00")) == "yellow"
    assert joint.subtask_light(market, at("2026-12-24T00:00:00+08:00")) == "red"
    services.subtask_answer(actor=market_liaison, case_id=joint_case.pk, answer="已责令三家商户整改占道")
    assert joint.subtask_light(co(joint_case, market.unit.code), at("2026-12-24T00:00:00+08:00")) == ""


def test_the_lead_may_not_reply_while_a_co_unit_is_open(joint_case, housing_liaison, market_liaison):
    """浙江省 联动办理 practice: one answer — the lead replies only when every co-unit has answered;
    the refusal names the open units and changes nothing."""
    services.subtask_answer(actor=market_liaison, case_id=joint_case.pk, answer="已责令三家商户整改占道")
    with pytest.raises(InvalidState) as refused:
        services.case_reply(actor=housing_liaison, case_id=joint_case.pk, text=ANSWER)
    assert refused.value.code == "subtasks_open"
    environment = district_unit("environment")
    assert environment.name in refused.value.message_zh and environment.name in refused.value.message_en
    assert refused.value.detail == {"units": [environment.code]}
    assert district_unit("market").name not in refused.value.message_zh
    case = reload(joint_case)
    assert case.status == CaseStatus.IN_PROGRESS and case.replied_at is None
    assert not Reply.objects.filter(case=case).exists() and events(case, "case.reply") == 0


def test_rest_refuses_the_reply_while_a_co_unit_is_open(joint_case, housing_liaison):
    """浙江省 联动办理 practice: the REST API refuses the lead's reply with the same code, and the
    reply is not offered while a co-unit is open."""
    client = signed_in(housing_liaison)
    assert "reply" not in client.get(f"/api/v1/cases/{joint_case.pk}").json()["allowed_actions"]
    response = api_post(client, f"/cases/{joint_case.pk}/reply", {"text": ANSWER})
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "subtasks_open"
    assert district_unit("market").name in body["message"]
    case = reload(joint_case)
    assert case.status == CaseStatus.IN_PROGRESS and not case.replies.exists()
    assert events(case, "case.reply") == 0


def test_the_reply_lists_the_co_units_answers_and_the_documents_print_them(
    joint_case, housing_liaison, market_liaison, environment_liaison
):
    """浙江省 联动办理 practice: the consolidated answer carries each co-unit's sub-answer (unit, who,
    when, what), kept as it stood, and the 答复意见书 prints them under the lead's text."""
    services.subtask_answer(actor=market_liaison, case_id=joint_case.pk, answer="已责令三家商户整改占道")
    services.subtask_answer(
        actor=environment_liaison, case_id=joint_case.pk, answer="油烟净化设施已加装并验收"
    )
    reply = services.case_reply(actor=housing_liaison, case_id=joint_case.pk, text=ANSWER)
    stored = Reply.objects.get(pk=reply.pk).co_answers
    assert [(item["unit"], item["handler"], item["answer"]) for item in stored] == [
        (district_unit("market").code, "市场监管局联络员", "已责令三家商户整改占道"),
        (district_unit("environment").code, "生态环境分局联络员", "油烟净化设施已加装并验收"),
    ]
    assert all(item["answered_at"].startswith("2026-11-30T") for item in stored)
    # A later change to a sub-task does not rewrite the answer given.
    Assignment.objects.filter(case=joint_case, role=AssignmentRole.CO).update(answer="改写")
    assert Reply.objects.get(pk=reply.pk).co_answers == stored

    client = signed_in(housing_liaison)
    word = client.get(f"/cases/{joint_case.pk}/documents/opinion.docx")
    text = "\n".join(p.text for p in WordDocument(BytesIO(word.content)).paragraphs)
    assert text.index(ANSWER) < text.index("协办单位意见")
    assert "已责令三家商户整改占道" in text and "油烟净化设施已加装并验收" in text
    assert district_unit("market").name in text and "市场监管局联络员" in text
    pdf = client.get(f"/cases/{joint_case.pk}/documents/opinion.pdf")
    pdf_text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages)
    assert "已责令三家商户整改占道" in pdf_text.replace("\n", "")


def test_rest_and_the_page_show_each_co_units_state(joint_case, housing_liaison, market_liaison):
    """浙江省 联动办理 practice: the lead sees each co-unit's state — pending / signed / answered, its
    deadline and light — in GET /api/v1/cases/{id} and on the case page."""
    services.subtask_sign(actor=market_liaison, case_id=joint_case.pk)
    with time_machine.travel(at("2026-12-21T10:00:00+08:00")):
        client = signed_in(housing_liaison)
        body = client.get(f"/api/v1/cases/{joint_case.pk}").json()
        page = client.get(f"/cases/{joint_case.pk}/").content.decode()
    rows = {a["unit"]["code"]: a for a in body["assignments"] if a["role"] == "co"}
    market, environment = rows[district_unit("market").code], rows[district_unit("environment").code]
    assert market["status"] == "in_progress" and market["handler"] == "市场监管局联络员"
    assert environment["status"] == "pending" and environment["handler"] == ""
    assert market["due_at"] == "2026-12-23T15:59:59.999Z"  # the end of 2026-12-23 in Asia/Shanghai
    assert market["light"] == "yellow" and environment["light"] == "yellow"
    lead = next(a for a in body["assignments"] if a["role"] == "lead")
    assert lead["light"] == ""
    assert 'data-subtask-light="yellow"' in page and "市场监管局" in page
