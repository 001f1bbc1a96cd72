"""Escalation village → town → district, an oral agreement, a party's refusal (art. 17)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from gongzhi.cases.enums import CaseStatus
from gongzhi.cases.models import Case
from gongzhi.core.errors import InvalidState, ValidationFailed
from gongzhi.core.models import AuditEvent
from gongzhi.insights.selectors import resolution_shares
from gongzhi.mediation import services
from gongzhi.mediation.enums import AgreementForm, MediationStatus, TerminationReason
from gongzhi.mediation.models import Mediation, MediationNotice, PoliceReport
from tests.conftest import MONDAY_MORNING
from tests.mediation.conftest import (
    dispute_case,
    district_committee,
    register,
    town_committee,
    village_committee,
)

pytestmark = pytest.mark.django_db


def test_failed_mediation_climbs_village_town_district_and_is_resolved_there(
    village_clerk, village_chair, village_members, town_mediator_user, district_mediator_user, town_dispatcher
):
    # given a dispute in mediation at the village
    case = dispute_case(village_clerk)
    village = services.mediation_from_case(actor=village_clerk, case_id=case.pk)
    services.mediation_accept(actor=village_chair, mediation_id=village.pk)
    services.mediator_assign(actor=village_chair, mediation_id=village.pk, mediator_id=village_members[0].pk)

    # when it fails at the village and the chair escalates it
    town = services.mediation_escalate(
        actor=village_chair, mediation_id=village.pk, reason="双方分歧较大，村级调解未成"
    )
    village.refresh_from_db()
    assert village.status == MediationStatus.ESCALATED and village.concluded_at is not None
    assert town.organisation == town_committee() and town.level == "town" and town.previous == village
    assert town.parties.count() == 2
    case = Case.objects.get(pk=case.pk)
    # the case went up one level with it; moving it to the 司法所 needs the town's dispatcher
    assert case.level == "town" and case.escalation_count == 1
    assert town.case_sync == "pending" and town.case_sync_actions == ["take"]
    services.mediation_case_sync(actor=town_dispatcher, mediation_id=town.pk)
    case = Case.objects.get(pk=case.pk)
    assert case.lead_unit == town_committee().host_unit
    town.refresh_from_db()
    assert town.case_sync == "done"

    # and it fails at the town too
    services.mediation_accept(actor=town_mediator_user, mediation_id=town.pk)
    district = services.mediation_escalate(
        actor=town_mediator_user, mediation_id=town.pk, reason="涉及多方，镇级调解未成"
    )
    assert district.organisation == district_committee() and district.level == "district"
    case = Case.objects.get(pk=case.pk)
    assert case.level == "district" and case.escalation_count == 2

    # then at the district it ends with an oral agreement, performed on the spot
    if district.case_sync == "pending":
        services.mediation_case_sync(actor=district_mediator_user, mediation_id=district.pk)
    services.mediation_accept(actor=district_mediator_user, mediation_id=district.pk)
    mediator = register(name="孙区调", org=district_committee(), specialities=("邻里纠纷",))
    services.mediator_assign(actor=district_mediator_user, mediation_id=district.pk, mediator_id=mediator.pk)
    agreement = services.agreement_record_oral(
        actor=district_mediator_user,
        mediation_id=district.pk,
        terms="陈小河当场拆除滴水檐口，张大山表示谅解。",
    )
    assert agreement.form == AgreementForm.ORAL and agreement.effective_at is not None
    district.refresh_from_db()
    assert district.status == MediationStatus.RESOLVED
    case = Case.objects.get(pk=case.pk)
    # 631: resolved at the district, where it was actually resolved
    assert case.status == CaseStatus.CLOSED and case.resolved_level == "district"
    with pytest.raises(InvalidState):
        services.mediation_escalate(
            actor=district_mediator_user, mediation_id=district.pk, reason="再上报一次"
        )


def test_oral_agreement_is_recorded_and_effective_at_once(village_clerk, village_chair, village_members):
    case = dispute_case(village_clerk)
    mediation = services.mediation_from_case(actor=village_clerk, case_id=case.pk)
    services.mediation_accept(actor=village_chair, mediation_id=mediation.pk)
    services.mediator_assign(
        actor=village_chair, mediation_id=mediation.pk, mediator_id=village_members[0].pk
    )
    agreement = services.agreement_record_oral(
        actor=village_chair,
        mediation_id=mediation.pk,
        facts="滴水纠纷",
        terms="陈小河当场清理杂物，双方和好。",
    )
    assert agreement.form == AgreementForm.ORAL and agreement.status == "effective"
    assert not hasattr(agreement, "confirmation") or agreement.confirmation is None  # no window for oral
    assert Case.objects.get(pk=case.pk).resolved_level == "village"


def test_oral_agreement_refused_when_a_written_one_is_required(village_clerk, village_chair, village_members):
    case = dispute_case(village_clerk)
    mediation = services.mediation_from_case(actor=village_clerk, case_id=case.pk)
    services.mediation_accept(actor=village_chair, mediation_id=mediation.pk)
    services.mediator_assign(
        actor=village_chair, mediation_id=mediation.pk, mediator_id=village_members[0].pk
    )
    with pytest.raises(ValidationFailed) as refused:
        services.agreement_record_oral(
            actor=village_chair,
            mediation_id=mediation.pk,
            terms="一个月内赔偿五千元",
            performed_on_the_spot=False,
        )
    assert refused.value.code == "written_agreement_required"
    mediation.refresh_from_db()
    assert mediation.status == MediationStatus.IN_PROGRESS and not hasattr(mediation, "agreement")


def test_a_party_refusing_ends_mediation_and_the_case_is_answered_not_closed(
    village_clerk, village_chair, village_members
):
    case = dispute_case(village_clerk)
    mediation = services.mediation_from_case(actor=village_clerk, case_id=case.pk)
    services.mediation_accept(actor=village_chair, mediation_id=mediation.pk)
    respondent = mediation.parties.get(role="被申请人")
    services.mediation_party_refuse(
        actor=village_chair, mediation_id=mediation.pk, party_id=respondent.pk, reason="不同意调解"
    )
    mediation = Mediation.objects.get(pk=mediation.pk)
    assert mediation.status == MediationStatus.TERMINATED
    assert mediation.termination_reason == TerminationReason.PARTY_REFUSED
    assert set(mediation.routes) == {"arbitration", "administrative", "judicial"}
    notice = MediationNotice.objects.filter(mediation=mediation, kind="termination").first()
    assert notice is not None and "仲裁" in notice.body and "司法" in notice.body
    case = Case.objects.get(pk=case.pk)
    # answered with the termination notice and closed, but not counted as resolved anywhere (631)
    assert case.status == CaseStatus.CLOSED and case.resolved_level == ""
    with pytest.raises(InvalidState):
        services.mediation_accept(actor=village_chair, mediation_id=mediation.pk)


def test_danger_of_violence_is_reported_to_the_police_at_once(village_clerk, village_chair):
    case = dispute_case(village_clerk)
    mediation = services.mediation_from_case(actor=village_clerk, case_id=case.pk)
    report = services.mediation_report_danger(
        actor=village_chair, mediation_id=mediation.pk, description="被申请人扬言要带人上门打砸"
    )
    assert report.police_unit.function == "police" and report.police_unit.region.code == "330603105000"
    notice = MediationNotice.objects.get(mediation=mediation, kind="police_report")
    assert notice.is_flagged and notice.recipient_unit == report.police_unit and "打砸" in notice.body
    assert PoliceReport.objects.filter(mediation=mediation).count() == 1


def test_extension_needs_every_party(village_clerk, village_chair):
    case = dispute_case(village_clerk)
    mediation = services.mediation_from_case(actor=village_clerk, case_id=case.pk)
    mediation = services.mediation_accept(actor=village_chair, mediation_id=mediation.pk)
    due = mediation.due_at
    first, second = list(mediation.parties.all())
    with pytest.raises(ValidationFailed) as refused:
        services.mediation_extend(
            actor=village_chair,
            mediation_id=mediation.pk,
            days=15,
            reason="需要测量界址",
            requested_by_party_ids=[first.pk],
        )
    assert refused.value.code == "extension_needs_all_parties"
    assert Mediation.objects.get(pk=mediation.pk).due_at == due
    services.mediation_extend(
        actor=village_chair,
        mediation_id=mediation.pk,
        days=15,
        reason="需要测量界址",
        requested_by_party_ids=[first.pk, second.pk],
    )
    assert Mediation.objects.get(pk=mediation.pk).due_at > due


def test_statutory_matter_is_not_registered(village_chair):
    from tests.mediation.conftest import dispute_type

    with pytest.raises(ValidationFailed) as refused:
        services.mediation_apply(
            actor=village_chair,
            organisation=village_committee(),
            subject="对行政处罚不服",
            description="被罚款五千元，认为处罚错误。",
            parties=[services.PartyData(name="张三"), services.PartyData(name="某局", kind="organisation")],
            dispute_type=dispute_type("行政诉讼"),
        )
    assert refused.value.code == "not_mediable" and "行政复议" in refused.value.message_zh
    assert not Mediation.objects.exists()


def test_a_failed_mediation_closes_its_case_without_counting_it_as_resolved(
    village_clerk, village_chair, village_members
):
    """631: a dispute whose mediation failed is closed (the parties were pointed to arbitration
    or the courts) but counts as resolved nowhere — the case_close(resolved=False) path."""
    with time_machine.travel(MONDAY_MORNING, tick=False):
        case = dispute_case(village_clerk)
        mediation = services.mediation_from_case(actor=village_clerk, case_id=case.pk)
        services.mediation_accept(actor=village_chair, mediation_id=mediation.pk)
        services.mediator_assign(
            actor=village_chair, mediation_id=mediation.pk, mediator_id=village_members[0].pk
        )
        services.mediation_terminate(
            actor=village_chair,
            mediation_id=mediation.pk,
            reason="no_agreement",
            note="双方对赔偿数额分歧过大",
        )
        case = Case.objects.get(pk=case.pk)
        assert case.status == CaseStatus.CLOSED and case.closed_at is not None and case.resolved_level == ""
        assert "仲裁" in case.replies.get().text
        close = AuditEvent.objects.get(subject_type="case", subject_id=case.pk, action="case.close")
        assert close.after["resolved"] is False
        assert Mediation.objects.get(pk=mediation.pk).case_sync == "done"
        shares = resolution_shares(
            start=MONDAY_MORNING - timedelta(days=1), end=MONDAY_MORNING + timedelta(days=1)
        )
        assert sum(s.resolved for s in shares) == 0
