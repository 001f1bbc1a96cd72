"""Shared steps of the market services."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from gongzhi.core.errors import InvalidState, ValidationFailed
from gongzhi.market import access
from gongzhi.market.models import Demand, Listing
from gongzhi.org.models import Region, User


def invalid(zh: str, en: str, code: str, field_name: str = "") -> ValidationFailed:
    return ValidationFailed(zh, en, code=code, detail={"field": field_name} if field_name else {})


def text_field(value: str, field_name: str, label: str, *, min_length: int = 2, max_length: int = 200) -> str:
    value = (value or "").strip()
    if len(value) < min_length:
        raise invalid(f"请填写{label}", f"{field_name} is required", f"missing_{field_name}", field_name)
    return value[:max_length]


def next_code(model: type[Listing] | type[Demand], prefix: str) -> str:
    year = timezone.localdate().year % 100
    last = model.objects.filter(code__startswith=f"{prefix}{year:02d}-").aggregate(last=Max("code"))["last"]
    sequence = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{year:02d}-{sequence:04d}"


def create_coded(model: type[Listing] | type[Demand], prefix: str, **values: Any) -> Any:
    """Create a row with the next code; a code taken at the same moment is retried."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return model.objects.create(code=next_code(model, prefix), **values)
        except IntegrityError:
            continue
    raise InvalidState("编号冲突，请重试", "code clash, try again", code="code_clash")


def require_place(actor: User, region: Region, field_name: str) -> None:
    if not access.may_enter_for(actor, region):
        raise invalid(
            "只能登记本镇街的资源和需求", "only for places in your own town", "outside_town", field_name
        )
