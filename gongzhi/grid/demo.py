"""Demo grids: GENERATED shapes inside the real Keqiao outline — not surveyed boundaries.

The platform has the real list of towns and villages but no village or grid boundaries. For the
demo, ``grid_demo_load`` cuts the district outline (the published 柯桥区 boundary, converted from
GCJ-02 to WGS-84) into plausible cells:
1. one Voronoi cell per town, then one per village inside its town's cell, then grids inside each
   village by estimated households (urban ≈ 400 per grid, rural ≈ 300 — the §3.2 guidance);
2. micro-grids (≈ 40 households, UNCONFIRMED size) inside the grids of two villages of 平水镇;
3. one dedicated grid (a school, a hospital or an enterprise) per town.
Every grid is marked ``is_generated`` and its source says so; the pages show it.
"""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from gongzhi.grid import selectors, services
from gongzhi.grid.conf import grid_setting
from gongzhi.grid.enums import DedicatedKind, GridKind, GridRole
from gongzhi.grid.models import Grid
from gongzhi.grid.spatial import to_geojson
from gongzhi.org.enums import RegionLevel
from gongzhi.org.models import Region, User

SOURCE = "生成的演示网格（非实测边界）/ generated demo shape, not a surveyed boundary"
MICRO_VILLAGES = ("330603105210", "330603105211")  # 平水镇王化村, 祝家村
DEDICATED = (
    (DedicatedKind.SCHOOL, "中心小学"),
    (DedicatedKind.HOSPITAL, "卫生院"),
    (DedicatedKind.ENTERPRISE, "工业园企业"),
)


def _sample(area: BaseGeometry, count: int, rng: random.Random) -> list[Point]:
    minx, miny, maxx, maxy = area.bounds
    points: list[Point] = []
    attempts = 0
    while len(points) < count and attempts < count * 500:
        attempts += 1
        point = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if area.contains(point):
            points.append(point)
    return points


def _split(area: BaseGeometry, count: int, rng: random.Random) -> list[BaseGeometry]:
    """``count`` Voronoi cells of random seeds inside ``area``, clipped to it (largest part only)."""
    if count <= 1:
        return [area]
    seeds = _sample(area, count, rng)
    cells = shapely.voronoi_polygons(shapely.multipoints(seeds), extend_to=area.envelope.buffer(0.1))
    parts = []
    for seed in seeds:
        cell = next(c for c in cells.geoms if c.contains(seed))
        clipped = cell.intersection(area)
        if clipped.geom_type == "MultiPolygon":
            clipped = max(clipped.geoms, key=lambda g: g.area)
        if clipped.geom_type == "Polygon" and clipped.area > 0:
            parts.append(shapely.set_precision(clipped, 1e-7))
    return parts


def grid_demo_load(*, seed: int = 2026) -> dict[str, Any]:
    """Generate the demo grids once (a second call changes nothing) and place the demo grid worker."""
    if Grid.objects.filter(is_generated=True).exists():
        return {"grids": Grid.objects.count(), "created": 0}
    rng = random.Random(seed)  # noqa: S311 - demo shapes, not secrets
    outline = selectors.district_outline()
    if outline.geom_type == "MultiPolygon":
        outline = max(outline.geoms, key=lambda g: g.area)
    towns = list(Region.objects.filter(level=RegionLevel.TOWN).order_by("code"))
    villages_of: dict[int, list[Region]] = {}
    for village in Region.objects.filter(level=RegionLevel.VILLAGE).order_by("code"):
        villages_of.setdefault(village.parent_id or 0, []).append(village)
    created = micro = dedicated = 0
    for town, town_cell in zip(towns, _split(outline, len(towns), rng), strict=False):
        villages = villages_of.get(town.pk, [])
        for village, village_cell in zip(villages, _split(town_cell, len(villages), rng), strict=False):
            urban = village.urban_rural_code.startswith("1")
            per_grid = 400 if urban else int(grid_setting("RURAL_HOUSEHOLDS"))
            households = rng.randint(1200, 3600) if urban else rng.randint(500, 1400)
            count = max(1, min(9, round(households / per_grid)))
            for number, cell in enumerate(_split(village_cell, count, rng), start=1):
                share = households // count
                grid = services.grid_create(
                    village=village,
                    code=f"{village.code}G{number:02d}",
                    name=f"{village.short_name or village.name}第{number}网格",
                    kind=GridKind.URBAN if urban else GridKind.RURAL,
                    geometry=to_geojson(cell),
                    households=share,
                    residents=int(share * rng.uniform(2.3, 3.0)),
                    is_generated=True,
                    source=SOURCE,
                )
                created += 1
                if village.code in MICRO_VILLAGES:
                    micro_count = max(2, min(8, round(share / int(grid_setting("MICRO_HOUSEHOLDS")))))
                    for m, micro_cell in enumerate(_split(cell.buffer(-1e-5), micro_count, rng), start=1):
                        services.grid_create(
                            village=village,
                            code=f"{grid.region.code}M{m:02d}",
                            name=f"{grid.region.name}微网格{m}",
                            kind=GridKind.MICRO,
                            geometry=to_geojson(micro_cell),
                            households=share // micro_count,
                            parent=grid,
                            is_generated=True,
                            source=SOURCE,
                        )
                        micro += 1
        if villages:
            host = villages[0]
            kind, label = DEDICATED[len(villages) % len(DEDICATED)]
            centre = Grid.objects.filter(village=host).order_by("id").first()
            if centre is not None:
                spot = Point(centre.centre_lng, centre.centre_lat).buffer(0.0015, quad_segs=4)
                services.grid_create(
                    village=host,
                    code=f"{host.code}D01",
                    name=f"{town.short_name or town.name}{label}专属网格",
                    kind=GridKind.DEDICATED,
                    dedicated_kind=kind,
                    geometry=to_geojson(spot),
                    is_generated=True,
                    source=SOURCE,
                )
                dedicated += 1
    _place_demo_workers()
    return {
        "grids": created,
        "micro_grids": micro,
        "dedicated_grids": dedicated,
        "created": created + micro + dedicated,
    }


def _place_demo_workers() -> None:
    """The demo's grid worker (``grid_wanghua``) works the first grid of 王化村, if the account exists."""
    worker = User.objects.filter(username="grid_wanghua").first()
    grid = Grid.objects.filter(
        village__code=MICRO_VILLAGES[0], parent__isnull=True, kind__in=["urban", "rural"]
    ).first()
    if worker is not None and grid is not None:
        services.grid_member_assign(grid=grid, user=worker, role=GridRole.FULL_TIME)


def random_points_in_grids(count: int, *, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Points spread over the district outline (for the placement benchmark)."""
    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = selectors.district_outline().bounds
    return rng.uniform(minx, maxx, count), rng.uniform(miny, maxy, count)
