"""Writes through Open311: a service request becomes a case like any other; a comment becomes a
handling note. Both act as the application key's service user, through the case services.

1. The case is registered with ``case_intake`` on the channel ``online`` (网信), kind 诉求, in the
   category named by ``service_code``, at the window of the key's unit — so the same access
   rules, acceptance deadline and receipt apply as at the counter.
2. By default it waits at that window for a person's acceptance decision (受理 / 不予受理 …),
   which the law asks of a person. With ``GONGZHI_OPEN311_AUTO_ACCEPT`` on, the key accepts it
   at once and the responsibility list routes it (631); if routing finds no unit, the case stays
   registered for the window.
3. An uploaded photo goes through the cases app's attachment service (type sniffed from its
   bytes, size checked, stored outside the web root, on the case's timeline).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from gongzhi.api.models import ApiKey, Open311Request
from gongzhi.cases import services as case_services
from gongzhi.cases.enums import CaseKind, Channel
from gongzhi.cases.models import Case, HandlingNote
from gongzhi.cases.services.attachments import attachment_store
from gongzhi.core.errors import ApplicationError
from gongzhi.org.models import Region
from gongzhi.routing.models import Category

logger = logging.getLogger(__name__)


@dataclass
class RequestInput:
    category: Category
    region: Region
    description: str
    address_string: str = ""
    address_id: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    email: str = ""
    device_id: str = ""
    account_id: str = ""
    media_url: str = ""
    media: UploadedFile | None = None


def _subject(data: RequestInput) -> str:
    first_line = data.description.strip().splitlines()[0] if data.description.strip() else ""
    subject = first_line[:60] or data.category.name
    return subject if len(subject) >= 2 else f"{data.category.name}：{subject}"


def _description(data: RequestInput) -> str:
    text = data.description.strip() or f"{data.category.full_name}（Open311 上报，未填写描述）"
    if data.attributes:
        details = "；".join(
            f"{code}={'、'.join(v) if isinstance(v, list) else v}"
            for code, v in sorted(data.attributes.items())
        )
        text += f"\n[附加信息] {details}"
    if data.media_url:
        text += f"\n[图片链接] {data.media_url}"
    return text if len(text) >= 4 else f"{text}（Open311）"


def _reporter(data: RequestInput) -> dict[str, Any]:
    if data.first_name.isascii() and data.last_name.isascii():
        name = f"{data.first_name} {data.last_name}".strip()
    else:  # a Chinese name: family name first, no space
        name = f"{data.last_name}{data.first_name}".strip()
    contact_phone = data.phone
    contact_address = "" if contact_phone else data.email
    if not name or not (contact_phone or contact_address):
        return {"is_anonymous": True}
    return {
        "is_anonymous": False,
        "reporter_name": name[:60],
        "reporter_phone": contact_phone,
        "reporter_address": contact_address[:200],
    }


@transaction.atomic
def open311_request_create(*, key: ApiKey, data: RequestInput) -> Case:
    """Register the request as a case (and its Open311 record and photo) in one transaction."""
    case = case_services.case_intake(
        actor=key.user,
        channel=Channel.ONLINE,
        kind=CaseKind.REQUEST,
        subject=_subject(data),
        description=_description(data),
        region=data.region,
        category=data.category,
        address=data.address_string[:200],
        latitude=data.latitude,
        longitude=data.longitude,
        **_reporter(data),
    )
    Open311Request.objects.create(
        case=case,
        api_key=key,
        service_code=data.category.code,
        attributes=data.attributes,
        address_id=data.address_id,
        media_url=data.media_url,
        account_id=data.account_id,
        device_id=data.device_id,
        email=data.email,
    )
    if data.media is not None:
        attachment_store(case=case, upload=data.media, actor=key.user)
    return case


def open311_auto_accept(*, key: ApiKey, case: Case) -> bool:
    """Accept and route at once when the setting asks for it; a refusal leaves it at the window."""
    if not getattr(settings, "GONGZHI_OPEN311_AUTO_ACCEPT", False):
        return False
    try:
        case_services.case_accept(actor=key.user, case_id=case.pk, dispatch=True, note="Open311 自动受理")
    except ApplicationError as exc:
        logger.warning("Open311 auto-accept of case %s refused: %s", case.pk, exc)
        return False
    return True


def open311_comment(*, key: ApiKey, case: Case, author: str, text: str) -> HandlingNote:
    """A reporter's comment (mySociety POST servicerequestupdates) as a handling note."""
    prefix = f"【群众补充·Open311】{author}：" if author else "【群众补充·Open311】"
    return case_services.case_add_note(actor=key.user, case_id=case.pk, text=prefix + text)
