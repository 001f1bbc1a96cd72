"""The case lifecycle through REST v1: intake, decision, handling, answer and after, reads."""

from __future__ import annotations

import pytest

from gongzhi.cases.enums import CaseStatus
from gongzhi.cases.models import Case
from gongzhi.core.models import AuditEvent
from tests.api.conftest import INTAKE
from tests.conftest import WANGHUA, any_category, centre

pytestmark = pytest.mark.django_db

ANSWER = "经核查，三盏路灯已于本周更换完毕，恢复照明。联系人：王书记。"


def test_a_case_goes_from_intake_to_follow_up(as_user, village_clerk, village_head, frozen_now):
    clerk, head = as_user(village_clerk), as_user(village_head)
    created = clerk.post("/cases", INTAKE | {"category": any_category().code})
    assert created.status_code == 201, created.content
    case_id = created.json()["id"]
    assert created.json()["status"] == "registered" and created.json()["tracking_code"]

    accepted = clerk.post(f"/cases/{case_id}/accept", {"unit": centre(WANGHUA).code})
    assert accepted.status_code == 200 and accepted.json()["case"]["status"] == "dispatched"
    assert head.post(f"/cases/{case_id}/sign", {}).json()["case"]["status"] == "in_progress"
    assert head.post(f"/cases/{case_id}/notes", {"text": "已联系电工"}).json()["object_type"] == "note"
    replied = head.post(f"/cases/{case_id}/reply", {"text": ANSWER})
    assert replied.json()["case"]["status"] == "replied" and replied.json()["object_id"]
    assert head.post(f"/cases/{case_id}/close", {}).json()["case"]["status"] == "closed"
    rated = clerk.post(f"/cases/{case_id}/follow-up", {"rating": "satisfied", "comment": "很快"})
    assert rated.json()["case"]["rating"] == "satisfied"

    detail = clerk.get(f"/cases/{case_id}").json()
    assert detail["replies"][0]["text"] == ANSWER and detail["notes"][0]["text"] == "已联系电工"
    actions = [event["action"] for event in clerk.get(f"/cases/{case_id}/timeline").json()]
    assert actions[:2] == ["case.intake", "case.accept"] and "case.follow_up" in actions


def test_refusals_keep_the_error_shape_and_change_nothing(as_user, village_clerk, village_head, frozen_now):
    clerk = as_user(village_clerk)
    case_id = clerk.post("/cases", INTAKE).json()["id"]
    before = AuditEvent.objects.count()

    missing = clerk.post(f"/cases/{case_id}/not-accept", {})
    assert missing.status_code == 400
    assert missing.json()["code"] == "validation_failed" and missing.json()["detail"]["field"] == "reason"

    wrong_state = as_user(village_head).post(f"/cases/{case_id}/sign", {})
    assert wrong_state.status_code == 409 and set(wrong_state.json()) == {"code", "message", "detail"}

    unknown_unit = clerk.post(f"/cases/{case_id}/accept", {"unit": "no-such-unit"})
    assert unknown_unit.status_code == 400 and unknown_unit.json()["detail"]["field"] == "unit"

    nowhere = clerk.post("/cases/999999999/accept", {})
    assert nowhere.status_code == 404 and nowhere.json()["code"] == "not_found"
    assert AuditEvent.objects.count() == before
    assert Case.objects.get(pk=case_id).status == CaseStatus.REGISTERED


def test_lists_filter_and_page_with_a_cursor(as_user, village_clerk, frozen_now):
    clerk = as_user(village_clerk)
    ids = [clerk.post("/cases", INTAKE | {"subject": f"路灯{n}"}).json()["id"] for n in range(5)]
    clerk.post("/cases", INTAKE | {"channel": "letter", "subject": "来信"})
    first = clerk.get("/cases", channel="visit", page_size=3).json()
    assert [item["id"] for item in first["items"]] == ids[::-1][:3] and first["next_cursor"]
    second = clerk.get("/cases", channel="visit", page_size=3, cursor=first["next_cursor"]).json()
    assert [item["id"] for item in second["items"]] == ids[::-1][3:] and second["next_cursor"] is None
    assert clerk.get("/cases", q="来信").json()["items"][0]["channel"] == "letter"
    lists = {row["channel"]: row for row in clerk.get("/cases/lists").json()}
    assert lists["visit"]["open"] == 5 and lists["letter"]["total"] == 1 and lists["online"]["total"] == 0
    assert len(clerk.get("/cases/lists/visit").json()["items"]) == 5
    assert clerk.get("/cases/lists/drone_detection").status_code == 404
    assert clerk.get("/cases", cursor="not-a-cursor").json()["code"] == "invalid_cursor"
    assert clerk.get("/cases", page_size=100000).status_code == 400
    assert set(clerk.get("/cases/queue").json()) >= {"to_sign", "overdue"}


def test_foreign_cases_are_not_found(as_user, village_clerk, stranger_clerk, frozen_now):
    case_id = as_user(village_clerk).post("/cases", INTAKE).json()["id"]
    stranger = as_user(stranger_clerk)
    assert stranger.get(f"/cases/{case_id}").status_code == 404
    assert stranger.get(f"/cases/{case_id}/timeline").status_code == 404
    assert stranger.post(f"/cases/{case_id}/accept", {}).status_code == 404
    assert stranger.get("/cases").json()["items"] == []


