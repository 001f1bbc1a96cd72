"""Recusal of the handler (回避): the petitioner applies, the lead unit's head decides.

信访工作条例 art. 28 para. 3; 浙江省信访条例 art. 9 (3) (the petitioner may apply) and art. 27 (the
head of the office decides). The rule of who is conflicted is ``gongzhi.cases.recusal``.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from gongzhi.cases import access
from gongzhi.cases.enums import AssignmentRole, AssignmentStatus, CaseStatus, RecusalChannel
from gongzhi.cases.events import case_event, snapshot
from gongzhi.cases.models import Case, RecusalRequest, StaffRegisterEntry
from gongzhi.cases.services._common import lock_case, require_status, require_text
from gongzhi.core import audit
from gongzhi.core.errors import InvalidState, PermissionDenied
from gongzhi.kinship.models import Person
from gongzhi.org.enums import Role
from gongzhi.org.models import User

RECUSAL_DECIDER_ROLES = (Role.UNIT_HEAD,)


@transaction.atomic
def staff_register_link(*, actor: User | None, user: User, person: Person) -> StaffRegisterEntry:
    """Link a staff member to their kinship register entry, so recusal can find their relatives."""
    entry, _created = StaffRegisterEntry.objects.update_or_create(user=user, defaults={"person": person})
    audit.append(
        subject_type="user",
        subject_id=user.pk,
        action="user.register_link",
        actor=actor,
        after={"person": person.pk},
    )
    return entry


def _request_locked(case: Case, *, actor: User | None, grounds: str, via: str) -> RecusalRequest:
    grounds = require_text(grounds, field="grounds", label_zh="回避理由", label_en="grounds", min_length=4)
    require_status(case, [CaseStatus.IN_PROGRESS], action_zh="申请回避", action_en="apply for recusal")
    if case.handler_id is None:
        raise InvalidState("该事项尚无承办人", "the case has no handler", code="no_handler")
    if case.recusal_requests.filter(decided_at__isnull=True).exists():
        raise InvalidState(
            "已有待决定的回避申请", "a recusal request is already open", code="recusal_request_open"
        )
    request = RecusalRequest.objects.create(
        case=case, handler_id=case.handler_id, grounds=grounds, requested_at=timezone.now(), requested_via=via
    )
    case_event(
        case=case,
        actor=actor,
        action="case.recusal_request",
        after={"handler": case.handler_id, "via": via},
        reason=grounds,
    )
    return request


@transaction.atomic
def case_recusal_request(*, actor: User, case_id: int, grounds: str) -> RecusalRequest:
    """The reporter (signed in), or the window clerk on their behalf, applies for the handler's
    recusal (浙江省信访条例 art. 9 (3))."""
    case = lock_case(actor, case_id)
    if case.reporter_id is not None and case.reporter_id == actor.pk:
        via = RecusalChannel.REPORTER
    else:
        access.require_centre_role(actor, case, access.INTAKE_ROLES)
        via = RecusalChannel.WINDOW
    return _request_locked(case, actor=actor, grounds=grounds, via=via)


@transaction.atomic
def case_recusal_request_by_reporter(*, tracking_code: str, phone_tail: str, grounds: str) -> RecusalRequest:
    """The reporter applies on the public tracking page (code + phone tail)."""
    found = access.case_get_by_tracking(tracking_code, phone_tail)
    case = Case.objects.select_for_update(of=("self",)).get(pk=found.pk)
    return _request_locked(case, actor=None, grounds=grounds[:2000], via=RecusalChannel.TRACKING)


@transaction.atomic
def case_recusal_decide(*, actor: User, case_id: int, granted: bool, reason: str) -> RecusalRequest:
    """The lead unit's head decides the open application (浙江省信访条例 art. 27).

    1. Only a head (``Role.UNIT_HEAD``) of the lead unit decides, and not about themselves.
    2. Granted: the handler is removed, the case goes back to the unit to be signed for by
       someone else; the recused user can no longer sign for it (``recusal.handler_conflict``).
    3. Refused: the handler stays.
    """
    reason = require_text(reason, field="reason", label_zh="决定理由", label_en="reason", min_length=2)
    case = lock_case(actor, case_id)
    request = case.recusal_requests.filter(decided_at__isnull=True).first()
    if request is None:
        raise InvalidState("没有待决定的回避申请", "no open recusal request", code="no_recusal_request")
    access.require_case_unit_role(actor, case, RECUSAL_DECIDER_ROLES)
    if request.handler_id == actor.pk:
        raise PermissionDenied(
            "本人的回避由上级负责人决定",
            "a head's own recusal is decided by the organ's head",
            code="recusal",
        )
    before = snapshot(case, "status", "handler")
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.granted = granted
    request.decision_reason = reason
    request.save(update_fields=["decided_at", "decided_by", "granted", "decision_reason", "updated_at"])
    if granted and case.handler_id == request.handler_id:
        case.handler = None
        case.status = CaseStatus.DISPATCHED
        case.signed_at = None
        case.save(update_fields=["handler", "status", "signed_at", "updated_at"])
        case.assignments.filter(role=AssignmentRole.LEAD, is_active=True).update(
            status=AssignmentStatus.PENDING, handler=None
        )
    case_event(
        case=case,
        actor=actor,
        action="case.recusal_decide",
        before=before,
        after={**snapshot(case, "status", "handler"), "granted": granted},
        reason=reason,
    )
    return request
