from __future__ import annotations

import pytest

from gongzhi.cases import services
from gongzhi.cases.enums import AssignmentStatus, CaseStatus, ReturnReason
from gongzhi.cases.models import Case
from gongzhi.cases.services import CoUnitTask
from gongzhi.core.errors import InvalidState, NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.models import AuditEvent
from gongzhi.org.enums import RegionLevel
from tests.cases.helpers import accepted, reload
from tests.conftest import PINGSHUI, WANGHUA, centre, district_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def housing_case(town_dispatcher):
    return accepted(town_dispatcher, unit=district_unit("housing"))


def test_liaison_signs_and_names_a_handler(housing_case, housing_liaison):
    case = services.case_sign(actor=housing_liaison, case_id=housing_case.pk)
    assert case.status == CaseStatus.IN_PROGRESS and case.handler == housing_liaison
    assert case.assignments.get(is_active=True).status == AssignmentStatus.IN_PROGRESS


def test_sign_refused_for_another_unit_and_for_a_handler_outside_the_unit(
    housing_case, market_liaison, housing_liaison
):
    with pytest.raises(NotFound):  # the market bureau does not even see the case
        services.case_sign(actor=market_liaison, case_id=housing_case.pk)
    with pytest.raises(ValidationFailed):
        services.case_sign(actor=housing_liaison, case_id=housing_case.pk, handler=market_liaison)
    assert reload(housing_case).status == CaseStatus.DISPATCHED


def test_return_needs_a_structured_reason_and_goes_back_to_the_dispatcher(
    housing_case, housing_liaison, town_dispatcher
):
    with pytest.raises(ValidationFailed):
        services.case_return(actor=housing_liaison, case_id=housing_case.pk, reason="lazy", text="不归我们管")
    with pytest.raises(ValidationFailed):
        services.case_return(
            actor=housing_liaison, case_id=housing_case.pk, reason=ReturnReason.OTHER, text=""
        )
    case = services.case_return(
        actor=housing_liaison,
        case_id=housing_case.pk,
        reason=ReturnReason.OVERLAPPING_FUNCTIONS,
        text="路灯属综合执法部门管理",
    )
    assert case.status == CaseStatus.RETURNED and case.lead_unit is None and case.return_count == 1
    # The returning unit no longer sees the case; the dispatcher does.
    with pytest.raises(NotFound):
        services.case_sign(actor=housing_liaison, case_id=case.pk)
    case = services.case_dispatch(actor=town_dispatcher, case_id=case.pk, unit=district_unit("enforcement"))
    assert case.status == CaseStatus.DISPATCHED and case.returns.get().resolved_at is not None


def test_returns_are_limited_then_arbitration_is_binding(
    housing_case, housing_liaison, town_dispatcher, settings
):
    settings.GONGZHI = {**settings.GONGZHI, "MAX_RETURNS": 1}
    services.case_return(
        actor=housing_liaison,
        case_id=housing_case.pk,
        reason=ReturnReason.UNCLEAR_AUTHORITY,
        text="权属不清，请核实",
    )
    services.case_dispatch(actor=town_dispatcher, case_id=housing_case.pk, unit=district_unit("housing"))
    with pytest.raises(InvalidState) as refused:
        services.case_return(
            actor=housing_liaison, case_id=housing_case.pk, reason=ReturnReason.OTHER, text="还是不归我们"
        )
    assert refused.value.code == "return_limit"


def test_arbitrated_case_cannot_be_returned(housing_case, housing_liaison, town_dispatcher):
    services.case_return(
        actor=housing_liaison,
        case_id=housing_case.pk,
        reason=ReturnReason.WRONG_LOCALITY,
        text="属地不符，应由镇处理",
    )
    with pytest.raises(ValidationFailed):
        services.case_arbitrate(
            actor=town_dispatcher, case_id=housing_case.pk, unit=district_unit("housing"), reason=""
        )
    case = services.case_arbitrate(
        actor=town_dispatcher,
        case_id=housing_case.pk,
        unit=district_unit("housing"),
        reason="经审定，路灯建设属住建职责",
    )
    assert case.returns.get().is_arbitrated is True
    with pytest.raises(InvalidState) as refused:
        services.case_return(
            actor=housing_liaison, case_id=case.pk, reason=ReturnReason.OTHER, text="再退一次"
        )
    assert refused.value.code == "binding_assignment"


def test_arbitrate_refused_when_not_returned(housing_case, town_dispatcher):
    with pytest.raises(InvalidState):
        services.case_arbitrate(
            actor=town_dispatcher, case_id=housing_case.pk, unit=district_unit("housing"), reason="审定"
        )


def test_transfer_moves_the_lead_and_keeps_the_deadline(housing_case, town_dispatcher, housing_liaison):
    due = housing_case.due_at
    with pytest.raises(PermissionDenied):
        services.case_transfer(
            actor=housing_liaison, case_id=housing_case.pk, unit=district_unit("market"), reason="转市场监管"
        )
    case = services.case_transfer(
        actor=town_dispatcher,
        case_id=housing_case.pk,
        unit=district_unit("market"),
        reason="涉及商户经营，转市场监管",
    )
    assert case.lead_unit == district_unit("market") and case.due_at == due


