"""Handling: dispatch (631), sign, return and arbitrate, transfer, escalate and assign down,
joint handling with co-units, handling notes, supervision.

A unit that holds a matter not its own objects (退单) within the objection period; when it may no
longer object (bound by 审定, or out of returns) it asks the common superior to decide (申请审定),
and a bound unit never moves the case on by itself (信访工作条例 arts. 23–24; 浙江省信访条例
arts. 20–21).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gongzhi.cases import access, accusations, deadlines, recusal
from gongzhi.cases.enums import (
    ArbitrationOutcome,
    AssignmentRole,
    AssignmentStatus,
    CaseStatus,
    NoticeKind,
    ReturnReason,
)
from gongzhi.cases.events import case_event, snapshot
from gongzhi.cases.models import Assignment, Case, HandlingNote, Return
from gongzhi.cases.services._common import lock_case, require_status, require_text
from gongzhi.cases.services.notices import notice_to_unit
from gongzhi.core.conf import rule_int
from gongzhi.core.errors import InvalidState, PermissionDenied, ValidationFailed
from gongzhi.org import selectors as org_selectors
from gongzhi.org.enums import RegionLevel, Role
from gongzhi.org.models import Unit, User
from gongzhi.routing import selectors as routing_selectors

LEVEL_ORDER = [RegionLevel.VILLAGE, RegionLevel.TOWN, RegionLevel.DISTRICT]
ACTIVE_HANDLING = (CaseStatus.DISPATCHED, CaseStatus.IN_PROGRESS)


def _lead_assignment(case: Case) -> Assignment | None:
    return case.assignments.filter(role=AssignmentRole.LEAD, is_active=True).first()


def _set_lead(case: Case, unit: Unit, *, binding: bool = False, task: str = "") -> Assignment:
    """Make ``unit`` the lead: the old lead assignment ends, the case moves to the unit's level.

    Every service that names a lead comes through here, so here the accused of an accusation is
    refused (信访工作条例 art. 30).
    """
    accusations.require_not_accused(case, unit)
    if not unit.is_active:
        raise ValidationFailed(
            "该单位已停用", "the unit is inactive", code="unit_inactive", detail={"field": "unit"}
        )
    case.assignments.filter(role=AssignmentRole.LEAD, is_active=True).update(is_active=False)
    # A request for arbitration is about the lead it came from; a new lead answers it.
    case.arbitration_requests.filter(decided_at__isnull=True).update(
        decided_at=timezone.now(), outcome=ArbitrationOutcome.SUPERSEDED
    )
    # A co-unit that becomes the lead keeps one active assignment only.
    case.assignments.filter(unit=unit, is_active=True).update(
        is_active=False, status=AssignmentStatus.CANCELLED
    )
    assignment = Assignment.objects.create(
        case=case, unit=unit, role=AssignmentRole.LEAD, task=task, due_at=case.due_at, is_binding=binding
    )
    case.lead_unit = unit
    case.level = unit.level if unit.level in LEVEL_ORDER else RegionLevel.DISTRICT
    case.handler = None
    case.status = CaseStatus.DISPATCHED
    case.dispatched_at = timezone.now()
    case.signed_at = None
    return assignment


def _require_not_bound(actor: User, case: Case, *, action_zh: str, action_en: str) -> None:
    """A lead assignment made by 审定 binds the lead unit: only an arbiter (a covering centre's
    dispatchers, not the bound unit) moves the case on (信访工作条例 art. 24; 浙江省信访条例 art. 21)."""
    lead = _lead_assignment(case)
    if lead is not None and lead.is_binding and not access.is_arbiter(actor, case):
        raise InvalidState(
            f"该事项经审定交办，承办单位不能{action_zh}；如有异议请申请审定",
            f"the case was assigned by arbitration; the bound unit cannot {action_en} it, "
            "but may ask for arbitration",
            code="binding_assignment",
        )


def _routed_unit(case: Case) -> Unit | None:
    """The unit the responsibility list names at the lowest competent level (631).

    An accusation never goes to the accused or a unit under it (信访工作条例 art. 30): when the
    list names one, the centre of that level takes the case, else the next level up.
    """
    level = routing_selectors.lowest_competent_level(category=case.category, region=case.region)
    unit = routing_selectors.responsible_unit(category=case.category, region=case.region, level=level)
    if not accusations.unit_is_barred(case, unit):
        return unit
    start = LEVEL_ORDER.index(RegionLevel(level)) if level in LEVEL_ORDER else 0
    for upper in LEVEL_ORDER[start:]:
        for candidate in (
            routing_selectors.responsible_unit(category=case.category, region=case.region, level=upper),
            org_selectors.centre_at_level(region=case.region, level=upper),
        ):
            if candidate is not None and not accusations.unit_is_barred(case, candidate):
                return candidate
    return None


def dispatch_locked(*, case: Case, actor: User, unit: Unit | None, reason: str, action: str) -> Case:
    """Route a locked, accepted case: to ``unit``, or by the responsibility list at the lowest
    competent level (631: village first, then town, then district)."""
    if unit is None:
        unit = _routed_unit(case)
        if unit is None:
            raise InvalidState(
                "权责清单未能确定承办单位，请手动指定",
                "the responsibility list names no unit; choose one",
                code="no_responsible_unit",
            )
    before = snapshot(case, "status", "lead_unit", "level")
    _set_lead(case, unit)
    case.save()
    case.returns.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
    case_event(
        case=case,
        actor=actor,
        action=action,
        before=before,
        after=snapshot(case, "status", "lead_unit", "level"),
        reason=reason,
    )
    return case


@transaction.atomic
def case_dispatch(*, actor: User, case_id: int, unit: Unit | None = None, reason: str = "") -> Case:
    """分流/派单: an accepted case, or one returned (退单), goes to a unit."""
    case = lock_case(actor, case_id)
    require_status(case, [CaseStatus.REGISTERED, CaseStatus.RETURNED], action_zh="分流", action_en="dispatch")
    if case.accepted_at is None:
        raise InvalidState(
            "事项尚未受理，不能分流", "accept the case before dispatching it", code="not_accepted_yet"
        )
    access.require_centre_role(actor, case, access.CENTRE_DISPATCH_ROLES)
    return dispatch_locked(case=case, actor=actor, unit=unit, reason=reason, action="case.dispatch")


@transaction.atomic
def case_sign(*, actor: User, case_id: int, handler: User | None = None) -> Case:
    """签收: the lead unit's liaison acknowledges the case and names a handler.

    A handler who must withdraw (信访工作条例 art. 28 para. 3; ``recusal.handler_conflict``) is
    refused with ``recusal``, whoever names them.
    """
    case = lock_case(actor, case_id)
    require_status(case, [CaseStatus.DISPATCHED], action_zh="签收", action_en="sign for")
    unit = access.require_case_unit_role(actor, case)
    handler = handler or actor
    if not any(m.unit_id == unit.pk for m in org_selectors.memberships_for_user(user=handler)):
        raise ValidationFailed(
            "承办人须是本单位人员",
            "the handler must belong to the unit",
            code="handler_not_in_unit",
            detail={"field": "handler"},
        )
    recusal.require_no_conflict(case, handler)
    before = snapshot(case, "status", "handler")
    case.status = CaseStatus.IN_PROGRESS
    case.handler = handler
    case.signed_at = timezone.now()
    case.save()
    case.assignments.filter(role=AssignmentRole.LEAD, is_active=True).update(
        status=AssignmentStatus.IN_PROGRESS, handler=handler
    )
    case_event(
        case=case, actor=actor, action="case.sign", before=before, after=snapshot(case, "status", "handler")
    )
    return case


@transaction.atomic
def case_return(*, actor: User, case_id: int, reason: str, text: str) -> Case:
    """退单: the lead unit sends the case back to the dispatcher with a structured reason.

    1. A case assigned by arbitration (审定) cannot be returned again.
    2. Returns are counted and limited (``MAX_RETURNS``); past the limit the unit asks for
       arbitration (:func:`case_request_arbitration`).
    3. A return is the unit's objection that the matter is not its own, due within
       ``RETURN_WORKING_DAYS`` (5) working days of receipt — from the creation of the current lead
       assignment (dispatch, transfer, escalation), to the end of the last day (信访工作条例
       art. 23 para. 3; 浙江省信访条例 art. 20 para. 2).
    """
    if reason not in ReturnReason.values:
        raise ValidationFailed(
            "请选择退单理由", "choose a return reason", code="invalid_reason", detail={"field": "reason"}
        )
    text = require_text(text, field="text", label_zh="退单说明", label_en="explanation", min_length=4)
    case = lock_case(actor, case_id)
    require_status(case, ACTIVE_HANDLING, action_zh="退单", action_en="return")
    unit = access.require_case_unit_role(actor, case)
    lead = _lead_assignment(case)
    if lead is not None and lead.is_binding:
        raise InvalidState(
            "该事项经审定交办，不能再退单",
            "the case was assigned by arbitration and cannot be returned",
            code="binding_assignment",
        )
    if case.return_count >= rule_int("MAX_RETURNS"):
        raise InvalidState(
            "退单次数已达上限，请申请审定",
            "the return limit is reached; ask for arbitration",
            code="return_limit",
        )
    if lead is not None:
        window = deadlines.return_deadline(lead.created_at)
        if timezone.now() > window.at:
            ends = timezone.localtime(window.at).date()
            raise InvalidState(
                f"收到事项已超过{rule_int('RETURN_WORKING_DAYS')}个工作日，退单期限已于{ends:%Y年%m月%d日}届满",
                f"the objection period ended on {ends.isoformat()}; the case can no longer be returned",
                code="return_window_closed",
                detail={"return_deadline": window.at.isoformat()},
            )
    before = snapshot(case, "status", "lead_unit", "return_count")
    Return.objects.create(case=case, unit=unit, reason=reason, text=text, returned_by=actor)
    case.assignments.filter(role=AssignmentRole.LEAD, is_active=True).update(
        is_active=False, status=AssignmentStatus.RETURNED
    )
    case.status = CaseStatus.RETURNED
    case.lead_unit = None
    case.handler = None
    case.return_count += 1
    case.save()
    case_event(
        case=case,
        actor=actor,
        action="case.return",
        before=before,
        after=snapshot(case, "status", "return_count") | {"reason": reason},
        reason=text,
    )
    return case


@transaction.atomic
def case_arbitrate(*, actor: User, case_id: int, unit: Unit, reason: str) -> Case:
    """审定: the dispatcher's binding decision on a returned case; the unit cannot return it again."""
    reason = require_text(reason, field="reason", label_zh="审定意见", label_en="arbitration reason")
    case = lock_case(actor, case_id)
    require_status(case, [CaseStatus.RETURNED], action_zh="审定", action_en="arbitrate")
    access.require_centre_role(actor, case, access.CENTRE_DISPATCH_ROLES)
    before = snapshot(case, "status", "lead_unit")
    _set_lead(case, unit, binding=True, task=reason)
    case.save()
    case.returns.filter(resolved_at__isnull=True).update(resolved_at=timezone.now(), is_arbitrated=True)
    case_event(
        case=case,
        actor=actor,
        action="case.arbitrate",
        before=before,
        after=snapshot(case, "status", "lead_unit"),
        reason=reason,
    )
    notice_to_unit(
        case=case,
        unit=unit,
        kind=NoticeKind.SUPERVISION,
        title="审定交办",
        body=f"事项「{case.subject}」经审定由贵单位承办：{reason}",
    )
    return case


