"""Flying distances that never cross a no-fly zone: a visibility graph over the zones' corners.

1. Everything is planned in a local metric plane: WGS-84 (lng, lat) → metres east/north of an
   origin by the equirectangular projection. Across a district (≤ 60 km) its error is far below
   the size of a dock's operating radius error budget (< 0.1 %).
2. Each obstacle (a no-fly zone, or a restricted zone whose ceiling is below the flight
   altitude) is kept as its polygon; a leg is *clear* when the straight segment does not touch it.
3. Detour waypoints sit on the zone buffered by ``clearance_m`` (corners rounded with few
   segments). Waypoints inside another obstacle (or too close to one) are dropped.
4. Waypoint-to-waypoint visibility gives a graph; Dijkstra (scipy) gives the shortest detour
   between any two waypoints. A blocked leg i→j costs min over waypoints u, v of
   |i u| + D(u, v) + |v j| over visible u from i and v from j — the exact shortest path in the
   visibility graph (the classic result: shortest obstacle-avoiding paths bend only at corners).
5. Large instances are fast because most legs are cleared by a cheap vectorised test (bounding
   circle of each obstacle) before shapely's exact segment test is asked.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from scipy.sparse.csgraph import shortest_path
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

EARTH_RADIUS_M = 6_371_008.8
_CHUNK = 250_000  # segments per shapely call: bounded memory on 2,000-target days


@dataclass(frozen=True)
class LocalProjection:
    """lng/lat (degrees, WGS-84) ⇄ metres east/north of ``(lng0, lat0)``."""

    lng0: float
    lat0: float

    @property
    def _kx(self) -> float:
        return EARTH_RADIUS_M * math.cos(math.radians(self.lat0)) * math.pi / 180.0

    @property
    def _ky(self) -> float:
        return EARTH_RADIUS_M * math.pi / 180.0

    def to_xy(self, lng: float, lat: float) -> tuple[float, float]:
        return (lng - self.lng0) * self._kx, (lat - self.lat0) * self._ky

    def to_lnglat(self, x: float, y: float) -> tuple[float, float]:
        return self.lng0 + x / self._kx, self.lat0 + y / self._ky

    def polygon_to_xy(self, rings: Sequence[Sequence[Sequence[float]]]) -> Polygon:
        """A GeoJSON polygon's rings (lng, lat) → a shapely polygon in metres."""
        shell, *holes = ([self.to_xy(float(p[0]), float(p[1])) for p in ring] for ring in rings)
        return Polygon(shell, holes)


