"""One JSON error shape for the REST API: ``{"code", "message", "detail"}`` with the right status.

Domain errors carry their own code and status (``ApplicationError``); request validation names
the field; anything unexpected is logged and answered with a bare 500 — never a stack trace or SQL.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from gongzhi.api.guard import READ_ERRORS, _request_problem
from gongzhi.core.errors import ApplicationError

logger = logging.getLogger("gongzhi.api")


def error_response(
    status: int,
    code: str,
    message: str,
    detail: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JsonResponse:
    response = JsonResponse(
        {"code": code, "message": message, "detail": detail or {}},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def render_error(
    request: HttpRequest, status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> HttpResponse:
    return error_response(status, code, message, headers=headers)


def _field(location: tuple[Any, ...]) -> str:
    parts = [str(part) for part in location]
    if parts and parts[0] in ("body", "query", "path", "header", "form", "cookie", "file"):
        kind, rest = parts[0], parts[1:]
        # ninja nests the body under the parameter name ("payload"); the client knows only the fields
        if kind == "body" and len(rest) > 1:
            rest = rest[1:]
        return ".".join(rest) if rest else kind
    return ".".join(parts)


def validation_detail(errors: list[dict[str, Any]]) -> dict[str, Any]:
    fields = [
        {"field": _field(tuple(error.get("loc", ()))), "message": str(error.get("msg", "invalid"))}
        for error in errors
    ]
    return {"field": fields[0]["field"] if fields else "", "errors": fields}


def install(api: NinjaAPI) -> None:
    def on_application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        return error_response(exc.http_status, exc.code, exc.message, exc.detail)

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        detail = validation_detail(list(exc.errors))
        return error_response(
            400,
            "validation_failed",
            f"请求参数无效：{detail['field']} (invalid input: {detail['field']})",
            detail,
        )

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc, AuthenticationError) or exc.status_code == 401:
            return error_response(
                401,
                "unauthenticated",
                "需要登录或有效的接口密钥 (sign in, or send a valid key as a Bearer token or X-Api-Key)",
                headers={"WWW-Authenticate": 'Bearer realm="gongzhi"'},
            )
        if isinstance(exc, Throttled):
            return error_response(429, "rate_limited", "请求过于频繁 (too many requests)")
        if exc.status_code == 400:
            return error_response(400, "malformed_request", f"请求格式不正确 ({exc.message})")
        if exc.status_code == 403:
            return error_response(403, "forbidden", f"禁止访问 ({exc.message})")
        return error_response(exc.status_code, "http_error", str(exc.message))

    def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(404, "not_found", "对象不存在或无权访问 (not found)")

    def on_exception(request: HttpRequest, exc: Exception) -> HttpResponse:
        if (isinstance(exc, READ_ERRORS) and not isinstance(exc, ValueError)) or isinstance(
            exc, RequestDataTooBig | UnicodeDecodeError
        ):
            status, code, message = _request_problem(exc)
            return error_response(status, code, message)
        logger.exception("unhandled API error on %s %s", request.method, request.path)
        return error_response(
            500, "server_error", "服务器内部错误，已记录 (internal error; it has been logged)"
        )

    handlers: list[tuple[type[Exception], Any]] = [
        (ApplicationError, on_application_error),
        (ValidationError, on_validation),
        (HttpError, on_http_error),
        (Http404, on_not_found),
        (Exception, on_exception),
    ]
    for exception, handler in handlers:
        api.add_exception_handler(exception, handler)
