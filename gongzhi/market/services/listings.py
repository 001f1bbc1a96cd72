"""Writes of the market: enterprises, listings and their verification, photos.

1. Staff (the economic bureau, or a town for its own enterprises) enter a listing as a draft and
   submit it; the economic bureau verifies it — then it is published (可对接) — or rejects it with
   a note. Changing a published listing's terms takes it off the market until verified again.
2. Demands, contacts and deals: ``deals.py``.
Every function is keyword-only, runs in one transaction and appends an audit event.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from gongzhi.cases.services.attachments import sniff_content_type
from gongzhi.core.errors import InvalidState
from gongzhi.market import access, events
from gongzhi.market.enums import (
    DealMode,
    EnterpriseKind,
    Industry,
    LandUse,
    ListingKind,
    ListingStatus,
)
from gongzhi.market.models import Enterprise, Listing, ListingPhoto
from gongzhi.market.services._common import create_coded, invalid, require_place, text_field
from gongzhi.org.models import Region, User

PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")
EDITABLE = (ListingStatus.DRAFT, ListingStatus.REJECTED, ListingStatus.AVAILABLE)


@transaction.atomic
def enterprise_upsert(
    *,
    actor: User,
    name: str,
    region: Region,
    industry: str = Industry.OTHER,
    credit_code: str = "",
    kind: str = EnterpriseKind.ENTERPRISE,
    contact_name: str = "",
    contact_phone: str = "",
    is_generated: bool = False,
) -> Enterprise:
    """An enterprise by its credit code (or its name in a town): created, or its details updated."""
    access.require_market_staff(actor)
    require_place(actor, region, "region")
    name = text_field(name, "name", "企业名称", max_length=100)
    credit_code = credit_code.strip().upper()
    if credit_code and (len(credit_code) != 18 or not credit_code.isalnum()):
        raise invalid(
            "统一社会信用代码为18位", "the credit code has 18 characters", "bad_credit_code", "credit_code"
        )
    if industry not in Industry.values or kind not in EnterpriseKind.values:
        raise invalid("未知行业或主体类型", "unknown industry or kind", "bad_industry", "industry")
    lookup = (
        {"credit_code": credit_code} if credit_code else {"name": name, "region": region, "credit_code": ""}
    )
    values = {
        "name": name,
        "region": region,
        "industry": industry,
        "kind": kind,
        "contact_name": contact_name.strip()[:40],
        "contact_phone": contact_phone.strip()[:20],
        "is_generated": is_generated,
    }
    enterprise, created = Enterprise.objects.update_or_create(**lookup, defaults=values)
    events.record(
        subject=enterprise,
        action="enterprise.create" if created else "enterprise.update",
        actor=actor,
        after={"name": name, "credit_code": credit_code, "region": region.pk},
    )
    return enterprise


@dataclass(frozen=True)
class ListingInput:
    kind: str
    title: str
    region: Region
    address: str
    deal_mode: str
    unit_price: Decimal
    area: Decimal
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    land_use: str = ""
    floors: int | None = None
    floor_load_kn: Decimal | None = None
    power_kva: int | None = None
    energy_quota_tce: Decimal | None = None
    allowed_industries: list[str] = field(default_factory=list)
    conditions: str = ""
    description: str = ""


def _check_listing(data: ListingInput) -> None:
    if data.kind not in ListingKind.values or data.deal_mode not in DealMode.values:
        raise invalid("未知资源类型或方式", "unknown kind or mode", "bad_kind", "kind")
    if data.area <= 0:
        raise invalid("面积须大于0", "the area is positive", "bad_area", "area")
    if data.unit_price < 0:
        raise invalid("价格不能为负", "the price is not negative", "bad_price", "unit_price")
    if data.kind == ListingKind.IDLE_LAND and data.land_use not in LandUse.values:
        raise invalid("请选择土地用途", "choose the land use", "missing_land_use", "land_use")
    if data.kind == ListingKind.FACTORY_SPACE and not data.floors:
        raise invalid("请填写厂房层数", "give the number of floors", "missing_floors", "floors")
    unknown = [code for code in data.allowed_industries if code not in Industry.values]
    if unknown:
        raise invalid("未知产业类别", "unknown industries", "bad_industries", "allowed_industries")
    if (data.latitude is None) != (data.longitude is None) or (
        data.latitude is not None
        and not (-90 <= data.latitude <= 90 and -180 <= (data.longitude or 0) <= 180)
    ):
        raise invalid("坐标无效", "invalid coordinates", "bad_location", "latitude")


def _listing_values(data: ListingInput) -> dict[str, object]:
    values = asdict(data)
    values["title"] = text_field(data.title, "title", "标题", max_length=100)
    values["address"] = text_field(data.address, "address", "地址")
    values["region"] = data.region
    values["land_use"] = data.land_use if data.kind == ListingKind.IDLE_LAND else ""
    for text in ("conditions", "description"):
        values[text] = str(values[text]).strip()
    return values


@transaction.atomic
def listing_create(
    *, actor: User, lister: Enterprise, data: ListingInput, is_generated: bool = False
) -> Listing:
    access.require_market_staff(actor)
    _check_listing(data)
    require_place(actor, data.region, "region")
    prefix = "TD" if data.kind == ListingKind.IDLE_LAND else "CF"
    listing: Listing = create_coded(
        Listing, prefix, lister=lister, created_by=actor, is_generated=is_generated, **_listing_values(data)
    )
    events.record(
        subject=listing,
        action="listing.create",
        actor=actor,
        after={"code": listing.code, "kind": listing.kind},
    )
    return listing


@transaction.atomic
def listing_update(*, actor: User, listing_id: int, data: ListingInput) -> Listing:
    """Change a listing's terms; a published one goes back to verification (off the market)."""
    listing = access.listing_get_for_staff(actor, listing_id, for_update=True)
    if listing.status not in EDITABLE:
        raise InvalidState("当前状态不能修改", "the listing cannot change now", code="listing_locked")
    _check_listing(data)
    if data.kind != listing.kind:
        raise invalid("不能改变资源类型", "the kind cannot change", "kind_fixed", "kind")
    if data.area < listing.area_let:
        raise invalid("面积不能小于已出租面积", "the area covers what is let", "bad_area", "area")
    before = events.snapshot(listing, "status", "unit_price", "area")
    for name, value in _listing_values(data).items():
        setattr(listing, name, value)
    if listing.status == ListingStatus.AVAILABLE:
        listing.status = ListingStatus.PENDING
        listing.submitted_at = timezone.now()
    listing.save()
    events.record(
        subject=listing,
        action="listing.update",
        actor=actor,
        before=before,
        after=events.snapshot(listing, "status", "unit_price", "area"),
    )
    return listing


