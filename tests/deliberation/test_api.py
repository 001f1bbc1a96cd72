"""The deliberation endpoints through real URLs, re-reading the database afterwards."""

from __future__ import annotations

from datetime import date

import pytest

from gongzhi.api.services import keys as key_services
from gongzhi.core.models import AuditEvent
from gongzhi.deliberation.models import Matter, Session
from gongzhi.org.enums import Role
from tests.api.conftest import Api
from tests.conftest import centre
from tests.deliberation.helpers import LIANHUA, SHUANGYE, XIALU, pass_meeting, step
from tests.deliberation.test_small_project_tender import in_law_family

pytestmark = pytest.mark.django_db


@pytest.fixture
def cadre(make_staff):
    return make_staff(centre(LIANHUA), Role.UNIT_HEAD, name="联华村书记")


@pytest.fixture
def town_staff(make_staff):
    return make_staff(centre(XIALU), Role.CENTRE_LEADER, name="夏履镇联村干部")


@pytest.fixture
def stranger(make_staff):
    return make_staff(centre(SHUANGYE), Role.UNIT_HEAD, name="双叶村书记")


def propose(api: Api, **overrides):
    body = {
        "village": LIANHUA,
        "matter_type": "small_project_tender",
        "title": "村道硬化工程",
        "proposed_on": "2026-04-01",
        "budget": "380000",
    }
    body.update(overrides)
    return api.post("/deliberation/matters", body)


def test_a_cadre_proposes_and_the_town_sees_it_but_another_village_does_not(
    register, cadre, town_staff, stranger
):
    response = propose(Api(user=cadre))
    assert response.status_code == 201, response.content
    matter_id = response.json()["id"]
    assert [s["name"] for s in response.json()["steps"]][:2] == ["村党组织提议", "村两委会议商议"]
    assert Matter.objects.get(pk=matter_id).village.code == LIANHUA

    assert Api(user=town_staff).get(f"/deliberation/matters/{matter_id}").status_code == 200
    assert Api(user=town_staff).get("/deliberation/matters", region=XIALU).json()[0]["id"] == matter_id
    assert Api(user=stranger).get(f"/deliberation/matters/{matter_id}").status_code == 404
    refused = propose(Api(user=stranger))
    assert refused.status_code == 404 and Matter.objects.count() == 1


def test_sessions_through_the_api_quorum_failure_and_refused_pass(register, cadre):
    api = Api(user=cadre)
    matter_id = propose(api, matter_type="collective_income_use", budget=None).json()["id"]
    matter = Matter.objects.get(pk=matter_id)
    for order, day in ((1, 2), (2, 3), (3, 7)):
        pass_meeting(matter, order, register, date(2026, 4, day))
    path = f"/deliberation/matters/{matter_id}/steps/4/sessions"
    meeting = {"held_at": "2026-04-10T19:00:00+08:00", "notice_given_on": "2026-04-07", "expected": 35}

    events = AuditEvent.objects.count()
    refused = api.post(path, {**meeting, "present": 23, "votes_for": 23, "require_pass": True})
    assert refused.status_code == 400 and refused.json()["code"] == "quorum_not_met"
    assert Session.objects.filter(step__matter=matter, step__order=4).count() == 0
    assert AuditEvent.objects.count() == events

    too_many = api.post(path, {**meeting, "present": 24, "votes_for": 25})
    assert too_many.status_code == 400 and too_many.json()["code"] == "votes_exceed_present"

    adjourned = api.post(path, {**meeting, "present": 23})
    assert adjourned.status_code == 201 and adjourned.json()["outcome"] == "no_quorum"
    passed = api.post(
        path,
        {**meeting, "held_at": "2026-04-15T19:00:00+08:00", "notice_given_on": "2026-04-11", "present": 30,
         "votes_for": 20, "require_pass": True},
    )  # fmt: skip
    assert passed.status_code == 201 and passed.json()["number"] == 2
    assert step(matter, 4).status == "passed"
    detail = api.get(f"/deliberation/matters/{matter_id}").json()
    assert detail["status"] == "decided" and detail["steps"][3]["sessions"][0]["outcome"] == "no_quorum"


def test_a_bidder_registered_through_the_api_excludes_the_related_member(register, cadre):
    api = Api(user=cadre)
    wang, chen_gang = in_law_family(register)
    matter_id = propose(api).json()["id"]
    team = api.post(
        f"/deliberation/matters/{matter_id}/team",
        {
            "formed_on": "2026-04-01",
            "members": [
                {"person": wang.pk, "basis": "village_committee", "reason": "分管村建"},
                {"person": register.representatives[0].pk, "basis": "representative", "reason": "片区代表"},
            ],
        },
    )
    assert team.status_code == 201, team.content
    assert (
        api.post(
            f"/deliberation/matters/{matter_id}/tender", {"title": "施工", "opened_on": "2026-04-02"}
        ).status_code
        == 201
    )
    bid = api.post(
        f"/deliberation/matters/{matter_id}/tender/bidders",
        {
            "name": "陈氏建筑",
            "registered_on": "2026-04-03",
            "people": [{"person": chen_gang.pk, "role": "legal_representative"}],
        },
    )
    assert bid.status_code == 201, bid.content
    assert [m["person"] for m in bid.json()["excluded"]] == [wang.pk]
    detail = api.get(f"/deliberation/matters/{matter_id}").json()
    excluded = next(m for m in detail["team"] if m["person"] == wang.pk)
    assert excluded["status"] == "excluded" and excluded["conflict_relation"] == "spouse_sibling"


