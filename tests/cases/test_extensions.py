from __future__ import annotations

import pytest

from gongzhi.cases import services
from gongzhi.cases.enums import ExtensionStatus, NoticeKind
from gongzhi.core.errors import InvalidState, PermissionDenied, ValidationFailed
from tests.cases.helpers import accepted, reload
from tests.conftest import district_unit, local

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_case(town_dispatcher, housing_liaison, frozen_now):
    case = accepted(town_dispatcher, unit=district_unit("housing"))
    return services.case_sign(actor=housing_liaison, case_id=case.pk)


def test_extension_approved_by_supervisor_moves_the_deadline_and_tells_the_petitioner(
    signed_case, housing_liaison, town_leader
):
    assert local(signed_case.due_at).startswith("2026-12-30")
    extension = services.case_request_extension(
        actor=housing_liaison, case_id=signed_case.pk, days=15, reason="需委托第三方检测"
    )
    services.case_decide_extension(actor=town_leader, extension_id=extension.pk, approve=True)
    case = reload(signed_case)
    # 45 days from 2026-11-30: 2027-01-14 (Thursday), in the not-yet-confirmed 2027.
    assert local(case.due_at).startswith("2027-01-14T23:59:59")
    assert case.extended_days == 15 and case.is_due_provisional
    notice = case.notices.get(kind=NoticeKind.EXTENSION)
    assert "需委托第三方检测" in notice.body and "15" in notice.body


def test_unit_head_may_approve_but_not_their_own_request(signed_case, housing_liaison, housing_head):
    extension = services.case_request_extension(
        actor=housing_liaison, case_id=signed_case.pk, days=10, reason="需协调供电公司"
    )
    with pytest.raises(PermissionDenied):
        services.case_decide_extension(actor=housing_liaison, extension_id=extension.pk, approve=True)
    services.case_decide_extension(actor=housing_head, extension_id=extension.pk, approve=True)
    assert reload(signed_case).extended_days == 10


def test_rejection_needs_a_reason_and_keeps_the_deadline(signed_case, housing_liaison, town_leader):
    due = signed_case.due_at
    extension = services.case_request_extension(
        actor=housing_liaison, case_id=signed_case.pk, days=10, reason="人手不足，需要延期"
    )
    with pytest.raises(ValidationFailed):
        services.case_decide_extension(actor=town_leader, extension_id=extension.pk, approve=False)
    services.case_decide_extension(
        actor=town_leader, extension_id=extension.pk, approve=False, note="理由不充分，请按期办结"
    )
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.REJECTED and reload(signed_case).due_at == due


def test_one_open_request_at_a_time_and_days_within_the_cap(signed_case, housing_liaison):
    with pytest.raises(ValidationFailed):
        services.case_request_extension(
            actor=housing_liaison, case_id=signed_case.pk, days=61, reason="需要很久很久"
        )
    services.case_request_extension(
        actor=housing_liaison, case_id=signed_case.pk, days=30, reason="需要协调多方"
    )
    with pytest.raises(InvalidState):
        services.case_request_extension(
            actor=housing_liaison, case_id=signed_case.pk, days=5, reason="再申请一次"
        )


def test_national_preset_allows_one_extension_of_at_most_30_days(
    signed_case, housing_liaison, town_leader, settings
):
    settings.GONGZHI = {**settings.GONGZHI, "DEADLINE_PRESET": "national"}
    with pytest.raises(ValidationFailed):
        services.case_request_extension(
            actor=housing_liaison, case_id=signed_case.pk, days=31, reason="情况复杂"
        )
    extension = services.case_request_extension(
        actor=housing_liaison, case_id=signed_case.pk, days=20, reason="情况复杂需调查"
    )
    services.case_decide_extension(actor=town_leader, extension_id=extension.pk, approve=True)
    with pytest.raises(InvalidState) as refused:
        services.case_request_extension(
            actor=housing_liaison, case_id=signed_case.pk, days=5, reason="再延一次"
        )
    assert refused.value.code == "extension_limit"
