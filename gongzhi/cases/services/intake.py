"""一窗受理: registering a case at the one window, on any channel."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongzhi.cases import access, accusations, deadlines
from gongzhi.cases.enums import CaseKind, Channel, NoticeKind, PetitionClass, Urgency
from gongzhi.cases.events import case_event
from gongzhi.cases.hooks import intake_hooks_schedule
from gongzhi.cases.models import Case, Party
from gongzhi.cases.services._common import require_text
from gongzhi.cases.services.notices import notice_to_reporter
from gongzhi.cases.services.urgency import case_report_urgent
from gongzhi.core.conf import rule_str
from gongzhi.core.errors import PermissionDenied, ValidationFailed
from gongzhi.core.ids import phone_is_valid, resident_id_is_valid, tracking_code
from gongzhi.org import selectors as org_selectors
from gongzhi.org.models import Region, Unit, User
from gongzhi.routing.models import Category


@dataclass(frozen=True)
class PartyInput:
    name: str
    role: str = ""
    is_representative: bool = False
    phone: str = ""
    id_number: str = ""
    address: str = ""
    nationality: str = ""
    language: str = ""


def max_representatives(group_size: int) -> int:
    """信访工作条例 art. 20: at most 5; 浙江省信访条例 art. 15: at most 3 when 10 people or fewer."""
    if rule_str("GROUP_VISIT_RULE") == "zhejiang" and group_size <= 10:
        return 3
    return 5


def _fail(field: str, zh: str, en: str, code: str | None = None) -> ValidationFailed:
    return ValidationFailed(zh, en, code=code or f"invalid_{field}", detail={"field": field})


def _validate(
    *,
    channel: str,
    kind: str,
    petition_class: str,
    is_anonymous: bool,
    reporter_name: str,
    reporter_phone: str,
    reporter_id_number: str,
    reporter_address: str,
    group_size: int,
    parties: Sequence[PartyInput],
    accused_unit: Unit | None,
    latitude: Decimal | None,
    longitude: Decimal | None,
    urgency: str,
) -> None:
    if channel not in Channel.values:
        raise _fail("channel", "来源渠道无效", "unknown channel")
    if kind not in CaseKind.values:
        raise _fail("kind", "事项类型无效", "unknown case kind")
    if urgency not in Urgency.values:
        raise _fail("urgency", "紧急程度无效", "unknown urgency")
    if kind == CaseKind.PETITION and petition_class not in PetitionClass.values:
        raise _fail(
            "petition_class",
            "信访事项须选择类别（建议意见/检举控告/申诉求决）",
            "a petition needs its class (suggestion / accusation / claim)",
            "missing_petition_class",
        )
    if kind != CaseKind.PETITION and petition_class:
        raise _fail("petition_class", "只有信访事项有信访类别", "only petitions have a petition class")
    if accused_unit is not None and petition_class != PetitionClass.ACCUSATION:
        raise _fail("accused_unit", "只有检举控告类可指定被检举单位", "only accusations name an accused unit")
    if is_anonymous:
        # 浙江省信访条例 art. 14: a complaint records name, address and contact; a dispute needs parties.
        if kind == CaseKind.DISPUTE or petition_class == PetitionClass.CLAIM:
            raise _fail(
                "is_anonymous",
                "申诉求决类信访和矛盾纠纷不能匿名登记",
                "claims and disputes cannot be registered anonymously",
                "anonymous_not_allowed",
            )
    else:
        if not reporter_name.strip():
            raise _fail(
                "reporter_name",
                "请填写反映人姓名",
                "the reporter's name is required",
                "missing_reporter_name",
            )
        if not (reporter_phone.strip() or reporter_address.strip()):
            raise _fail(
                "reporter_phone",
                "请填写联系电话或通讯地址",
                "a phone number or an address is required",
                "missing_contact",
            )
    if reporter_phone and not phone_is_valid(reporter_phone):
        raise _fail("reporter_phone", "联系电话格式不正确", "the phone number is not valid")
    if reporter_id_number and not resident_id_is_valid(reporter_id_number):
        raise _fail(
            "reporter_id_number", "身份证号码校验失败（GB 11643）", "the ID number fails its GB 11643 check"
        )
    for index, party in enumerate(parties):
        if not party.name.strip():
            raise _fail(f"parties[{index}].name", "当事人姓名不能为空", "a party needs a name")
        if party.id_number and not resident_id_is_valid(party.id_number):
            raise _fail(
                f"parties[{index}].id_number", "当事人身份证号码校验失败", "a party's ID number is not valid"
            )
        if party.phone and not phone_is_valid(party.phone):
            raise _fail(
                f"parties[{index}].phone", "当事人电话格式不正确", "a party's phone number is not valid"
            )
    if kind == CaseKind.DISPUTE and not parties:
        raise _fail("parties", "矛盾纠纷须登记当事人", "a dispute needs its parties", "missing_parties")
    if group_size < 1:
        raise _fail("group_size", "人数至少为 1", "group size must be at least 1")
    representatives = sum(1 for party in parties if party.is_representative)
    if channel == Channel.VISIT and group_size > 1:
        limit = max_representatives(group_size)
        if representatives == 0:
            raise _fail(
                "parties",
                "集体访须推选代表",
                "a group visit must name its representatives",
                "missing_representatives",
            )
        if representatives > limit:
            raise _fail(
                "parties",
                f"集体访代表不得超过 {limit} 人",
                f"a group visit may name at most {limit} representatives",
                "too_many_representatives",
            )
    elif representatives:
        raise _fail("parties", "只有集体访登记代表", "only a group visit has representatives")
    if (latitude is None) != (longitude is None):
        raise _fail("latitude", "经纬度须同时填写", "latitude and longitude go together")
    if (
        latitude is not None
        and longitude is not None
        and not (-90 <= latitude <= 90 and -180 <= longitude <= 180)
    ):
        raise _fail("latitude", "经纬度超出范围", "coordinates out of range")


def _first_petition(*, reporter_phone: str, reporter_id_number: str, category: Category | None) -> bool:
    """初信初访 (UNCONFIRMED definition): no earlier case by the same person in the same category."""
    if not (reporter_phone or reporter_id_number):
        return False
    earlier = Case.objects.all()
    earlier = (
        earlier.filter(reporter_id_number=reporter_id_number)
        if reporter_id_number
        else earlier.filter(reporter_phone=reporter_phone)
    )
    if category is not None:
        earlier = earlier.filter(category=category)
    return not earlier.exists()


@transaction.atomic
def case_intake(
    *,
    actor: User,
    channel: str,
    kind: str,
    subject: str,
    description: str,
    region: Region,
    category: Category | None = None,
    petition_class: str = "",
    urgency: str = Urgency.NORMAL,
    is_anonymous: bool = False,
    reporter_name: str = "",
    reporter_phone: str = "",
    reporter_id_number: str = "",
    reporter_address: str = "",
    reporter: User | None = None,
    group_size: int = 1,
    parties: Sequence[PartyInput] = (),
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    accused_unit: Unit | None = None,
    is_first_petition: bool | None = None,
    intake_unit: Unit | None = None,
) -> Case:
    """Register a case at the window and start the acceptance clock.

    1. Validate the record (信访工作条例 art. 19; 浙江省信访条例 arts. 14–15).
    2. The clerk's centre must cover the case's locality; it becomes the intake unit.
    3. Give the reporter a tracking code and a receipt (回执); the acceptance clock runs by the
       case's urgency (``deadlines.accept_deadline``).
    4. A 特急 case is reported to the intake centre's leaders (信访工作条例 art. 25).
    5. Once committed, run the post-intake hooks (``settings.GONGZHI_CASE_INTAKE_HOOKS``: the
       repeat index …), whatever the channel.
    """
    subject = require_text(subject, field="subject", label_zh="事项标题", label_en="subject")[:200]
    description = require_text(
        description, field="description", label_zh="事项内容", label_en="description", min_length=4
    )
    reporter_phone = reporter_phone.strip()
    reporter_id_number = reporter_id_number.strip().upper()
    _validate(
        channel=channel,
        kind=kind,
        petition_class=petition_class,
        is_anonymous=is_anonymous,
        reporter_name=reporter_name,
        reporter_phone=reporter_phone,
        reporter_id_number=reporter_id_number,
        reporter_address=reporter_address,
        group_size=group_size,
        parties=parties,
        accused_unit=accused_unit,
        latitude=latitude,
        longitude=longitude,
        urgency=urgency,
    )
    # 信访工作条例 art. 30: neither the accused unit (nor one under it) nor its staff register an
    # accusation against it.
    accused_probe = Case(petition_class=petition_class, accused_unit=accused_unit)
    accusations.require_actor_not_accused(accused_probe, actor)
    if intake_unit is None:
        probe = Case(region_path=region.path)
        centres = access.covering_centres(actor, probe, access.INTAKE_ROLES)
        if centres:
            intake_unit = max(centres, key=lambda unit: len(unit.region.path))
        elif access.is_administrator(actor):
            intake_unit = org_selectors.centre_for_region(region=region)
            while intake_unit is not None and accusations.unit_is_barred(accused_probe, intake_unit):
                intake_unit = org_selectors.unit_parent_centre(unit=intake_unit)
            intake_unit = intake_unit or _district_centre(region)
        else:
            raise PermissionDenied(
                "您所在中心无权登记该属地的事项", "your centre cannot register cases for this locality"
            )
    else:
        access.require_role_in_unit(actor, intake_unit, access.INTAKE_ROLES)
    accusations.require_not_accused(accused_probe, intake_unit, field="intake_unit")
    town, village = org_selectors.region_town_and_village(region)
    now = timezone.now()
    accept_due = deadlines.accept_deadline(now, urgency=urgency)
    if is_first_petition is None:
        is_first_petition = _first_petition(
            reporter_phone=reporter_phone, reporter_id_number=reporter_id_number, category=category
        )
    case = Case(
        channel=channel,
        kind=kind,
        petition_class=petition_class,
        urgency=urgency,
        is_first_petition=is_first_petition,
        subject=subject,
        description=description,
        category=category,
        is_anonymous=is_anonymous,
        reporter_name="" if is_anonymous else reporter_name.strip(),
        reporter_phone="" if is_anonymous else reporter_phone,
        reporter_id_number="" if is_anonymous else reporter_id_number,
        reporter_address="" if is_anonymous else reporter_address.strip(),
        reporter=reporter,
        group_size=group_size,
        region=region,
        town=town,
        village=village,
        region_path=region.path,
        address=address.strip(),
        latitude=latitude,
        longitude=longitude,
        intake_unit=intake_unit,
        registered_by=actor if actor.pk else None,
        registered_at=now,
        accept_due_at=accept_due.at,
        is_accept_due_provisional=accept_due.is_provisional,
        accused_unit=accused_unit,
    )
    for _attempt in range(5):
        case.tracking_code = tracking_code(now)
        try:
            with transaction.atomic():
                case.save()
            break
        except IntegrityError:
            if Case.objects.filter(tracking_code=case.tracking_code).exists():
                continue
            raise
    Party.objects.bulk_create(
        [
            Party(
                case=case,
                name=p.name.strip(),
                role=p.role,
                is_representative=p.is_representative,
                phone=p.phone,
                id_number=p.id_number.upper(),
                address=p.address,
                nationality=p.nationality,
                language=p.language,
            )
            for p in parties
        ]
    )
    case_event(
        case=case,
        actor=actor,
        action="case.intake",
        after={
            "tracking_code": case.tracking_code,
            "channel": channel,
            "kind": kind,
            "status": case.status,
            "region": region.code,
            "intake_unit": intake_unit.code,
            "accept_due_at": case.accept_due_at,
        },
    )
    notice_to_reporter(
        case=case,
        kind=NoticeKind.RECEIPT,
        title="受理回执",
        body=(
            f"您反映的「{case.subject}」已于{timezone.localtime(now):%Y年%m月%d日 %H:%M}"
            f"由{intake_unit.name}登记，"
            f"将在{timezone.localtime(case.accept_due_at):%Y年%m月%d日}前告知是否受理。"
        ),
    )
    case_report_urgent(case=case, actor=actor)
    intake_hooks_schedule(case.pk)
    return case


def _district_centre(region: Region) -> Unit:
    from gongzhi.org.enums import RegionLevel

    centre = org_selectors.centre_at_level(region=region, level=RegionLevel.DISTRICT)
    if centre is None:
        raise ValidationFailed(
            "该属地没有社会治理中心",
            "no governance centre covers this region",
            code="no_centre",
            detail={"field": "region"},
        )
    return centre