@transaction.atomic
def listing_submit(*, actor: User, listing_id: int) -> Listing:
    listing = access.listing_get_for_staff(actor, listing_id, for_update=True)
    if listing.status not in (ListingStatus.DRAFT, ListingStatus.REJECTED):
        raise InvalidState(
            "只有草稿或未通过的资源可以提交核验", "only drafts can be submitted", code="listing_not_draft"
        )
    listing.status = ListingStatus.PENDING
    listing.submitted_at = timezone.now()
    listing.save(update_fields=["status", "submitted_at", "updated_at"])
    events.record(subject=listing, action="listing.submit", actor=actor, after={"status": listing.status})
    return listing


@transaction.atomic
def listing_verify(*, actor: User, listing_id: int, approve: bool, note: str = "") -> Listing:
    """The economic bureau verifies a listing (published) or rejects it with a note."""
    access.require_bureau(actor)
    listing = access.listing_get_for_staff(actor, listing_id, for_update=True)
    if listing.status != ListingStatus.PENDING:
        raise InvalidState("该资源不在待核验状态", "the listing is not pending", code="listing_not_pending")
    now = timezone.now()
    if approve:
        listing.status = ListingStatus.AVAILABLE if listing.area_let < listing.area else ListingStatus.LET
        listing.published_at = listing.published_at or now
    else:
        note = text_field(note, "note", "不通过的理由")
        listing.status = ListingStatus.REJECTED
    listing.verified_at = now
    listing.verified_by = actor
    listing.verification_note = note.strip()
    listing.save(
        update_fields=[
            "status",
            "published_at",
            "verified_at",
            "verified_by",
            "verification_note",
            "updated_at",
        ]
    )
    events.record(
        subject=listing,
        action="listing.verify",
        actor=actor,
        after={"status": listing.status, "approve": approve},
        reason=listing.verification_note,
    )
    return listing


@transaction.atomic
def listing_withdraw(*, actor: User, listing_id: int, reason: str) -> Listing:
    listing = access.listing_get_for_staff(actor, listing_id, for_update=True)
    if listing.status in (ListingStatus.WITHDRAWN, ListingStatus.LET):
        raise InvalidState("该资源已撤回或已出租", "already withdrawn or let", code="listing_closed")
    reason = text_field(reason, "reason", "撤回理由")
    before = listing.status
    listing.status = ListingStatus.WITHDRAWN
    listing.withdrawn_at = timezone.now()
    listing.save(update_fields=["status", "withdrawn_at", "updated_at"])
    events.record(
        subject=listing,
        action="listing.withdraw",
        actor=actor,
        before={"status": before},
        after={"status": listing.status},
        reason=reason,
    )
    return listing


@transaction.atomic
def listing_photo_add(
    *, actor: User, listing_id: int, upload: UploadedFile, caption: str = ""
) -> ListingPhoto:
    """A photo (JPEG, PNG or WebP, checked by its bytes)."""
    listing = access.listing_get_for_staff(actor, listing_id, for_update=True)
    size = upload.size or 0
    if size == 0 or size > int(settings.ATTACHMENT_MAX_BYTES):
        raise invalid("照片为空或过大", "the photo is empty or too large", "bad_file_size", "photo")
    upload.seek(0)
    content_type = sniff_content_type(upload.read(32))
    upload.seek(0)
    if content_type not in PHOTO_TYPES:
        raise invalid("只能上传 JPEG、PNG 或 WebP 图片", "JPEG, PNG or WebP only", "bad_file_type", "photo")
    digest = hashlib.sha256(upload.read()).hexdigest()
    upload.seek(0)
    photo = ListingPhoto(
        listing=listing,
        caption=caption.strip()[:100],
        content_type=content_type,
        size=size,
        added_by=actor,
        order=listing.photos.count(),
    )
    photo.file.save(f"{digest[:16]}{PurePath(upload.name or '').suffix[:8]}", upload, save=False)
    photo.save()
    events.record(
        subject=listing, action="listing.photo_add", actor=actor, after={"photo": photo.pk, "sha256": digest}
    )
    return photo
