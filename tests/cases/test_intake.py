from __future__ import annotations

import pytest

from gongzhi.cases.enums import CaseStatus, NoticeKind
from gongzhi.cases.models import Case, Notice
from gongzhi.cases.services import PartyInput
from gongzhi.core.errors import ApplicationError, PermissionDenied, ValidationFailed
from gongzhi.core.models import AuditEvent
from tests.cases.helpers import VALID_ID, intake
from tests.conftest import PINGSHUI, WANGHUA, ZHUJIA, local, region

pytestmark = pytest.mark.django_db


def test_intake_registers_with_tracking_code_deadline_receipt_and_event(village_clerk, frozen_now):
    case = intake(village_clerk, reporter_id_number=VALID_ID)

    assert case.status == CaseStatus.REGISTERED
    assert case.tracking_code.startswith("GZ261130-")
    assert case.intake_unit.region.code == WANGHUA
    assert case.town.code == PINGSHUI and case.village.code == WANGHUA
    # 5 working days from Monday 2026-11-30 (that day not counted): Monday 2026-12-07.
    assert local(case.accept_due_at).startswith("2026-12-07T23:59:59")
    assert case.is_first_petition is True
    receipt = Notice.objects.get(case=case, kind=NoticeKind.RECEIPT)
    assert case.tracking_code in receipt.body
    event = AuditEvent.objects.get(subject_type="case", subject_id=case.pk)
    assert event.action == "case.intake" and event.actor == village_clerk


def test_second_case_by_same_person_in_same_category_is_not_first_petition(village_clerk):
    intake(village_clerk)
    second = intake(village_clerk, subject="路灯还是没修")
    assert second.is_first_petition is False


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"reporter_name": ""}, "missing_reporter_name"),
        ({"reporter_phone": "", "reporter_address": ""}, "missing_contact"),
        ({"reporter_phone": "12345"}, "invalid_reporter_phone"),
        ({"reporter_id_number": "330621198001011235"}, "invalid_reporter_id_number"),
        ({"kind": "petition"}, "missing_petition_class"),
        ({"kind": "petition", "petition_class": "claim", "is_anonymous": True}, "anonymous_not_allowed"),
        ({"kind": "dispute"}, "missing_parties"),
        ({"subject": " "}, "missing_subject"),
        ({"channel": "fax"}, "invalid_channel"),
        ({"petition_class": "claim"}, "invalid_petition_class"),
        ({"latitude": 30}, "invalid_latitude"),
    ],
)
def test_intake_refuses_bad_input_and_creates_nothing(village_clerk, overrides, code):
    with pytest.raises(ValidationFailed) as refused:
        intake(village_clerk, **overrides)
    assert refused.value.code == code
    assert refused.value.message_zh and refused.value.message_en
    assert not Case.objects.exists()
    assert not AuditEvent.objects.filter(subject_type="case").exists()


def test_anonymous_suggestion_is_allowed_and_gets_no_receipt(village_clerk):
    case = intake(
        village_clerk,
        kind="petition",
        petition_class="suggestion",
        is_anonymous=True,
        reporter_name="",
        reporter_phone="",
    )
    assert case.is_anonymous and case.reporter_name == ""
    assert not Notice.objects.filter(case=case).exists()


def _representatives(n):
    return [PartyInput(name=f"代表{i}", is_representative=True) for i in range(n)]


def test_zhejiang_group_visit_of_ten_allows_three_representatives_not_four(village_clerk):
    case = intake(village_clerk, group_size=10, parties=_representatives(3))
    assert case.parties.filter(is_representative=True).count() == 3
    with pytest.raises(ValidationFailed) as refused:
        intake(village_clerk, group_size=10, parties=_representatives(4))
    assert refused.value.code == "too_many_representatives"


def test_group_visit_of_eleven_allows_five_but_not_six(village_clerk):
    assert intake(village_clerk, group_size=11, parties=_representatives(5)).group_size == 11
    with pytest.raises(ValidationFailed):
        intake(village_clerk, group_size=11, parties=_representatives(6))


def test_national_rule_allows_five_representatives_for_a_small_group(village_clerk, settings):
    settings.GONGZHI = {**settings.GONGZHI, "GROUP_VISIT_RULE": "national"}
    assert intake(village_clerk, group_size=6, parties=_representatives(5)).group_size == 6


def test_group_visit_needs_representatives(village_clerk):
    with pytest.raises(ValidationFailed) as refused:
        intake(village_clerk, group_size=8)
    assert refused.value.code == "missing_representatives"


def test_clerk_cannot_register_a_case_in_another_village(stranger_clerk):
    with pytest.raises(PermissionDenied):
        intake(stranger_clerk, region=region(WANGHUA))
    assert not Case.objects.exists()


def test_town_clerk_registers_for_a_village_of_the_town(town_dispatcher):
    case = intake(town_dispatcher, region=region(ZHUJIA))
    assert case.intake_unit.region.code == PINGSHUI


def test_dispute_records_its_parties(village_clerk):
    case = intake(
        village_clerk,
        kind="dispute",
        subject="宅基地边界纠纷",
        parties=[
            PartyInput(name="张三", role="申请人"),
            PartyInput(name="李四", role="被申请人", id_number=VALID_ID),
        ],
    )
    assert sorted(case.parties.values_list("name", flat=True)) == ["张三", "李四"]


def test_every_refusal_is_an_application_error_with_both_languages(village_clerk):
    with pytest.raises(ApplicationError) as refused:
        intake(village_clerk, reporter_phone="abc")
    payload = refused.value.as_dict()
    assert payload["code"] == "invalid_reporter_phone"
    assert "电话" in payload["message"] and "phone" in payload["message"]
    assert payload["detail"] == {"field": "reporter_phone"}
