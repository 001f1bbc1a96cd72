"""Attachments to a meeting record (minutes scans, sign-in and signature sheets, photos).

The checks and the storage are the case attachments' (``cases.services.attachments``): the type
is read from the file's bytes, the size is bounded by ``ATTACHMENT_MAX_BYTES``, and the file is
kept under ``MEDIA_ROOT`` (outside the web root), served only through a permission-checked view.
Minutes and signature sheets are images or PDFs; audio and video are not accepted here.
"""

from __future__ import annotations

from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from gongzhi.cases.services.attachments import upload_validate
from gongzhi.deliberation import events
from gongzhi.deliberation.enums import StepKind
from gongzhi.deliberation.models import Session, SessionAttachment
from gongzhi.deliberation.services._common import lock_matter, state
from gongzhi.org.models import User

MINUTES_TYPES = ("image/jpeg", "image/png", "image/webp", "application/pdf")


@transaction.atomic
def session_attach(*, session: Session, upload: UploadedFile, actor: User | None = None) -> SessionAttachment:
    """Add a scan or photo to a meeting's record (the caller has checked who may)."""
    matter = lock_matter(session.step.matter)
    if session.step.kind != StepKind.MEETING:
        raise state("not_a_meeting", "只有会议记录可以上传附件", "only a meeting record takes attachments")
    content_type, sha256 = upload_validate(
        upload, allowed_types=MINUTES_TYPES, accepted_zh="图片或 PDF", accepted_en="images or PDF"
    )
    original = PurePath(upload.name or "file").name[:200]
    attachment = SessionAttachment(
        session=session,
        original_name=original,
        content_type=content_type,
        size=upload.size or 0,
        sha256=sha256,
        uploaded_by=actor if actor is not None and actor.pk else None,
    )
    # The stored name is ours, not the uploader's: no path tricks, no overwrites.
    attachment.file.save(
        f"{session.pk}-{sha256[:16]}{PurePath(original).suffix.lower()[:10]}", upload, save=False
    )
    attachment.save()
    events.matter_event(
        matter=matter,
        action="session.attach",
        actor=actor,
        after={
            "session": session.pk,
            "step": session.step.order,
            "attachment": attachment.pk,
            "name": original,
            "type": content_type,
            "sha256": sha256,
        },
    )
    return attachment
