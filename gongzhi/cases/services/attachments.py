"""Attachments (附件): validated by their bytes, stored outside the web root, on the audit trail."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from gongzhi.cases import access
from gongzhi.cases.events import case_event
from gongzhi.cases.models import Attachment, Case
from gongzhi.core.errors import PermissionDenied, ValidationFailed
from gongzhi.org.models import User

# Leading bytes of the types we accept; the client's declared type is not trusted.
_SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"WEBP", 8, "image/webp"),
    (b"%PDF-", 0, "application/pdf"),
    (b"ID3", 0, "audio/mpeg"),
    (b"\xff\xfb", 0, "audio/mpeg"),
    (b"ftyp", 4, "video/mp4"),
)


def sniff_content_type(head: bytes) -> str:
    """The type named by the file's first bytes, or "" when it is none we know."""
    for signature, offset, content_type in _SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            if content_type == "video/mp4" and head[8:11] in (b"M4A", b"M4B"):
                return "audio/mp4"
            return content_type
    return ""


def upload_validate(
    upload: UploadedFile,
    *,
    allowed_types: Collection[str] | None = None,
    accepted_zh: str = "图片、PDF、音频或视频",
    accepted_en: str = "images, PDF, audio or video",
) -> tuple[str, str]:
    """Check an upload's size and its type (by its bytes); returns (content type, SHA-256).

    ``allowed_types`` narrows ``settings.ATTACHMENT_ALLOWED_TYPES`` for a module that takes fewer
    kinds (the deliberation minutes take images and PDF); the settings' list always applies.
    """
    max_bytes = int(settings.ATTACHMENT_MAX_BYTES)
    size = upload.size or 0
    if size == 0:
        raise ValidationFailed("附件为空", "the file is empty", code="empty_file", detail={"field": "file"})
    if size > max_bytes:
        raise ValidationFailed(
            f"附件不能超过 {max_bytes // (1024 * 1024)} MB",
            f"the file exceeds {max_bytes // (1024 * 1024)} MB",
            code="file_too_large",
            detail={"field": "file", "max_bytes": max_bytes},
        )
    upload.seek(0)
    head = upload.read(32)
    upload.seek(0)
    content_type = sniff_content_type(head)
    allowed = set(settings.ATTACHMENT_ALLOWED_TYPES)
    if allowed_types is not None:
        allowed &= set(allowed_types)
    if not content_type or content_type not in allowed:
        raise ValidationFailed(
            f"不支持的附件类型（可上传{accepted_zh}）",
            f"this file type is not accepted ({accepted_en})",
            code="file_type_not_allowed",
            detail={"field": "file"},
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return content_type, digest.hexdigest()


def attachment_store(*, case: Case, upload: UploadedFile, actor: User | None) -> Attachment:
    """Validate and store one file for ``case`` (the caller has checked who may add it)."""
    content_type, sha256 = upload_validate(upload)
    original = PurePath(upload.name or "file").name[:200]
    attachment = Attachment(
        case=case,
        original_name=original,
        content_type=content_type,
        size=upload.size or 0,
        sha256=sha256,
        uploaded_by=actor if actor is not None and actor.pk else None,
    )
    suffix = PurePath(original).suffix.lower()[:10]
    # The stored name is ours, not the uploader's: no path tricks, no overwrites.
    attachment.file.save(f"{case.pk}-{sha256[:16]}{suffix}", upload, save=False)
    attachment.save()
    case_event(
        case=case,
        actor=actor,
        action="case.attachment_add",
        after={"attachment": attachment.pk, "name": original, "type": content_type, "sha256": sha256},
    )
    return attachment


@transaction.atomic
def attachment_add(*, actor: User, case_id: int, upload: UploadedFile) -> Attachment:
    """附件: staff taking part in the case add a file to it."""
    case = access.case_get_for_user(actor, case_id, for_update=True)
    if not access.may_add_note(actor, case):
        raise PermissionDenied("您不是该事项的办理人员", "you do not take part in this case")
    return attachment_store(case=case, upload=upload, actor=actor)


@transaction.atomic
def case_intake_with_attachments(*, actor: User, uploads: Sequence[UploadedFile], **fields: Any) -> Case:
    """一窗受理 with the files handed in at the window: the case and its files commit together."""
    from gongzhi.cases.services.intake import case_intake

    case = case_intake(actor=actor, **fields)
    for upload in uploads:
        attachment_store(case=case, upload=upload, actor=actor)
    return case
