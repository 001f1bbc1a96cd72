"""The full path: a dispute case → mediation at the village → matching → sessions → a signed
written agreement → judicial confirmation tracked → performance followed up."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from gongzhi.cases.enums import CaseStatus
from gongzhi.cases.models import Case
from gongzhi.core.errors import InvalidState, ValidationFailed
from gongzhi.insights.selectors import resolution_shares
from gongzhi.mediation import selectors, services
from gongzhi.mediation.enums import (
    AgreementStatus,
    ConfirmationStatus,
    MediationStatus,
    PerformanceStatus,
    SignerKind,
)
from gongzhi.mediation.models import Agreement, MediationNotice
from tests.conftest import MONDAY_MORNING, WANGHUA
from tests.mediation.conftest import dispute_case, village_committee

pytestmark = pytest.mark.django_db


def _signed_agreement(chair, mediation, mediator):
    parties = list(mediation.parties.all())
    today = timezone.localdate()
    agreement = services.agreement_draft(
        actor=chair,
        mediation_id=mediation.pk,
        facts="陈小河新建房屋屋檐滴水落入张大山院内，并在共用通道堆放杂物。",
        issues="滴水是否需要整改；通道杂物清理。",
        responsibilities="陈小河对滴水负主要责任；双方均应维护共用通道。",
        terms="一、陈小河于十五日内加装檐沟；二、陈小河于三日内清理通道杂物；三、张大山不再追究其他责任。",
        performance_method="陈小河自行施工，村调委会现场验收。",
        performance_items=[
            services.PerformanceInput("清理通道杂物", today + timedelta(days=45), parties[1].pk),
            services.PerformanceInput("加装檐沟", today + timedelta(days=60), parties[1].pk),
        ],
    )
    agreement = services.agreement_finalise(actor=chair, agreement_id=agreement.pk)
    for party in parties:
        services.agreement_sign(
            actor=chair,
            agreement_id=agreement.pk,
            signer_kind=SignerKind.PARTY,
            party_id=party.pk,
            method="fingerprint",
        )
    services.agreement_sign(
        actor=chair, agreement_id=agreement.pk, signer_kind=SignerKind.MEDIATOR, mediator_id=mediator.pk
    )
    services.agreement_sign(actor=chair, agreement_id=agreement.pk, signer_kind=SignerKind.COMMITTEE_SEAL)
    return Agreement.objects.get(pk=agreement.pk)


def test_from_a_dispute_case_to_performance(village_clerk, village_chair, village_members):
    with time_machine.travel(MONDAY_MORNING, tick=False) as clock:
        # given a neighbours' dispute accepted at 王化村's window
        case = dispute_case(village_clerk)
        # when the window sends it to mediation
        mediation = services.mediation_from_case(actor=village_clerk, case_id=case.pk)
        # then the village committee holds it, with the parties linked to the kinship register
        assert mediation.organisation == village_committee()
        assert mediation.dispute_type is not None and mediation.dispute_type.name == "邻里纠纷"
        case = Case.objects.get(pk=case.pk)
        assert case.lead_unit == village_committee().unit and case.level == "village"
        assert all(p.person_id for p in mediation.parties.all())

        mediation = services.mediation_accept(actor=village_chair, mediation_id=mediation.pk)
        assert mediation.status == MediationStatus.IN_PROGRESS
        assert timezone.localtime(mediation.due_at).date().isoformat() == "2026-12-30"

        # matching: village committee members who speak the language, the chair (speciality) first
        result = selectors.mediator_suggest(mediation=mediation)
        names = [s.mediator.name for s in result.suggestions]
        assert names[0] in ("王调解", "李秀英") and "赵建国" in names
        lead = result.suggestions[0].mediator
        services.mediator_assign(actor=village_chair, mediation_id=mediation.pk, mediator_id=lead.pk)

        # sessions with an invited elder, with the parties' consent
        session = services.session_schedule(
            actor=village_chair,
            mediation_id=mediation.pk,
            scheduled_at=MONDAY_MORNING + timedelta(days=2),
            place="王化村文化礼堂调解室",
            invitees=[services.Invitee("周乡贤", "sage")],
            parties_consent_to_invitees=True,
        )
        assert session.participants.count() == 2 + 1 + 1
        clock.shift(timedelta(days=2))
        services.session_record(
            actor=village_chair,
            session_id=session.pk,
            record="双方陈述滴水和通道问题，经乡贤劝说，双方同意各让一步，约定下次签订协议。",
        )

        # a signed written agreement: effective only with every party, the mediator and the seal
        agreement = _signed_agreement(village_chair, mediation, lead)
        assert agreement.status == AgreementStatus.EFFECTIVE and agreement.copies == 3
        mediation.refresh_from_db()
        assert mediation.status == MediationStatus.RESOLVED

        # the case comes back answered and closed at the village: 631 counts it there
        case = Case.objects.get(pk=case.pk)
        assert case.status == CaseStatus.CLOSED and case.resolved_level == "village"
        shares = {
            s.level: s.resolved
            for s in resolution_shares(
                start=MONDAY_MORNING - timedelta(days=1), end=MONDAY_MORNING + timedelta(days=30)
            )
        }
        assert shares["village"] >= 1

        # a late signature is refused and changes nothing
        with pytest.raises(InvalidState) as late:
            services.agreement_sign(
                actor=village_chair,
                agreement_id=agreement.pk,
                signer_kind=SignerKind.PARTY,
                party_id=mediation.parties.first().pk,
            )
        assert late.value.code in ("agreement_already_effective",)
        assert agreement.signatures.count() == 4

        # judicial confirmation: reminder before the 30-day window closes, then the court's periods
        confirmation = agreement.confirmation
        assert confirmation.status == ConfirmationStatus.WINDOW_OPEN
        assert timezone.localtime(confirmation.window_ends_at).date().isoformat() == "2027-01-04"
        clock.move_to(confirmation.remind_at + timedelta(minutes=1))
        first = services.mediation_sweep_run()
        assert first.confirmation_reminders == 1
        assert services.mediation_sweep_run().confirmation_reminders == 0  # idempotent
        confirmation = services.confirmation_apply(
            actor=village_chair, agreement_id=agreement.pk, all_parties_join=True, court_name="柯桥区人民法院"
        )
        # 3 days from the application, rolled past the New Year holiday and the weekend
        applied_day = timezone.localtime(confirmation.applied_at).date()
        assert applied_day.isoformat() == "2026-12-29"
        assert timezone.localtime(confirmation.accept_due_at).date().isoformat() == "2027-01-04"
        clock.move_to(confirmation.accept_due_at + timedelta(hours=1))
        assert services.mediation_sweep_run().court_accept_overdue == 1
        confirmation = services.confirmation_court_accept(
            actor=village_chair, agreement_id=agreement.pk, court_case_number="（2027）浙0603民特12号"
        )
        before_extension = confirmation.decide_due_at
        confirmation = services.confirmation_extend_decision(actor=village_chair, agreement_id=agreement.pk)
        assert confirmation.decide_due_at >= before_extension + timedelta(days=10)
        confirmation = services.confirmation_decide(
            actor=village_chair, agreement_id=agreement.pk, confirmed=True
        )
        assert confirmation.status == ConfirmationStatus.CONFIRMED

        # performance: reminded before each deadline, flagged when it passes, then recorded
        items = list(agreement.performance_items.order_by("due_date"))
        clock.move_to(items[0].remind_at + timedelta(minutes=1))
        assert services.mediation_sweep_run().performance_reminders == 1
        assert services.mediation_sweep_run().performance_reminders == 0
        services.performance_record(actor=village_chair, item_id=items[0].pk, performed=True)
        clock.move_to(items[1].overdue_at + timedelta(hours=1))
        assert services.mediation_sweep_run().performance_overdue == 1
        items[1].refresh_from_db()
        assert items[1].status == PerformanceStatus.OVERDUE
        assert MediationNotice.objects.filter(mediation=mediation, kind="performance_overdue").count() == 1

        # non-performance → a case for the next step; the chair may not register cases, so it is
        # owed until the village window does it
        services.performance_record(
            actor=village_chair, item_id=items[1].pk, performed=False, note="至今未装檐沟"
        )
        mediation.refresh_from_db()
        assert mediation.case_sync == "pending" and mediation.case_sync_actions == [
            f"next_step:{items[1].pk}"
        ]
        services.mediation_case_sync(actor=village_clerk, mediation_id=mediation.pk)
        items[1].refresh_from_db()
        next_case = Case.objects.get(pk=items[1].next_case_id)
        assert next_case.kind == "dispute" and "强制执行" in next_case.description
        mediation.refresh_from_db()
        assert mediation.case_sync == "done"
        assert MediationNotice.objects.filter(mediation=mediation, kind="confirmation_reminder").exists()


def test_confirmation_after_thirty_days_is_refused(village_clerk, village_chair, village_members):
    with time_machine.travel(MONDAY_MORNING, tick=False) as clock:
        case = dispute_case(village_clerk)
        mediation = services.mediation_from_case(actor=village_clerk, case_id=case.pk)
        services.mediation_accept(actor=village_chair, mediation_id=mediation.pk)
        lead = village_members[1]
        services.mediator_assign(actor=village_chair, mediation_id=mediation.pk, mediator_id=lead.pk)
        agreement = _signed_agreement(village_chair, mediation, lead)
        clock.move_to(agreement.confirmation.window_ends_at + timedelta(hours=1))
        with pytest.raises(InvalidState) as refused:
            services.confirmation_apply(
                actor=village_chair,
                agreement_id=agreement.pk,
                all_parties_join=True,
                court_name="柯桥区人民法院",
            )
        assert refused.value.code == "confirmation_window_closed"
        agreement.confirmation.refresh_from_db()
        assert agreement.confirmation.status == ConfirmationStatus.WINDOW_OPEN
        assert agreement.confirmation.applied_at is None
        assert services.mediation_sweep_run().confirmation_lapsed == 1


def test_agreement_missing_a_statutory_field_is_refused(village_clerk, village_chair, village_members):
    case = dispute_case(village_clerk)
    mediation = services.mediation_from_case(actor=village_clerk, case_id=case.pk)
    services.mediation_accept(actor=village_chair, mediation_id=mediation.pk)
    services.mediator_assign(
        actor=village_chair, mediation_id=mediation.pk, mediator_id=village_members[0].pk
    )
    agreement = services.agreement_draft(
        actor=village_chair,
        mediation_id=mediation.pk,
        facts="滴水纠纷",
        issues="是否整改",
        terms="加装檐沟",
        performance_method="自行施工",
        performance_deadline=timezone.localdate(),
    )
    with pytest.raises(ValidationFailed) as refused:
        services.agreement_finalise(actor=village_chair, agreement_id=agreement.pk)
    assert refused.value.code == "agreement_incomplete"
    assert "responsibilities" in refused.value.detail["missing"]
    assert "各方当事人的责任" in refused.value.message_zh
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT and agreement.finalised_at is None
    with pytest.raises(InvalidState):
        services.agreement_sign(
            actor=village_chair, agreement_id=agreement.pk, signer_kind=SignerKind.COMMITTEE_SEAL
        )
    assert mediation.status != MediationStatus.RESOLVED and WANGHUA
