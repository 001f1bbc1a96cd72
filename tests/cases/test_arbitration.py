"""Binding arbitration binds, 申请审定, and the objection period of 退单.

信访工作条例 art. 23 para. 3 (object within 5 working days of receipt), art. 24 (the common superior
decides a dispute over competence); 浙江省信访条例 arts. 20 para. 2 and 21.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from gongzhi.cases import access, selectors, services
from gongzhi.cases.enums import ArbitrationOutcome, CaseStatus, NoticeKind, ReturnReason
from gongzhi.cases.models import ArbitrationRequest, Case
from gongzhi.core.errors import InvalidState, NotFound, PermissionDenied
from gongzhi.core.models import AuditEvent
from gongzhi.org import selectors as org_selectors
from gongzhi.org.enums import RegionLevel, Role, UnitKind
from gongzhi.org.models import Unit, User
from tests.api.conftest import Api
from tests.cases.helpers import accepted, reload
from tests.conftest import MONDAY_MORNING, PINGSHUI, WANGHUA, centre, region

pytestmark = pytest.mark.django_db


def police() -> Unit:
    unit = org_selectors.unit_by_function(region=region(WANGHUA), function="police", level=RegionLevel.TOWN)
    assert unit is not None
    return unit


def other_station() -> Unit:
    unit = (
        Unit.objects.filter(region=region(PINGSHUI), kind=UnitKind.STATION, is_active=True)
        .exclude(pk=police().pk)
        .order_by("code")
        .first()
    )
    assert unit is not None
    return unit


@pytest.fixture
def police_officer(make_staff) -> User:
    return make_staff(police(), Role.LIAISON, Role.HANDLER, name="派出所联络员")


@pytest.fixture
def bound_case(town_dispatcher, police_officer, frozen_now) -> Case:
    """A town-level case returned once by the police station, then assigned to it by 审定."""
    case = accepted(town_dispatcher, unit=police())
    services.case_return(
        actor=police_officer,
        case_id=case.pk,
        reason=ReturnReason.UNCLEAR_AUTHORITY,
        text="权属不清，不属于治安事项",
    )
    return services.case_arbitrate(
        actor=town_dispatcher, case_id=case.pk, unit=police(), reason="经审定，由派出所牵头处理"
    )


def state(case: Case) -> tuple[object, ...]:
    case = reload(case)
    events = AuditEvent.objects.filter(subject_type="case", subject_id=case.pk).count()
    return (
        case.status,
        case.lead_unit_id,
        case.level,
        case.escalation_count,
        case.assignments.count(),
        events,
    )


def allowed(user: User, case: Case) -> set[str]:
    return access.allowed_actions(user, selectors.case_detail(user=user, case_id=case.pk))


def test_bound_unit_cannot_escalate(bound_case, police_officer):
    """信访工作条例 art. 24: a unit assigned by 审定 does not move the case past its arbiter."""
    before = state(bound_case)
    assert "escalate" not in allowed(police_officer, bound_case)
    with pytest.raises(InvalidState) as refused:
        services.case_escalate(actor=police_officer, case_id=bound_case.pk, reason="派出所无力解决，上报区级")
    assert refused.value.code == "binding_assignment"
    assert state(bound_case) == before


def test_bound_unit_cannot_escalate_over_rest(bound_case, police_officer):
    """信访工作条例 art. 24: the same refusal over REST, and the API offers no escalate."""
    before = state(bound_case)
    api = Api(user=police_officer)
    detail = api.get(f"/cases/{bound_case.pk}").json()
    assert "escalate" not in detail["allowed_actions"] and "request_arbitration" in detail["allowed_actions"]
    response = api.post(f"/cases/{bound_case.pk}/escalate", {"reason": "派出所无力解决，上报区级"})
    assert response.status_code == 409 and response.json()["code"] == "binding_assignment"
    assert state(bound_case) == before


def test_a_bound_centre_cannot_move_the_case_itself(village_clerk, village_head, town_dispatcher):
    """信访工作条例 art. 24: a bound centre's own dispatchers are not its arbiter."""
    case = accepted(village_clerk, unit=centre(WANGHUA))
    services.case_return(
        actor=village_head, case_id=case.pk, reason=ReturnReason.OTHER, text="应由镇里统筹处理"
    )
    services.case_arbitrate(
        actor=town_dispatcher, case_id=case.pk, unit=centre(WANGHUA), reason="经审定，由村里处理"
    )
    before = state(case)
    assert not {"escalate", "transfer"} & allowed(village_clerk, case)
    with pytest.raises(InvalidState) as refused:
        services.case_transfer(actor=village_clerk, case_id=case.pk, unit=centre(PINGSHUI), reason="转镇里")
    assert refused.value.code == "binding_assignment"
    with pytest.raises(InvalidState):
        services.case_escalate(actor=village_clerk, case_id=case.pk, reason="村级无法处理，上报")
    assert state(case) == before


