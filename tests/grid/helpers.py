"""Test grids: squares inside the real district outline (WGS-84), in 王化村 and 祝家村."""

from __future__ import annotations

from typing import Any

from gongzhi.grid import services
from gongzhi.grid.enums import GridKind
from gongzhi.grid.models import Grid
from tests.conftest import WANGHUA, ZHUJIA, region


def square(lng0: float, lat0: float, lng1: float, lat1: float) -> dict[str, Any]:
    ring = [[lng0, lat0], [lng1, lat0], [lng1, lat1], [lng0, lat1], [lng0, lat0]]
    return {"type": "Polygon", "coordinates": [ring]}


def make_grids() -> dict[str, Grid]:
    """A: 王化村 grid 1 (with a micro-grid), B: 祝家村 grid 1; both ~2 km squares near 120.47 E, 30.05 N."""
    a = services.grid_create(
        village=region(WANGHUA),
        code=f"{WANGHUA}G01",
        name="王化村第1网格",
        kind=GridKind.RURAL,
        geometry=square(120.46, 30.04, 120.48, 30.06),
        households=310,
    )
    micro = services.grid_create(
        village=region(WANGHUA),
        code=f"{WANGHUA}G01M01",
        name="王化村第1网格微网格1",
        kind=GridKind.MICRO,
        geometry=square(120.465, 30.045, 120.47, 30.05),
        households=40,
        parent=a,
    )
    b = services.grid_create(
        village=region(ZHUJIA),
        code=f"{ZHUJIA}G01",
        name="祝家村第1网格",
        kind=GridKind.RURAL,
        geometry=square(120.48, 30.04, 120.50, 30.06),
        households=290,
    )
    return {"a": a, "micro": micro, "b": b}
