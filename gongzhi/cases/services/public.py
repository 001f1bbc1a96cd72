"""The citizen's own submission (网上诉求): registered without a login, on the online channel.

1. The online desk (网信受理) is a system account with the intake role at the district centre; it
   is the actor on record, so the audit trail reads "网上受理（系统）", never a person who did not act.
2. The case then goes through ``case_intake`` like any other: validated, given a tracking code and
   a receipt, waiting for the acceptance decision of a centre that covers its locality.
3. Photos are validated by their bytes and stored outside the web root (``attachments``).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from gongzhi.cases.enums import CaseKind, Channel
from gongzhi.cases.models import Case
from gongzhi.cases.services.attachments import attachment_store
from gongzhi.cases.services.intake import case_intake
from gongzhi.core.errors import InvalidState, ValidationFailed
from gongzhi.org import selectors as org_selectors
from gongzhi.org import services as org_services
from gongzhi.org.enums import RegionLevel, Role
from gongzhi.org.models import Region, User
from gongzhi.routing.models import Category

ONLINE_DESK_USERNAME = "online-desk"
PUBLIC_KINDS = (CaseKind.REQUEST, CaseKind.PETITION)
MAX_PHOTOS = 4


def online_desk(*, region: Region) -> User:
    """The system account that registers citizens' online submissions (created on first use)."""
    centre = org_selectors.centre_at_level(region=region, level=RegionLevel.DISTRICT)
    if centre is None:
        raise InvalidState("没有区级社会治理中心", "no district centre to receive online submissions")
    user = User.objects.filter(username=ONLINE_DESK_USERNAME).first()
    if user is None:
        user = org_services.staff_create(
            username=ONLINE_DESK_USERNAME,
            display_name="网上受理（系统）",
            password=secrets.token_urlsafe(32),
            check_password_strength=False,
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
    org_services.membership_grant(user=user, unit=centre, role=Role.INTAKE_CLERK)
    return user


@transaction.atomic
def case_submit_online(
    *,
    kind: str,
    petition_class: str = "",
    subject: str,
    description: str,
    region: Region,
    category: Category | None,
    reporter_name: str,
    reporter_phone: str,
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    photos: Sequence[UploadedFile] = (),
) -> Case:
    """A citizen's request, complaint or suggestion from the public form; returns the new case."""
    if kind not in PUBLIC_KINDS:
        raise ValidationFailed("事项类型无效", "unknown kind", code="invalid_kind", detail={"field": "kind"})
    if not reporter_phone.strip():
        raise ValidationFailed(
            "请填写手机号码（查询进度时需要）",
            "a phone number is required (it is needed to track the case)",
            code="missing_contact",
            detail={"field": "reporter_phone"},
        )
    if len(photos) > MAX_PHOTOS:
        raise ValidationFailed(
            f"最多上传 {MAX_PHOTOS} 张照片",
            f"at most {MAX_PHOTOS} photos",
            code="too_many_files",
            detail={"field": "photos"},
        )
    desk = online_desk(region=region)
    centre = org_selectors.centre_at_level(region=region, level=RegionLevel.DISTRICT)
    case = case_intake(
        actor=desk,
        channel=Channel.ONLINE,
        kind=kind,
        petition_class=petition_class,
        subject=subject,
        description=description,
        region=region,
        category=category,
        reporter_name=reporter_name,
        reporter_phone=reporter_phone,
        address=address,
        latitude=latitude,
        longitude=longitude,
        intake_unit=centre,
    )
    for photo in photos:
        attachment_store(case=case, upload=photo, actor=None)
    return case
