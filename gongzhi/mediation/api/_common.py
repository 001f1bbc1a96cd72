"""The mediation API's router, scopes and the look-ups its endpoints share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja import Router

from gongzhi.api.enums import Scope
from gongzhi.api.principal import require_scope
from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.mediation import selectors, services
from gongzhi.mediation.api.rendering import mediation_detail_out
from gongzhi.mediation.models import (
    DisputeType,
    MediationOrganisation,
)
from gongzhi.mediation.schemas import (
    PerformanceIn,
)
from gongzhi.org.models import User

router = Router(tags=["mediation"])
READ, WRITE = Scope.MEDIATION_READ, Scope.MEDIATION_WRITE


def known(lookup: Callable[[], Any], field: str, what_zh: str, what_en: str) -> Any:
    """The object a request body names, which must exist: unknown → 400 naming the field."""
    try:
        return lookup()
    except NotFound:
        raise ValidationFailed(
            f"{what_zh}不存在", f"unknown {what_en}", code=f"unknown_{field}", detail={"field": field}
        ) from None


def organisation_in(code: str | None, field: str = "organisation") -> MediationOrganisation | None:
    if not code:
        return None
    return known(lambda: selectors.organisation_get(code=code), field, "调解组织", "organisation")


def dispute_type_in(code: str | None) -> DisputeType | None:
    if not code:
        return None
    return known(lambda: selectors.dispute_type_get(code=code), "dispute_type", "纠纷类型", "dispute type")


def detail(user: User, mediation_id: int) -> dict[str, Any]:
    return mediation_detail_out(selectors.mediation_detail(user=user, mediation_id=mediation_id), user)


def performance_inputs(performance_items: list[PerformanceIn]) -> list[services.PerformanceInput]:
    return [
        services.PerformanceInput(
            description=i.description, due_date=i.due_date, obligor_party_id=i.obligor_party_id
        )
        for i in performance_items
    ]


def act(request: HttpRequest, mediation_id: int, run: Callable[[User], Any]) -> dict[str, Any]:
    principal = require_scope(request, WRITE)
    run(principal.user)
    return detail(principal.user, mediation_id)