def test_the_arbiter_still_escalates_and_transfers(bound_case, town_dispatcher, police_officer):
    """信访工作条例 art. 24: the arbitrating centre's dispatchers may still move a bound case."""
    assert "escalate" not in allowed(police_officer, bound_case)
    assert {"escalate", "transfer"} <= allowed(town_dispatcher, bound_case)
    case = services.case_transfer(
        actor=town_dispatcher, case_id=bound_case.pk, unit=other_station(), reason="改由其他站所处理"
    )
    assert case.lead_unit == other_station()
    case = services.case_escalate(actor=town_dispatcher, case_id=case.pk, reason="涉及多个部门，需区级统筹")
    assert case.level == RegionLevel.DISTRICT and case.lead_unit == centre("330603000000")


def test_bound_unit_asks_for_arbitration(bound_case, police_officer, town_dispatcher):
    """信访工作条例 art. 24: the bound unit asks the centre at the case's level to decide."""
    api = Api(user=police_officer)
    response = api.post(
        f"/cases/{bound_case.pk}/arbitration-request", {"reason": "此事属于邻里纠纷，应由司法所调处"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["object_type"] == "arbitration_request"
    request = ArbitrationRequest.objects.get(pk=body["object_id"])
    assert request.unit == police() and request.centre == centre(PINGSHUI) and request.decided_at is None
    assert request.requested_by == police_officer
    # on the timeline, notified to the centre, and in the centre's queue
    timeline = [e["action"] for e in api.get(f"/cases/{bound_case.pk}/timeline").json()]
    assert timeline[-1] == "case.arbitration_request"
    assert (
        reload(bound_case)
        .notices.filter(kind=NoticeKind.SUPERVISION, recipient=centre(PINGSHUI).name, title="申请审定")
        .exists()
    )
    desk = Api(user=town_dispatcher)
    assert desk.get("/cases/queue").json()["arbitration"] == 1
    detail = desk.get(f"/cases/{bound_case.pk}").json()
    assert detail["arbitration_requests"][0]["reason"] == "此事属于邻里纠纷，应由司法所调处"
    assert "arbitration_decide" in detail["allowed_actions"]
    assert "request_arbitration" not in api.get(f"/cases/{bound_case.pk}").json()["allowed_actions"]


def test_a_second_open_request_is_refused(bound_case, police_officer):
    """信访工作条例 art. 24: one open request per case."""
    services.case_request_arbitration(actor=police_officer, case_id=bound_case.pk, reason="应由司法所调处")
    before = state(bound_case)
    with pytest.raises(InvalidState) as refused:
        services.case_request_arbitration(actor=police_officer, case_id=bound_case.pk, reason="再次申请审定")
    assert refused.value.code == "arbitration_request_open"
    assert state(bound_case) == before and ArbitrationRequest.objects.filter(case=bound_case).count() == 1


def test_a_unit_out_of_returns_asks_for_arbitration(town_dispatcher, police_officer, make_staff, settings):
    """信访工作条例 art. 24: past the return limit the unit asks for arbitration, not before."""
    settings.GONGZHI = {**settings.GONGZHI, "MAX_RETURNS": 1}
    case = accepted(town_dispatcher, unit=other_station())
    other = make_staff(other_station(), Role.LIAISON)
    with pytest.raises(InvalidState) as refused:
        services.case_request_arbitration(actor=other, case_id=case.pk, reason="不属于本站职责")
    assert refused.value.code == "arbitration_not_needed"
    services.case_return(actor=other, case_id=case.pk, reason=ReturnReason.OTHER, text="不属于本站职责")
    services.case_dispatch(actor=town_dispatcher, case_id=case.pk, unit=police())
    assert {"request_arbitration"} <= allowed(police_officer, case) and "return" not in allowed(
        police_officer, case
    )
    request = services.case_request_arbitration(
        actor=police_officer, case_id=case.pk, reason="不属于治安事项"
    )
    assert request.decided_at is None


def test_decision_with_a_unit_makes_it_the_binding_lead(bound_case, police_officer, town_dispatcher):
    """信访工作条例 art. 24: the centre's decision names a new lead, which is bound in turn."""
    services.case_request_arbitration(actor=police_officer, case_id=bound_case.pk, reason="应由其他站所处理")
    response = Api(user=town_dispatcher).post(
        f"/cases/{bound_case.pk}/arbitration-decision",
        {"unit": other_station().code, "reason": "经审定，改由该站所牵头处理"},
    )
    assert response.status_code == 200, response.content
    case = reload(bound_case)
    assert case.lead_unit == other_station() and case.status == CaseStatus.DISPATCHED
    lead = case.assignments.get(role="lead", is_active=True)
    assert lead.is_binding and lead.unit == other_station()
    request = case.arbitration_requests.get()
    assert request.outcome == ArbitrationOutcome.REASSIGNED and request.assigned_unit == other_station()
    assert request.decided_by == town_dispatcher
    assert AuditEvent.objects.filter(subject_id=case.pk, action="case.arbitration_decide").exists()
    with pytest.raises(NotFound):  # the police station no longer holds the case
        services.case_request_arbitration(actor=police_officer, case_id=case.pk, reason="再次申请")


def test_decision_without_a_unit_refuses_and_keeps_the_case(bound_case, police_officer, town_dispatcher):
    """信访工作条例 art. 24: a refused request closes; the case stays with the bound unit."""
    services.case_request_arbitration(actor=police_officer, case_id=bound_case.pk, reason="应由其他站所处理")
    before = reload(bound_case)
    services.case_arbitration_decide(
        actor=town_dispatcher, case_id=bound_case.pk, unit=None, reason="维持原审定，由派出所处理"
    )
    case = reload(bound_case)
    assert (case.status, case.lead_unit_id, case.level, case.handler_id) == (
        before.status,
        before.lead_unit_id,
        before.level,
        before.handler_id,
    )
    request = case.arbitration_requests.get()
    assert request.outcome == ArbitrationOutcome.REFUSED and request.decided_at is not None
    assert "arbitration_decide" not in allowed(town_dispatcher, case)
    assert case.notices.filter(recipient=police().name, title="审定结果").exists()


def test_strangers_neither_request_nor_decide(
    bound_case, police_officer, town_dispatcher, stranger_clerk, village_head, market_liaison
):
    """信访工作条例 art. 24: only the lead unit asks, and only a covering centre decides."""
    services.case_request_arbitration(actor=police_officer, case_id=bound_case.pk, reason="应由其他站所处理")
    before = state(bound_case)
    for outsider in (stranger_clerk, market_liaison):  # they do not see the case
        with pytest.raises(NotFound):
            services.case_arbitration_decide(
                actor=outsider, case_id=bound_case.pk, unit=None, reason="我来审定"
            )
        assert (
            Api(user=outsider)
            .post(f"/cases/{bound_case.pk}/arbitration-request", {"reason": "我也申请审定"})
            .status_code
            == 404
        )
    # The village sees the case (its locality) but holds no post to act on it.
    with pytest.raises(PermissionDenied):
        services.case_arbitration_decide(
            actor=village_head, case_id=bound_case.pk, unit=None, reason="我来审定"
        )
    response = Api(user=village_head).post(
        f"/cases/{bound_case.pk}/arbitration-decision", {"reason": "我来审定"}
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.case_request_arbitration(actor=village_head, case_id=bound_case.pk, reason="我也申请审定")
    assert state(bound_case) == before
    assert ArbitrationRequest.objects.get(case=bound_case).decided_at is None


# --- the objection period of 退单 -----------------------------------------------------------------

THURSDAY = datetime.fromisoformat("2026-12-03T10:00:00+08:00")


def test_return_allowed_on_the_fifth_working_day_refused_the_next(clock, town_dispatcher, police_officer):
    """信访工作条例 art. 23 para. 3: object within 5 working days of receipt.

    Received on Thursday 2026-12-03: the days are Fri 4, Mon 7, Tue 8, Wed 9, Thu 10 — the
    weekend does not count, so the period ends at the end of Thursday 2026-12-10.
    """
    clock.move_to(THURSDAY)
    first = accepted(town_dispatcher, unit=police())
    second = accepted(town_dispatcher, unit=police())
    clock.move_to(datetime.fromisoformat("2026-12-10T23:30:00+08:00"))
    assert "return" in allowed(police_officer, first)
    case = services.case_return(
        actor=police_officer, case_id=first.pk, reason=ReturnReason.OTHER, text="不属于治安事项"
    )
    assert case.status == CaseStatus.RETURNED
    clock.move_to(datetime.fromisoformat("2026-12-11T00:00:01+08:00"))
    assert "return" not in allowed(police_officer, second)
    before = state(second)
    with pytest.raises(InvalidState) as refused:
        services.case_return(
            actor=police_officer, case_id=second.pk, reason=ReturnReason.OTHER, text="不属于治安事项"
        )
    assert refused.value.code == "return_window_closed"
    assert "2026年12月10日" in refused.value.message_zh and "2026-12-10" in refused.value.message_en
    assert state(second) == before


def test_the_objection_period_counts_from_the_current_assignment(
    clock, town_dispatcher, police_officer, settings
):
    """信访工作条例 art. 23 para. 3: receipt is the dispatch or transfer to this unit; a setting."""
    clock.move_to(MONDAY_MORNING)
    case = accepted(town_dispatcher, unit=other_station())
    clock.move_to(datetime.fromisoformat("2026-12-09T09:00:00+08:00"))  # 7 working days on
    services.case_transfer(actor=town_dispatcher, case_id=case.pk, unit=police(), reason="改由派出所处理")
    clock.move_to(datetime.fromisoformat("2026-12-11T09:00:00+08:00"))  # 2 working days after receipt
    settings.GONGZHI = {**settings.GONGZHI, "RETURN_WORKING_DAYS": 1}
    response = Api(user=police_officer).post(
        f"/cases/{case.pk}/return", {"reason": "other", "text": "不属于治安事项"}
    )
    assert response.status_code == 409 and response.json()["code"] == "return_window_closed"
    settings.GONGZHI = {**settings.GONGZHI, "RETURN_WORKING_DAYS": 5}
    services.case_return(
        actor=police_officer, case_id=case.pk, reason=ReturnReason.OTHER, text="不属于治安事项"
    )
    assert reload(case).status == CaseStatus.RETURNED


def test_the_case_page_offers_the_request_and_the_decision(bound_case, police_officer, town_dispatcher):
    """信访工作条例 art. 24: the page offers 申请审定 to the bound unit and the decision to the centre."""
    officer = Api(user=police_officer).client
    page = officer.get(f"/cases/{bound_case.pk}/").content.decode()
    assert 'id="action-request_arbitration"' in page and 'id="action-escalate"' not in page
    officer.post(
        f"/cases/{bound_case.pk}/do/request_arbitration", {"request_arbitration-reason": "应由司法所调处"}
    )
    assert ArbitrationRequest.objects.filter(case=bound_case, decided_at__isnull=True).count() == 1
    desk = Api(user=town_dispatcher).client
    page = desk.get(f"/cases/{bound_case.pk}/").content.decode()
    assert 'id="action-arbitration_decide"' in page and "应由司法所调处" in page
    desk.post(
        f"/cases/{bound_case.pk}/do/arbitration_decide",
        {"arbitration_decide-unit": str(other_station().pk), "arbitration_decide-reason": "改由该站所处理"},
    )
    assert reload(bound_case).lead_unit == other_station()
