"""Drone rules and planning defaults; override any in ``settings.GONGZHI_DRONES``.

Marked UNCONFIRMED where domain-rules §6 found no source: they are engineering defaults.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "CEILING_M": 120.0,  # 条例 art. 19: above 120 m true height is controlled airspace
    "FLIGHT_ALTITUDE_M": 100.0,
    "SAFETY_RESERVE": 0.30,  # 50 min rated → 35 min planned (§6.2: 25–35 min usable, UNCONFIRMED)
    "CLEARANCE_M": 50.0,  # detours keep this far from a zone's edge
    "MERGE_RADIUS_M": 30.0,  # point targets of several departments this close are one visit
    "EXTRA_TASK_DWELL_S": 30,
    "FLIGHT_FIXED_COST_S": 600,  # one more sortie weighs like 10 minutes of flying
    "PLAN_SECONDS": 10.0,
    "BASELINE_SECONDS": 4.0,
    "GROUP_RADIUS_M": 50.0,  # a new detection this close to an open site of its kind joins it
    "GROUP_DAYS": 30,  # … if the site was seen within this many days
    "EMERGENCY_MIN_MARGIN": 0.20,  # battery share left on landing for a dock to be proposed
    "EMERGENCY_ON_SCENE_S": 600,  # planned time over the scene (measuring, streaming)
    # What a confirmed finding is routed as (routing category codes, the default catalogue).
    "TASK_CATEGORY": {
        "illegal_building": "010302",
        "straw_burning": "040206",
        "illegal_dumping": "040205",
        "river_litter": "040210",
        "forest_fire": "100603",
        "street_vending": "010202",
        "construction_dust": "040206",
        "illegal_land_use": "030403",
        "fire_lane": "010103",
        "other": "010214",
    },
}


def drone_setting(name: str) -> Any:
    overrides: dict[str, Any] = getattr(settings, "GONGZHI_DRONES", {}) or {}
    return overrides.get(name, DEFAULTS[name])
