"""The tie-in with the one-window case (gongzhi.cases), through the case services only.

A dispute case sent to mediation moves to the mediating organisation's unit, so that the
case's level is the level where it is mediated; the outcome comes back as the case's answer:

- agreement (written, once effective; or oral) → the case is answered and closed at that
  level, so the 631 figures (``Case.resolved_level``) count where it was actually resolved;
- escalation → the case is escalated one level up (case_escalate) and moved to the next
  organisation;
- termination (failure, a party's refusal) → the case is answered with the termination notice
  and its routes, and closed as *not resolved* (``case_close(resolved=False)``): its handling is
  over, but it was not resolved, so it must not count in 631;
- non-performance of an agreement → a new case for the next step (enforcement or litigation).

Each step runs as the acting user, with the case services' own permission checks. What the
acting user may not do stays owed (``Mediation.case_sync = pending``, the actions listed in
``case_sync_actions``); the board lists these and ``mediation_case_sync`` finishes them with a
user who may. Nothing is ever done twice: each action checks the case's state first.
"""

from __future__ import annotations

from django.db import transaction

from gongzhi.cases import access as case_access
from gongzhi.cases import services as case_services
from gongzhi.cases.enums import CaseKind, CaseStatus, Channel, ReplyOutcome
from gongzhi.cases.models import Case
from gongzhi.core.errors import NotFound, PermissionDenied
from gongzhi.core.ids import phone_is_valid, resident_id_is_valid
from gongzhi.mediation import events
from gongzhi.mediation.enums import AgreementForm, CaseSync, MediationStatus
from gongzhi.mediation.models import Mediation, MediationOrganisation, PerformanceItem
from gongzhi.mediation.services._common import lock_mediation
from gongzhi.org.models import Unit, User

TAKE = "take"
ESCALATE = "escalate"
RESOLVED = "resolved"
ENDED = "ended"
NEXT_STEP = "next_step"

PETITION_BASIS = (
    "《信访工作条例》第三十三条；《人民调解法》第三十一条（经人民调解委员会调解达成的调解协议具有法律约束力）"
)
PETITION_BASIS_ENDED = "《信访工作条例》第三十三条；《人民调解法》第二十六条（调解不能达成协议的，终止调解）"
ROUTE_TEXT = "当事人可以依法通过仲裁、行政、司法等途径维护自己的权利（人民调解法第二十六条）。"


def organisation_unit(organisation: MediationOrganisation) -> Unit | None:
    """The unit that holds a case while the organisation mediates it: the secretariat or host
    (a town committee's 司法所, a studio's centre) when there is one, else the committee's own
    unit (a village committee, an industry committee)."""
    return organisation.host_unit or organisation.unit


def _case_for(actor: User, case_id: int) -> Case | None:
    try:
        return case_access.case_get_for_user(actor, case_id)
    except NotFound:
        return None


def _allowed(actor: User, case: Case) -> set[str]:
    return case_access.allowed_actions(actor, case)


def take_case(*, actor: User, case: Case, unit: Unit, reason: str) -> bool:
    """Move the case's lead to ``unit``; False when ``actor`` may not (nothing changed)."""
    if case.lead_unit_id == unit.pk:
        return True
    allowed = _allowed(actor, case)
    if case.status in (CaseStatus.REGISTERED, CaseStatus.RETURNED) and "dispatch" in allowed:
        case_services.case_dispatch(actor=actor, case_id=case.pk, unit=unit, reason=reason)
        return True
    if case.status in (CaseStatus.DISPATCHED, CaseStatus.IN_PROGRESS):
        if "transfer" in allowed:
            case_services.case_transfer(actor=actor, case_id=case.pk, unit=unit, reason=reason)
            return True
        if "assign_down" in allowed:
            try:
                case_services.case_assign_down(actor=actor, case_id=case.pk, unit=unit, reason=reason)
            except PermissionDenied:
                return False
            return True
    return False