@transaction.atomic
def case_transfer(*, actor: User, case_id: int, unit: Unit, reason: str) -> Case:
    """转办: the centre moves a case in hand to another unit; the deadline keeps running."""
    reason = require_text(reason, field="reason", label_zh="转办理由", label_en="reason")
    case = lock_case(actor, case_id)
    require_status(case, ACTIVE_HANDLING, action_zh="转办", action_en="transfer")
    access.require_centre_role(actor, case, access.CENTRE_DISPATCH_ROLES)
    _require_not_bound(actor, case, action_zh="转办", action_en="transfer")
    if case.lead_unit_id == unit.pk:
        raise ValidationFailed(
            "已由该单位承办", "the unit already leads this case", code="same_unit", detail={"field": "unit"}
        )
    before = snapshot(case, "status", "lead_unit", "level")
    _set_lead(case, unit)
    case.save()
    case_event(
        case=case,
        actor=actor,
        action="case.transfer",
        before=before,
        after=snapshot(case, "status", "lead_unit", "level"),
        reason=reason,
    )
    return case


@transaction.atomic
def case_escalate(*, actor: User, case_id: int, reason: str) -> Case:
    """上报: one level up (village → town → district) to that level's centre, with a reason.

    A unit bound by 审定 does not escalate; the arbiter may (:func:`_require_not_bound`).
    """
    reason = require_text(reason, field="reason", label_zh="上报理由", label_en="reason", min_length=4)
    case = lock_case(actor, case_id)
    require_status(case, [*ACTIVE_HANDLING, CaseStatus.RETURNED], action_zh="上报", action_en="escalate")
    try:
        access.require_case_unit_role(
            actor, case, (*access.STAFF_ACTING_ROLES, Role.DISPATCHER, Role.CENTRE_LEADER)
        )
    except (PermissionDenied, InvalidState):
        access.require_centre_role(actor, case, access.CENTRE_DISPATCH_ROLES)
    _require_not_bound(actor, case, action_zh="上报", action_en="escalate")
    current = case.level or RegionLevel.VILLAGE
    if current == RegionLevel.DISTRICT:
        raise InvalidState("已在区级，不能再上报", "the case is already at district level", code="top_level")
    target_level = LEVEL_ORDER[LEVEL_ORDER.index(RegionLevel(current)) + 1]
    centre = org_selectors.centre_at_level(region=case.region, level=target_level)
    if centre is None:
        raise InvalidState("上一级没有社会治理中心", "no centre at the next level", code="no_upper_centre")
    before = snapshot(case, "status", "lead_unit", "level", "escalation_count")
    _set_lead(case, centre)
    case.escalation_count += 1
    case.save()
    case_event(
        case=case,
        actor=actor,
        action="case.escalate",
        before=before,
        after=snapshot(case, "status", "lead_unit", "level", "escalation_count"),
        reason=reason,
    )
    notice_to_unit(
        case=case,
        unit=centre,
        kind=NoticeKind.SUPERVISION,
        title="事项上报",
        body=f"事项「{case.subject}」由下级上报：{reason}",
    )
    return case


