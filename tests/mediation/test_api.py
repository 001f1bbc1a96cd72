"""The mediation endpoints through real URLs, re-reading the database afterwards."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from gongzhi.api.services import keys as key_services
from gongzhi.mediation.enums import AgreementStatus, ConfirmationStatus, MediationStatus
from gongzhi.mediation.models import Mediation, MediatorAssignment
from gongzhi.org.enums import Role
from tests.api.conftest import Api
from tests.conftest import ZHUJIA
from tests.mediation.conftest import (
    RESPONDENT_ID,
    dispute_case,
    make_id,
    organisation,
    register,
    relatives,
    village_committee,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _generous_limits(settings):
    settings.GONGZHI_RATE_LIMIT_PER_IP = 100_000
    settings.GONGZHI_RATE_LIMIT_PER_KEY = 100_000


def _from_case(clerk) -> dict:
    case = dispute_case(clerk)
    response = Api(user=clerk).post("/mediation/mediations/from-case", {"case_id": case.pk})
    assert response.status_code == 201, response.content
    return response.json()


def test_reference_data_directory_and_studio_figures(village_chair, village_members):
    api = Api(user=village_chair)
    types = api.get("/mediation/dispute-types").json()
    assert {"婚姻家庭", "邻里纠纷", "刑事辩护"} <= {t["name"] for t in types}
    assert next(t for t in types if t["name"] == "刑事辩护")["is_mediable"] is False

    committee = village_committee()
    detail = api.get(f"/mediation/organisations/{committee.code}").json()
    assert {m["name"] for m in detail["members"]} >= {"王调解", "李秀英", "赵建国"}
    assert detail["figures"]["cases"] == 0 and detail["figures"]["success_rate"] is None
    assert not any(w["code"] in ("member_count", "no_woman") for w in detail["warnings"])

    neighbours = api.get("/mediation/mediators", speciality="neighbour", studio=committee.code)
    names = {m["name"] for m in neighbours.json()}
    assert neighbours.status_code == 200 and names == {"王调解", "李秀英"}
    one = api.get(f"/mediation/mediators/{village_members[0].pk}").json()
    assert one["name"] == "李秀英" and one["organisations"][0]["organisation"] == committee.code
    assert api.get("/mediation/mediators", studio="no-such-studio").status_code == 400


def test_full_path_through_the_api(village_clerk, village_chair, village_members):
    created = _from_case(village_clerk)
    mediation_id = created["id"]
    api = Api(user=village_chair)

    accepted = api.post(f"/mediation/mediations/{mediation_id}/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == MediationStatus.IN_PROGRESS
    assert "assign" in accepted.json()["allowed_actions"]

    suggestions = api.get(f"/mediation/mediations/{mediation_id}/suggestions").json()
    assert suggestions["suggestions"] and suggestions["suggestions"][0]["reasons"]
    member = village_members[0]
    assigned = api.post(f"/mediation/mediations/{mediation_id}/mediators", {"mediator_id": member.pk})
    assert assigned.status_code == 200 and assigned.json()["mediators"][0]["name"] == "李秀英"

    when = (timezone.now() + timedelta(days=2)).isoformat()
    session = api.post(
        f"/mediation/mediations/{mediation_id}/sessions",
        {
            "scheduled_at": when,
            "place": "王化村调解室",
            "invitees": [{"name": "村民代表", "relation": "neighbour"}],
        },
    )
    assert session.status_code == 400 and session.json()["code"] == "invitees_need_consent"
    session = api.post(
        f"/mediation/mediations/{mediation_id}/sessions", {"scheduled_at": when, "place": "王化村调解室"}
    )
    assert session.status_code == 201, session.content
    held = api.post(
        f"/mediation/sessions/{session.json()['id']}/record",
        {"record": "双方陈述了滴水和通道问题，同意加装檐沟。"},
    )
    assert held.status_code == 200 and held.json()["status"] == "held"

    parties = api.get(f"/mediation/mediations/{mediation_id}").json()["parties"]
    draft = api.post(
        f"/mediation/mediations/{mediation_id}/agreement",
        {
            "facts": "陈小河新建房屋屋檐滴水落入张大山院内。",
            "issues": "滴水是否需要整改。",
            "responsibilities": "陈小河负主要责任。",
            "terms": "陈小河于三十日内加装檐沟。",
            "performance_method": "陈小河自行施工，村调委会验收。",
            "performance_items": [
                {
                    "description": "加装檐沟",
                    "due_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
                    "obligor_party_id": parties[1]["id"],
                }
            ],
        },
    )
    assert draft.status_code == 200, draft.content
    agreement_id = draft.json()["id"]
    assert draft.json()["missing"] == []
    finalised = api.post(f"/mediation/agreements/{agreement_id}/finalise")
    assert finalised.json()["status"] == AgreementStatus.AWAITING_SIGNATURES
    for party in parties:
        signed = api.post(
            f"/mediation/agreements/{agreement_id}/signatures",
            {"signer_kind": "party", "party_id": party["id"], "method": "fingerprint"},
        )
        assert signed.status_code == 200, signed.content
    api.post(
        f"/mediation/agreements/{agreement_id}/signatures",
        {"signer_kind": "mediator", "mediator_id": member.pk},
    )
    effective = api.post(
        f"/mediation/agreements/{agreement_id}/signatures", {"signer_kind": "committee_seal"}
    )
    assert effective.json()["status"] == AgreementStatus.EFFECTIVE
    assert effective.json()["confirmation"]["status"] == ConfirmationStatus.WINDOW_OPEN
    late = api.post(
        f"/mediation/agreements/{agreement_id}/signatures",
        {"signer_kind": "party", "party_id": parties[0]["id"]},
    )
    assert late.status_code == 409 and late.json()["code"] == "agreement_already_effective"
    assert Mediation.objects.get(pk=mediation_id).status == MediationStatus.RESOLVED

    pdf = api.get(f"/mediation/agreements/{agreement_id}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    docx = api.get(f"/mediation/agreements/{agreement_id}/docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"

    applied = api.post(
        f"/mediation/agreements/{agreement_id}/confirmation/apply",
        {"all_parties_join": True, "court_name": "柯桥区人民法院"},
    )
    assert applied.status_code == 200 and applied.json()["status"] == ConfirmationStatus.APPLIED
    court = api.post(
        f"/mediation/agreements/{agreement_id}/confirmation/accept",
        {"court_case_number": "（2026）浙0603民特1号"},
    )
    assert court.json()["status"] == ConfirmationStatus.ACCEPTED
    ruled = api.post(f"/mediation/agreements/{agreement_id}/confirmation/decide", {"confirmed": True})
    assert ruled.json()["status"] == ConfirmationStatus.CONFIRMED

    item_id = effective.json()["performance_items"][0]["id"]
    performed = api.post(f"/mediation/performance-items/{item_id}", {"performed": True})
    assert performed.status_code == 200 and performed.json()["status"] == "performed"
    figures = api.get(f"/mediation/organisations/{village_committee().code}").json()["figures"]
    assert figures["resolved"] == 1 and figures["success_rate"] == 1.0


def test_a_conflicted_mediator_is_refused_and_nothing_changes(village_clerk, village_chair):
    father_id = make_id("19550505", 411)
    father = register(name="陈老伯", org=village_committee(), id_number=father_id, specialities=("邻里纠纷",))
    relatives(RESPONDENT_ID, father_id, child="陈小河", parent="陈老伯")
    mediation_id = _from_case(village_clerk)["id"]
    api = Api(user=village_chair)
    api.post(f"/mediation/mediations/{mediation_id}/accept")
    refused = api.post(f"/mediation/mediations/{mediation_id}/mediators", {"mediator_id": father.pk})
    assert refused.status_code == 400 and refused.json()["code"] == "mediator_conflict"
    assert not MediatorAssignment.objects.filter(mediation_id=mediation_id).exists()
    excluded = api.get(f"/mediation/mediations/{mediation_id}/suggestions").json()["excluded"]
    assert any("近亲属" in reason for reason in excluded[str(father.pk)])


def test_another_villages_mediator_sees_nothing_and_keys_need_the_scope(
    village_clerk, village_chair, make_staff
):
    mediation_id = _from_case(village_clerk)["id"]
    zhujia = organisation(f"{ZHUJIA}-mediation")
    assert zhujia.unit is not None
    other = make_staff(zhujia.unit, Role.MEDIATOR, Role.LIAISON, name="祝家村调解员")
    register(name="祝家村调解员", org=zhujia, id_number=make_id("19710101", 515), user=other)

    stranger = Api(user=other)
    assert stranger.get(f"/mediation/mediations/{mediation_id}").status_code == 404
    assert stranger.get("/mediation/mediations").json() == []
    assert stranger.post(f"/mediation/mediations/{mediation_id}/accept").status_code == 404
    assert stranger.get(f"/mediation/mediations/{mediation_id}/suggestions").status_code == 404
    assert Mediation.objects.get(pk=mediation_id).status == MediationStatus.APPLIED
    assert [m["id"] for m in Api(user=village_chair).get("/mediation/mediations").json()] == [mediation_id]

    committee = village_committee()
    assert committee.unit is not None
    _, read_only = key_services.api_key_create(unit=committee.unit, name="只读", scopes=["mediation:read"])
    keyed = Api(key=read_only)
    assert keyed.get(f"/mediation/mediations/{mediation_id}").status_code == 200
    denied = keyed.post(f"/mediation/mediations/{mediation_id}/accept")
    assert denied.status_code == 403 and denied.json()["code"] == "scope_missing"
    _, writer = key_services.api_key_create(
        unit=committee.unit, name="读写", scopes=["mediation:read", "mediation:write"]
    )
    accepted = Api(key=writer).post(f"/mediation/mediations/{mediation_id}/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == MediationStatus.IN_PROGRESS
