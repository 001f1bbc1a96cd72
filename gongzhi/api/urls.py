"""URL patterns of REST v1, mounted at /api/v1/ (Open311 GeoReport v2: ``gongzhi.api.open311.urls``).

Every view is wrapped by :func:`gongzhi.api.guard.guard` (rate limit, idempotency); unknown paths
under the prefixes answer in the API's own error format, never with an HTML page.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt

from gongzhi.api import errors
from gongzhi.api.guard import guard_patterns
from gongzhi.api.v1 import api


@csrf_exempt
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return errors.error_response(404, "not_found", "接口不存在 (no such endpoint)")


def _json_405(view: Any) -> Any:
    """ninja answers a wrong method with a plain-text 405; give it the API's error body."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            replacement = errors.error_response(
                405, "method_not_allowed", f"不支持 {request.method} 方法 (method not allowed)"
            )
            if response.has_header("Allow"):
                replacement["Allow"] = response["Allow"]
            return replacement
        return response

    wrapped.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapped


# Swagger UI (served from our static files) sets inline styles; its page alone may use them.
DOCS_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
)


def _docs_policy(view: Any) -> Any:
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = view(request, *args, **kwargs)
        response["Content-Security-Policy"] = DOCS_POLICY
        return response

    return wrapped


_patterns, _app_name, _namespace = api.urls
for _pattern in _patterns:
    _pattern.callback = _json_405(_pattern.callback)
    if getattr(_pattern, "name", "") == "openapi-view":
        _pattern.callback = _docs_policy(_pattern.callback)
app_name = _namespace  # ninja reverses its own URLs (the OpenAPI document) in this namespace
urlpatterns = guard_patterns([*_patterns, re_path(r"^.*$", not_found)], render_error=errors.render_error)
