"""Every write for drones is one of these services (STYLE: services for writes)."""

from gongzhi.drones.services.detections import detection_ingest, detection_photo_add, site_verify
from gongzhi.drones.services.fleet import (
    aircraft_add,
    dock_create,
    dock_status_set,
    dock_weather_update,
    pilot_register,
    pilot_shift_assign,
    zone_create,
    zones_import,
)
from gongzhi.drones.services.flights import emergency_dispatch, flight_land, flight_takeoff, flight_track_add
from gongzhi.drones.services.planning import flight_plan_create, plan_input_for_day
from gongzhi.drones.services.requests import inspection_request_create, inspection_request_set_status

__all__ = [
    "aircraft_add",
    "detection_ingest",
    "detection_photo_add",
    "dock_create",
    "dock_status_set",
    "dock_weather_update",
    "emergency_dispatch",
    "flight_land",
    "flight_plan_create",
    "flight_takeoff",
    "flight_track_add",
    "inspection_request_create",
    "inspection_request_set_status",
    "pilot_register",
    "pilot_shift_assign",
    "plan_input_for_day",
    "site_verify",
    "zone_create",
    "zones_import",
]