def _answer(actor: User, case: Case, text: str, *, close: bool, resolved: bool = True) -> bool:
    """Sign if needed, answer, and close if asked (as resolved or not); True once nothing of it
    is left to do."""
    case_id = case.pk
    if case.status == CaseStatus.DISPATCHED:
        if "sign" not in _allowed(actor, case):
            return False
        case_services.case_sign(actor=actor, case_id=case_id)
        case = case_access.case_get_for_user(actor, case_id)
    if case.status == CaseStatus.IN_PROGRESS:
        if "reply" not in _allowed(actor, case):
            return False
        if case.kind == CaseKind.PETITION:
            # 信访处理意见书 (信访工作条例 arts. 32–33): an agreement settles the claim as agreed
            # (支持); a failed mediation is explained with the routes (解释说明).
            case_services.case_reply(
                actor=actor,
                case_id=case_id,
                text=text,
                outcome=ReplyOutcome.SUPPORT if resolved else ReplyOutcome.EXPLAIN,
                basis=PETITION_BASIS if resolved else PETITION_BASIS_ENDED,
            )
        else:
            case_services.case_reply(actor=actor, case_id=case_id, text=text)
        case = case_access.case_get_for_user(actor, case_id)
    if not close:
        return case.status not in (CaseStatus.DISPATCHED, CaseStatus.IN_PROGRESS)
    if case.status == CaseStatus.REPLIED:
        if "close" not in _allowed(actor, case):
            return False
        note = "调解结案" if resolved else "调解终止，未化解，已告知仲裁、行政、司法途径"
        case_services.case_close(actor=actor, case_id=case_id, note=note, resolved=resolved)
        case = case_access.case_get_for_user(actor, case_id)
    return case.status in (CaseStatus.CLOSED, CaseStatus.FINAL)


def _resolved_text(mediation: Mediation) -> str:
    agreement = getattr(mediation, "agreement", None)
    form = "书面" if agreement is not None and agreement.form == AgreementForm.WRITTEN else "口头"
    terms = agreement.terms if agreement is not None else ""
    number = f"（协议编号{agreement.number}）" if agreement is not None else ""
    return f"经{mediation.organisation.name}调解，双方当事人自愿达成{form}调解协议{number}：{terms}"


def _ended_text(mediation: Mediation) -> str:
    reason = mediation.get_termination_reason_display() or "调解未能达成协议"
    note = f"{mediation.termination_note}。" if mediation.termination_note else ""
    return f"经{mediation.organisation.name}调解，{reason}，调解终止。{note}{ROUTE_TEXT}"


def _phone(value: str) -> str:
    return value if value and phone_is_valid(value) else ""


def _next_step(actor: User, mediation: Mediation, item_id: int) -> bool:
    item = PerformanceItem.objects.select_related("agreement", "obligor").filter(pk=item_id).first()
    if item is None or item.next_case_id is not None:
        return True
    probe = Case(region_path=mediation.region_path)
    if not (
        case_access.is_administrator(actor)
        or case_access.covering_centres(actor, probe, case_access.INTAKE_ROLES)
    ):
        return False
    confirmation = getattr(item.agreement, "confirmation", None)
    confirmed = confirmation is not None and confirmation.status == "confirmed"
    step = "向人民法院申请强制执行" if confirmed else "就履行争议向人民法院提起诉讼（人民调解法第三十二条）"
    applicant = next((p for p in mediation.parties.all() if p.pk != item.obligor_id), None)
    reporter = applicant or mediation.parties.first()
    parties = [
        case_services.PartyInput(
            name=p.name,
            role=p.role,
            phone=_phone(p.phone),
            id_number=p.id_number if resident_id_is_valid(p.id_number) else "",
            address=p.address,
            nationality=p.nationality,
            language=p.language,
        )
        for p in mediation.parties.all()
    ]
    case = case_services.case_intake(
        actor=actor,
        channel=Channel.VISIT,
        kind="dispute",
        subject=f"调解协议未履行：{mediation.subject}"[:200],
        description=(
            f"{item.agreement.number}约定的“{item.description}”应于{item.due_date:%Y年%m月%d日}前履行，"
            f"经回访{item.obligor.name if item.obligor else '义务人'}未履行。下一步：{step}。"
        ),
        region=mediation.region,
        reporter_name=reporter.name if reporter else "",
        reporter_phone=_phone(reporter.phone) if reporter else "",
        reporter_address=(reporter.address if reporter else "") or mediation.region.name,
        parties=parties,
    )
    PerformanceItem.objects.filter(pk=item.pk).update(next_case_id=case.pk)
    events.record(
        subject=mediation,
        action="mediation.next_step_case",
        actor=actor,
        after={"case": case.pk, "item": item.pk},
    )
    return True


