"""Staff accounts and their memberships (a role in a unit)."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.org import events
from gongzhi.org.enums import Role
from gongzhi.org.models import Membership, Unit, User


@transaction.atomic
def staff_create(
    *,
    username: str,
    display_name: str,
    password: str,
    phone: str = "",
    actor: User | None = None,
    check_password_strength: bool = True,
) -> User:
    """Create a staff account; its roles come from memberships (``is_staff``, the admin flag, stays off)."""
    username = username.strip()
    if not username:
        raise ValidationFailed(
            "用户名不能为空", "username is required", code="username_required", detail={"field": "username"}
        )
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationFailed(
            "用户名已存在", "username already taken", code="username_taken", detail={"field": "username"}
        )
    if check_password_strength:
        try:
            validate_password(password, user=User(username=username, display_name=display_name))
        except ValidationError as exc:
            raise ValidationFailed(
                "密码强度不够",
                "password too weak",
                code="weak_password",
                detail={"field": "password", "problems": list(exc.messages)},
            ) from None
    user = User.objects.create_user(
        username=username, password=password, display_name=display_name.strip(), phone=phone.strip()
    )
    events.staff_created(user=user, actor=actor)
    return user


@transaction.atomic
def membership_grant(*, user: User, unit: Unit, role: str, actor: User | None = None) -> Membership:
    """Give ``user`` a role in ``unit``; granting a role already held changes nothing."""
    if role not in Role.values:
        raise ValidationFailed(
            f"未知岗位：{role}", f"unknown role: {role}", code="unknown_role", detail={"field": "role"}
        )
    current = Membership.objects.filter(user=user, unit=unit, role=role).first()
    if current is not None and current.is_active:
        return current
    before = {"is_active": current.is_active} if current is not None else {}
    membership, _ = Membership.objects.update_or_create(
        user=user, unit=unit, role=role, defaults={"is_active": True}
    )
    events.membership_granted(membership=membership, actor=actor, before=before)
    return membership


@transaction.atomic
def membership_revoke(
    *, user: User, unit: Unit, role: str, actor: User | None = None, reason: str = ""
) -> Membership:
    """Withdraw a role; the row stays, inactive, so history keeps its meaning. Revoking twice is a no-op."""
    membership = (
        Membership.objects.select_for_update(of=("self",)).filter(user=user, unit=unit, role=role).first()
    )
    if membership is None:
        raise NotFound("岗位", "membership")
    if not membership.is_active:
        return membership
    membership.is_active = False
    membership.save(update_fields=["is_active", "updated_at"])
    events.membership_revoked(membership=membership, actor=actor, reason=reason)
    return membership
