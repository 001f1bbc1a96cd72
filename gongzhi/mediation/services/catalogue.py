"""The dispute-type catalogue: loaded from ``data/dispute_types.json``, editable in the admin."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from gongzhi.cases.enums import StatutoryRoute
from gongzhi.core.errors import ValidationFailed
from gongzhi.mediation import events
from gongzhi.mediation.models import DisputeType
from gongzhi.org.models import User

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_DISPUTE_TYPES = DATA_DIR / "dispute_types.json"


@transaction.atomic
def dispute_types_load_defaults(
    *, actor: User | None = None, path: Path | None = None, overwrite: bool = False
) -> dict[str, int]:
    """Create the catalogue's types, matched by code; a re-run creates only the missing ones.

    Types an administrator edited keep their edits unless ``overwrite`` is set.
    """
    path = path or DEFAULT_DISPUTE_TYPES
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValidationFailed(
            f"文件不存在：{path}", f"file not found: {path}", code="file_not_found"
        ) from None
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for order, item in enumerate(data["types"], start=1):
        route = item.get("route", "")
        if route and route not in StatutoryRoute.values:
            raise ValidationFailed(
                f"未知的法定途径：{route}", f"unknown statutory route: {route}", code="unknown_route"
            )
        wanted: dict[str, Any] = {
            "name": item["name"],
            "description": item.get("description", ""),
            "keywords": list(item.get("keywords", [])),
            "is_mediable": bool(item.get("mediable", True)),
            "committee_functions": list(item.get("committees", [])),
            "statutory_route": route,
            "route_note": item.get("route_note", ""),
            "sort_order": order,
        }
        current = DisputeType.objects.filter(code=item["code"]).first()
        if current is not None and not overwrite:
            counts["unchanged"] += 1
            continue
        dispute_type, created = DisputeType.objects.update_or_create(code=item["code"], defaults=wanted)
        events.record(
            subject=dispute_type,
            action="dispute_type.create" if created else "dispute_type.update",
            actor=actor,
            after={"code": dispute_type.code, **wanted},
        )
        counts["created" if created else "updated"] += 1
    return counts
