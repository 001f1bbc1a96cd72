"""The mediation case: application or referral, acceptance, mediators, refusals, time limit,
danger reports, termination and escalation (人民调解法 arts. 17–27)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongzhi.cases import access as case_access
from gongzhi.cases.enums import CaseKind, CaseStatus, PetitionClass, Rating
from gongzhi.cases.models import Case
from gongzhi.core import workdays
from gongzhi.core.errors import ApplicationError, InvalidState, PermissionDenied, ValidationFailed
from gongzhi.core.ids import tracking_code
from gongzhi.mediation import access, events
from gongzhi.mediation.conf import rule_int
from gongzhi.mediation.enums import (
    OPEN_MEDIATION_STATUSES,
    MediationSource,
    MediationStatus,
    NoticeKind,
)
from gongzhi.mediation.models import (
    DisputeType,
    Mediation,
    MediationExtension,
    MediationOrganisation,
    MediationParty,
    Mediator,
    MediatorAssignment,
    MediatorObjection,
)
from gongzhi.mediation.selectors.conflicts import mediator_conflicts
from gongzhi.mediation.selectors.organisations import committee_for_level, mediator_loads
from gongzhi.mediation.services import case_link
from gongzhi.mediation.services._common import (
    PartyData,
    create_parties,
    lock_mediation,
    notice_to_parties,
    require_status,
    require_text,
    validate_parties,
)
from gongzhi.org import selectors as org_selectors
from gongzhi.org.enums import RegionLevel
from gongzhi.org.models import Region, User

NEXT_LEVEL = {RegionLevel.VILLAGE: RegionLevel.TOWN, RegionLevel.TOWN: RegionLevel.DISTRICT}
REFERRAL_SOURCES = (MediationSource.COURT, MediationSource.POLICE)


def _refuse_unmediable(dispute_type: DisputeType | None) -> None:
    if dispute_type is not None and not dispute_type.is_mediable:
        where = dispute_type.route_note or dispute_type.get_statutory_route_display()
        raise ValidationFailed(
            f"「{dispute_type.name}」不属于人民调解范围，请引导当事人：{where}",
            f"{dispute_type.code} is not for people's mediation; route: {dispute_type.statutory_route}",
            code="not_mediable",
            detail={"field": "dispute_type", "route": dispute_type.statutory_route},
        )


def case_mediation_refusal(case: Case, *, consent: bool) -> ApplicationError | None:
    """Why ``case`` may not go to people's mediation, or None when it may — the one rule.

    1. A dispute (矛盾纠纷) may; the parties' voluntariness is kept by the mediation itself (a party
       may refuse it, 人民调解法 art. 17).
    2. A petition of the appeal/claim class (申诉求决类) may, with the petitioner's consent
       (信访工作条例 art. 33; 人民调解法 art. 3: voluntary) — refused ``consent_required`` without it.
    3. Other petitions (检举控告类, 建议意见类) are refused ``not_mediable``; other kinds
       ``not_a_dispute``.
    """
    if case.kind == CaseKind.DISPUTE:
        return None
    if case.kind != CaseKind.PETITION:
        return InvalidState(
            "只有矛盾纠纷和申诉求决类信访可以转人民调解",
            "only a dispute or a claim petition can go to mediation",
            code="not_a_dispute",
        )
    if case.petition_class != PetitionClass.CLAIM:
        return InvalidState(
            f"{case.get_petition_class_display()}信访不适用调解（信访工作条例第三十三条仅适用于申诉求决类）",
            "only a petition of the appeal/claim class can go to mediation",
            code="not_mediable",
            detail={"petition_class": case.petition_class},
        )
    if not consent:
        return ValidationFailed(
            "信访事项转调解须经信访人同意，请记录信访人的同意（信访工作条例第三十三条）",
            "a petition goes to mediation only with the petitioner's consent",
            code="consent_required",
            detail={"field": "consent"},
        )
    return None


def new_mediation(**fields: object) -> Mediation:
    now = timezone.now()
    for _attempt in range(5):
        mediation = Mediation(number=tracking_code(now, prefix="TJ"), applied_at=now, **fields)
        try:
            with transaction.atomic():
                mediation.save()
            return mediation
        except IntegrityError:
            if Mediation.objects.filter(number=mediation.number).exists():
                continue
            raise
    raise InvalidState("调解编号生成失败，请重试", "could not allocate a number; retry", code="number_clash")


@transaction.atomic
def mediation_apply(
    *,
    actor: User,
    organisation: MediationOrganisation,
    subject: str,
    description: str,
    parties: Sequence[PartyData],
    region: Region | None = None,
    dispute_type: DisputeType | None = None,
    source: str = MediationSource.APPLICATION,
    source_reference: str = "",
    is_public: bool = False,
    is_major: bool = False,
    written_requested: bool = False,
) -> Mediation:
    """调解申请 / 委托调解: a party's application, or a court's or the police's referral (art. 18).

    1. The dispute must be one people's mediation may take (诉访分离: otherwise the statutory
       route is named and nothing is registered).
    2. A court or police referral carries its referring letter's reference.
    3. Natural persons with a resident ID number are linked to the kinship register.
    """
    access.require_may_register(actor, organisation)
    subject = require_text(subject, field="subject", label_zh="纠纷简要", label_en="subject")[:200]
    description = require_text(
        description, field="description", label_zh="纠纷事实", label_en="facts", min_length=4
    )
    if source not in MediationSource.values or source in (MediationSource.CASE, MediationSource.ESCALATION):
        raise ValidationFailed(
            "来源无效", "unknown source", code="invalid_source", detail={"field": "source"}
        )
    if source in REFERRAL_SOURCES and not source_reference.strip():
        raise ValidationFailed(
            "委托调解须填写委托单位及文号",
            "a referral needs its letter's reference",
            code="missing_reference",
            detail={"field": "source_reference"},
        )
    if not organisation.is_active:
        raise InvalidState("该调解组织已停用", "the organisation is inactive", code="organisation_inactive")
    _refuse_unmediable(dispute_type)
    region = region or organisation.region
    if not (
        region.path == organisation.region_path or region.path.startswith(organisation.region_path + "/")
    ):
        raise ValidationFailed(
            "纠纷发生地不在该调解组织的辖区内",
            "the dispute lies outside the organisation's area",
            code="outside_area",
            detail={"field": "region"},
        )
    checked = validate_parties(parties)
    mediation = new_mediation(
        source=source,
        source_reference=source_reference.strip(),
        organisation=organisation,
        level=organisation.level,
        region=region,
        region_path=region.path,
        dispute_type=dispute_type,
        subject=subject,
        description=description,
        is_public=is_public,
        is_major=is_major,
        written_requested=written_requested,
        created_by=actor,
    )
    create_parties(mediation=mediation, parties=checked, actor=actor)
    events.record(
        subject=mediation,
        action="mediation.apply",
        actor=actor,
        after={
            "number": mediation.number,
            "source": source,
            "organisation": organisation.code,
            "dispute_type": dispute_type.code if dispute_type else "",
            "parties": len(checked),
        },
    )
    return mediation


@transaction.atomic
def mediation_from_case(
    *,
    actor: User,
    case_id: int,
    organisation: MediationOrganisation | None = None,
    dispute_type: DisputeType | None = None,
    consent: bool = False,
    consent_note: str = "",
) -> Mediation:
    """转人民调解: a dispute case goes to mediation at its level (village first, 631).

    1. Only a case :func:`case_mediation_refusal` allows — a dispute, or a claim petition with
       the petitioner's ``consent`` (信访工作条例 art. 33) — accepted, still being handled, and
       not already in mediation.
    2. The dispute type is the one given or the one suggested from the description.
    3. The organisation is the one given or the committee at the case's level for its place.
    4. The case moves to the organisation's unit (dispatch / transfer / assign down, as the
       actor may); if the actor may not move it, nothing is registered.
    """
    case = case_access.case_get_for_user(actor, case_id, for_update=True)
    refusal = case_mediation_refusal(case, consent=consent)
    if refusal is not None:
        raise refusal
    consent_note = consent_note.strip()[:500]
    if case.status not in (
        CaseStatus.REGISTERED,
        CaseStatus.RETURNED,
        CaseStatus.DISPATCHED,
        CaseStatus.IN_PROGRESS,
    ):
        raise InvalidState(
            f"事项当前状态为「{case.get_status_display()}」，不能转调解",
            "the case is not being handled",
            code="case_not_open",
        )
    if case.status == CaseStatus.REGISTERED and case.accepted_at is None:
        raise InvalidState("事项尚未受理，请先受理", "accept the case first", code="not_accepted_yet")
    if Mediation.objects.filter(case=case, status__in=OPEN_MEDIATION_STATUSES).exists():
        raise InvalidState(
            "该事项已在调解中", "the case is already in mediation", code="already_in_mediation"
        )
    if dispute_type is None:
        from gongzhi.mediation.classifier import dispute_type_suggest

        suggestions = dispute_type_suggest(text=f"{case.subject} {case.description}", limit=1)
        dispute_type = suggestions[0].dispute_type if suggestions else None
    _refuse_unmediable(dispute_type)
    if organisation is None:
        level = case.level or RegionLevel.VILLAGE
        if org_selectors.level_rank(case.region.level) < org_selectors.level_rank(level):
            level = case.region.level  # a town-level place has no village committee
        organisation = committee_for_level(region=case.region, level=level, dispute_type=dispute_type)
        if organisation is None:
            raise InvalidState(
                "该地没有可受理的调解组织", "no mediation organisation here", code="no_organisation"
            )
    parties = [
        PartyData(
            name=p.name,
            role=p.role,
            id_number=p.id_number,
            phone=p.phone,
            address=p.address,
            nationality=p.nationality,
            language=p.language,
            case_party_id=p.pk,
        )
        for p in case.parties.all()
    ]
    checked = validate_parties(parties)
    unit = case_link.organisation_unit(organisation)
    if unit is not None and not case_link.take_case(
        actor=actor, case=case, unit=unit, reason=f"转{organisation.name}调解"
    ):
        raise PermissionDenied(
            "您无权将该事项交给调解组织（需由分流员或承办单位负责人操作）",
            "you may not hand this case to the mediation organisation",
        )
    mediation = new_mediation(
        source=MediationSource.CASE,
        source_reference=case.tracking_code,
        case=case,
        organisation=organisation,
        level=organisation.level,
        region=case.region,
        region_path=case.region_path,
        dispute_type=dispute_type,
        subject=case.subject,
        description=case.description,
        created_by=actor,
    )
    create_parties(mediation=mediation, parties=checked, actor=actor)
    events.record(
        subject=mediation,
        action="mediation.from_case",
        actor=actor,
        after={
            "number": mediation.number,
            "case": case.pk,
            "organisation": organisation.code,
            "dispute_type": dispute_type.code if dispute_type else "",
            "consent": consent,
            "consent_note": consent_note,
        },
    )
    agreed = ""
    if case.kind == CaseKind.PETITION:
        agreed = f"，经信访人同意（信访工作条例第三十三条）{('：' + consent_note) if consent_note else ''}"
    case_link.case_note(
        actor, mediation, f"转{organisation.name}人民调解，调解编号{mediation.number}{agreed}"
    )
    return mediation


@transaction.atomic
def mediation_accept(*, actor: User, mediation_id: int) -> Mediation:
    """受理: the committee takes the dispute; the time limit (default one month) starts."""
    mediation = lock_mediation(actor, mediation_id)
    require_status(mediation, [MediationStatus.APPLIED], action_zh="受理", action_en="accept")
    refused = mediation.parties.filter(refused_at__isnull=False).first()
    if refused is not None:
        raise InvalidState(
            f"当事人{refused.name}明确拒绝调解，不得调解（人民调解法第十七条）",
            "a party refused mediation",
            code="party_refused",
        )
    now = timezone.now()
    before = events.snapshot(mediation, "status", "due_at")
    mediation.status = MediationStatus.IN_PROGRESS
    mediation.accepted_at = now
    mediation.accepted_by = actor
    mediation.due_at = workdays.add_calendar_days(now, rule_int("MEDIATION_TIME_LIMIT_DAYS")).at
    mediation.save()
    events.record(
        subject=mediation,
        action="mediation.accept",
        actor=actor,
        before=before,
        after=events.snapshot(mediation, "status", "due_at"),
    )
    notice_to_parties(
        mediation=mediation,
        kind=NoticeKind.ACCEPTANCE,
        title="人民调解受理通知",
        body=(
            f"您的纠纷「{mediation.subject}」已由{mediation.organisation.name}受理，人民调解不收费。"
            f"调解一般在{timezone.localtime(mediation.due_at):%Y年%m月%d日}前结束；您有权选择或者接受调解员，"
            "有权要求公开或者不公开调解，有权随时终止调解（人民调解法第二十三条）。"
        ),
    )
    case_link.sync(mediation=mediation, actor=actor)
    return mediation


@transaction.atomic
def mediation_not_accept(*, actor: User, mediation_id: int, reason: str) -> Mediation:
    reason = require_text(reason, field="reason", label_zh="不予受理理由", label_en="reason", min_length=4)
    mediation = lock_mediation(actor, mediation_id)
    require_status(mediation, [MediationStatus.APPLIED], action_zh="不予受理", action_en="decline")
    mediation.status = MediationStatus.NOT_ACCEPTED
    mediation.concluded_at = timezone.now()
    mediation.termination_note = reason
    mediation.save()
    events.record(subject=mediation, action="mediation.not_accept", actor=actor, reason=reason)
    case_link.case_note(actor, mediation, f"{mediation.organisation.name}不予受理调解：{reason}")
    return mediation


@transaction.atomic
def mediator_assign(
    *,
    actor: User,
    mediation_id: int,
    mediator_id: int,
    chosen_by_party_id: int | None = None,
    is_lead: bool | None = None,
) -> MediatorAssignment:
    """Designate a mediator, or record the one a party chose (人民调解法 art. 19).

    Refused, changing nothing: a mediator with a conflict of interest (a party, a close relative
    of a party, a recorded declaration); one a party has refused (art. 23); an inactive one;
    one at their maximum load.
    """
    mediation = lock_mediation(actor, mediation_id)
    require_status(
        mediation,
        [MediationStatus.APPLIED, MediationStatus.IN_PROGRESS],
        action_zh="指派调解员",
        action_en="assign",
    )
    mediator = Mediator.objects.select_related("person").filter(pk=mediator_id).first()
    if mediator is None or not mediator.is_active:
        raise ValidationFailed(
            "调解员不存在或已停用", "unknown or inactive mediator", code="invalid_mediator"
        )
    conflicts = mediator_conflicts(mediators=[mediator], mediation=mediation).get(mediator.pk)
    if conflicts:
        raise ValidationFailed(
            f"调解员{mediator.name}存在利益冲突，不能承办：{'；'.join(conflicts)}",
            "the mediator has a conflict of interest",
            code="mediator_conflict",
            detail={"mediator": mediator.pk, "reasons": conflicts},
        )
    objection = mediation.objections.filter(mediator=mediator).select_related("party").first()
    if objection is not None:
        raise InvalidState(
            f"当事人{objection.party.name}不接受调解员{mediator.name}（人民调解法第二十三条）",
            "a party refused this mediator",
            code="mediator_refused_by_party",
        )
    if mediation.assignments.filter(mediator=mediator, is_active=True).exists():
        raise InvalidState("该调解员已在承办", "the mediator is already assigned", code="already_assigned")
    if mediator_loads([mediator.pk]).get(mediator.pk, 0) >= mediator.max_load:
        raise InvalidState(
            f"调解员{mediator.name}在办案件已满", "the mediator is at full load", code="mediator_full"
        )
    chosen_by: MediationParty | None = None
    if chosen_by_party_id is not None:
        chosen_by = mediation.parties.filter(pk=chosen_by_party_id).first()
        if chosen_by is None:
            raise ValidationFailed("当事人不属于本案", "not a party of this mediation", code="invalid_party")
    if is_lead is None:
        is_lead = not mediation.assignments.filter(is_active=True, is_lead=True).exists()
    elif is_lead:
        mediation.assignments.filter(is_active=True, is_lead=True).update(is_lead=False)
    assignment = MediatorAssignment.objects.create(
        mediation=mediation, mediator=mediator, is_lead=is_lead, chosen_by=chosen_by
    )
    events.record(
        subject=mediation,
        action="mediation.assign_mediator",
        actor=actor,
        after={"mediator": mediator.pk, "is_lead": is_lead, "chosen_by": chosen_by.pk if chosen_by else None},
    )
    return assignment


@transaction.atomic
def mediator_object(
    *, actor: User, mediation_id: int, party_id: int, mediator_id: int, reason: str = ""
) -> MediatorObjection:
    """A party does not accept a mediator (art. 23 (1)): the mediator is released and barred."""
    mediation = lock_mediation(actor, mediation_id)
    require_status(
        mediation, OPEN_MEDIATION_STATUSES, action_zh="拒绝调解员", action_en="object to a mediator"
    )
    party = mediation.parties.filter(pk=party_id).first()
    mediator = Mediator.objects.filter(pk=mediator_id).first()
    if party is None or mediator is None:
        raise ValidationFailed("当事人或调解员不属于本案", "unknown party or mediator", code="invalid_party")
    objection, created = MediatorObjection.objects.get_or_create(
        mediation=mediation, party=party, mediator=mediator, defaults={"reason": reason.strip()[:200]}
    )
    if not created:
        return objection
    now = timezone.now()
    released = mediation.assignments.filter(mediator=mediator, is_active=True).update(
        is_active=False, is_lead=False, released_at=now, release_reason=f"当事人{party.name}不接受"
    )
    events.record(
        subject=mediation,
        action="mediation.mediator_refused",
        actor=actor,
        after={"party": party.pk, "mediator": mediator.pk, "released": bool(released)},
        reason=reason,
    )
    return objection


@transaction.atomic
def mediation_extend(
    *, actor: User, mediation_id: int, days: int, reason: str, requested_by_party_ids: Iterable[int]
) -> MediationExtension:
    """Extension at the parties' request (宁波市人民调解条例 art. 23: 双方当事人同意延长)."""
    reason = require_text(reason, field="reason", label_zh="延期理由", label_en="reason", min_length=4)
    if not 1 <= days <= rule_int("MEDIATION_MAX_EXTENSION_DAYS"):
        raise ValidationFailed(
            f"延长天数应为1至{rule_int('MEDIATION_MAX_EXTENSION_DAYS')}天",
            "days out of range",
            code="invalid_days",
            detail={"field": "days"},
        )
    mediation = lock_mediation(actor, mediation_id)
    require_status(
        mediation,
        [MediationStatus.IN_PROGRESS, MediationStatus.AGREEMENT_PENDING],
        action_zh="延期",
        action_en="extend",
    )
    parties = list(mediation.parties.filter(refused_at__isnull=True))
    asked = set(requested_by_party_ids)
    missing = [p.name for p in parties if p.pk not in asked]
    if missing:
        raise ValidationFailed(
            f"延长调解期限须经各方当事人同意，尚缺：{'、'.join(missing)}",
            "every party must ask for the extension",
            code="extension_needs_all_parties",
            detail={"missing": missing},
        )
    before = mediation.due_at
    base = mediation.due_at or timezone.now()
    mediation.due_at = workdays.add_calendar_days(base, days).at
    mediation.extended_days += days
    mediation.due_reminded_at = None
    mediation.save()
    extension = MediationExtension.objects.create(
        mediation=mediation,
        days=days,
        reason=reason,
        recorded_by=actor,
        due_before=before,
        due_after=mediation.due_at,
    )
    extension.requested_by.set(parties)
    events.record(
        subject=mediation,
        action="mediation.extend",
        actor=actor,
        before={"due_at": before},
        after={"due_at": mediation.due_at, "days": days},
        reason=reason,
    )
    return extension


@transaction.atomic
def mediation_record_satisfaction(*, actor: User, mediation_id: int, rating: str) -> Mediation:
    if rating not in Rating.values:
        raise ValidationFailed(
            "请选择满意度", "choose a rating", code="invalid_rating", detail={"field": "rating"}
        )
    mediation = lock_mediation(actor, mediation_id)
    if mediation.status in OPEN_MEDIATION_STATUSES:
        raise InvalidState("调解尚未结束", "the mediation is still open", code="mediation_open")
    before = events.snapshot(mediation, "satisfaction")
    mediation.satisfaction = rating
    mediation.save(update_fields=["satisfaction", "updated_at"])
    events.record(
        subject=mediation, action="mediation.rate", actor=actor, before=before, after={"satisfaction": rating}
    )
    return mediation
