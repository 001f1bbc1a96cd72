"""复查 goes one above the lead, 复核 one above the 复查 body, never the same person twice."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from gongzhi.cases import access, selectors, services
from gongzhi.cases.enums import CaseStatus, ReviewKind
from gongzhi.cases.models import Case, ReviewRequest
from gongzhi.cases.services.supervision import sweep_run
from gongzhi.core.errors import InvalidState
from gongzhi.core.models import AuditEvent
from gongzhi.org import selectors as org_selectors
from gongzhi.org.enums import RegionLevel, Role
from gongzhi.org.models import Unit, User
from tests.cases.helpers import accepted, reload
from tests.conftest import PINGSHUI, WANGHUA, MakeStaff, centre, region

pytestmark = pytest.mark.django_db

DISTRICT = "330603000000"
CITY_OFFICE = "绍兴市人民政府信访局（测试）"


def justice_station() -> Unit:
    unit = org_selectors.unit_by_function(region=region(PINGSHUI), function="justice", level=RegionLevel.TOWN)
    assert unit is not None and unit.name == "平水镇司法所"
    return unit


def _answered_petition(clerk: User, lead: Unit, handler: User) -> Case:
    case = accepted(clerk, unit=lead, kind="petition", petition_class="claim", subject="土地承包纠纷调处不公")
    services.case_sign(actor=handler, case_id=case.pk)
    services.case_reply(
        actor=handler,
        case_id=case.pk,
        text="经调查核实，承包地界址以原承包合同为准。",
        outcome="not_support",
        basis="农村土地承包法",
    )
    return case


@pytest.fixture
def station_case(town_dispatcher: User, make_staff: MakeStaff, frozen_now: object) -> Case:
    """A petition led by 平水镇司法所 (a town station), answered."""
    handler = make_staff(justice_station(), Role.UNIT_HEAD, Role.LIAISON, Role.HANDLER, name="司法所所长")
    return _answered_petition(town_dispatcher, justice_station(), handler)


def _actions(user: User, case: Case) -> set[str]:
    return access.allowed_actions(user, selectors.case_detail(user=user, case_id=case.pk))


def _events(case: Case) -> list[str]:
    return list(
        AuditEvent.objects.filter(subject_type="case", subject_id=case.pk)
        .order_by("id")
        .values_list("action", flat=True)
    )


def _post(user: User, path: str, body: dict[str, object]) -> tuple[int, dict[str, object]]:
    client = Client(enforce_csrf_checks=False)
    client.force_login(user)
    response = client.post("/api/v1" + path, data=json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def test_re_review_of_a_district_review_is_forwarded_to_the_higher_authority(
    station_case, town_dispatcher, make_staff, settings
):
    """信访工作条例 art. 35: the 复查 goes to the body one above the lead (平水镇司法所 → the district
    centre); art. 36: the 复核 goes to the body above the 复查 body — above the district there is
    none in the system, so it is forwarded to the configured higher authority, not back to the
    district centre."""
    settings.GONGZHI = {**settings.GONGZHI, "HIGHER_REVIEW_AUTHORITY": CITY_OFFICE}
    review = services.case_request_review(
        actor=town_dispatcher, case_id=station_case.pk, reason="不服处理意见"
    )
    assert (review.kind, review.unit, review.external_body) == (ReviewKind.REVIEW, centre(DISTRICT), "")
    district_leader = make_staff(centre(DISTRICT), Role.CENTRE_LEADER, name="区中心领导")
    services.case_answer_review(
        actor=district_leader,
        case_id=station_case.pk,
        opinion="复查意见：维持原处理意见，界址认定无误。",
        outcome="not_support",
    )

    re_review = services.case_request_review(
        actor=town_dispatcher, case_id=station_case.pk, reason="不服复查意见"
    )

    assert re_review.kind == ReviewKind.RE_REVIEW
    assert (re_review.unit, re_review.external_body) == (None, CITY_OFFICE)
    assert re_review.forwarded_at is not None
    assert reload(station_case).status == CaseStatus.UNDER_REVIEW
    event = AuditEvent.objects.filter(subject_id=station_case.pk, action="case.re_review_request").get()
    assert event.after["external_body"] == CITY_OFFICE
    # nobody inside the system answers it, the district leader included
    assert "answer_review" not in _actions(district_leader, station_case)
    with pytest.raises(InvalidState) as refused:
        services.case_answer_review(
            actor=district_leader,
            case_id=station_case.pk,
            opinion="复核意见：维持复查意见，本事项处理终结。",
            outcome="not_support",
        )
    assert refused.value.code == "external_review"


def test_case_is_final_only_when_the_external_re_review_outcome_is_recorded(
    station_case, town_dispatcher, make_staff
):
    """信访工作条例 art. 36; 浙江省信访条例 art. 24 (3): the matter is concluded when the 复核 organ's
    opinion is served — while the forwarded 复核 is pending, no sweep makes it final."""
    district_leader = make_staff(centre(DISTRICT), Role.CENTRE_LEADER, name="区中心领导")
    services.case_request_review(actor=town_dispatcher, case_id=station_case.pk, reason="不服处理意见")
    services.case_answer_review(
        actor=district_leader,
        case_id=station_case.pk,
        opinion="复查意见：维持原处理意见。",
        outcome="explain",
    )
    services.case_request_review(actor=town_dispatcher, case_id=station_case.pk, reason="不服复查意见")

    sweep_run(now=timezone.now() + timedelta(days=120))
    assert reload(station_case).status == CaseStatus.UNDER_REVIEW

    district_desk = make_staff(centre(DISTRICT), Role.DISPATCHER, name="区中心分流员")
    assert "record_external_review" in _actions(district_desk, station_case)
    assert "record_external_review" not in _actions(town_dispatcher, station_case)
    received_on = timezone.localdate()
    status, body = _post(
        district_desk,
        f"/cases/{station_case.pk}/reviews/external-record",
        {
            "received_on": received_on.isoformat(),
            "outcome": "not_support",
            "text": "绍兴市复核意见：维持复查意见。",
        },
    )
    assert status == 200, body

    case = reload(station_case)
    assert case.status == CaseStatus.FINAL and case.finalised_at is not None
    request = ReviewRequest.objects.get(case=case, kind=ReviewKind.RE_REVIEW)
    assert (request.received_on, request.outcome, request.answered_by) == (
        received_on,
        "not_support",
        district_desk,
    )
    assert _events(case)[-1] == "case.re_review_record_external"


@pytest.fixture
def village_petition(village_clerk: User, village_head: User, frozen_now: object) -> Case:
    return _answered_petition(village_clerk, centre(WANGHUA), village_head)


@pytest.fixture
def two_hat_leader(make_staff: MakeStaff) -> User:
    """A leader with a role in both the 复查 body (平水镇) and the 复核 body (the district)."""
    user = make_staff(centre(PINGSHUI), Role.CENTRE_LEADER, name="兼职领导")
    from gongzhi.org import services as org_services

    org_services.membership_grant(user=user, unit=centre(DISTRICT), role=Role.CENTRE_LEADER)
    return user


def _to_re_review(case: Case, clerk: User, reviewer: User) -> None:
    review = services.case_request_review(actor=clerk, case_id=case.pk, reason="不服处理意见")
    assert review.unit == centre(PINGSHUI)
    services.case_answer_review(
        actor=reviewer,
        case_id=case.pk,
        opinion="复查意见：维持原处理意见，补偿标准无误。",
        outcome="not_support",
    )
    re_review = services.case_request_review(actor=clerk, case_id=case.pk, reason="不服复查意见")
    assert re_review.unit == centre(DISTRICT)


def test_review_answerer_cannot_answer_the_re_review(
    village_petition, village_clerk, two_hat_leader, make_staff
):
    """信访工作条例 art. 36: the 复核 is another decision than the 复查 — whoever answered the 复查
    is refused (``same_reviewer``) and not offered the answer; someone else at the 复核 body is."""
    _to_re_review(village_petition, village_clerk, two_hat_leader)
    events_before = _events(village_petition)

    assert "answer_review" not in _actions(two_hat_leader, village_petition)
    with pytest.raises(InvalidState) as refused:
        services.case_answer_review(
            actor=two_hat_leader,
            case_id=village_petition.pk,
            opinion="复核意见：维持复查意见，本事项处理终结。",
            outcome="not_support",
        )
    assert refused.value.code == "same_reviewer"
    assert reload(village_petition).status == CaseStatus.UNDER_REVIEW
    assert ReviewRequest.objects.get(case=village_petition, kind=ReviewKind.RE_REVIEW).answered_at is None
    assert _events(village_petition) == events_before

    other = make_staff(centre(DISTRICT), Role.CENTRE_LEADER, name="区中心领导")
    assert "answer_review" in _actions(other, village_petition)
    services.case_answer_review(
        actor=other,
        case_id=village_petition.pk,
        opinion="复核意见：维持复查意见，本事项处理终结。",
        outcome="explain",
    )
    assert reload(village_petition).status == CaseStatus.FINAL


def test_review_answerer_cannot_answer_the_re_review_over_rest(
    village_petition, village_clerk, two_hat_leader
):
    """信访工作条例 art. 36: the REST answer refuses the 复查's answerer the same way, changing nothing."""
    _to_re_review(village_petition, village_clerk, two_hat_leader)
    events_before = _events(village_petition)

    status, body = _post(
        two_hat_leader,
        f"/cases/{village_petition.pk}/reviews/answer",
        {"opinion": "复核意见：维持复查意见，本事项处理终结。", "outcome": "not_support"},
    )

    assert (status, body["code"]) == (409, "same_reviewer")
    assert reload(village_petition).status == CaseStatus.UNDER_REVIEW
    assert ReviewRequest.objects.get(case=village_petition, kind=ReviewKind.RE_REVIEW).answered_at is None
    assert _events(village_petition) == events_before
