"""Domain errors: a stable code and a message in Chinese and English.

Domain code raises these; the API and the pages map them to one shape
``{"code", "message", "detail"}`` and the right HTTP status.
"""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A refused action. Nothing has been changed when this is raised."""

    code = "error"
    http_status = 400

    def __init__(
        self,
        message_zh: str,
        message_en: str,
        *,
        code: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(f"{message_zh} / {message_en}")
        if code is not None:
            self.code = code
        self.message_zh = message_zh
        self.message_en = message_en
        self.detail = detail or {}

    @property
    def message(self) -> str:
        return f"{self.message_zh} ({self.message_en})"

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "detail": self.detail}


class NotFound(ApplicationError):
    """Missing and forbidden objects answer the same, so nobody learns what exists."""

    code = "not_found"
    http_status = 404

    def __init__(self, what_zh: str = "对象", what_en: str = "object", **kwargs: Any) -> None:
        super().__init__(f"{what_zh}不存在或无权访问", f"{what_en} not found", **kwargs)


class PermissionDenied(ApplicationError):
    code = "permission_denied"
    http_status = 403


class InvalidState(ApplicationError):
    code = "invalid_state"
    http_status = 409


class ValidationFailed(ApplicationError):
    code = "validation_failed"
    http_status = 400
