from __future__ import annotations

import pytest

from gongzhi.cases import services
from gongzhi.cases.enums import CaseStatus, NoticeKind
from gongzhi.cases.models import Case
from gongzhi.core.errors import InvalidState, NotFound, ValidationFailed
from gongzhi.core.models import AuditEvent
from tests.cases.helpers import intake, reload
from tests.conftest import local

pytestmark = pytest.mark.django_db


def test_accept_starts_the_30_day_clock_and_dispatches_to_the_lowest_competent_level(
    village_clerk, frozen_now
):
    case = intake(village_clerk)
    case = services.case_accept(actor=village_clerk, case_id=case.pk)

    assert case.status == CaseStatus.DISPATCHED
    assert case.accepted_at is not None
    # 30 calendar days from 2026-11-30: 2026-12-30 (a Wednesday, a working day).
    assert local(case.due_at).startswith("2026-12-30T23:59:59")
    assert case.lead_unit is not None and case.level == case.lead_unit.level
    assert case.notices.filter(kind=NoticeKind.ACCEPTED).exists()
    actions = list(
        AuditEvent.objects.filter(subject_type="case", subject_id=case.pk).values_list("action", flat=True)
    )
    assert actions == ["case.intake", "case.accept", "case.dispatch"]


def test_national_preset_gives_60_days(village_clerk, frozen_now, settings):
    settings.GONGZHI = {**settings.GONGZHI, "DEADLINE_PRESET": "national"}
    case = services.case_accept(actor=village_clerk, case_id=intake(village_clerk).pk)
    # 60 days from 2026-11-30 is 2027-01-29 (Friday); 2027 has no confirmed schedule yet.
    assert local(case.due_at).startswith("2027-01-29T23:59:59")
    assert case.is_due_provisional is True


def test_accept_twice_is_refused_and_changes_nothing(village_clerk):
    case = services.case_accept(actor=village_clerk, case_id=intake(village_clerk).pk)
    events = AuditEvent.objects.count()
    with pytest.raises(InvalidState):
        services.case_accept(actor=village_clerk, case_id=case.pk)
    assert AuditEvent.objects.count() == events
    assert reload(case).status == CaseStatus.DISPATCHED


def test_not_accept_needs_a_written_reason(village_clerk):
    case = intake(village_clerk)
    with pytest.raises(ValidationFailed):
        services.case_not_accept(actor=village_clerk, case_id=case.pk, reason="")
    assert reload(case).status == CaseStatus.REGISTERED
    case = services.case_not_accept(
        actor=village_clerk, case_id=case.pk, reason="已在办理期限内，不再重复受理"
    )
    assert case.status == CaseStatus.NOT_ACCEPTED
    assert case.notices.filter(kind=NoticeKind.NOT_ACCEPTED).exists()


def test_redirect_to_the_statutory_route(village_clerk):
    case = intake(village_clerk, kind="petition", petition_class="claim")
    with pytest.raises(ValidationFailed):
        services.case_redirect(actor=village_clerk, case_id=case.pk, route="prayer", reason="应走诉讼")
    case = services.case_redirect(
        actor=village_clerk, case_id=case.pk, route="litigation", reason="属于民事诉讼受理范围，请向法院起诉"
    )
    assert case.status == CaseStatus.REDIRECTED and case.statutory_route == "litigation"
    assert "诉讼" in case.notices.get(kind=NoticeKind.REDIRECTED).body


def test_transfer_out_names_the_receiving_body(village_clerk):
    case = services.case_transfer_out(
        actor=village_clerk,
        case_id=intake(village_clerk).pk,
        body="绍兴市自然资源和规划局",
        reason="属市级事权",
    )
    assert case.status == CaseStatus.TRANSFERRED_OUT and case.transferred_to == "绍兴市自然资源和规划局"


def test_another_village_cannot_decide_and_learns_nothing(village_clerk, stranger_clerk):
    case = intake(village_clerk)
    with pytest.raises(NotFound):
        services.case_accept(actor=stranger_clerk, case_id=case.pk)
    with pytest.raises(NotFound):
        services.case_accept(actor=stranger_clerk, case_id=999_999)
    assert Case.objects.get(pk=case.pk).accepted_at is None