@transaction.atomic
def case_assign_down(*, actor: User, case_id: int, unit: Unit, reason: str) -> Case:
    """交办: the centre that holds a case assigns it to a unit at its own level or below."""
    reason = require_text(reason, field="reason", label_zh="交办要求", label_en="instructions")
    case = lock_case(actor, case_id)
    require_status(case, ACTIVE_HANDLING, action_zh="交办", action_en="assign down")
    centre = access.require_case_unit_role(actor, case, (Role.DISPATCHER, Role.CENTRE_LEADER, Role.UNIT_HEAD))
    if LEVEL_ORDER.index(RegionLevel(unit.level)) > LEVEL_ORDER.index(RegionLevel(centre.level)):
        raise ValidationFailed(
            "只能交办给同级或下级单位",
            "assign down only to a unit at the same level or below",
            code="not_lower_unit",
            detail={"field": "unit"},
        )
    if unit.pk == centre.pk:
        raise ValidationFailed(
            "不能交办给本单位",
            "cannot assign a case to its own holder",
            code="same_unit",
            detail={"field": "unit"},
        )
    before = snapshot(case, "status", "lead_unit", "level")
    _set_lead(case, unit, task=reason)
    case.save()
    case_event(
        case=case,
        actor=actor,
        action="case.assign_down",
        before=before,
        after=snapshot(case, "status", "lead_unit", "level"),
        reason=reason,
    )
    notice_to_unit(
        case=case,
        unit=unit,
        kind=NoticeKind.SUPERVISION,
        title="交办通知",
        body=f"事项「{case.subject}」交由贵单位办理：{reason}",
    )
    return case


