"""What the organisation's services share: the data files and the values a change's audit event stores."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from gongzhi.org import events

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


def values_after(wanted: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    return {field: events.jsonable(wanted[field]) for field in fields}
