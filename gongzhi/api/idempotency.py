"""``Idempotency-Key`` on POST: a retried request gets the first response and changes nothing.

1. Before the request runs, a row (principal, key, fingerprint) is inserted. The unique
   constraint decides the race: of two requests arriving together, exactly one inserts.
2. The loser waits for the winner's response (polling the row) and replays it; if the winner is
   still running after ``GONGZHI_IDEMPOTENCY_WAIT_SECONDS`` it gets 409 and may retry later.
3. The same key with a different request (method, path, body) is refused with 422.
4. Responses of 5xx and 429 are not kept (the row is dropped), so the retry runs for real.
   Rows expire after ``GONGZHI_IDEMPOTENCY_TTL_HOURS``; an abandoned in-progress row (its
   process died) is taken over after ``STALE_SECONDS``.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from gongzhi.api.models import IdempotencyRecord

HEADER = "HTTP_IDEMPOTENCY_KEY"
REPLAY_HEADER = "Idempotent-Replayed"
STALE_SECONDS = 120
POLL_SECONDS = 0.05


class KeyProblem(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Claim:
    record_id: int | None  # None: nothing to record (no header)
    replay: HttpResponse | None = None


def _ttl() -> timedelta:
    return timedelta(hours=int(getattr(settings, "GONGZHI_IDEMPOTENCY_TTL_HOURS", 24)))


def _wait_seconds() -> float:
    return float(getattr(settings, "GONGZHI_IDEMPOTENCY_WAIT_SECONDS", 10))


def requested_key(request: HttpRequest) -> str | None:
    raw = request.META.get(HEADER)
    if raw is None:
        return None
    key = raw.strip()
    if not key or len(key) > 255 or not key.isascii() or not key.isprintable():
        raise KeyProblem(
            400,
            "invalid_idempotency_key",
            "Idempotency-Key 须为 1–255 个可打印 ASCII 字符 (Idempotency-Key must be 1–255 printable ASCII "
            "characters)",
        )
    return key


def fingerprint(request: HttpRequest) -> str:
    """A digest of what the request asks: method, path, query, content type and body.

    A multipart body is digested from its parsed fields and files, so a large upload is never
    held in memory twice.
    """
    digest = hashlib.sha256()
    for part in (request.method or "", request.path, request.META.get("QUERY_STRING", "")):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.startswith("multipart/"):
        for name, values in sorted(request.POST.lists()):
            digest.update(name.encode() + b"=" + "\x1f".join(values).encode("utf-8", "replace") + b"\0")
        for name, files in sorted(request.FILES.lists()):
            for upload in files:
                digest.update(f"{name}:{upload.name}:{upload.size}:".encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        digest.update(content_type.split(";")[0].encode() + b"\0")
        digest.update(request.body)
    return digest.hexdigest()


def _replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(
        bytes(record.body), status=record.status_code or 200, content_type=record.content_type or None
    )
    response[REPLAY_HEADER] = "true"
    return response


def claim(request: HttpRequest, *, principal: str) -> Claim:
    """Insert-first: either this request runs (``record_id``), or an earlier response is replayed."""
    key = requested_key(request)
    if key is None or request.method != "POST":
        return Claim(record_id=None)
    digest = fingerprint(request)
    deadline = time.monotonic() + _wait_seconds()
    while True:
        now = timezone.now()
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    principal=principal[:80], key=key, fingerprint=digest, created_at=now
                )
            if record.pk % 100 == 0:
                IdempotencyRecord.objects.filter(created_at__lt=now - _ttl()).delete()
            return Claim(record_id=record.pk)
        except IntegrityError:
            pass
        existing = IdempotencyRecord.objects.filter(principal=principal[:80], key=key).first()
        if existing is None:
            continue  # dropped meanwhile (the first attempt failed): try to insert again
        if existing.created_at < now - _ttl() or (
            existing.completed_at is None and existing.created_at < now - timedelta(seconds=STALE_SECONDS)
        ):
            IdempotencyRecord.objects.filter(pk=existing.pk, completed_at=existing.completed_at).delete()
            continue
        if existing.fingerprint != digest:
            raise KeyProblem(
                422,
                "idempotency_key_reused",
                "该 Idempotency-Key 已用于另一个不同的请求 "
                "(this Idempotency-Key was used for a different request)",
            )
        if existing.completed_at is not None:
            return Claim(record_id=None, replay=_replay(existing))
        if time.monotonic() >= deadline:
            raise KeyProblem(
                409,
                "request_in_progress",
                "相同的请求正在处理，请稍后重试 (the same request is still being processed; retry later)",
            )
        time.sleep(POLL_SECONDS)


def complete(record_id: int, response: HttpResponse) -> None:
    """Keep the response for replay; a 5xx or 429 is dropped so that a retry runs again."""
    status = response.status_code
    if status >= 500 or status == 429 or getattr(response, "streaming", False):
        abandon(record_id)
        return
    IdempotencyRecord.objects.filter(pk=record_id).update(
        completed_at=timezone.now(),
        status_code=status,
        content_type=response.get("Content-Type", ""),
        body=response.content,
    )


def abandon(record_id: int) -> None:
    IdempotencyRecord.objects.filter(pk=record_id, completed_at__isnull=True).delete()