@dataclass(frozen=True)
class CoUnitTask:
    unit: Unit
    task: str


@transaction.atomic
def case_add_co_units(*, actor: User, case_id: int, tasks: Sequence[CoUnitTask]) -> list[Assignment]:
    """联动办理: co-units each get a sub-task with its own deadline, ahead of the lead's deadline
    and ending at the end of its day (:func:`deadlines.subtask_deadline`; see ``cases/joint.py``)."""
    if not tasks:
        raise ValidationFailed(
            "请至少选择一个协办单位",
            "choose at least one co-unit",
            code="missing_co_units",
            detail={"field": "tasks"},
        )
    case = lock_case(actor, case_id)
    require_status(case, ACTIVE_HANDLING, action_zh="联动办理", action_en="add co-units")
    try:
        access.require_centre_role(actor, case, access.CENTRE_DISPATCH_ROLES)
    except PermissionDenied:
        access.require_case_unit_role(actor, case, (Role.UNIT_HEAD,))
    existing = set(case.assignments.filter(is_active=True).values_list("unit_id", flat=True))
    due_at = case.due_at
    if due_at is not None:
        due_at = deadlines.subtask_deadline(due_at, now=timezone.now())
    created = []
    for index, item in enumerate(tasks):
        text = require_text(item.task, field=f"tasks[{index}].task", label_zh="协办任务", label_en="sub-task")
        accusations.require_not_accused(case, item.unit, field=f"tasks[{index}].unit")
        if item.unit.pk in existing:
            raise ValidationFailed(
                f"{item.unit.name}已参与办理",
                f"{item.unit.code} already takes part",
                code="duplicate_unit",
                detail={"field": f"tasks[{index}].unit"},
            )
        existing.add(item.unit.pk)
        created.append(
            Assignment.objects.create(
                case=case, unit=item.unit, role=AssignmentRole.CO, task=text, due_at=due_at
            )
        )
    case_event(
        case=case,
        actor=actor,
        action="case.add_co_units",
        after={"co_units": [a.unit.code for a in created], "due_at": due_at},
    )
    for assignment in created:
        notice_to_unit(
            case=case,
            unit=assignment.unit,
            kind=NoticeKind.SUPERVISION,
            title="联动协办",
            body=f"请协办事项「{case.subject}」：{assignment.task}",
        )
    return created


