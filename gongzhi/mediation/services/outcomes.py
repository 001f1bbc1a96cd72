"""Outcomes other than an agreement: a party's refusal (art. 17), termination (art. 26),
escalation to the next level, and the report to the police when a dispute may turn violent
(art. 25)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from gongzhi.core.errors import InvalidState, ValidationFailed
from gongzhi.mediation import events
from gongzhi.mediation.enums import (
    OPEN_MEDIATION_STATUSES,
    MediationSource,
    MediationStatus,
    NoticeKind,
    Route,
    TerminationReason,
)
from gongzhi.mediation.models import Mediation, MediationOrganisation, PoliceReport
from gongzhi.mediation.selectors.organisations import committee_for_level
from gongzhi.mediation.services import case_link
from gongzhi.mediation.services._common import (
    lock_mediation,
    notice_to_parties,
    notice_to_unit,
    require_status,
    require_text,
)
from gongzhi.mediation.services.mediations import NEXT_LEVEL, new_mediation
from gongzhi.org import selectors as org_selectors
from gongzhi.org.enums import RegionLevel
from gongzhi.org.models import User


def _conclude_ended(
    mediation: Mediation, actor: User, *, reason: str, note: str, routes: Iterable[str], status: str
) -> None:
    now = timezone.now()
    mediation.status = status
    mediation.concluded_at = now
    mediation.termination_reason = reason
    mediation.termination_note = note
    mediation.routes = list(routes)
    mediation.save()
    mediation.assignments.filter(is_active=True).update(
        is_active=False, released_at=now, release_reason="调解结束"
    )
    route_names = "、".join(Route(r).label for r in mediation.routes) or "仲裁、行政、司法"
    notice_to_parties(
        mediation=mediation,
        kind=NoticeKind.TERMINATION,
        title="终止调解通知书",
        body=(
            f"您的纠纷「{mediation.subject}」{TerminationReason(reason).label}，{mediation.organisation.name}"
            f"决定终止调解。{note + '。' if note else ''}您可以依法通过{route_names}等途径维护自己的权利"
            "（人民调解法第二十六条）。"
        ),
    )
    case_link.owe(mediation, case_link.ENDED)
    case_link.sync(mediation=mediation, actor=actor)


@transaction.atomic
def mediation_party_refuse(*, actor: User, mediation_id: int, party_id: int, reason: str = "") -> Mediation:
    """A party clearly refuses mediation: there is no mediation (人民调解法 art. 17), and an open
    one ends (art. 23: a party may end mediation at any time)."""
    mediation = lock_mediation(actor, mediation_id)
    require_status(mediation, OPEN_MEDIATION_STATUSES, action_zh="记录拒绝调解", action_en="record a refusal")
    party = mediation.parties.select_for_update(of=("self",)).filter(pk=party_id).first()
    if party is None:
        raise ValidationFailed("当事人不属于本案", "not a party of this mediation", code="invalid_party")
    agreement = getattr(mediation, "agreement", None)
    if agreement is not None and agreement.status == "effective":
        raise InvalidState("调解协议已生效", "the agreement is already effective", code="agreement_effective")
    party.refused_at = timezone.now()
    party.refusal_reason = reason.strip()
    party.save(update_fields=["refused_at", "refusal_reason"])
    events.record(
        subject=mediation,
        action="mediation.party_refuse",
        actor=actor,
        after={"party": party.pk},
        reason=reason,
    )
    _conclude_ended(
        mediation,
        actor,
        reason=TerminationReason.PARTY_REFUSED,
        note=f"当事人{party.name}拒绝调解",
        routes=Route.values,
        status=MediationStatus.TERMINATED,
    )
    return mediation


@transaction.atomic
def mediation_terminate(
    *, actor: User, mediation_id: int, reason: str, note: str = "", routes: Iterable[str] | None = None
) -> Mediation:
    """终止调解 (art. 26): no agreement; the parties are pointed to arbitration, administrative or
    judicial routes by a termination notice (宁波市人民调解条例 art. 27)."""
    if reason not in TerminationReason.values:
        raise ValidationFailed(
            "请选择终止理由", "choose a reason", code="invalid_reason", detail={"field": "reason"}
        )
    routes = list(routes) if routes is not None else list(Route.values)
    if not routes or any(r not in Route.values for r in routes):
        raise ValidationFailed(
            "请选择告知的救济途径", "choose the routes", code="invalid_routes", detail={"field": "routes"}
        )
    mediation = lock_mediation(actor, mediation_id)
    require_status(
        mediation,
        [MediationStatus.IN_PROGRESS, MediationStatus.AGREEMENT_PENDING],
        action_zh="终止调解",
        action_en="terminate",
    )
    agreement = getattr(mediation, "agreement", None)
    if agreement is not None and agreement.status == "effective":
        raise InvalidState("调解协议已生效", "the agreement is already effective", code="agreement_effective")
    events.record(
        subject=mediation,
        action="mediation.terminate",
        actor=actor,
        after={"reason": reason, "routes": routes},
        reason=note,
    )
    _conclude_ended(
        mediation, actor, reason=reason, note=note.strip(), routes=routes, status=MediationStatus.TERMINATED
    )
    return mediation


@transaction.atomic
def mediation_escalate(
    *, actor: User, mediation_id: int, reason: str, organisation: MediationOrganisation | None = None
) -> Mediation:
    """上报: mediation failed at this level; it continues at the next (village → town → district).

    This mediation ends as escalated; a new one opens at the next level's organisation with the
    same parties, and the linked case is escalated with it. Returns the new mediation.
    """
    reason = require_text(reason, field="reason", label_zh="上报理由", label_en="reason", min_length=4)
    mediation = lock_mediation(actor, mediation_id)
    require_status(
        mediation,
        [MediationStatus.APPLIED, MediationStatus.IN_PROGRESS, MediationStatus.AGREEMENT_PENDING],
        action_zh="上报",
        action_en="escalate",
    )
    target = NEXT_LEVEL.get(RegionLevel(mediation.level))
    if target is None:
        raise InvalidState("已在区级，不能再上报", "already at district level", code="top_level")
    organisation = organisation or committee_for_level(
        region=mediation.region, level=target, dispute_type=mediation.dispute_type
    )
    if organisation is None or organisation.level != target:
        raise ValidationFailed(
            "上一级没有可受理的调解组织",
            "no organisation at the next level",
            code="no_upper_organisation",
            detail={"field": "organisation"},
        )
    now = timezone.now()
    before = events.snapshot(mediation, "status")
    mediation.status = MediationStatus.ESCALATED
    mediation.concluded_at = now
    mediation.termination_note = reason
    carried = [a for a in mediation.case_sync_actions if a not in (case_link.RESOLVED, case_link.ENDED)]
    mediation.case_sync_actions = []
    mediation.save()
    mediation.assignments.filter(is_active=True).update(
        is_active=False, released_at=now, release_reason="上报上级"
    )
    upper = new_mediation(
        source=MediationSource.ESCALATION,
        source_reference=mediation.number,
        case=mediation.case,
        previous=mediation,
        organisation=organisation,
        level=organisation.level,
        region=mediation.region,
        region_path=mediation.region_path,
        dispute_type=mediation.dispute_type,
        subject=mediation.subject,
        description=mediation.description,
        is_public=mediation.is_public,
        is_major=mediation.is_major,
        written_requested=mediation.written_requested,
        created_by=actor,
    )
    for party in mediation.parties.all():
        party.pk = None
        party.mediation = upper
        party.save()
    events.record(
        subject=mediation,
        action="mediation.escalate",
        actor=actor,
        before=before,
        after={"status": mediation.status, "next": upper.pk, "organisation": organisation.code},
        reason=reason,
    )
    events.record(
        subject=upper,
        action="mediation.from_escalation",
        actor=actor,
        after={"previous": mediation.pk},
        reason=reason,
    )
    notice_to_unit(
        mediation=upper,
        unit=case_link.organisation_unit(organisation),
        kind=NoticeKind.ESCALATION,
        title="调解上报",
        body=f"{mediation.organisation.name}上报纠纷「{mediation.subject}」：{reason}",
    )
    if upper.case_id is not None:
        case_link.owe(upper, *carried, case_link.ESCALATE, case_link.TAKE)
        case_link.sync(mediation=upper, actor=actor)
    return upper


@transaction.atomic
def mediation_report_danger(*, actor: User, mediation_id: int, description: str) -> PoliceReport:
    """人民调解法 art. 25: a dispute that may turn into a public-order or criminal case is
    reported to the police at once — a flagged notice in the police unit's workbench.

    The police unit is the 派出所 of the dispute's town, else the district public-security bureau.
    """
    description = require_text(
        description, field="description", label_zh="风险情况", label_en="risk", min_length=4
    )
    mediation = lock_mediation(actor, mediation_id)
    police = org_selectors.unit_by_function(
        region=mediation.region, function="police", level=RegionLevel.TOWN
    ) or org_selectors.unit_by_function(
        region=mediation.region, function="police", level=RegionLevel.DISTRICT
    )
    if police is None:
        raise InvalidState("未找到辖区公安机关", "no police unit covers this place", code="no_police_unit")
    report = PoliceReport.objects.create(
        mediation=mediation, police_unit=police, description=description, reported_by=actor
    )
    mediation.danger_reported_at = report.created_at
    mediation.save(update_fields=["danger_reported_at", "updated_at"])
    notice_to_unit(
        mediation=mediation,
        unit=police,
        kind=NoticeKind.POLICE_REPORT,
        flagged=True,
        title="【紧急】纠纷可能激化报告",
        body=(
            f"{mediation.organisation.name}报告：纠纷「{mediation.subject}」（{mediation.region.name}）"
            f"有激化为治安或刑事案件的危险：{description}。请立即处置。报告人：{actor}。"
        ),
    )
    events.record(
        subject=mediation,
        action="mediation.report_danger",
        actor=actor,
        after={"police_unit": police.code, "report": report.pk},
        reason=description,
    )
    case_link.case_note(actor, mediation, f"调解中发现纠纷可能激化，已报告{police.name}：{description}")
    return report
