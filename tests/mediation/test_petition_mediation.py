"""Mediation inside petition handling (信访工作条例 art. 33): a claim petition (申诉求决类) goes to
people's mediation with the petitioner's consent, and its outcome comes back into the petition."""

from __future__ import annotations

from typing import Any

import pytest

from gongzhi.cases.enums import CaseStatus, ReplyOutcome
from gongzhi.cases.models import Case, Reply
from gongzhi.core.errors import InvalidState, ValidationFailed
from gongzhi.mediation import services
from gongzhi.mediation.enums import MediationStatus
from gongzhi.mediation.models import Mediation
from tests.api.conftest import Api
from tests.mediation.conftest import dispute_case, village_committee

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _generous_limits(settings):
    settings.GONGZHI_RATE_LIMIT_PER_IP = 100_000
    settings.GONGZHI_RATE_LIMIT_PER_KEY = 100_000


def petition_case(clerk, petition_class: str = "claim", **overrides: Any) -> Case:
    """A petition of ``petition_class`` between two neighbours, registered and accepted at 王化村."""
    values: dict[str, Any] = {
        "kind": "petition",
        "petition_class": petition_class,
        "subject": "邻居房屋滴水，请求村里协调解决",
        "description": "邻居家新建房屋的屋檐滴水落到我家院子里，多次协商无果，请求处理并赔偿损失。",
    }
    values.update(overrides)
    return dispute_case(clerk, **values)


def _unchanged(case: Case) -> None:
    after = Case.objects.get(pk=case.pk)
    assert (after.status, after.lead_unit_id, after.level) == (case.status, case.lead_unit_id, case.level)
    assert not Mediation.objects.filter(case=case).exists()


def test_a_claim_petition_with_consent_is_mediated_and_the_agreement_answers_it(
    frozen_now, village_clerk, village_chair, village_members
):
    """信访工作条例 art. 33: a claim petition goes to mediation with the petitioner's consent; the
    agreement comes back as the petition's answer (支持, with its basis) and closes it."""
    case = petition_case(village_clerk)
    mediation = services.mediation_from_case(
        actor=village_clerk, case_id=case.pk, consent=True, consent_note="信访人张大山当面同意调解"
    )
    assert mediation.organisation == village_committee() and mediation.case_id == case.pk
    services.mediation_accept(actor=village_chair, mediation_id=mediation.pk)
    services.mediator_assign(
        actor=village_chair, mediation_id=mediation.pk, mediator_id=village_members[0].pk
    )
    services.agreement_record_oral(
        actor=village_chair,
        mediation_id=mediation.pk,
        facts="滴水纠纷",
        terms="陈小河当场加装檐沟，双方和好。",
    )
    assert Mediation.objects.get(pk=mediation.pk).status == MediationStatus.RESOLVED
    case = Case.objects.get(pk=case.pk)
    assert case.status == CaseStatus.CLOSED and case.resolved_level == "village"
    reply = Reply.objects.get(case=case)
    assert reply.outcome == ReplyOutcome.SUPPORT and "调解协议" in reply.text
    assert "第三十三条" in reply.basis


def test_a_claim_petition_goes_to_mediation_through_the_api_with_consent(
    frozen_now, mediation_loaded, village_clerk
):
    """信访工作条例 art. 33: POST /mediations/from-case accepts the petitioner's consent; without it
    the answer is 400 consent_required and nothing changes."""
    case = petition_case(village_clerk)
    api = Api(user=village_clerk)
    refused = api.post("/mediation/mediations/from-case", {"case_id": case.pk})
    assert refused.status_code == 400 and refused.json()["code"] == "consent_required"
    _unchanged(case)
    created = api.post(
        "/mediation/mediations/from-case",
        {"case_id": case.pk, "consent": True, "consent_note": "信访人书面同意"},
    )
    assert created.status_code == 201, created.content
    assert created.json()["status"] == MediationStatus.APPLIED
    assert Mediation.objects.get(pk=created.json()["id"]).case_id == case.pk


def test_a_claim_petition_without_consent_is_refused_and_nothing_changes(
    frozen_now, village_clerk, village_chair
):
    """信访工作条例 art. 33 (and 人民调解法: mediation is voluntary): without the petitioner's
    consent a claim petition is not sent to mediation — refused consent_required, nothing changed."""
    case = petition_case(village_clerk)
    with pytest.raises(ValidationFailed) as refused:
        services.mediation_from_case(actor=village_clerk, case_id=case.pk)
    assert refused.value.code == "consent_required"
    _unchanged(case)


@pytest.mark.parametrize("petition_class", ["accusation", "suggestion"])
def test_accusations_and_suggestions_are_not_mediable(
    frozen_now, village_clerk, village_chair, petition_class
):
    """信访工作条例 art. 33 covers only claims: an accusation or a suggestion is refused
    not_mediable even with consent, nothing changed."""
    case = petition_case(village_clerk, petition_class)
    with pytest.raises(InvalidState) as refused:
        services.mediation_from_case(actor=village_clerk, case_id=case.pk, consent=True)
    assert refused.value.code == "not_mediable"
    _unchanged(case)
