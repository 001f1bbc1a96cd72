"""REST v1: personal API tokens (made in a browser session) and application keys (administrators)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from gongzhi.api.auth import SESSION
from gongzhi.api.models import ApiKey
from gongzhi.api.principal import principal_of
from gongzhi.api.schemas import ERRORS, Code, Ref, Str2000, Text100
from gongzhi.api.selectors import key_list_for_user
from gongzhi.api.services import keys as key_services
from gongzhi.cases import access
from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.org import selectors as org_selectors

router = Router(tags=["keys"])


class KeyOut(Schema):
    id: int
    kind: str
    name: str
    prefix: str
    unit: Ref | None
    scopes: list[str]
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None


class KeyCreatedOut(Schema):
    key: KeyOut
    secret: str = Field(description="shown once: store it now")


class TokenIn(Schema):
    name: Text100
    scopes: list[Code] = Field(min_length=1, max_length=20)
    expires_at: datetime | None = None


class ApplicationKeyIn(Schema):
    unit: Code
    name: Text100
    scopes: list[Code] = Field(min_length=1, max_length=20)


class RevokeIn(Schema):
    reason: Str2000 = ""


def key_out(key: ApiKey) -> dict[str, Any]:
    return {
        "id": key.pk,
        "kind": key.kind,
        "name": key.name,
        "prefix": key.prefix,
        "unit": {"code": key.unit.code, "name": key.unit.name} if key.unit else None,
        "scopes": list(key.scopes),
        "created_at": key.created_at,
        "last_used_at": key.last_used_at,
        "expires_at": key.expires_at,
        "revoked_at": key.revoked_at,
    }


@router.get(
    "", response={200: list[KeyOut], **ERRORS}, summary="my tokens (administrators: and all app keys)"
)
def key_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [key_out(key) for key in key_list_for_user(user=principal_of(request).user)[:500]]


@router.post("/tokens", auth=SESSION, response={201: KeyCreatedOut, **ERRORS}, summary="new personal token")
def token_create(request: HttpRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    user = principal_of(request).user
    key, secret = key_services.personal_token_create(
        user=user, name=payload.name, scopes=payload.scopes, expires_at=payload.expires_at
    )
    return Status(201, {"key": key_out(key), "secret": secret})


@router.post(
    "/applications",
    auth=SESSION,
    response={201: KeyCreatedOut, **ERRORS},
    summary="new application key (admin)",
)
def application_key_create(request: HttpRequest, payload: ApplicationKeyIn) -> Status[dict[str, Any]]:
    user = principal_of(request).user
    if not access.is_administrator(user):
        raise NotFound("接口", "endpoint")
    try:
        unit = org_selectors.unit_get(code=payload.unit)
    except NotFound:
        raise ValidationFailed(
            "单位不存在", "unknown unit", code="unknown_unit", detail={"field": "unit"}
        ) from None
    key, secret = key_services.api_key_create(unit=unit, name=payload.name, scopes=payload.scopes, actor=user)
    return Status(201, {"key": key_out(key), "secret": secret})


@router.post("/{key_id}/revoke", response={200: KeyOut, **ERRORS}, summary="revoke a key at once")
def key_revoke(request: HttpRequest, key_id: int, payload: RevokeIn) -> dict[str, Any]:
    user = principal_of(request).user
    return key_out(key_services.api_key_revoke(key_id=key_id, actor=user, reason=payload.reason))