def _segments(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    return shapely.linestrings(np.stack([starts, ends], axis=1))


class Airspace:
    """Shortest clear flying distances among points, around a fixed set of obstacles (metres)."""

    def __init__(self, obstacles: Sequence[BaseGeometry], *, clearance_m: float = 30.0) -> None:
        self.obstacles = [g for g in obstacles if not g.is_empty]
        self.clearance_m = clearance_m
        self.tree = shapely.STRtree(self.obstacles) if self.obstacles else None
        self.union = shapely.union_all(self.obstacles) if self.obstacles else None
        if self.union is not None:
            shapely.prepare(self.union)
        # Bounding circles for the cheap pre-test.
        centres, radii = [], []
        for geometry in self.obstacles:
            minx, miny, maxx, maxy = geometry.bounds
            cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
            centres.append((cx, cy))
            radii.append(math.hypot(maxx - cx, maxy - cy))
        self._centres = np.array(centres, dtype=float).reshape(-1, 2)
        self._radii = np.array(radii, dtype=float)
        self.waypoints = self._make_waypoints()
        self._waypoint_dist, self._waypoint_pred = self._waypoint_graph()

    # --- building -------------------------------------------------------------------------------

    def _make_waypoints(self) -> np.ndarray:
        if not self.obstacles:
            return np.zeros((0, 2))
        points: list[tuple[float, float]] = []
        for geometry in self.obstacles:
            buffered = geometry.buffer(self.clearance_m, quad_segs=2)
            parts = buffered.geoms if hasattr(buffered, "geoms") else [buffered]
            for part in parts:
                points.extend((float(x), float(y)) for x, y in list(part.exterior.coords)[:-1])
        array = np.array(points, dtype=float)
        keep = shapely.distance(shapely.points(array), self.union) >= self.clearance_m * 0.5
        return array[keep]

    def _waypoint_graph(self) -> tuple[np.ndarray, np.ndarray]:
        count = len(self.waypoints)
        if count == 0:
            return np.zeros((0, 0)), np.zeros((0, 0), dtype=int)
        left, right = np.triu_indices(count, k=1)
        clear = self._clear_pairs(self.waypoints[left], self.waypoints[right])
        lengths = np.hypot(*(self.waypoints[left] - self.waypoints[right]).T)
        weights = np.zeros((count, count))
        weights[left[clear], right[clear]] = lengths[clear]
        weights[right[clear], left[clear]] = lengths[clear]
        distances, predecessors = shortest_path(weights, method="D", directed=False, return_predecessors=True)
        return distances, predecessors

    # --- queries --------------------------------------------------------------------------------

    def contains(self, x: float, y: float) -> bool:
        """Inside (or on the edge of) an obstacle."""
        return self.union is not None and bool(self.union.intersects(shapely.points(x, y)))

    def blocking(self, geometry: BaseGeometry) -> bool:
        return self.union is not None and bool(self.union.intersects(geometry))

    def _clear_pairs(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """For segments starts[k]→ends[k]: True where no obstacle is touched."""
        clear = np.ones(len(starts), dtype=bool)
        if self.tree is None or len(starts) == 0:
            return clear
        # 1. Bounding circles: a segment farther than r from every obstacle centre is clear.
        candidate = np.zeros(len(starts), dtype=bool)
        direction = ends - starts
        length_sq = np.einsum("ij,ij->i", direction, direction)
        length_sq[length_sq == 0] = 1e-12
        for centre, radius in zip(self._centres, self._radii, strict=True):
            t = np.clip(np.einsum("ij,ij->i", centre - starts, direction) / length_sq, 0.0, 1.0)
            nearest = starts + direction * t[:, None]
            candidate |= np.hypot(*(nearest - centre).T) <= radius + 1e-6
        # 2. The exact test on the few that remain.
        indices = np.flatnonzero(candidate)
        for offset in range(0, len(indices), _CHUNK):
            chunk = indices[offset : offset + _CHUNK]
            lines = _segments(starts[chunk], ends[chunk])
            hit_lines, _ = self.tree.query(lines, predicate="intersects")
            clear[chunk[np.unique(hit_lines)]] = False
        return clear

    def _visibility(self, points: np.ndarray) -> np.ndarray:
        """(n, W) distances from each point to each waypoint, inf where the segment is blocked."""
        n, w = len(points), len(self.waypoints)
        if w == 0:
            return np.full((n, 0), np.inf)
        rows, cols = np.repeat(np.arange(n), w), np.tile(np.arange(w), n)
        clear = self._clear_pairs(points[rows], self.waypoints[cols])
        lengths = np.hypot(*(points[rows] - self.waypoints[cols]).T)
        lengths[~clear] = np.inf
        return lengths.reshape(n, w)

    def distance_matrix(self, sources: np.ndarray, targets: np.ndarray) -> np.ndarray:
        """(n, m) shortest clear distances from each source to each target (inf if enclosed)."""
        sources = np.asarray(sources, dtype=float).reshape(-1, 2)
        targets = np.asarray(targets, dtype=float).reshape(-1, 2)
        n, m = len(sources), len(targets)
        direct = np.hypot(
            sources[:, 0][:, None] - targets[:, 0][None, :], sources[:, 1][:, None] - targets[:, 1][None, :]
        )
        if self.tree is None:
            return direct
        rows, cols = np.repeat(np.arange(n), m), np.tile(np.arange(m), n)
        clear = self._clear_pairs(sources[rows], targets[cols]).reshape(n, m)
        if clear.all():
            return direct
        result = direct.copy()
        visible_from = self._visibility(sources)
        visible_to = self._visibility(targets)
        # Best distance from each source to each waypoint through the graph (min-plus product).
        through = np.full_like(visible_from, np.inf)
        for w in range(len(self.waypoints)):
            through = np.minimum(through, visible_from[:, w : w + 1] + self._waypoint_dist[w][None, :])
        blocked_rows, blocked_cols = np.nonzero(~clear)
        for start in range(0, len(blocked_rows), 20_000):
            r = blocked_rows[start : start + 20_000]
            c = blocked_cols[start : start + 20_000]
            result[r, c] = np.min(through[r] + visible_to[c], axis=1)
        return result

    def path(self, start: tuple[float, float], end: tuple[float, float]) -> list[tuple[float, float]]:
        """The polyline of the shortest clear path (start, waypoints…, end), for drawing a route."""
        a, b = np.array([start], dtype=float), np.array([end], dtype=float)
        if self.tree is None or self._clear_pairs(a, b)[0]:
            return [start, end]
        visible_from = self._visibility(a)[0]
        visible_to = self._visibility(b)[0]
        best: tuple[float, int, int] = (math.inf, -1, -1)
        for u in np.flatnonzero(np.isfinite(visible_from)):
            totals = visible_from[u] + self._waypoint_dist[u] + visible_to
            v = int(np.argmin(totals))
            if totals[v] < best[0]:
                best = (float(totals[v]), int(u), v)
        if best[1] < 0:
            return [start, end]
        _, first, last = best
        chain = [last]
        while chain[-1] != first:
            chain.append(int(self._waypoint_pred[first, chain[-1]]))
        corners = [tuple(map(float, self.waypoints[k])) for k in reversed(chain)]
        return [start, *corners, end]  # type: ignore[list-item]
