"""Webhook subscriptions and delivery attempts.

1. A partner registers a URL and the events it wants; the signing secret is shown once.
2. Each delivery is one signed POST: ``X-Gongzhi-Signature: t=<unix time>,v1=<hex>`` where the
   hex is HMAC-SHA256(secret, "<t>.<body>") — the receiver recomputes it and checks the time.
3. An attempt is claimed with a conditional UPDATE, so two workers never send the same attempt;
   the HTTP call runs outside any transaction. A failure (no answer, or a status outside 2xx) is
   retried with exponential back-off until ``WEBHOOK_MAX_ATTEMPTS``; every attempt is logged.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gongzhi.api.enums import DeliveryStatus, WebhookEvent
from gongzhi.api.models import ApiKey, WebhookDelivery, WebhookSubscription
from gongzhi.cases import access
from gongzhi.core import audit
from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.org.models import User

USER_AGENT = "Gongzhi-Webhooks/1"
RESPONSE_EXCERPT = 2000


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={sign(secret, timestamp, body)}"


def _clean_url(url: str) -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 500:
        raise ValidationFailed(
            "回调地址须为 http(s) 网址",
            "the URL must be an http(s) URL of at most 500 characters",
            code="invalid_url",
            detail={"field": "url"},
        )
    if parts.username or parts.password:
        raise ValidationFailed(
            "回调地址不能包含用户名或密码",
            "the URL must not carry credentials",
            code="invalid_url",
            detail={"field": "url"},
        )
    return url


def _clean_events(events: Iterable[str]) -> list[str]:
    wanted = sorted({str(event) for event in events})
    unknown = [event for event in wanted if event not in WebhookEvent.values]
    if not wanted or unknown:
        raise ValidationFailed(
            "请选择有效的事件",
            "choose one or more valid events",
            code="invalid_events",
            detail={"field": "events", "allowed": list(WebhookEvent.values)},
        )
    return wanted


@transaction.atomic
def webhook_subscription_create(
    *, owner: User, url: str, events: Iterable[str], name: str = "", api_key: ApiKey | None = None
) -> tuple[WebhookSubscription, str]:
    """Register ``url`` for ``events`` on the cases ``owner`` may see; returns the signing secret once."""
    secret = "whsec_" + secrets.token_urlsafe(32)
    subscription = WebhookSubscription.objects.create(
        owner=owner,
        api_key=api_key,
        name=(name or "").strip()[:100],
        url=_clean_url(url),
        events=_clean_events(events),
        secret=secret,
    )
    audit.append(
        subject_type="webhook",
        subject_id=subscription.pk,
        action="webhook.create",
        actor=owner,
        after={"url": subscription.url, "events": subscription.events},
    )
    return subscription, secret


def subscription_visible(*, actor: User, subscription: WebhookSubscription) -> bool:
    return subscription.owner_id == actor.pk or access.is_administrator(actor)


@transaction.atomic
def webhook_subscription_deactivate(*, actor: User, subscription_id: int) -> WebhookSubscription:
    subscription = (
        WebhookSubscription.objects.select_for_update(of=("self",)).filter(pk=subscription_id).first()
    )
    if subscription is None or not subscription_visible(actor=actor, subscription=subscription):
        raise NotFound("回调订阅", "webhook subscription")
    if subscription.is_active:
        subscription.is_active = False
        subscription.save(update_fields=["is_active", "updated_at"])
        audit.append(
            subject_type="webhook", subject_id=subscription.pk, action="webhook.deactivate", actor=actor
        )
    return subscription


def backoff(attempts: int) -> timedelta:
    """30 s, 2 min, 8 min, 32 min, ~2 h … after the 1st, 2nd, 3rd … failed attempt."""
    base = int(_setting("GONGZHI_WEBHOOK_BACKOFF_SECONDS", 30))
    return timedelta(seconds=base * 4 ** max(0, attempts - 1))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect is an answer outside 2xx: logged and retried, never followed


_OPENER = urllib.request.build_opener(_NoRedirect)


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int | None, str, str]:
    """POST and return (status, response excerpt, error)."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    timeout = float(_setting("GONGZHI_WEBHOOK_TIMEOUT_SECONDS", 5))
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return response.status, response.read(RESPONSE_EXCERPT).decode("utf-8", "replace"), ""
    except urllib.error.HTTPError as exc:
        excerpt = exc.read(RESPONSE_EXCERPT).decode("utf-8", "replace") if exc.fp else ""
        return exc.code, excerpt, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, "", f"{type(exc).__name__}: {exc}"[:500]


@dataclass(frozen=True)
class AttemptOutcome:
    delivered: bool
    retry_at: datetime | None


def webhook_deliver(*, delivery_id: int, now: datetime | None = None) -> AttemptOutcome:
    """One attempt at one delivery. Claimed first, so concurrent workers send it once."""
    now = now or timezone.now()
    delivery = (
        WebhookDelivery.objects.select_related("subscription")
        .filter(pk=delivery_id, status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING])
        .first()
    )
    if delivery is None or not delivery.subscription.is_active:
        return AttemptOutcome(delivered=False, retry_at=None)
    claimed = WebhookDelivery.objects.filter(
        pk=delivery.pk, attempts=delivery.attempts, status=delivery.status
    ).update(attempts=F("attempts") + 1, last_attempt_at=now)
    if not claimed:
        return AttemptOutcome(delivered=False, retry_at=None)
    attempts = delivery.attempts + 1
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = int(now.timestamp())
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-Gongzhi-Event": delivery.event,
        "X-Gongzhi-Delivery": str(delivery.pk),
        "X-Gongzhi-Signature": signature_header(delivery.subscription.secret, timestamp, body),
    }
    status, excerpt, error = _post(delivery.subscription.url, body, headers)
    delivered = status is not None and 200 <= status < 300
    max_attempts = int(_setting("GONGZHI_WEBHOOK_MAX_ATTEMPTS", 6))
    retry_at = None if delivered or attempts >= max_attempts else now + backoff(attempts)
    entry = {"at": now.isoformat(), "attempt": attempts, "status": status, "error": error}
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=(
            DeliveryStatus.DELIVERED
            if delivered
            else (DeliveryStatus.RETRYING if retry_at else DeliveryStatus.FAILED)
        ),
        response_status=status,
        response_body=excerpt,
        error=error,
        delivered_at=now if delivered else None,
        next_attempt_at=retry_at,
        log=[*delivery.log, entry],
    )
    return AttemptOutcome(delivered=delivered, retry_at=retry_at)
