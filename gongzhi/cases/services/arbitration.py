"""申请审定: a unit that may no longer return a case asks the common superior to decide, and the
arbiter decides (信访工作条例 art. 24; 浙江省信访条例 art. 21)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from gongzhi.cases import access
from gongzhi.cases.enums import ArbitrationOutcome, AssignmentRole, NoticeKind
from gongzhi.cases.events import case_event, snapshot
from gongzhi.cases.models import ArbitrationRequest, Case
from gongzhi.cases.services._common import lock_case, require_status, require_text
from gongzhi.cases.services.handling import ACTIVE_HANDLING, LEVEL_ORDER, _lead_assignment, _set_lead
from gongzhi.cases.services.notices import notice_to_unit
from gongzhi.core.conf import rule_int
from gongzhi.core.errors import InvalidState, ValidationFailed
from gongzhi.org import selectors as org_selectors
from gongzhi.org.enums import RegionLevel
from gongzhi.org.models import Unit, User


def _arbitrating_centre(case: Case) -> Unit | None:
    """The common superior asked to decide: the centre at the case's level, or the next level's
    when the lead unit is that centre itself."""
    current = case.level or RegionLevel.VILLAGE
    start = LEVEL_ORDER.index(RegionLevel(current)) if current in LEVEL_ORDER else 0
    for level in LEVEL_ORDER[start:]:
        centre = org_selectors.centre_at_level(region=case.region, level=level)
        if centre is not None and centre.pk != case.lead_unit_id:
            return centre
    return None


@transaction.atomic
def case_request_arbitration(*, actor: User, case_id: int, reason: str) -> ArbitrationRequest:
    """申请审定: the lead unit asks the common superior to decide who handles the case.

    1. Only the lead unit's staff ask, and only when the unit may no longer return the case: it
       is bound by 审定, or the case has used its returns (``MAX_RETURNS``).
    2. The centre at the case's level decides (its dispatchers, as arbiters); the request is
       recorded, on the timeline, and shown to that centre (信访工作条例 art. 24; 浙江省信访条例
       art. 21).
    3. One open request per case.
    """
    reason = require_text(reason, field="reason", label_zh="申请理由", label_en="reason", min_length=4)
    case = lock_case(actor, case_id)
    require_status(case, ACTIVE_HANDLING, action_zh="申请审定", action_en="ask for arbitration")
    unit = access.require_case_unit_role(actor, case)
    lead = _lead_assignment(case)
    if not (lead is not None and lead.is_binding) and case.return_count < rule_int("MAX_RETURNS"):
        raise InvalidState(
            "本单位仍可退单，无需申请审定",
            "the unit may still return the case; arbitration is not needed",
            code="arbitration_not_needed",
        )
    if case.arbitration_requests.filter(decided_at__isnull=True).exists():
        raise InvalidState(
            "该事项已有待审定的申请",
            "an arbitration request is already open",
            code="arbitration_request_open",
        )
    centre = _arbitrating_centre(case)
    request = ArbitrationRequest.objects.create(
        case=case, unit=unit, centre=centre, reason=reason, requested_by=actor
    )
    case_event(
        case=case,
        actor=actor,
        action="case.arbitration_request",
        after={"request": request.pk, "unit": unit.code, "centre": centre.code if centre else None},
        reason=reason,
    )
    notice_to_unit(
        case=case,
        unit=centre,
        kind=NoticeKind.SUPERVISION,
        title="申请审定",
        body=f"{unit.name}对事项「{case.subject}」申请审定：{reason}",
    )
    return request


@transaction.atomic
def case_arbitration_decide(
    *, actor: User, case_id: int, unit: Unit | None, reason: str
) -> ArbitrationRequest:
    """审定 on a request: the arbiter names the unit that handles the case, or keeps it where it is.

    1. Only an arbiter decides: a dispatcher of a covering centre that is not the lead unit
       (信访工作条例 art. 24; 浙江省信访条例 art. 21).
    2. With ``unit``: the case goes to that unit as a new binding lead (审定交办).
    3. Without: the request is refused; the case stays with its lead unit, now bound by the
       decision, so the unit cannot return it either.
    """
    reason = require_text(reason, field="reason", label_zh="审定意见", label_en="arbitration reason")
    case = lock_case(actor, case_id)
    require_status(case, ACTIVE_HANDLING, action_zh="审定", action_en="arbitrate")
    access.require_centre_role(actor, case, access.CENTRE_DISPATCH_ROLES)
    access.require_arbiter(actor, case)
    request = case.arbitration_requests.select_related("unit").filter(decided_at__isnull=True).first()
    if request is None:
        raise InvalidState(
            "该事项没有待审定的申请",
            "the case has no open arbitration request",
            code="no_arbitration_request",
        )
    if unit is not None and unit.pk == case.lead_unit_id:
        raise ValidationFailed(
            "已由该单位承办；维持原承办单位请不选单位",
            "the unit already leads this case; to keep it there, decide without a unit",
            code="same_unit",
            detail={"field": "unit"},
        )
    before = snapshot(case, "status", "lead_unit", "level")
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.decision_reason = reason
    if unit is None:
        request.outcome = ArbitrationOutcome.REFUSED
        case.assignments.filter(role=AssignmentRole.LEAD, is_active=True).update(is_binding=True)
    else:
        request.outcome = ArbitrationOutcome.REASSIGNED
        request.assigned_unit = unit
    request.save(
        update_fields=[
            "decided_at",
            "decided_by",
            "decision_reason",
            "outcome",
            "assigned_unit",
            "updated_at",
        ]
    )
    if unit is not None:
        _set_lead(case, unit, binding=True, task=reason)
        case.save()
    case_event(
        case=case,
        actor=actor,
        action="case.arbitration_decide",
        before=before,
        after=snapshot(case, "status", "lead_unit", "level")
        | {"request": request.pk, "outcome": request.outcome},
        reason=reason,
    )
    outcome = f"改由{unit.name}承办" if unit is not None else "维持由贵单位承办"
    notice_to_unit(
        case=case,
        unit=request.unit,
        kind=NoticeKind.SUPERVISION,
        title="审定结果",
        body=f"事项「{case.subject}」的审定申请已决定：{outcome}。{reason}",
    )
    if unit is not None:
        notice_to_unit(
            case=case,
            unit=unit,
            kind=NoticeKind.SUPERVISION,
            title="审定交办",
            body=f"事项「{case.subject}」经审定由贵单位承办：{reason}",
        )
    return request
