"""What the organisation's services share: the data files and how a change is compared and audited."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import models

from gongzhi.org import events

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


def _value_for_compare(obj: models.Model, field: str) -> Any:
    """A field's current value, a foreign key by its id so that comparing costs no query."""
    concrete = obj._meta.get_field(field)
    if concrete.is_relation:
        return getattr(obj, f"{field}_id")
    return getattr(obj, field)


def _wanted_for_compare(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


def changed_fields(current: models.Model, wanted: dict[str, Any]) -> list[str]:
    return [
        field
        for field, value in wanted.items()
        if _value_for_compare(current, field) != _wanted_for_compare(value)
    ]


def values_before(current: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {field: events.jsonable(getattr(current, field)) for field in fields}


def values_after(wanted: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    return {field: events.jsonable(wanted[field]) for field in fields}
