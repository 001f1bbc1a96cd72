"""What every API and Open311 view passes through before it runs: the rate limit, the
idempotency guard, and the conversion of low-level request failures into clean 4xx answers.

Applied by wrapping the URL patterns' views (``guard_patterns``), so no middleware is needed and
the browser pages are untouched.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, Protocol

from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import URLPattern, URLResolver

from gongzhi.api import idempotency, ratelimit
from gongzhi.api.principal import presented_credential, request_key

logger = logging.getLogger(__name__)

View = Callable[..., HttpResponse]


class ErrorRenderer(Protocol):
    def __call__(
        self,
        request: HttpRequest,
        status: int,
        code: str,
        message: str,
        headers: dict[str, str] | None = None,
    ) -> HttpResponse: ...


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")[:45]


def _request_problem(exc: Exception) -> tuple[int, str, str]:
    if isinstance(exc, RequestDataTooBig):
        return 413, "payload_too_large", "请求体过大 (the request body is too large)"
    if isinstance(exc, TooManyFieldsSent):
        return 400, "too_many_fields", "字段过多 (too many fields in the request)"
    return 400, "malformed_request", "请求格式不正确 (the request body could not be read)"


READ_ERRORS = (
    RequestDataTooBig,
    TooManyFieldsSent,
    MultiPartParserError,
    SuspiciousOperation,
    BadRequest,
    UnicodeDecodeError,
    ValueError,
)


def guard(
    view: View, *, render_error: ErrorRenderer, raw_key: Callable[[HttpRequest], str | None] | None = None
) -> View:
    """Wrap ``view``: rate limit by key (or by IP without a valid key), then idempotency on POST."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            raw = raw_key(request) if raw_key is not None else None
            key = request_key(request, raw)
        except READ_ERRORS as exc:
            status, code, message = _request_problem(exc)
            return render_error(request, status, code, message)
        per_key, per_ip, window = ratelimit.limits()
        if key is not None:
            bucket, limit = f"key:{key.pk}", per_key
        else:
            bucket, limit = f"ip:{client_ip(request)}", per_ip
        if limit > 0:
            verdict = ratelimit.hit(bucket, limit=limit, window_seconds=window)
            if not verdict.allowed:
                return render_error(
                    request,
                    429,
                    "rate_limited",
                    f"请求过于频繁，请 {verdict.retry_after} 秒后重试 "
                    f"(rate limit of {limit} requests per {window} s reached; retry in "
                    f"{verdict.retry_after} s)",
                    {"Retry-After": str(verdict.retry_after)},
                )
        if key is not None:
            principal = f"key:{key.pk}"
        elif presented_credential(request) or raw:
            principal = ""  # a wrong key: the request is refused below, nothing to remember
        elif request.user.is_authenticated:
            principal = f"user:{request.user.pk}"
        else:
            principal = f"ip:{client_ip(request)}"
        try:
            claim = idempotency.claim(request, principal=principal) if principal else None
        except idempotency.KeyProblem as problem:
            return render_error(request, problem.status, problem.code, problem.message)
        except READ_ERRORS as exc:
            status, code, message = _request_problem(exc)
            return render_error(request, status, code, message)
        if claim is not None and claim.replay is not None:
            return claim.replay
        record_id = claim.record_id if claim is not None else None
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            if record_id is not None:
                idempotency.abandon(record_id)
            raise
        if record_id is not None:
            idempotency.complete(record_id, response)
        return response

    return wrapped


def guard_patterns(patterns: list[Any], **options: Any) -> list[Any]:
    """Wrap every view in a list of URL patterns (recursively) with :func:`guard`."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            guard_patterns(pattern.url_patterns, **options)
        elif isinstance(pattern, URLPattern):
            pattern.callback = guard(pattern.callback, **options)
    return patterns