def test_escalate_from_village_to_town_to_district_then_refuse(village_clerk, village_head, town_dispatcher):
    case = accepted(village_clerk, unit=centre(WANGHUA))
    assert case.level == RegionLevel.VILLAGE
    with pytest.raises(ValidationFailed):
        services.case_escalate(actor=village_head, case_id=case.pk, reason="")
    case = services.case_escalate(actor=village_head, case_id=case.pk, reason="村级调解未果，需镇协调")
    assert (
        case.level == RegionLevel.TOWN and case.lead_unit == centre(PINGSHUI) and case.escalation_count == 1
    )
    case = services.case_escalate(actor=town_dispatcher, case_id=case.pk, reason="涉及多个部门，需区级统筹")
    assert case.level == RegionLevel.DISTRICT
    with pytest.raises(InvalidState) as refused:
        services.case_escalate(actor=town_dispatcher, case_id=case.pk, reason="再上报一次")
    assert refused.value.code == "top_level"


def test_town_centre_assigns_an_escalated_case_down_to_a_station(village_clerk, village_head, make_staff):
    from gongzhi.org.enums import Role

    case = accepted(village_clerk, unit=centre(WANGHUA))
    case = services.case_escalate(actor=village_head, case_id=case.pk, reason="村级无法处理，上报镇里")
    town_desk = make_staff(centre(PINGSHUI), Role.DISPATCHER)
    from gongzhi.org import selectors as org_selectors

    police = org_selectors.unit_by_function(region=case.region, function="police", level=RegionLevel.TOWN)
    case = services.case_assign_down(
        actor=town_desk, case_id=case.pk, unit=police, reason="请派出所核查处理并反馈"
    )
    assert case.lead_unit == police and case.level == RegionLevel.TOWN
    with pytest.raises(PermissionDenied):  # only the holder of the case assigns it down
        services.case_assign_down(
            actor=village_head, case_id=case.pk, unit=centre(WANGHUA), reason="交回村里"
        )


def test_joint_handling_waits_for_every_co_unit(
    housing_case, town_dispatcher, housing_liaison, market_liaison, environment_liaison
):
    services.case_sign(actor=housing_liaison, case_id=housing_case.pk)
    co = services.case_add_co_units(
        actor=town_dispatcher,
        case_id=housing_case.pk,
        tasks=[
            CoUnitTask(unit=district_unit("market"), task="核查沿街商户占道情况"),
            CoUnitTask(unit=district_unit("environment"), task="核查油烟排放"),
        ],
    )
    assert {a.due_at for a in co} and all(a.due_at < housing_case.due_at for a in co)
    with pytest.raises(ValidationFailed):  # the same unit twice
        services.case_add_co_units(
            actor=town_dispatcher,
            case_id=housing_case.pk,
            tasks=[CoUnitTask(unit=district_unit("market"), task="再查一次")],
        )
    services.subtask_sign(actor=market_liaison, case_id=housing_case.pk)
    services.subtask_answer(actor=market_liaison, case_id=housing_case.pk, answer="已责令三家商户整改占道")
    with pytest.raises(InvalidState) as refused:
        services.case_reply(
            actor=housing_liaison, case_id=housing_case.pk, text="经联合处理，问题已解决，路灯已修复。"
        )
    assert refused.value.code == "subtasks_open"
    services.subtask_answer(actor=environment_liaison, case_id=housing_case.pk, answer="油烟净化设施已加装")
    reply = services.case_reply(
        actor=housing_liaison,
        case_id=housing_case.pk,
        text="经住建、市场监管、生态环境联合处理，问题已解决。",
    )
    assert reload(housing_case).status == CaseStatus.REPLIED and reply.unit == district_unit("housing")


def test_co_unit_cannot_act_as_lead_and_stranger_cannot_answer(
    housing_case, town_dispatcher, market_liaison, environment_liaison
):
    services.case_add_co_units(
        actor=town_dispatcher,
        case_id=housing_case.pk,
        tasks=[CoUnitTask(unit=district_unit("market"), task="核查")],
    )
    with pytest.raises(PermissionDenied):
        services.case_sign(actor=market_liaison, case_id=housing_case.pk)
    with pytest.raises(NotFound):
        services.subtask_answer(actor=environment_liaison, case_id=housing_case.pk, answer="与我无关的意见")


def test_notes_by_participants_only(housing_case, housing_liaison, stranger_clerk):
    note = services.case_add_note(
        actor=housing_liaison, case_id=housing_case.pk, text="已现场查看，三盏路灯损坏"
    )
    assert note.unit == district_unit("housing")
    with pytest.raises(NotFound):
        services.case_add_note(actor=stranger_clerk, case_id=housing_case.pk, text="路过看看")
    assert (
        AuditEvent.objects.filter(subject_type="case", subject_id=housing_case.pk, action="case.note").count()
        == 1
    )


def test_supervisor_presses_the_lead_unit(housing_case, town_leader, housing_liaison):
    with pytest.raises(PermissionDenied):
        services.case_supervise(actor=housing_liaison, case_id=housing_case.pk, note="自己督办自己")
    case = services.case_supervise(actor=town_leader, case_id=housing_case.pk, note="请三日内答复群众")
    assert case.supervised_at is not None
    assert Case.objects.get(pk=case.pk).notices.filter(kind="supervision").exists()
