"""Content-Security-Policy: scripts and styles only from the app itself, never inline.

Map tiles may come from the configured intranet tile server (``MAP_TILE_URL``). The admin's
templates carry a few inline styles, so only under /admin/ are inline styles allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def _tile_origin() -> str:
    url = getattr(settings, "MAP_TILE_URL", "")
    if not url:
        return ""
    parts = urlsplit(url.replace("{s}", "a"))
    host = parts.netloc
    if "{s}" in url:
        host = "*." + host.split(".", 1)[1] if "." in host else host
    return f"{parts.scheme}://{host}" if parts.scheme and host else ""


def build_policy(*, admin: bool) -> str:
    images = "'self' data: blob:"
    tiles = _tile_origin()
    if tiles:
        images += f" {tiles}"
    styles = "'self' 'unsafe-inline'" if admin else "'self'"
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            f"style-src {styles}",
            f"img-src {images}",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = build_policy(admin=False)
        self.admin_policy = build_policy(admin=True)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path.startswith("/admin/")
            response["Content-Security-Policy"] = self.admin_policy if admin else self.policy
        response.setdefault("Referrer-Policy", "same-origin")
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
        return response


class ApplicationErrorMiddleware:
    """A refused action that reaches the top answers as a page: 404 for "not found or not yours"
    (the same answer for both), 403 / 409 / 400 with the message for the rest."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.shortcuts import render
        from django.utils import translation

        from gongzhi.core.errors import ApplicationError

        if not isinstance(exception, ApplicationError):
            return None
        english = (translation.get_language() or "").startswith("en")
        message = exception.message_en if english else exception.message_zh
        return render(
            request,
            "web/error.html",
            {"message": message, "code": exception.code, "status": exception.http_status},
            status=exception.http_status,
        )
