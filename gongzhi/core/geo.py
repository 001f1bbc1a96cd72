"""Coordinates between GCJ-02 (the "Mars" datum of Chinese web maps) and WGS-84 (GPS, Leaflet).

GCJ-02 is WGS-84 shifted by a published, deterministic obfuscation (国测局 2002). Map data from
Chinese providers — the Keqiao outline under ../shared/data/keqiao — is GCJ-02; everything this
platform stores and draws (case points, Leaflet layers) is WGS-84.

1. ``wgs84_to_gcj02`` applies the shift (Krasovsky 1940 ellipsoid, the standard polynomial).
2. ``gcj02_to_wgs84`` inverts it by fixed-point iteration: start from the GCJ-02 point, shift the
   guess forward, correct by the error, repeat until the error is below 1e-9 degrees (~0.1 mm).
   The one-step "subtract the shift" shortcut is off by up to ~1 m; the iteration is not.
3. Points outside mainland China are not shifted (the datum does not apply there).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

_A = 6378245.0  # Krasovsky 1940 semi-major axis (m)
_EE = 0.00669342162296594323  # its first eccentricity squared
_TOLERANCE = 1e-9
_MAX_ITERATIONS = 30


def out_of_china(lng: float, lat: float) -> bool:
    """The rough bounding box in which GCJ-02 is applied."""
    return not (72.004 <= lng <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _transform_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lng(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lng: float, lat: float) -> tuple[float, float]:
    """(lng, lat) in WGS-84 → (lng, lat) in GCJ-02."""
    if out_of_china(lng, lat):
        return lng, lat
    d_lat = _transform_lat(lng - 105.0, lat - 35.0)
    d_lng = _transform_lng(lng - 105.0, lat - 35.0)
    rad_lat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lng = (d_lng * 180.0) / (_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return lng + d_lng, lat + d_lat


def gcj02_to_wgs84(lng: float, lat: float) -> tuple[float, float]:
    """(lng, lat) in GCJ-02 → (lng, lat) in WGS-84, exact to ~1e-9 degrees (see the module note)."""
    if out_of_china(lng, lat):
        return lng, lat
    guess_lng, guess_lat = lng, lat
    for _ in range(_MAX_ITERATIONS):
        shifted_lng, shifted_lat = wgs84_to_gcj02(guess_lng, guess_lat)
        error_lng, error_lat = shifted_lng - lng, shifted_lat - lat
        if abs(error_lng) < _TOLERANCE and abs(error_lat) < _TOLERANCE:
            break
        guess_lng -= error_lng
        guess_lat -= error_lat
    return guess_lng, guess_lat


def _map_positions(coordinates: Any, convert: Callable[[float, float], tuple[float, float]]) -> Any:
    if coordinates and isinstance(coordinates[0], int | float):
        lng, lat = convert(float(coordinates[0]), float(coordinates[1]))
        return [round(lng, 6), round(lat, 6), *coordinates[2:]]
    return [_map_positions(item, convert) for item in coordinates]


def geojson_gcj02_to_wgs84(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of a GeoJSON object (FeatureCollection, Feature or geometry) with every position converted."""
    kind = data.get("type")
    if kind == "FeatureCollection":
        return {**data, "features": [geojson_gcj02_to_wgs84(f) for f in data.get("features", [])]}
    if kind == "Feature":
        geometry = data.get("geometry")
        return {**data, "geometry": geojson_gcj02_to_wgs84(geometry) if geometry else None}
    if kind == "GeometryCollection":
        return {**data, "geometries": [geojson_gcj02_to_wgs84(g) for g in data.get("geometries", [])]}
    return {**data, "coordinates": _map_positions(data.get("coordinates", []), gcj02_to_wgs84)}
