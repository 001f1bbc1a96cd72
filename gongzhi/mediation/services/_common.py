"""Shared steps of the mediation services: locking, state checks, parties, notices."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from gongzhi.core import notifications
from gongzhi.core.errors import InvalidState, ValidationFailed
from gongzhi.core.ids import resident_id_is_valid
from gongzhi.kinship import services as kinship_services
from gongzhi.kinship.models import Person
from gongzhi.mediation import access
from gongzhi.mediation.enums import Gender, NoticeStatus, PartyKind
from gongzhi.mediation.languages import language_code
from gongzhi.mediation.models import Mediation, MediationNotice, MediationParty
from gongzhi.org.models import Region, Unit, User


def lock_mediation(actor: User, mediation_id: int) -> Mediation:
    """Fetch the mediation for ``actor`` (NotFound outside their scope), lock it, and require
    that ``actor`` works on it."""
    mediation = access.mediation_get_for_user(actor, mediation_id, for_update=True)
    access.require_mediation_staff(actor, mediation)
    return mediation


def require_status(mediation: Mediation, allowed: Iterable[str], *, action_zh: str, action_en: str) -> None:
    allowed = tuple(allowed)
    if mediation.status not in allowed:
        raise InvalidState(
            f"调解案件当前状态为「{mediation.get_status_display()}」，不能{action_zh}",
            f"cannot {action_en} a mediation in status {mediation.status!r}",
            code="mediation_wrong_status",
            detail={"status": mediation.status, "allowed": list(allowed)},
        )


def require_text(value: str, *, field: str, label_zh: str, label_en: str, min_length: int = 2) -> str:
    value = (value or "").strip()
    if len(value) < min_length:
        raise ValidationFailed(
            f"请填写{label_zh}", f"{label_en} is required", code="missing_" + field, detail={"field": field}
        )
    return value


@dataclass(frozen=True)
class PartyData:
    """A party as given to ``mediation_apply``; natural persons with a resident ID number are
    linked to the kinship register (``person_upsert``)."""

    name: str
    role: str = ""
    kind: str = PartyKind.PERSON
    gender: str = ""
    ethnicity: str = ""
    birth_date: date | None = None
    id_number: str = ""
    address: str = ""
    phone: str = ""
    nationality: str = ""
    language: str = ""
    representative: str = ""
    case_party_id: int | None = None


def validate_parties(parties: Iterable[PartyData]) -> list[PartyData]:
    parties = list(parties)
    if len(parties) < 2:
        raise ValidationFailed(
            "纠纷至少有两方当事人",
            "a dispute has at least two parties",
            code="too_few_parties",
            detail={"field": "parties"},
        )
    for index, party in enumerate(parties):
        if not party.name.strip():
            raise ValidationFailed(
                "当事人姓名（名称）不能为空",
                "a party needs a name",
                code="missing_party_name",
                detail={"field": f"parties[{index}].name"},
            )
        if party.kind not in PartyKind.values:
            raise ValidationFailed(
                "当事人类型无效",
                "unknown party kind",
                code="invalid_party_kind",
                detail={"field": f"parties[{index}].kind"},
            )
        if party.gender and party.gender not in Gender.values:
            raise ValidationFailed(
                "性别无效",
                "unknown gender",
                code="invalid_gender",
                detail={"field": f"parties[{index}].gender"},
            )
    return parties


def person_for(party: PartyData, *, region: Region | None, actor: User | None) -> Person | None:
    """The register's person for a natural person with a resident ID number; None otherwise
    (organisations, foreigners identified by passport, people whose number is unknown)."""
    id_number = party.id_number.strip().upper()
    if party.kind != PartyKind.PERSON or not resident_id_is_valid(id_number):
        return None
    return kinship_services.person_upsert(
        name=party.name.strip(), id_number=id_number, region=region, actor=actor
    )


def create_parties(
    *, mediation: Mediation, parties: Iterable[PartyData], actor: User | None
) -> list[MediationParty]:
    created = []
    for party in parties:
        person = person_for(party, region=mediation.region, actor=actor)
        language = language_code(party.language)
        created.append(
            MediationParty.objects.create(
                mediation=mediation,
                kind=party.kind,
                name=party.name.strip(),
                role=party.role.strip(),
                gender=party.gender or (person.gender if person is not None else ""),
                ethnicity=party.ethnicity.strip(),
                birth_date=party.birth_date or (person.birth_date if person is not None else None),
                id_number=party.id_number.strip().upper(),
                address=party.address.strip(),
                phone=party.phone.strip(),
                nationality=party.nationality.strip(),
                language="" if language == "zh" else language,
                representative=party.representative.strip(),
                person=person,
                case_party_id=party.case_party_id,
            )
        )
    return created


def _deliver_later(notice_id: int) -> None:
    from gongzhi.mediation.tasks import deliver_notice

    transaction.on_commit(lambda: deliver_notice.enqueue(notice_id))


def notice_to_party(*, mediation: Mediation, party: MediationParty, kind: str, title: str, body: str) -> None:
    """A notice for a party, delivered after commit through the configured backend."""
    if not (party.phone or party.address):
        return
    notice = MediationNotice.objects.create(
        mediation=mediation,
        kind=kind,
        recipient=party.name,
        address=party.phone or party.address,
        title=title,
        body=f"{party.name}：\n{body}\n调解编号：{mediation.number}",
        backend=notifications.get_backend().name,
    )
    _deliver_later(notice.pk)


def notice_to_parties(*, mediation: Mediation, kind: str, title: str, body: str) -> None:
    for party in mediation.parties.all():
        notice_to_party(mediation=mediation, party=party, kind=kind, title=title, body=body)


def notice_to_unit(
    *, mediation: Mediation, unit: Unit | None, kind: str, title: str, body: str, flagged: bool = False
) -> MediationNotice:
    """A notice shown at once in a unit's workbench (and at the top when flagged)."""
    return MediationNotice.objects.create(
        mediation=mediation,
        kind=kind,
        recipient=unit.name if unit is not None else "",
        recipient_unit=unit,
        title=title,
        body=body,
        is_flagged=flagged,
        backend="workbench",
        status=NoticeStatus.SENT,
        delivered_at=timezone.now(),
        delivery_detail="shown in the unit's workbench",
    )


def notice_deliver(*, notice_id: int) -> MediationNotice | None:
    """Send one pending notice through the configured backend and record the result. Idempotent."""
    with transaction.atomic():
        notice = (
            MediationNotice.objects.select_for_update(of=("self",))
            .filter(pk=notice_id, status=NoticeStatus.PENDING)
            .first()
        )
        if notice is None:
            return None
        backend = notifications.get_backend()
        result = backend.send(
            notifications.Message(
                recipient=notice.recipient, address=notice.address, title=notice.title, body=notice.body
            )
        )
        notice.attempts += 1
        notice.backend = backend.name
        notice.status = {"sent": NoticeStatus.SENT, "printed": NoticeStatus.PRINTED}.get(
            result.status, NoticeStatus.FAILED
        )
        notice.delivery_detail = result.detail
        if notice.status != NoticeStatus.FAILED:
            notice.delivered_at = timezone.now()
        notice.save(
            update_fields=["attempts", "backend", "status", "delivery_detail", "delivered_at", "updated_at"]
        )
        return notice
