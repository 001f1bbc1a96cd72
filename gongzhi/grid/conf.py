"""Grid rules that stay settings until a county confirms them (domain-rules §3.2: UNCONFIRMED).

Override any of them in ``settings.GONGZHI_GRID``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # 城镇综合网格: in principle 300–500 households; 农村: about 300 (≤ 2,500 residents).
    "URBAN_HOUSEHOLDS_MIN": 300,
    "URBAN_HOUSEHOLDS_MAX": 500,
    "RURAL_HOUSEHOLDS": 300,
    "MAX_RESIDENTS": 2500,
    # Micro-grid size: the often quoted 30–50 households has no source (UNCONFIRMED).
    "MICRO_HOUSEHOLDS": 40,
    # The district outline (WGS-84) reports and detections must fall in.
    "DISTRICT_OUTLINE": str(
        Path(__file__).resolve().parent.parent
        / "web"
        / "static"
        / "web"
        / "data"
        / "keqiao_330603_wgs84.geojson"
    ),
}


def grid_setting(name: str) -> Any:
    overrides: dict[str, Any] = getattr(settings, "GONGZHI_GRID", {}) or {}
    return overrides.get(name, DEFAULTS[name])
