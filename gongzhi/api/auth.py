"""django-ninja authentication: the browser's session (with CSRF), or a key as a bearer token or
an ``X-Api-Key`` header. Each returns a :class:`Principal`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth

from gongzhi.api.principal import Principal, request_key


class SessionPrincipal(SessionAuth):
    def _get_key(self, request: HttpRequest) -> str | None:
        # CSRF matters only when the browser's session cookie is there to be abused; a request
        # without it is simply unauthenticated (401), not a CSRF failure.
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if user.is_authenticated and user.is_active:
            return Principal(user=user)
        return None


class BearerKey(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        key = request_key(request)
        return Principal(user=key.user, key=key) if key is not None else None


class HeaderKey(APIKeyHeader):
    param_name = "X-Api-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        found = request_key(request)
        return Principal(user=found.user, key=found) if found is not None else None


SESSION = SessionPrincipal()
MACHINE = [BearerKey(), HeaderKey()]
DEFAULT_AUTH = [*MACHINE, SESSION]