def _co_assignment(case: Case, actor: User) -> Assignment:
    units = {u.pk for u in access.user_units(actor, access.STAFF_ACTING_ROLES)}
    assignment = case.assignments.filter(role=AssignmentRole.CO, is_active=True, unit_id__in=units).first()
    if assignment is None:
        raise PermissionDenied("您的单位不是该事项的协办单位", "your unit is not a co-unit of this case")
    return assignment


@transaction.atomic
def subtask_sign(*, actor: User, case_id: int) -> Assignment:
    case = lock_case(actor, case_id)
    require_status(case, ACTIVE_HANDLING, action_zh="签收协办任务", action_en="sign for a sub-task")
    assignment = _co_assignment(case, actor)
    if assignment.status != AssignmentStatus.PENDING:
        raise InvalidState(
            "协办任务已签收", "the sub-task has been signed for already", code="already_signed"
        )
    assignment.status = AssignmentStatus.IN_PROGRESS
    assignment.handler = actor
    assignment.save(update_fields=["status", "handler", "updated_at"])
    case_event(case=case, actor=actor, action="subtask.sign", after={"unit": assignment.unit.code})
    return assignment


@transaction.atomic
def subtask_answer(*, actor: User, case_id: int, answer: str) -> Assignment:
    answer = require_text(answer, field="answer", label_zh="协办意见", label_en="sub-answer", min_length=4)
    case = lock_case(actor, case_id)
    require_status(case, ACTIVE_HANDLING, action_zh="反馈协办意见", action_en="answer a sub-task")
    assignment = _co_assignment(case, actor)
    if assignment.status == AssignmentStatus.ANSWERED:
        raise InvalidState("协办意见已反馈", "the sub-task is answered already", code="already_answered")
    assignment.status = AssignmentStatus.ANSWERED
    assignment.answer = answer
    assignment.answered_at = timezone.now()
    assignment.handler = assignment.handler or actor
    assignment.save(update_fields=["status", "answer", "answered_at", "handler", "updated_at"])
    case_event(
        case=case, actor=actor, action="subtask.answer", after={"unit": assignment.unit.code}, reason=answer
    )
    return assignment


@transaction.atomic
def case_add_note(*, actor: User, case_id: int, text: str) -> HandlingNote:
    """办理记录: a note by anyone who takes part (lead, co-unit, or the centre covering the case)."""
    text = require_text(text, field="text", label_zh="办理记录", label_en="note")
    case = lock_case(actor, case_id)
    units = {u.pk: u for u in access.user_units(actor)}
    involved = set(case.assignments.filter(is_active=True).values_list("unit_id", flat=True))
    unit = next((units[pk] for pk in involved if pk in units), None)
    if (
        unit is None
        and not access.covering_centres(actor, case, list(Role.values))
        and not access.is_administrator(actor)
    ):
        raise PermissionDenied("您不是该事项的办理人员", "you do not take part in this case")
    note = HandlingNote.objects.create(case=case, unit=unit, text=text, author=actor)
    case_event(case=case, actor=actor, action="case.note", after={"note": note.pk}, reason=text)
    return note


@transaction.atomic
def case_supervise(*, actor: User, case_id: int, note: str) -> Case:
    """督办: a supervisor presses the lead unit, on record."""
    note = require_text(note, field="note", label_zh="督办意见", label_en="supervision note")
    case = lock_case(actor, case_id)
    require_status(
        case,
        [*ACTIVE_HANDLING, CaseStatus.RETURNED, CaseStatus.REGISTERED],
        action_zh="督办",
        action_en="supervise",
    )
    access.require_centre_role(actor, case, (Role.SUPERVISOR, Role.CENTRE_LEADER))
    before = snapshot(case, "supervised_at")
    case.supervised_at = timezone.now()
    case.save(update_fields=["supervised_at", "updated_at"])
    case_event(
        case=case,
        actor=actor,
        action="case.supervise",
        before=before,
        after=snapshot(case, "supervised_at"),
        reason=note,
    )
    if case.lead_unit is not None:
        notice_to_unit(
            case=case,
            unit=case.lead_unit,
            kind=NoticeKind.SUPERVISION,
            title="督办通知",
            body=f"请加快办理事项「{case.subject}」：{note}",
        )
    return case
