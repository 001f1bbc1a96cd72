"""调解协议: the written agreement (drafted, finalised, signed, effective) and the oral one
(人民调解法 arts. 28–30)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from gongzhi.core import workdays
from gongzhi.core.errors import InvalidState, NotFound, ValidationFailed
from gongzhi.mediation import access, events
from gongzhi.mediation.conf import rule_int
from gongzhi.mediation.enums import (
    AgreementForm,
    AgreementStatus,
    MediationStatus,
    SignatureMethod,
    SignerKind,
)
from gongzhi.mediation.languages import language_code
from gongzhi.mediation.models import (
    Agreement,
    AgreementSignature,
    JudicialConfirmation,
    Mediation,
    MediationParty,
    PerformanceItem,
)
from gongzhi.mediation.services import case_link
from gongzhi.mediation.services._common import lock_mediation, require_status, require_text
from gongzhi.org.models import User

OPEN_FOR_AGREEMENT = (MediationStatus.IN_PROGRESS, MediationStatus.AGREEMENT_PENDING)


@dataclass(frozen=True)
class PerformanceInput:
    """One obligation: what, by whom (a party's id), by when."""

    description: str
    due_date: date
    obligor_party_id: int | None = None


def _party_details(party: MediationParty) -> dict[str, object]:
    return {
        "id": party.pk,
        "name": party.name,
        "role": party.role,
        "kind": party.kind,
        "gender": party.get_gender_display() if party.gender else "",
        "ethnicity": party.ethnicity,
        "birth_date": party.birth_date.isoformat() if party.birth_date else "",
        "id_number": party.id_number,
        "address": party.address,
        "phone": party.phone,
        "nationality": party.nationality,
        "language": party.language,
        "representative": party.representative,
    }


def _agreement_number(mediation: Mediation, now: datetime) -> str:
    year = workdays.local_date(now).year
    return f"{mediation.organisation.name[:10]}调〔{year}〕{mediation.number}号"


def _performance_times(item: PerformanceItem) -> None:
    """Remind a few days before the deadline; overdue after the end of the deadline day."""
    end_of_day = datetime.combine(item.due_date, datetime.max.time(), tzinfo=workdays.SHANGHAI)
    item.overdue_at = end_of_day
    item.remind_at = end_of_day - timedelta(days=rule_int("PERFORMANCE_REMIND_DAYS_BEFORE") + 1)


def _replace_items(agreement: Agreement, mediation: Mediation, items: Sequence[PerformanceInput]) -> None:
    parties = {p.pk: p for p in mediation.parties.all()}
    agreement.performance_items.all().delete()
    for index, item in enumerate(items):
        text = require_text(
            item.description,
            field=f"performance_items[{index}].description",
            label_zh="履行事项",
            label_en="obligation",
        )
        if item.obligor_party_id is not None and item.obligor_party_id not in parties:
            raise ValidationFailed(
                "履行义务人须是本案当事人",
                "the obligor must be a party",
                code="invalid_obligor",
                detail={"field": f"performance_items[{index}].obligor_party_id"},
            )
        row = PerformanceItem(
            agreement=agreement,
            description=text[:300],
            due_date=item.due_date,
            obligor=parties.get(item.obligor_party_id) if item.obligor_party_id else None,
        )
        _performance_times(row)
        row.save()


@transaction.atomic
def agreement_draft(
    *,
    actor: User,
    mediation_id: int,
    facts: str = "",
    issues: str = "",
    responsibilities: str = "",
    terms: str = "",
    performance_method: str = "",
    performance_deadline: date | None = None,
    performance_items: Sequence[PerformanceInput] = (),
    translation_language: str = "",
    translated_terms: str = "",
    interpreter_name: str = "",
    translation_note: str = "",
) -> Agreement:
    """Draft (or redraft) the written agreement from the statutory fields (art. 29).

    A draft may be incomplete; ``agreement_finalise`` checks every statutory field before the
    text goes to the parties for signature.
    """
    mediation = lock_mediation(actor, mediation_id)
    require_status(mediation, OPEN_FOR_AGREEMENT, action_zh="草拟调解协议", action_en="draft an agreement")
    agreement = Agreement.objects.select_for_update(of=("self",)).filter(mediation=mediation).first()
    if agreement is not None and agreement.status != AgreementStatus.DRAFT:
        raise InvalidState(
            f"调解协议已{agreement.get_status_display()}，不能再修改",
            "the agreement is no longer a draft",
            code="agreement_not_draft",
        )
    fields = {
        "facts": facts.strip(),
        "issues": issues.strip(),
        "responsibilities": responsibilities.strip(),
        "terms": terms.strip(),
        "performance_method": performance_method.strip(),
        "performance_deadline": performance_deadline,
        "translation_language": language_code(translation_language),
        "translated_terms": translated_terms.strip(),
        "interpreter_name": interpreter_name.strip(),
        "translation_note": translation_note.strip(),
    }
    if agreement is None:
        agreement = Agreement.objects.create(
            mediation=mediation,
            number=f"草稿-{mediation.number}",
            form=AgreementForm.WRITTEN,
            drafted_by=actor,
            **fields,
        )
        action = "agreement.draft"
    else:
        for name, value in fields.items():
            setattr(agreement, name, value)
        agreement.save()
        action = "agreement.redraft"
    _replace_items(agreement, mediation, performance_items)
    if mediation.status != MediationStatus.AGREEMENT_PENDING:
        mediation.status = MediationStatus.AGREEMENT_PENDING
        mediation.save(update_fields=["status", "updated_at"])
    events.record(subject=agreement, action=action, actor=actor, after={"mediation": mediation.pk, **fields})
    return agreement


def missing_statutory_fields(agreement: Agreement, parties: Sequence[MediationParty]) -> list[str]:
    """The statutory fields (人民调解法 art. 29) the agreement still lacks, by field name."""
    missing = []
    for party in parties:
        if not party.name or not (party.id_number or party.address):
            missing.append(f"parties[{party.pk}]")  # 当事人的基本情况: name and an identifier or address
    for name in ("facts", "issues", "responsibilities", "terms", "performance_method"):
        if not getattr(agreement, name).strip():
            missing.append(name)
    if agreement.performance_deadline is None and not agreement.performance_items.exists():
        missing.append("performance_deadline")
    if any(p.language for p in parties) and not (agreement.translated_terms and agreement.interpreter_name):
        missing.append("translation")  # a foreign party signs a text they can read
    return missing


FIELD_LABELS = {
    "facts": "纠纷的主要事实",
    "issues": "争议事项",
    "responsibilities": "各方当事人的责任",
    "terms": "协议内容",
    "performance_method": "履行方式",
    "performance_deadline": "履行期限",
    "translation": "外方当事人的译文及翻译人员",
}


def _lock_agreement(actor: User, agreement_id: int) -> tuple[Agreement, Mediation]:
    agreement = Agreement.objects.filter(pk=agreement_id).only("mediation_id").first()
    if agreement is None:
        raise NotFound("调解协议", "agreement")
    mediation = lock_mediation(actor, agreement.mediation_id)
    return Agreement.objects.select_for_update(of=("self",)).get(pk=agreement_id), mediation


@transaction.atomic
def agreement_finalise(*, actor: User, agreement_id: int) -> Agreement:
    """Fix the text for signature: every statutory field present, the parties' details frozen,
    one copy for each party plus the archive."""
    agreement, mediation = _lock_agreement(actor, agreement_id)
    if agreement.status != AgreementStatus.DRAFT:
        raise InvalidState("调解协议已定稿", "the agreement is already final", code="agreement_not_draft")
    parties = list(mediation.parties.filter(refused_at__isnull=True))
    missing = missing_statutory_fields(agreement, parties)
    if missing:
        labels = [FIELD_LABELS.get(m, "当事人的基本情况（姓名、身份证号码或住址）") for m in missing]
        raise ValidationFailed(
            f"调解协议缺少法定内容：{'、'.join(dict.fromkeys(labels))}（人民调解法第二十九条）",
            "the agreement lacks statutory fields",
            code="agreement_incomplete",
            detail={"missing": missing},
        )
    mediators = [
        a.mediator.name for a in mediation.assignments.filter(is_active=True).select_related("mediator")
    ]
    if not mediators:
        raise InvalidState("请先指派调解员", "assign a mediator first", code="no_mediator")
    now = timezone.now()
    agreement.status = AgreementStatus.AWAITING_SIGNATURES
    agreement.finalised_at = now
    agreement.number = _agreement_number(mediation, now)
    agreement.parties_snapshot = [_party_details(p) for p in parties]
    agreement.organisation_name = mediation.organisation.name
    agreement.mediator_names = mediators
    agreement.save()
    events.record(
        subject=agreement,
        action="agreement.finalise",
        actor=actor,
        after={"number": agreement.number, "copies": agreement.copies},
    )
    return agreement


def _is_complete(agreement: Agreement) -> bool:
    signatures = list(agreement.signatures.all())
    party_ids = {p["id"] for p in agreement.parties_snapshot}
    signed_parties = {s.party_id for s in signatures if s.signer_kind == SignerKind.PARTY}
    has_mediator = any(s.signer_kind == SignerKind.MEDIATOR for s in signatures)
    has_seal = any(s.signer_kind == SignerKind.COMMITTEE_SEAL for s in signatures)
    return party_ids <= signed_parties and has_mediator and has_seal


@transaction.atomic
def agreement_sign(
    *,
    actor: User,
    agreement_id: int,
    signer_kind: str,
    method: str = SignatureMethod.SIGNATURE,
    party_id: int | None = None,
    mediator_id: int | None = None,
    signed_at: datetime | None = None,
) -> AgreementSignature:
    """Record a signature, seal or fingerprint with its time (art. 29 para. 2).

    The agreement takes effect when every party has signed (签名、盖章或者按指印), a mediator has
    signed and the committee's seal is applied; it then opens the 30-day window for judicial
    confirmation and the performance follow-up. Nothing may be signed after that.
    """
    if signer_kind not in SignerKind.values or method not in SignatureMethod.values:
        raise ValidationFailed("签署方式无效", "unknown signer or method", code="invalid_signature")
    agreement, mediation = _lock_agreement(actor, agreement_id)
    if agreement.status == AgreementStatus.EFFECTIVE:
        raise InvalidState(
            f"调解协议已于{timezone.localtime(agreement.effective_at):%Y年%m月%d日 %H:%M}生效，不能再签署"
            if agreement.effective_at
            else "调解协议已生效，不能再签署",
            "the agreement is already effective; no further signature",
            code="agreement_already_effective",
        )
    if agreement.status != AgreementStatus.AWAITING_SIGNATURES:
        raise InvalidState("调解协议尚未定稿", "finalise the agreement first", code="agreement_not_final")
    signed_at = signed_at or timezone.now()
    if signed_at.tzinfo is None or signed_at > timezone.now() + timedelta(minutes=5):
        raise ValidationFailed("签署时间无效", "the signing time is invalid", code="invalid_signed_at")
    party = mediator = None
    if signer_kind == SignerKind.PARTY:
        party = mediation.parties.filter(pk=party_id or 0).first()
        if party is None or party.pk not in {p["id"] for p in agreement.parties_snapshot}:
            raise ValidationFailed(
                "签署人不是本协议当事人", "not a party to this agreement", code="invalid_party"
            )
        name = party.name
        if agreement.signatures.filter(party=party).exists():
            raise InvalidState(f"{party.name}已签署", "this party has signed already", code="already_signed")
    elif signer_kind == SignerKind.MEDIATOR:
        assignment = (
            mediation.assignments.filter(mediator_id=mediator_id or 0, is_active=True)
            .select_related("mediator")
            .first()
        )
        if assignment is None:
            raise ValidationFailed(
                "签名的调解员须是本案调解员", "the mediator is not assigned", code="invalid_mediator"
            )
        mediator = assignment.mediator
        name = mediator.name
        if agreement.signatures.filter(mediator=mediator).exists():
            raise InvalidState(
                f"{mediator.name}已签名", "this mediator has signed already", code="already_signed"
            )
        method = SignatureMethod.SIGNATURE
    else:
        if not access.is_organisation_staff(actor, mediation.organisation) and not access.sees_everything(
            actor
        ):
            raise ValidationFailed(
                "只有调解组织可加盖印章", "only the organisation applies its seal", code="seal_not_allowed"
            )
        if agreement.signatures.filter(signer_kind=SignerKind.COMMITTEE_SEAL).exists():
            raise InvalidState("已加盖调解委员会印章", "the seal is applied already", code="already_sealed")
        name = mediation.organisation.name
        method = SignatureMethod.SEAL
    signature = AgreementSignature.objects.create(
        agreement=agreement,
        signer_kind=signer_kind,
        party=party,
        mediator=mediator,
        signer_name=name,
        method=method,
        signed_at=signed_at,
        recorded_by=actor,
    )
    events.record(
        subject=agreement,
        action="agreement.sign",
        actor=actor,
        after={"signer_kind": signer_kind, "signer": name, "method": method, "signed_at": signed_at},
    )
    if _is_complete(agreement):
        effective_at = max(s.signed_at for s in agreement.signatures.all())
        _take_effect(agreement, mediation, actor, effective_at)
    return signature


def _take_effect(agreement: Agreement, mediation: Mediation, actor: User, effective_at: datetime) -> None:
    agreement.status = AgreementStatus.EFFECTIVE
    agreement.effective_at = effective_at
    agreement.save(update_fields=["status", "effective_at", "updated_at"])
    if agreement.form == AgreementForm.WRITTEN:
        window = workdays.add_calendar_days(effective_at, rule_int("CONFIRMATION_WINDOW_DAYS")).at
        JudicialConfirmation.objects.create(
            agreement=agreement,
            window_ends_at=window,
            remind_at=window - timedelta(days=rule_int("CONFIRMATION_REMIND_DAYS_BEFORE")),
        )
    mediation.status = MediationStatus.RESOLVED
    mediation.concluded_at = effective_at
    mediation.save(update_fields=["status", "concluded_at", "updated_at"])
    events.record(
        subject=agreement,
        action="agreement.effective",
        actor=actor,
        after={"effective_at": effective_at, "form": agreement.form},
    )
    events.record(
        subject=mediation, action="mediation.resolve", actor=actor, after={"agreement": agreement.pk}
    )
    case_link.owe(mediation, case_link.RESOLVED)
    case_link.sync(mediation=mediation, actor=actor)


@transaction.atomic
def agreement_record_oral(
    *,
    actor: User,
    mediation_id: int,
    terms: str,
    facts: str = "",
    performed_on_the_spot: bool = True,
    performance_items: Sequence[PerformanceInput] = (),
) -> Agreement:
    """口头调解协议 (art. 28, art. 30): the mediator records its content; it takes effect at once.

    Refused (宁波市人民调解条例 art. 24: a written agreement is required) when a party asked
    for a written one, when the dispute is major or complex, or when it is not performed at once.
    """
    terms = require_text(terms, field="terms", label_zh="口头协议内容", label_en="terms", min_length=4)
    mediation = lock_mediation(actor, mediation_id)
    require_status(
        mediation, OPEN_FOR_AGREEMENT, action_zh="记录口头协议", action_en="record an oral agreement"
    )
    today = timezone.localdate()
    if (
        mediation.written_requested
        or mediation.is_major
        or not performed_on_the_spot
        or any(item.due_date > today for item in performance_items)
    ):
        raise ValidationFailed(
            "当事人要求、纠纷重大复杂或者不能即时履行的，应当制作书面调解协议书",
            "a written agreement is required here",
            code="written_agreement_required",
        )
    existing = Agreement.objects.select_for_update(of=("self",)).filter(mediation=mediation).first()
    if existing is not None:
        if existing.status != AgreementStatus.DRAFT:
            raise InvalidState("已有书面调解协议", "a written agreement exists", code="agreement_exists")
        existing.delete()
    if not mediation.assignments.filter(is_active=True).exists():
        raise InvalidState("请先指派调解员", "assign a mediator first", code="no_mediator")
    now = timezone.now()
    parties = list(mediation.parties.filter(refused_at__isnull=True))
    agreement = Agreement.objects.create(
        mediation=mediation,
        number=f"{mediation.organisation.name[:10]}口〔{workdays.local_date(now).year}〕{mediation.number}号",
        form=AgreementForm.ORAL,
        status=AgreementStatus.DRAFT,
        facts=facts.strip(),
        terms=terms,
        parties_snapshot=[_party_details(p) for p in parties],
        organisation_name=mediation.organisation.name,
        mediator_names=[
            a.mediator.name for a in mediation.assignments.filter(is_active=True).select_related("mediator")
        ],
        drafted_by=actor,
        finalised_at=now,
    )
    _replace_items(agreement, mediation, performance_items)
    agreement.performance_items.update(status="performed", performed_at=now, note="当场履行")
    events.record(subject=agreement, action="agreement.record_oral", actor=actor, after={"terms": terms})
    _take_effect(agreement, mediation, actor, now)
    return agreement