def test_the_reporter_tracks_and_rates_with_code_and_phone(as_user, village_clerk, village_head, frozen_now):
    clerk, head = as_user(village_clerk), as_user(village_head)
    created = clerk.post("/cases", INTAKE).json()
    clerk.post(f"/cases/{created['id']}/accept", {"unit": centre(WANGHUA).code})
    head.post(f"/cases/{created['id']}/sign", {})
    head.post(f"/cases/{created['id']}/reply", {"text": ANSWER})
    public = as_user.__class__  # noqa: F841 (anonymous client below)
    from django.test import Client

    anonymous = Client()
    code = created["tracking_code"]
    assert anonymous.get(f"/api/v1/cases/track/{code}", {"phone_tail": "0000"}).status_code == 404
    tracked = anonymous.get(f"/api/v1/cases/track/{code}", {"phone_tail": "1234"})
    assert tracked.status_code == 200 and tracked.json()["status"] == "replied"
    rated = anonymous.post(
        f"/api/v1/cases/track/{code}/rating",
        {"phone_tail": "1234", "rating": "dissatisfied"},
        content_type="application/json",
    )
    assert rated.status_code == 200 and rated.json()["status"] == "in_progress"


def test_organisation_routing_and_metrics(as_user, village_clerk, frozen_now):
    clerk = as_user(village_clerk)
    me = clerk.get("/org/me").json()
    assert me["via"] == "session" and {m["role"] for m in me["memberships"]} == {"intake_clerk", "dispatcher"}
    towns = clerk.get("/org/regions", level="town").json()
    assert len(towns) == 16
    assert clerk.get(f"/org/regions/{WANGHUA}").json()["level"] == "village"
    assert clerk.get("/org/regions/nowhere").status_code == 404
    assert clerk.get("/org/units", kind="department").json()[0]["kind"] == "department"
    category = any_category()
    assert clerk.get(f"/routing/categories/{category.code}").json()["code"] == category.code
    assert clerk.get("/routing/categories/search", q="路灯").status_code == 200
    assert clerk.get("/routing/categories", depth=1).json()[0]["depth"] == 1
    assert clerk.get("/routing/responsibility", level="town").status_code == 200
    route = clerk.get("/routing/route", category=category.code, region=WANGHUA).json()
    assert route["level"] in ("village", "town", "district")
    clerk.post("/cases", INTAKE)
    kpis = clerk.get("/metrics/kpis").json()
    assert kpis["intake"] == 1
    assert [row["level"] for row in clerk.get("/metrics/resolution-shares").json()] == [
        "village",
        "town",
        "district",
    ]
    assert clerk.get("/metrics/league-table", by="town").status_code == 200
    assert clerk.get("/metrics/kpis", start="2026-12-01", end="2026-01-01").status_code == 400


def test_unknown_paths_and_methods_answer_in_json(as_user, village_clerk):
    clerk = as_user(village_clerk)
    missing = clerk.get("/no/such/thing")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    wrong = clerk.client.delete("/api/v1/cases")
    assert wrong.status_code == 405 and wrong.json()["code"] == "method_not_allowed"


def test_unexpected_errors_never_show_a_trace(as_user, village_clerk, monkeypatch):
    from gongzhi.cases import selectors

    def boom(**kwargs):
        raise RuntimeError("SELECT secret FROM somewhere")

    monkeypatch.setattr(selectors, "queue_counts_for_user", boom)
    response = as_user(village_clerk).get("/cases/queue")
    assert response.status_code == 500 and response.json()["code"] == "server_error"
    assert b"SELECT" not in response.content and b"Traceback" not in response.content


def test_the_curl_session_of_docs_api_md_works_with_one_key(make_key, frozen_now):
    """docs/api.md files, follows and answers a case with one village-centre key."""
    from gongzhi.org.selectors import unit_get
    from tests.api.conftest import Api

    unit = unit_get(code=f"{WANGHUA}-centre")
    api = Api(key=make_key(unit, scopes=("cases:read", "cases:intake", "cases:decide", "cases:handle")))
    filed = api.post("/cases", INTAKE | {"channel": "call"}, headers={"Idempotency-Key": "doc-1"})
    assert filed.status_code == 201
    case_id = filed.json()["id"]
    assert api.post(f"/cases/{case_id}/accept", {"unit": unit.code}).json()["case"]["status"] == "dispatched"
    assert api.post(f"/cases/{case_id}/sign", {}).json()["case"]["status"] == "in_progress"
    assert api.get(f"/cases/{case_id}").json()["lead_unit"]["code"] == unit.code
    assert api.post(f"/cases/{case_id}/reply", {"text": ANSWER}).json()["case"]["status"] == "replied"
    assert api.post(f"/cases/{case_id}/close", {}).json()["case"]["status"] == "closed"
    assert [e["action"] for e in api.get(f"/cases/{case_id}/timeline").json()][-1] == "case.close"