def test_the_public_list_needs_no_login_and_a_key_needs_the_scope(register, cadre):
    response = Api().get(f"/deliberation/public/villages/{LIANHUA}/publications")
    assert response.status_code == 200 and response.json() == []
    assert Api().get("/deliberation/public/villages/330603114000/publications").status_code == 404
    _, key = key_services.api_key_create(unit=centre(LIANHUA), name="只读事项", scopes=("cases:read",))
    refused = Api(key=key).get("/deliberation/matters", region=LIANHUA)
    assert refused.status_code == 403 and refused.json()["code"] == "scope_missing"


def test_the_register_endpoint_reports_the_checks(register, cadre):
    body = Api(user=cadre).get(f"/deliberation/villages/{LIANHUA}/register").json()
    assert body["minimum_representatives"] == 30 and body["representatives"] == 30 and body["ok"]


def test_the_register_and_catalogue_through_the_api(catalogue, cadre, stranger):
    api = Api(user=cadre)
    father = api.post(
        f"/deliberation/villages/{LIANHUA}/people", {"name": "老王", "household": "H9", "gender": "male"}
    )
    son = api.post(
        f"/deliberation/villages/{LIANHUA}/people", {"name": "小王", "household": "H9", "gender": "male"}
    )
    assert father.status_code == 201 and son.json()["household"] == "H9"
    link = api.post(
        "/deliberation/kinship/links",
        {"person": son.json()["id"], "relative": father.json()["id"], "kind": "parent"},
    )
    assert link.status_code == 201
    cycle = api.post(
        "/deliberation/kinship/links",
        {"person": father.json()["id"], "relative": son.json()["id"], "kind": "parent"},
    )
    assert cycle.status_code == 400 and cycle.json()["code"] == "kinship_cycle"
    # Another village's cadre cannot use these people.
    foreign = Api(user=stranger).post(
        "/deliberation/kinship/links",
        {"person": son.json()["id"], "relative": father.json()["id"], "kind": "spouse"},
    )
    assert foreign.status_code == 400 and foreign.json()["code"] == "unknown_person"

    override = api.post(
        f"/deliberation/regions/{LIANHUA}/catalogue",
        {
            "code": "small_project_tender",
            "name": "小微工程招标",
            "procedure": "hearing_variant",
            "involves_tender": True,
            "expert_fields": ["engineering"],
        },
    )
    assert override.status_code == 201 and override.json()["scope"] == "own"
    types = {t["code"]: t for t in api.get(f"/deliberation/regions/{LIANHUA}/catalogue").json()}
    assert types["small_project_tender"]["procedure"]["code"] == "hearing_variant"
    assert "村务听证会" in types["small_project_tender"]["steps"]
    others = {
        t["code"]: t for t in Api(user=stranger).get(f"/deliberation/regions/{SHUANGYE}/catalogue").json()
    }
    assert others["small_project_tender"]["procedure"]["code"] == "four_deliberations_two_publications"


def test_an_application_key_with_the_deliberation_write_scope_acts_and_one_without_cannot(register):
    writer_key = key_services.api_key_create(
        unit=centre(LIANHUA), name="议事系统", scopes=("deliberation:read", "deliberation:write")
    )[1]
    reader_key = key_services.api_key_create(
        unit=centre(LIANHUA), name="只读议事", scopes=("deliberation:read",)
    )[1]
    assert key_services.roles_for_scopes(["deliberation:write"]) == [Role.UNIT_HEAD]
    assert key_services.roles_for_scopes(["deliberation:read"]) == [Role.HANDLER]
    before = AuditEvent.objects.count()
    refused = propose(Api(key=reader_key))
    assert refused.status_code == 403 and refused.json()["code"] == "scope_missing"
    assert not Matter.objects.exists() and AuditEvent.objects.count() == before
    assert Api(key=reader_key).get("/deliberation/matters", region=LIANHUA).status_code == 200

    created = propose(Api(key=writer_key))
    assert created.status_code == 201, created.content
    matter = Matter.objects.get()
    assert matter.village.code == LIANHUA and matter.created_by.username.startswith("svc-")
    assert Api(key=reader_key).get(f"/deliberation/matters/{matter.pk}").status_code == 200
    # The key's unit bounds it like a person there: another village is "not found".
    assert propose(Api(key=writer_key), village=SHUANGYE).status_code == 404
