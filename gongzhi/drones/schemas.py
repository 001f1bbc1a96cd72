"""REST shapes for drones (django-ninja). Coordinates are WGS-84 (lng, lat)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

from gongzhi.api.schemas import Code, Str60, Str100, Str200, Text200, Text2000

Lng = Annotated[float, Field(ge=-180, le=180)]
Lat = Annotated[float, Field(ge=-90, le=90)]


class AircraftOut(Schema):
    code: str
    model: str
    endurance_s: int
    cruise_speed_mps: float


class DockOut(Schema):
    id: int
    code: str
    name: str
    lng: float
    lat: float
    radius_m: int
    status: str
    status_label: str
    status_note: str
    wind_mps: float
    max_wind_mps: float
    is_raining: bool
    can_fly_today: bool
    why_not: str
    aircraft: list[AircraftOut]


class WeatherIn(Schema):
    wind_mps: Annotated[float, Field(ge=0, le=80)]
    is_raining: bool = False


class ZoneImportIn(Schema):
    geojson: dict[str, Any]
    datum: Literal["wgs84", "gcj02"] = "wgs84"


class RequestIn(Schema):
    department: Code
    title: Text200
    task_type: Str60
    target_kind: Literal["point", "line", "area"]
    geometry: dict[str, Any]
    start_date: date
    end_date: date | None = None
    frequency: Literal["daily", "weekdays", "weekly", "once"] = "daily"
    weekday: Annotated[int, Field(ge=0, le=6)] | None = None
    window_start: time | None = None
    window_end: time | None = None
    dwell_s: Annotated[int, Field(ge=0, le=1800)] = 60
    site_key: Str60 = ""
    category: Code | None = None


class RequestOut(Schema):
    id: int
    department: str
    title: str
    task_type: str
    target_kind: str
    geometry: dict[str, Any]
    frequency: str
    status: str
    window_start: time | None
    window_end: time | None
    dwell_s: int
    site_key: str


class PlanIn(Schema):
    day: date | None = None
    seconds: Annotated[float, Field(gt=0, le=120)] | None = None


class StopOut(Schema):
    order: int
    lng: float
    lat: float
    arrive_at: datetime
    depart_at: datetime
    requests: list[int]
    departments: list[str]


class FlightOut(Schema):
    id: int
    dock: str
    sortie: int
    status: str
    purpose: str
    planned_takeoff: datetime
    planned_landing: datetime
    flight_minutes: float
    distance_m: int
    path: list[list[float]]
    stops: list[StopOut]


class UnservedOut(Schema):
    request: int
    title: str
    department: str
    reason: str
    reason_label: str
    message: str


class PlanOut(Schema):
    id: int
    day: date
    flight_count: int
    flight_time_s: int
    distance_m: int
    visits: int
    tasks_served: int
    tasks_unserved: int
    tasks_per_flight_hour: float
    solve_seconds: float
    baseline: dict[str, Any]
    warnings: list[str]
    flights: list[FlightOut]
    unserved: list[UnservedOut]


class OptionOut(Schema):
    dock_id: int
    dock: str
    can_fly: bool
    why_not: str
    distance_m: float | None
    eta_s: float | None
    battery_margin: float
    weather: str


class EmergencyIn(Schema):
    dock_id: int
    lng: Lng
    lat: Lat
    subject: Text200
    description: Text2000


class EmergencyOut(Schema):
    flight_id: int
    case_id: int
    tracking_code: str


class PhotoIn(Schema):
    range: Literal["far", "middle", "near"]
    content_base64: str
    taken_at: datetime | None = None
    metadata: dict[str, Any] = {}


class DetectionIn(Schema):
    source: Literal["dock_api", "pilot_upload"] = "dock_api"
    external_id: Str100 = ""
    task_type: Str60
    confidence: Annotated[float, Field(ge=0, le=1)]
    lng: Lng
    lat: Lat
    detected_at: datetime
    dock: Code | None = None
    flight_id: int | None = None
    photos: list[PhotoIn] = []


class DetectionOut(Schema):
    id: int
    site_id: int
    status: str
    grouped_into_case: int | None


class SiteOut(Schema):
    id: int
    task_type: str
    task_label: str
    lng: float
    lat: float
    grid: str | None
    status: str
    detection_count: int
    first_seen: datetime
    last_seen: datetime
    case_id: int | None


class VerifyIn(Schema):
    confirmed: bool
    note: Str200 = ""


class TrackIn(Schema):
    points: list[list[float]]