def _perform(actor: User, mediation: Mediation, action: str) -> bool:
    if action.startswith(NEXT_STEP + ":"):
        return _next_step(actor, mediation, int(action.split(":", 1)[1]))
    if mediation.case_id is None:
        return True
    case = _case_for(actor, mediation.case_id)
    if case is None:
        return False
    if case.status in (CaseStatus.CLOSED, CaseStatus.FINAL, CaseStatus.MERGED) and action != ENDED:
        return True
    if action == TAKE:
        unit = organisation_unit(mediation.organisation)
        if unit is None:
            return True
        return take_case(actor=actor, case=case, unit=unit, reason=f"转{mediation.organisation.name}调解")
    if action == ESCALATE:
        rank = {"village": 0, "town": 1, "district": 2}
        target = rank.get(mediation.level, 0)
        while rank.get(case.level or "village", 0) < target:
            if "escalate" not in _allowed(actor, case):
                return False
            reason = f"调解未成，上报{mediation.organisation.name}调解"
            case_services.case_escalate(actor=actor, case_id=case.pk, reason=reason)
            refreshed = _case_for(actor, case.pk)
            if refreshed is None:  # the case left the actor's sight with the escalation
                return rank.get(Case.objects.get(pk=case.pk).level or "village", 0) >= target
            case = refreshed
        return True
    if action == RESOLVED:
        return _answer(actor, case, _resolved_text(mediation), close=True)
    if action == ENDED:
        return _answer(actor, case, _ended_text(mediation), close=True, resolved=False)
    return True


def owe(mediation: Mediation, *actions: str) -> None:
    """Add actions the case still needs (kept in order, never twice)."""
    owed = list(mediation.case_sync_actions)
    for action in actions:
        if action not in owed:
            owed.append(action)
    mediation.case_sync_actions = owed
    mediation.case_sync = CaseSync.PENDING if owed else mediation.case_sync
    mediation.save(update_fields=["case_sync_actions", "case_sync", "updated_at"])


def sync(*, mediation: Mediation, actor: User | None) -> bool:
    """Do what ``actor`` may of what the mediation owes its case, in order; True when all done."""
    owed = list(mediation.case_sync_actions)
    if not owed:
        return True
    done: list[str] = []
    if actor is not None:
        for action in owed:
            if not _perform(actor, mediation, action):
                break
            done.append(action)
    remaining = owed[len(done) :]
    mediation.case_sync_actions = remaining
    mediation.case_sync = CaseSync.PENDING if remaining else CaseSync.DONE
    mediation.save(update_fields=["case_sync_actions", "case_sync", "updated_at"])
    if done:
        events.record(
            subject=mediation,
            action="mediation.case_sync",
            actor=actor,
            after={"done": done, "remaining": remaining},
        )
    return not remaining


@transaction.atomic
def mediation_case_sync(*, actor: User, mediation_id: int) -> Mediation:
    """Finish what a mediation still owes its case (and next-step cases) as ``actor``."""
    mediation = lock_mediation(actor, mediation_id)
    sync(mediation=mediation, actor=actor)
    return mediation


def case_note(actor: User | None, mediation: Mediation, text: str) -> None:
    """A handling note on the linked case, when the actor takes part in it (else the mediation's
    own record is the trace)."""
    if actor is None or mediation.case_id is None:
        return
    case = case_access.case_queryset_for_user(actor).filter(pk=mediation.case_id).first()
    if case is not None and case_access.may_add_note(actor, case):
        case_services.case_add_note(actor=actor, case_id=case.pk, text=text)


__all__ = [
    "MediationStatus",
    "case_note",
    "mediation_case_sync",
    "organisation_unit",
    "owe",
    "sync",
    "take_case",
]
