"""Who is calling: a signed-in user (session) or a key (personal token or application key).

The credential is read once per request and cached on it, so the rate limiter, the idempotency
guard and the endpoint's authentication all agree on one principal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from gongzhi.api.keyhash import hash_secret
from gongzhi.api.models import ApiKey
from gongzhi.core.errors import PermissionDenied
from gongzhi.org.models import User

KEY_HEADER = "HTTP_X_API_KEY"
MAX_KEY_LENGTH = 200
_CACHE = "_gongzhi_api_key"
TOUCH_INTERVAL = timedelta(seconds=60)


@dataclass(frozen=True)
class Principal:
    user: User
    key: ApiKey | None = None

    @property
    def via(self) -> str:
        return "key" if self.key is not None else "session"

    def has_scope(self, scope: str) -> bool:
        return self.key is None or scope in (self.key.scopes or [])


def presented_credential(request: HttpRequest) -> str:
    """The raw key from ``Authorization: Bearer …`` or ``X-Api-Key``, or ''."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip()
    return request.META.get(KEY_HEADER, "").strip()


def api_key_touch(*, key: ApiKey, now: datetime | None = None) -> None:
    """Record use, at most once a minute per key (a conditional UPDATE; bookkeeping, not audited)."""
    now = now or timezone.now()
    if key.last_used_at is not None and now - key.last_used_at < TOUCH_INTERVAL:
        return
    ApiKey.objects.filter(pk=key.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - TOUCH_INTERVAL)
    ).update(last_used_at=now)
    key.last_used_at = now


def key_lookup(raw: str) -> ApiKey | None:
    """The active key for a raw secret, or None (unknown, revoked, expired, user deactivated)."""
    if not raw or len(raw) > MAX_KEY_LENGTH or not raw.isascii():
        return None
    key = ApiKey.objects.select_related("user", "unit").filter(secret_hash=hash_secret(raw)).first()
    if key is None or key.revoked_at is not None or not key.user.is_active:
        return None
    if key.expires_at is not None and key.expires_at <= timezone.now():
        return None
    api_key_touch(key=key)
    return key


def request_key(request: HttpRequest, raw: str | None = None) -> ApiKey | None:
    """The valid key this request carries (header, or ``raw`` for Open311's form field), cached."""
    if hasattr(request, _CACHE):
        cached: ApiKey | None = getattr(request, _CACHE)
        return cached
    key = key_lookup(presented_credential(request) if raw is None else raw)
    setattr(request, _CACHE, key)
    return key


def principal_of(request: HttpRequest) -> Principal:
    auth = getattr(request, "auth", None)
    if isinstance(auth, Principal):
        return auth
    raise PermissionDenied("需要登录", "authentication required", code="unauthenticated")


def require_scope(request: HttpRequest, scope: str) -> Principal:
    """The caller, if its key (if any) carries ``scope``; else 403 naming the missing scope."""
    principal = principal_of(request)
    if not principal.has_scope(scope):
        raise PermissionDenied(
            f"该密钥没有「{scope}」权限范围",
            f"the key lacks the scope {scope!r}",
            code="scope_missing",
            detail={"scope": scope},
        )
    return principal
