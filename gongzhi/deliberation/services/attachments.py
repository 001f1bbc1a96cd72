"""Attachments to a meeting record (minutes scans, sign-in sheets, photos), validated by their bytes.

Minutes and sign-in sheets are images or PDFs; audio and video are not accepted here.
"""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from gongzhi.deliberation import events
from gongzhi.deliberation.models import Session, SessionAttachment
from gongzhi.deliberation.services._common import invalid
from gongzhi.org.models import User

# Leading bytes of the accepted types; the client's declared type is not trusted.
_SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"WEBP", 8, "image/webp"),
    (b"%PDF-", 0, "application/pdf"),
)


def sniff_content_type(head: bytes) -> str:
    for signature, offset, content_type in _SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            return content_type
    return ""


@transaction.atomic
def session_attach(*, session: Session, upload: UploadedFile, actor: User | None = None) -> SessionAttachment:
    size = upload.size or 0
    max_bytes = int(settings.ATTACHMENT_MAX_BYTES)
    if size == 0:
        raise invalid("empty_file", "附件为空", "the file is empty", field="file")
    if size > max_bytes:
        raise invalid(
            "file_too_large", "附件过大", "the file is too large", field="file", max_bytes=max_bytes
        )
    upload.seek(0)
    content_type = sniff_content_type(upload.read(32))
    upload.seek(0)
    if not content_type or content_type not in settings.ATTACHMENT_ALLOWED_TYPES:
        raise invalid(
            "file_type_not_allowed", "不支持的附件类型", "this file type is not accepted", field="file"
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = SessionAttachment(
        session=session,
        original_name=PurePath(upload.name or "file").name[:200],
        content_type=content_type,
        size=size,
        sha256=digest.hexdigest(),
        uploaded_by=actor if actor is not None and actor.pk else None,
    )
    attachment.file.save(
        f"{digest.hexdigest()[:16]}{PurePath(upload.name or '').suffix[:10]}", upload, save=False
    )
    attachment.save()
    events.matter_event(
        matter=session.step.matter,
        action="session.attach",
        actor=actor,
        after={"session": session.pk, "attachment": attachment.pk, "name": attachment.original_name},
    )
    return attachment
