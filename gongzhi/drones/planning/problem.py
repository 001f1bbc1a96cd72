"""What the flight planner takes and gives: plain data, no database (the services map models to it).

Coordinates are WGS-84 (lng, lat); times are seconds since local midnight of the plan's day.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gongzhi.drones.enums import TargetKind, UnservedReason

Coordinate = tuple[float, float]


@dataclass(frozen=True)
class DockInput:
    key: str
    name: str
    lng: float
    lat: float
    radius_m: float
    cruise_speed_mps: float
    endurance_s: int  # the aircraft's rated flight time; the planner keeps the safety reserve
    aircraft_count: int = 1
    recharge_s: int = 1800
    open_s: int = 7 * 3600
    close_s: int = 19 * 3600
    unavailable: UnservedReason | None = None  # WEATHER_HOLD / MAINTENANCE / NO_LICENSED_PILOT
    unavailable_note: str = ""


@dataclass(frozen=True)
class TaskInput:
    """One department's need at one target: look at ``coordinates`` for ``task_type``."""

    key: str
    department: str
    task_type: str
    kind: str  # TargetKind
    coordinates: tuple[Coordinate, ...]  # point: 1; line: ≥ 2 in flying order; area: outer ring
    dwell_s: int = 60
    window: tuple[int, int] | None = None
    site_key: str = ""  # tasks naming the same site are served by one visit
    label: str = ""


@dataclass(frozen=True)
class ZoneInput:
    key: str
    name: str
    polygons: tuple[tuple[tuple[Coordinate, ...], ...], ...]  # polygons → rings → (lng, lat)
    ceiling_m: float = 0.0  # flights above this true height may not enter; 0 = no-fly


@dataclass(frozen=True)
class PlanSettings:
    altitude_m: float = 100.0
    ceiling_m: float = 120.0  # 无人驾驶航空器飞行管理暂行条例 art. 19: above 120 m is controlled
    safety_reserve: float = 0.30  # share of rated endurance never planned (wind, return, landing)
    clearance_m: float = 50.0  # how far detours keep from a zone's edge
    merge_radius_m: float = 30.0  # point targets this close are one site
    extra_task_dwell_s: int = 30  # each further department's task at the same visit
    line_speed_mps: float = 8.0  # inspection speed along a river or road section
    area_swath_m: float = 120.0  # ground width one pass images at the flight altitude
    area_speed_mps: float = 8.0
    flight_fixed_cost_s: int = 600  # one more sortie is worth this many seconds of flying
    seconds: float = 10.0
    seed: int = 0
    max_iterations: int | None = None
    cpu_time: bool = False  # count ``seconds`` as CPU time (benchmarks on a shared machine)


@dataclass(frozen=True)
class PlanInput:
    docks: tuple[DockInput, ...]
    tasks: tuple[TaskInput, ...]
    zones: tuple[ZoneInput, ...] = ()
    settings: PlanSettings = field(default_factory=PlanSettings)


@dataclass(frozen=True)
class StopOutput:
    visit: int
    task_keys: tuple[str, ...]
    departments: tuple[str, ...]
    arrive_s: int
    depart_s: int
    lng: float
    lat: float


@dataclass(frozen=True)
class FlightOutput:
    dock_key: str
    sortie: int  # the dock's slot of the day, 0-based
    aircraft: int  # which of the dock's aircraft, 0-based
    takeoff_s: int
    landing_s: int
    distance_m: int
    stops: tuple[StopOutput, ...]
    path: tuple[Coordinate, ...]

    @property
    def flight_s(self) -> int:
        return self.landing_s - self.takeoff_s


@dataclass(frozen=True)
class UnservedOutput:
    task_key: str
    department: str
    reason: UnservedReason
    message: str


@dataclass(frozen=True)
class PlanOutput:
    flights: tuple[FlightOutput, ...]
    unserved: tuple[UnservedOutput, ...]
    warnings: tuple[str, ...]
    visits_served: int
    tasks_served: int
    solve_seconds: float
    usable_endurance_s: dict[str, int]

    @property
    def flight_time_s(self) -> int:
        return sum(flight.flight_s for flight in self.flights)

    @property
    def distance_m(self) -> int:
        return sum(flight.distance_m for flight in self.flights)

    @property
    def tasks_per_flight_hour(self) -> float:
        hours = self.flight_time_s / 3600
        return self.tasks_served / hours if hours else 0.0


KINDS = tuple(TargetKind.values)


def usable_endurance(dock: DockInput, settings: PlanSettings) -> int:
    """The flight time planned: rated endurance less the safety reserve."""
    return int(dock.endurance_s * (1.0 - settings.safety_reserve))
