"""综合飞一次: every department's due targets for a day → the fewest, shortest flights from the docks.

The model handed to the solving core (PyVRP) — see docs/drones.md for the reasoning:
1. Targets become *visits*. Tasks of several departments at one site (the same ``site_key``, or
   point targets within ``merge_radius_m``) with compatible time windows are one visit: one hover
   serves them all (dwell = the longest dwell + ``extra_task_dwell_s`` per further task).
   A line (river section) is flown end to end: entry at its first point, exit at its last
   (the distance matrix is asymmetric); an area is covered by parallel passes from a point
   inside it (coverage time = area / (swath × speed)); the part inside a no-fly zone is left out.
2. Docks are depots. A dock's day is cut into sorties: slot k starts at open + k·(E + recharge),
   where E = rated endurance × (1 − safety reserve). Each (dock, slot) is a vehicle type with as
   many vehicles as the dock has aircraft, a shift window [start, start + E] and a duration limit
   E — so a flight never outlasts its usable battery and sorties of one aircraft never overlap.
3. Each dock has its own routing profile: flying times at its aircraft's speed, and prohibitive
   times to visits outside its operating radius or beyond its round-trip endurance.
4. Distances are shortest clear paths around no-fly zones (``airspace.Airspace``).
5. Every visit is an optional client with a prize larger than any flight could cost, so all that
   can be served is served, and what cannot (no sortie left, windows) is listed, never forced.
6. Targets the model cannot take (inside a zone, out of every dock's reach, only reachable by a
   dock in weather hold or without a licensed pilot, a bad window, bad geometry) are listed with
   the reason before solving; the plan is still produced for the rest.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

from gongzhi.drones.enums import TargetKind, UnservedReason
from gongzhi.drones.planning.airspace import Airspace, LocalProjection
from gongzhi.drones.planning.model import solve_visits
from gongzhi.drones.planning.problem import (
    Coordinate,
    DockInput,
    FlightOutput,
    PlanInput,
    PlanOutput,
    PlanSettings,
    TaskInput,
    UnservedOutput,
    ZoneInput,
    usable_endurance,
)

DAY_END = 2 * 24 * 3600
DOCK_STATE = {
    UnservedReason.WEATHER_HOLD: "天气停飞",
    UnservedReason.NO_LICENSED_PILOT: "无持证在岗飞手",
    UnservedReason.MAINTENANCE: "维护中",
}
UNAVAILABLE_ORDER = (
    UnservedReason.WEATHER_HOLD,
    UnservedReason.NO_LICENSED_PILOT,
    UnservedReason.MAINTENANCE,
)


@dataclass
class _Task:
    task: TaskInput
    geometry: BaseGeometry
    entry: Coordinate
    exit: Coordinate
    traverse_s: float
    extra_distance_m: float
    far_points: np.ndarray


@dataclass
class _Visit:
    tasks: list[_Task]
    window: tuple[int, int]
    service_s: int = 0
    docks: list[int] = field(default_factory=list)

    @property
    def lead(self) -> _Task:
        return self.tasks[0]


class _Refused(Exception):
    def __init__(self, reason: UnservedReason, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def sortie_starts(dock: DockInput, settings: PlanSettings) -> list[int]:
    usable = usable_endurance(dock, settings)
    step = usable + max(0, dock.recharge_s)
    starts, start = [], dock.open_s
    while usable > 0 and start + usable <= dock.close_s:
        starts.append(start)
        start += step
    return starts


def _valid_coordinate(point: Coordinate) -> bool:
    lng, lat = point
    return math.isfinite(lng) and math.isfinite(lat) and -180 <= lng <= 180 and -90 <= lat <= 90


class Planner:
    """One planning context (projection + airspace), reusable for the per-department baseline."""

    def __init__(self, problem: PlanInput) -> None:
        settings = problem.settings
        if settings.altitude_m > settings.ceiling_m:
            raise ValueError(
                f"飞行高度 {settings.altitude_m:g} m 超过真高上限 {settings.ceiling_m:g} m / "
                f"flight altitude above the {settings.ceiling_m:g} m ceiling"
            )
        if not 0 <= settings.safety_reserve < 1:
            raise ValueError("safety_reserve must be in [0, 1)")
        self.problem = problem
        self.settings = settings
        anchors = [(d.lng, d.lat) for d in problem.docks if _valid_coordinate((d.lng, d.lat))]
        if not anchors:
            anchors = [c for t in problem.tasks for c in t.coordinates[:1] if _valid_coordinate(c)] or [
                (0, 0)
            ]
        lng0 = float(np.mean([a[0] for a in anchors]))
        lat0 = float(np.mean([a[1] for a in anchors]))
        self.projection = LocalProjection(lng0, lat0)
        self.warnings: list[str] = []
        obstacles, self.zone_names = self._obstacles(problem.zones)
        self.airspace = Airspace(obstacles, clearance_m=settings.clearance_m)

    # --- inputs ---------------------------------------------------------------------------------

    def _obstacles(self, zones: tuple[ZoneInput, ...]) -> tuple[list[BaseGeometry], list[str]]:
        geometries, names = [], []
        for zone in zones:
            if zone.ceiling_m >= self.settings.altitude_m:
                continue  # a restricted zone whose ceiling the flight stays under
            try:
                polygons = [self.projection.polygon_to_xy(rings) for rings in zone.polygons]
                geometry = shapely.make_valid(shapely.union_all(polygons))
            except (ValueError, TypeError, IndexError, shapely.errors.GEOSException) as error:
                self.warnings.append(
                    f"空域 {zone.name} 几何无效，未能使用 / zone {zone.key} unusable: {error}"
                )
                continue
            if geometry.is_empty or geometry.area <= 0:
                self.warnings.append(f"空域 {zone.name} 面积为零 / zone {zone.key} has no area")
                continue
            geometries.append(geometry)
            names.append(zone.name)
        return geometries, names

    def _zone_name(self, geometry: BaseGeometry) -> str:
        if self.airspace.tree is None:
            return ""
        hits = self.airspace.tree.query(geometry, predicate="intersects")
        return "、".join(self.zone_names[int(i)] for i in hits[:3])

    def _prepare(self, task: TaskInput) -> _Task:
        settings = self.settings
        coords = task.coordinates
        if not coords or not all(_valid_coordinate(c) for c in coords):
            raise _Refused(
                UnservedReason.INVALID_GEOMETRY, "坐标缺失或超出范围 / missing or invalid coordinates"
            )
        xy = [self.projection.to_xy(lng, lat) for lng, lat in coords]
        if task.dwell_s < 0:
            raise _Refused(UnservedReason.INVALID_GEOMETRY, "悬停时长不能为负 / negative dwell time")
        if task.kind == TargetKind.POINT:
            point = Point(xy[0])
            if self.airspace.contains(*xy[0]):
                raise _Refused(
                    UnservedReason.INSIDE_NO_FLY,
                    f"目标位于禁飞/限飞区「{self._zone_name(point)}」内 / target inside a no-fly zone",
                )
            return _Task(task, point, xy[0], xy[0], 0.0, 0.0, np.array(xy[:1]))
        if task.kind == TargetKind.LINE:
            if len(xy) < 2 or LineString(xy).length <= 0:
                raise _Refused(
                    UnservedReason.INVALID_GEOMETRY, "线目标至少需要两个不同的点 / a line needs two points"
                )
            line = LineString(xy)
            if self.airspace.blocking(line):
                raise _Refused(
                    UnservedReason.INSIDE_NO_FLY,
                    f"巡查线穿越禁飞/限飞区「{self._zone_name(line)}」 / the line crosses a no-fly zone",
                )
            return _Task(
                task, line, xy[0], xy[-1], line.length / settings.line_speed_mps, line.length, np.array(xy)
            )
        if task.kind == TargetKind.AREA:
            if len(xy) < 3:
                raise _Refused(
                    UnservedReason.INVALID_GEOMETRY, "面目标至少需要三个点 / an area needs three points"
                )
            area: BaseGeometry = shapely.make_valid(Polygon(xy))
            if area.is_empty or area.area <= 0:
                raise _Refused(UnservedReason.INVALID_GEOMETRY, "面目标面积为零 / the area is empty")
            if self.airspace.union is not None:
                area = area.difference(self.airspace.union.buffer(settings.clearance_m))
                if area.is_empty or area.area <= 1.0:
                    raise _Refused(
                        UnservedReason.INSIDE_NO_FLY,
                        "片区全部位于禁飞/限飞区内 / the whole area lies in a no-fly zone",
                    )
            anchor = area.representative_point()
            passes_m = area.area / settings.area_swath_m
            boundary = shapely.get_coordinates(area)
            return _Task(
                task,
                area,
                (anchor.x, anchor.y),
                (anchor.x, anchor.y),
                passes_m / settings.area_speed_mps,
                passes_m,
                np.asarray(boundary, dtype=float),
            )
        raise _Refused(UnservedReason.INVALID_GEOMETRY, f"未知目标类型 {task.kind} / unknown target kind")

    @staticmethod
    def _window(task: TaskInput) -> tuple[int, int]:
        if task.window is None:
            return (0, DAY_END)
        start, end = task.window
        if not (0 <= start < end <= DAY_END):
            raise _Refused(UnservedReason.TIME_WINDOW, f"时间窗无效 {start}–{end} / invalid time window")
        return (int(start), int(end))

    def _service(self, tasks: list[_Task]) -> int:
        dwell = max(t.task.dwell_s for t in tasks) + self.settings.extra_task_dwell_s * (len(tasks) - 1)
        return math.ceil(tasks[0].traverse_s + dwell)

    def _visits(self, tasks: list[tuple[_Task, tuple[int, int]]]) -> list[_Visit]:
        """Merge tasks at one site into visits (see the module note, 1)."""
        visits: list[_Visit] = []
        by_site: dict[str, list[int]] = defaultdict(list)
        cells: dict[tuple[int, int], list[int]] = defaultdict(list)
        radius = max(self.settings.merge_radius_m, 1e-6)

        def joinable(index: int, prepared: _Task, window: tuple[int, int]) -> bool:
            visit = visits[index]
            start, end = max(visit.window[0], window[0]), min(visit.window[1], window[1])
            return end - start >= self._service([*visit.tasks, prepared])

        def join(index: int, prepared: _Task, window: tuple[int, int]) -> None:
            visit = visits[index]
            visit.tasks.append(prepared)
            visit.window = (max(visit.window[0], window[0]), min(visit.window[1], window[1]))

        for prepared, window in tasks:
            task = prepared.task
            # 1. the same named site; 2. for points, any point visit within the merge radius
            candidates = list(by_site[task.site_key]) if task.site_key else []
            if task.kind == TargetKind.POINT:
                cx, cy = int(prepared.entry[0] // radius), int(prepared.entry[1] // radius)
                candidates += [
                    i
                    for dx in (-1, 0, 1)
                    for dy in (-1, 0, 1)
                    for i in cells[(cx + dx, cy + dy)]
                    if math.dist(visits[i].lead.entry, prepared.entry) <= radius
                    and not (task.site_key and visits[i].lead.task.site_key not in ("", task.site_key))
                ]
            target = next((i for i in candidates if joinable(i, prepared, window)), None)
            if target is not None:
                join(target, prepared, window)
                continue
            visits.append(_Visit(tasks=[prepared], window=window))
            index = len(visits) - 1
            if task.site_key:
                by_site[task.site_key].append(index)
            if task.kind == TargetKind.POINT:
                cells[(int(prepared.entry[0] // radius), int(prepared.entry[1] // radius))].append(index)
        for visit in visits:
            visit.service_s = self._service(visit.tasks)
        return visits

    # --- planning -------------------------------------------------------------------------------

    def plan(self, tasks: tuple[TaskInput, ...] | None = None, *, seconds: float | None = None) -> PlanOutput:
        settings = self.settings
        tasks = self.problem.tasks if tasks is None else tasks
        docks = self.problem.docks
        unserved: list[UnservedOutput] = []
        warnings = list(self.warnings)

        def refuse(items: list[TaskInput], reason: UnservedReason, message: str) -> None:
            unserved.extend(UnservedOutput(t.key, t.department, reason, message) for t in items)

        accepted: list[tuple[_Task, tuple[int, int]]] = []
        for task in tasks:
            try:
                accepted.append((self._prepare(task), self._window(task)))
            except _Refused as refusal:
                refuse([task], refusal.reason, refusal.message)
        visits = self._visits(accepted)
        for visit in [v for v in visits if v.window[1] - v.window[0] < v.service_s]:
            refuse(
                [t.task for t in visit.tasks],
                UnservedReason.TIME_WINDOW,
                "时间窗短于作业时长 / window too short",
            )
        visits = [v for v in visits if v.window[1] - v.window[0] >= v.service_s]

        dock_xy = np.array([self.projection.to_xy(d.lng, d.lat) for d in docks], dtype=float).reshape(-1, 2)
        for index, dock in enumerate(docks):
            if self.airspace.contains(*dock_xy[index]):
                warnings.append(
                    f"机巢 {dock.name} 位于禁飞区内，不能起飞 / dock {dock.key} is inside a no-fly zone"
                )
        entries = np.array([v.lead.entry for v in visits], dtype=float).reshape(-1, 2)
        exits = np.array([v.lead.exit for v in visits], dtype=float).reshape(-1, 2)
        outbound = self.airspace.distance_matrix(dock_xy, entries)  # docks × visits
        inbound = self.airspace.distance_matrix(exits, dock_xy).T  # docks × visits
        servable: list[_Visit] = []
        for vi, visit in enumerate(visits):
            reason, message = self._assign_docks(visit, vi, outbound, inbound, dock_xy)
            if visit.docks:
                servable.append(visit)
            else:
                refuse([t.task for t in visit.tasks], reason, message)

        flights: list[FlightOutput] = []
        served_visits: set[int] = set()
        solve_seconds = 0.0
        slots = {
            i: sortie_starts(d, settings)
            for i, d in enumerate(docks)
            if d.unavailable is None and d.aircraft_count > 0
        }
        if servable and any(slots.values()):
            flights, served_visits, solve_seconds, dropped = solve_visits(
                self, docks, servable, slots, dock_xy, seconds if seconds is not None else settings.seconds
            )
            warnings.extend(dropped)
        for index, visit in enumerate(servable):
            if index not in served_visits:
                refuse(
                    [t.task for t in visit.tasks],
                    UnservedReason.NO_CAPACITY,
                    "当日可用架次或时间窗不足以安排 / no sortie left for it within its window today",
                )
        return PlanOutput(
            flights=tuple(flights),
            unserved=tuple(unserved),
            warnings=tuple(warnings),
            visits_served=len(served_visits),
            tasks_served=sum(len(servable[i].tasks) for i in served_visits),
            solve_seconds=solve_seconds,
            usable_endurance_s={d.key: usable_endurance(d, settings) for d in docks},
        )

    def _assign_docks(
        self,
        visit: _Visit,
        vi: int,
        outbound: np.ndarray,
        inbound: np.ndarray,
        dock_xy: np.ndarray,
    ) -> tuple[UnservedReason, str]:
        """Fill ``visit.docks`` with the docks that could fly it; else say why none can."""
        settings = self.settings
        blocked: dict[UnservedReason, str] = {}
        window_only = ""
        nearest = ""
        nearest_excess = math.inf
        for di, dock in enumerate(self.problem.docks):
            reach = float(np.max(np.hypot(*(visit.lead.far_points - dock_xy[di]).T)))
            go, back = float(outbound[di, vi]), float(inbound[di, vi])
            usable = usable_endurance(dock, settings)
            round_trip = (
                (go + back) / dock.cruise_speed_mps + visit.service_s
                if math.isfinite(go + back)
                else math.inf
            )
            if reach > dock.radius_m or round_trip > usable:
                excess = max(reach - dock.radius_m, (round_trip - usable) * dock.cruise_speed_mps)
                if excess < nearest_excess:
                    nearest_excess = excess
                    if reach > dock.radius_m:
                        nearest = (
                            f"最近的机巢 {dock.name} 距离 {reach / 1000:.1f} km，"
                            f"作业半径 {dock.radius_m / 1000:.1f} km"
                        )
                    elif math.isfinite(round_trip):
                        nearest = (
                            f"机巢 {dock.name} 往返需 {round_trip / 60:.0f} 分钟，"
                            f"可用续航 {usable / 60:.0f} 分钟"
                        )
                    else:
                        nearest = f"机巢 {dock.name} 与目标之间被禁飞区隔断"
                continue
            earliest = dock.open_s + go / dock.cruise_speed_mps
            latest = min(
                visit.window[1] - visit.service_s,
                dock.close_s - visit.service_s - back / dock.cruise_speed_mps,
            )
            if max(earliest, visit.window[0]) > latest:
                window_only = window_only or f"时间窗与机巢 {dock.name} 作业时段不重叠"
                continue
            if dock.unavailable is not None:
                note = f"：{dock.unavailable_note}" if dock.unavailable_note else ""
                reason_word = DOCK_STATE.get(dock.unavailable, str(dock.unavailable.label))
                blocked.setdefault(
                    dock.unavailable, f"可达的机巢 {dock.name} 今日不能飞{note or '：' + reason_word}"
                )
                continue
            if dock.aircraft_count <= 0:
                blocked.setdefault(UnservedReason.MAINTENANCE, f"机巢 {dock.name} 没有可用飞机")
                continue
            visit.docks.append(di)
        for reason in UNAVAILABLE_ORDER:
            if reason in blocked:
                return reason, f"{blocked[reason]} / the only docks in reach cannot fly today"
        if window_only:
            return UnservedReason.TIME_WINDOW, f"{window_only} / the window falls outside the docks' hours"
        return UnservedReason.OUT_OF_REACH, f"{nearest or '没有机巢'} / out of every dock's reach"


def plan_flights(problem: PlanInput) -> PlanOutput:
    """Plan the day (see the module note)."""
    return Planner(problem).plan()
