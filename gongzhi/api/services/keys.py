"""Personal API tokens and application keys: created (the secret shown once), used, revoked.

1. A key is ``gz<kind>_<prefix>_<secret>``: the prefix identifies it in lists and logs, the
   secret is 256 random bits; only the SHA-256 of the whole key is stored.
2. An application key gets a service user of its own, with roles in its unit derived from its
   scopes, so ``gongzhi.cases.access`` scopes it exactly like a person in that unit.
3. A personal token acts as its owner, within the owner's roles and the token's scopes.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from gongzhi.api.enums import ALL_SCOPES, KeyKind, Scope
from gongzhi.api.keyhash import hash_secret
from gongzhi.api.models import ApiKey
from gongzhi.cases import access
from gongzhi.core import audit
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.org import services as org_services
from gongzhi.org.enums import Role
from gongzhi.org.models import Unit, User

# The roles a scope gives an application key's service user in its unit.
SCOPE_ROLES: dict[str, tuple[str, ...]] = {
    Scope.CASES_INTAKE: (Role.INTAKE_CLERK,),
    Scope.OPEN311: (Role.INTAKE_CLERK,),
    Scope.CASES_DECIDE: (Role.DISPATCHER,),
    Scope.CASES_HANDLE: (Role.LIAISON, Role.HANDLER),
    Scope.CASES_SUPERVISE: (Role.SUPERVISOR, Role.UNIT_HEAD),
    # A committee's key works on the committee's mediations like its mediators do; on a centre
    # the mediation services need the centre's dispatcher (see ``mediation.access``).
    Scope.MEDIATION_WRITE: (Role.MEDIATOR,),
    # Deliberation is scoped by the centre's region (``deliberation.access``): a membership in the
    # key's centre lets it see that village's or town's matters; the write scope acts there as the
    # village's cadres do (a centre's unit head), the read scope only looks.
    Scope.DELIBERATION_READ: (Role.HANDLER,),
    Scope.DELIBERATION_WRITE: (Role.UNIT_HEAD,),
}
# Seeing a unit's cases needs a membership there; a read-only key holds this one, and its scopes
# keep it from every write.
READ_ONLY_ROLE = Role.HANDLER


def _new_secret(kind: str) -> tuple[str, str]:
    prefix = f"gz{kind[0]}_{secrets.token_hex(4)}"
    return prefix, f"{prefix}_{secrets.token_urlsafe(32)}"


def clean_scopes(scopes: Iterable[str]) -> list[str]:
    wanted = sorted({str(scope).strip() for scope in scopes if str(scope).strip()})
    unknown = [scope for scope in wanted if scope not in ALL_SCOPES]
    if unknown:
        raise ValidationFailed(
            f"未知权限范围：{', '.join(unknown)}",
            f"unknown scopes: {', '.join(unknown)}",
            code="unknown_scope",
            detail={"field": "scopes", "allowed": list(ALL_SCOPES)},
        )
    if not wanted:
        raise ValidationFailed(
            "请至少选择一个权限范围",
            "choose at least one scope",
            code="missing_scopes",
            detail={"field": "scopes", "allowed": list(ALL_SCOPES)},
        )
    return wanted


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise ValidationFailed(
            "请填写名称（不超过100字）",
            "a name of at most 100 characters is required",
            code="invalid_name",
            detail={"field": "name"},
        )
    return name


def roles_for_scopes(scopes: Iterable[str]) -> list[str]:
    roles = sorted({role for scope in scopes for role in SCOPE_ROLES.get(scope, ())})
    return roles or [READ_ONLY_ROLE]


@transaction.atomic
def api_key_create(
    *,
    unit: Unit,
    name: str,
    scopes: Iterable[str],
    actor: User | None = None,
    expires_at: datetime | None = None,
) -> tuple[ApiKey, str]:
    """Create an application key for ``unit``; returns the key and its secret (shown once)."""
    name = _clean_name(name)
    scope_list = clean_scopes(scopes)
    if not unit.is_active:
        raise ValidationFailed(
            "该单位已停用", "the unit is inactive", code="unit_inactive", detail={"field": "unit"}
        )
    prefix, raw = _new_secret(KeyKind.APPLICATION)
    service_user = org_services.staff_create(
        username=f"svc-{prefix}",
        display_name=f"接口·{name}"[:60],
        password=secrets.token_urlsafe(32),
        actor=actor,
        check_password_strength=False,
    )
    for role in roles_for_scopes(scope_list):
        org_services.membership_grant(user=service_user, unit=unit, role=role, actor=actor)
    key = ApiKey.objects.create(
        kind=KeyKind.APPLICATION,
        name=name,
        prefix=prefix,
        secret_hash=hash_secret(raw),
        user=service_user,
        unit=unit,
        scopes=scope_list,
        created_by=actor if actor is not None and actor.pk else None,
        expires_at=expires_at,
    )
    audit.append(
        subject_type="api_key",
        subject_id=key.pk,
        action="api_key.create",
        actor=actor,
        after={"prefix": prefix, "kind": key.kind, "unit": unit.code, "scopes": scope_list, "name": name},
    )
    return key, raw


@transaction.atomic
def personal_token_create(
    *, user: User, name: str, scopes: Iterable[str], expires_at: datetime | None = None
) -> tuple[ApiKey, str]:
    """A personal token for ``user`` (created by the user themself); the secret is shown once."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied("需要登录", "sign in first")
    name = _clean_name(name)
    scope_list = clean_scopes(scopes)
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationFailed(
            "过期时间须晚于现在",
            "expires_at must be in the future",
            code="invalid_expiry",
            detail={"field": "expires_at"},
        )
    prefix, raw = _new_secret(KeyKind.PERSONAL)
    key = ApiKey.objects.create(
        kind=KeyKind.PERSONAL,
        name=name,
        prefix=prefix,
        secret_hash=hash_secret(raw),
        user=user,
        scopes=scope_list,
        created_by=user,
        expires_at=expires_at,
    )
    audit.append(
        subject_type="api_key",
        subject_id=key.pk,
        action="api_key.create",
        actor=user,
        after={"prefix": prefix, "kind": key.kind, "scopes": scope_list, "name": name},
    )
    return key, raw


def can_manage(*, actor: User | None, key: ApiKey) -> bool:
    """The owner manages a personal token; administrators manage every key (``actor=None``: the CLI)."""
    if actor is None:
        return True
    if key.kind == KeyKind.PERSONAL and key.user_id == actor.pk:
        return True
    return access.is_administrator(actor)


@transaction.atomic
def api_key_revoke(*, key_id: int, actor: User | None = None, reason: str = "") -> ApiKey:
    """Revoke a key at once; an application key's service user is deactivated too. Idempotent."""
    key = ApiKey.objects.select_for_update(of=("self",)).select_related("user").filter(pk=key_id).first()
    if key is None or not can_manage(actor=actor, key=key):
        raise NotFound("接口密钥", "API key")
    if key.revoked_at is not None:
        return key
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at", "updated_at"])
    if key.kind == KeyKind.APPLICATION and key.user.is_active:
        key.user.is_active = False
        key.user.save(update_fields=["is_active"])
    audit.append(
        subject_type="api_key",
        subject_id=key.pk,
        action="api_key.revoke",
        actor=actor,
        after={"prefix": key.prefix, "revoked_at": key.revoked_at.isoformat()},
        reason=reason,
    )
    return key
