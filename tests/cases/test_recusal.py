from __future__ import annotations

import json

import pytest
from django.test import Client

from gongzhi.cases import access, services
from gongzhi.cases.enums import CaseStatus
from gongzhi.cases.models import RecusalRequest
from gongzhi.core.errors import InvalidState, NotFound, PermissionDenied
from gongzhi.core.models import AuditEvent
from gongzhi.kinship import services as kinship_services
from gongzhi.org.enums import Role
from tests.api.conftest import Api
from tests.cases.helpers import VALID_ID, accepted, reload
from tests.conftest import district_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def housing_case(town_dispatcher):
    return accepted(town_dispatcher, unit=district_unit("housing"), reporter_id_number=VALID_ID)


@pytest.fixture
def in_law(make_staff, housing_case):
    """A housing handler married to the petitioner's sister (姐夫, a close in-law)."""
    handler = make_staff(district_unit("housing"), Role.LIAISON, Role.HANDLER, name="住建局姐夫")
    reporter = kinship_services.person_upsert(name="李群众", id_number=VALID_ID)
    father = kinship_services.person_upsert(name="李父")
    sister = kinship_services.person_upsert(name="李姐")
    husband = kinship_services.person_upsert(name="住建局姐夫")
    kinship_services.kinship_link(person=reporter, relative=father, kind="parent")
    kinship_services.kinship_link(person=sister, relative=father, kind="parent")
    kinship_services.kinship_link(person=husband, relative=sister, kind="spouse")
    services.staff_register_link(actor=None, user=handler, person=husband)
    return handler


def _signed(case, liaison):
    return services.case_sign(actor=liaison, case_id=case.pk)


def _tracking_request(case, grounds="承办人与我家有矛盾，申请回避"):
    return Client().post(
        f"/api/v1/cases/track/{case.tracking_code}/recusal-request",
        data=json.dumps({"phone_tail": "1234", "grounds": grounds}),
        content_type="application/json",
    )


def test_brother_in_law_cannot_sign_and_is_not_offered(housing_case, in_law):
    """信访工作条例 art. 28 para. 3: a handler who is the petitioner's brother-in-law (kinship
    register) cannot sign — by the service or REST — and sign is not offered; nothing changes."""
    events = AuditEvent.objects.count()
    with pytest.raises(InvalidState) as refused:
        services.case_sign(actor=in_law, case_id=housing_case.pk)
    assert refused.value.code == "recusal"
    assert refused.value.detail["ground"] == "relative"
    response = Api(user=in_law).post(f"/cases/{housing_case.pk}/sign", {})
    assert response.status_code == 409
    assert response.json()["code"] == "recusal"
    case = reload(housing_case)
    assert case.status == CaseStatus.DISPATCHED and case.handler_id is None
    assert AuditEvent.objects.count() == events
    assert "sign" not in access.allowed_actions(in_law, case)


def test_unit_head_cannot_name_the_brother_in_law(housing_case, in_law, housing_liaison):
    """信访工作条例 art. 28 para. 3: nor can the unit name the conflicted staff member as handler."""
    with pytest.raises(InvalidState) as refused:
        services.case_sign(actor=housing_liaison, case_id=housing_case.pk, handler=in_law)
    assert refused.value.code == "recusal"
    assert reload(housing_case).handler_id is None


def test_handler_with_no_tie_signs(housing_case, in_law, housing_liaison):
    """信访工作条例 art. 28 para. 3: a colleague with no tie to the petitioner is offered and signs."""
    assert "sign" in access.allowed_actions(housing_liaison, reload(housing_case))
    case = _signed(housing_case, housing_liaison)
    assert case.status == CaseStatus.IN_PROGRESS and case.handler == housing_liaison


def test_petitioner_applies_by_tracking_code_and_head_grants(
    housing_case, housing_liaison, housing_head, frozen_now
):
    """浙江省信访条例 art. 27: the petitioner applies on the tracking page, the lead unit's head
    grants, the handler is removed and cannot sign for the case again."""
    _signed(housing_case, housing_liaison)
    response = _tracking_request(housing_case)
    assert response.status_code == 200, response.content
    request = RecusalRequest.objects.get(case=housing_case)
    assert request.handler == housing_liaison and request.requested_via == "tracking"
    assert AuditEvent.objects.filter(subject_id=housing_case.pk, action="case.recusal_request").exists()
    assert "recusal_decide" in access.allowed_actions(housing_head, reload(housing_case))

    response = Api(user=housing_head).post(
        f"/cases/{housing_case.pk}/recusal-decision", {"granted": True, "reason": "存在利害关系"}
    )
    assert response.status_code == 200, response.content
    case = reload(housing_case)
    assert case.handler_id is None and case.status == CaseStatus.DISPATCHED
    request.refresh_from_db()
    assert request.granted is True and request.decided_by == housing_head
    assert AuditEvent.objects.filter(subject_id=case.pk, action="case.recusal_decide").exists()
    with pytest.raises(InvalidState) as refused:
        services.case_sign(actor=housing_liaison, case_id=case.pk)
    assert refused.value.code == "recusal" and refused.value.detail["ground"] == "recused"
    assert "sign" not in access.allowed_actions(housing_liaison, reload(case))


def test_window_clerk_applies_and_head_refuses_handler_stays(
    housing_case, housing_liaison, housing_head, town_dispatcher, make_staff
):
    """浙江省信访条例 art. 27: a refusal keeps the handler; the window applies for the petitioner."""
    _signed(housing_case, housing_liaison)
    services.case_recusal_request(
        actor=town_dispatcher, case_id=housing_case.pk, grounds="信访人称承办人不公"
    )
    services.case_recusal_decide(
        actor=housing_head, case_id=housing_case.pk, granted=False, reason="无回避情形"
    )
    case = reload(housing_case)
    assert case.handler == housing_liaison and case.status == CaseStatus.IN_PROGRESS
    assert RecusalRequest.objects.get(case=case).granted is False


def test_stranger_cannot_decide(housing_case, housing_liaison, market_liaison, town_dispatcher):
    """浙江省信访条例 art. 27: only the head of the lead unit decides; others change nothing."""
    _signed(housing_case, housing_liaison)
    services.case_recusal_request(
        actor=town_dispatcher, case_id=housing_case.pk, grounds="信访人称承办人不公"
    )
    for outsider in (market_liaison, town_dispatcher, housing_liaison):
        with pytest.raises((PermissionDenied, NotFound)):
            services.case_recusal_decide(actor=outsider, case_id=housing_case.pk, granted=True, reason="准予")
    response = Api(user=town_dispatcher).post(
        f"/cases/{housing_case.pk}/recusal-decision", {"granted": True, "reason": "准予"}
    )
    assert response.status_code in (403, 404)
    case = reload(housing_case)
    assert case.handler == housing_liaison
    assert RecusalRequest.objects.get(case=case).decided_at is None
