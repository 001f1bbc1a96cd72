"""Shared pieces of the REST schemas: safe text types, the error shape, keyset cursors."""

from __future__ import annotations

import base64
import binascii
import re
from datetime import datetime
from typing import Annotated, Any

from django.db.models import Q, QuerySet
from ninja import Schema
from pydantic import AfterValidator, Field

from gongzhi.core.errors import ValidationFailed

# C0 controls other than tab/newline/CR, DEL, and lone surrogates: no database stores them as text
# (PostgreSQL refuses NUL outright), and no client means them.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def clean_text(value: str) -> str:
    if _FORBIDDEN.search(value):
        raise ValueError("must not contain control characters or invalid code points")
    return value


Text = Annotated[str, AfterValidator(clean_text)]


# Bounded strings with no control characters: StrN may be empty, TextN must not be.
Str20 = Annotated[str, Field(max_length=20), AfterValidator(clean_text)]
Str40 = Annotated[str, Field(max_length=40), AfterValidator(clean_text)]
Str60 = Annotated[str, Field(max_length=60), AfterValidator(clean_text)]
Str100 = Annotated[str, Field(max_length=100), AfterValidator(clean_text)]
Str200 = Annotated[str, Field(max_length=200), AfterValidator(clean_text)]
Str2000 = Annotated[str, Field(max_length=2000), AfterValidator(clean_text)]
Str5000 = Annotated[str, Field(max_length=5000), AfterValidator(clean_text)]
Text100 = Annotated[str, Field(min_length=1, max_length=100), AfterValidator(clean_text)]
Text200 = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(clean_text)]
Text2000 = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(clean_text)]
Text20000 = Annotated[str, Field(min_length=1, max_length=20000), AfterValidator(clean_text)]

Code = Annotated[str, Field(min_length=1, max_length=40), AfterValidator(clean_text)]
PageSize = Annotated[int, Field(ge=1, le=200)]
Limit = Annotated[int, Field(ge=1, le=5000)]


class ErrorOut(Schema):
    code: str
    message: str
    detail: dict[str, Any]


class Ref(Schema):
    """A unit, region or category named by its stable code."""

    code: str
    name: str


def ref(obj: Any) -> dict[str, str] | None:
    if obj is None:
        return None
    return {"code": obj.code, "name": getattr(obj, "name", str(obj))}


ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}


# --- keyset (cursor) pagination ------------------------------------------------------------------


def encode_cursor(moment: datetime, pk: int) -> str:
    raw = f"{moment.isoformat()}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        moment_text, pk_text = base64.urlsafe_b64decode(padded.encode("ascii")).decode().split("|")
        moment = datetime.fromisoformat(moment_text)
        if moment.tzinfo is None:
            raise ValueError("naive")
        return moment, int(pk_text)
    except (ValueError, UnicodeError, binascii.Error):
        raise ValidationFailed(
            "分页游标无效", "invalid cursor", code="invalid_cursor", detail={"field": "cursor"}
        ) from None


def keyset_page(
    queryset: QuerySet[Any], *, cursor: str | None, size: int, field: str
) -> tuple[list[Any], str | None]:
    """One page of ``queryset`` ordered by (``field`` desc, id desc), after ``cursor``."""
    if cursor:
        moment, pk = decode_cursor(cursor)
        queryset = queryset.filter(Q(**{f"{field}__lt": moment}) | Q(**{field: moment, "pk__lt": pk}))
    rows = list(queryset.order_by(f"-{field}", "-pk")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = encode_cursor(getattr(rows[-1], field), rows[-1].pk) if more and rows else None
    return rows, next_cursor
