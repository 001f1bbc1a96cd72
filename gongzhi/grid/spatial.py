"""Shapes and the point-in-polygon index (pure shapely; no database).

1. ``read_features`` turns GeoJSON (a FeatureCollection, Feature or bare geometry) or a
   Shapefile into (properties, polygon) pairs, converting GCJ-02 input to WGS-84 with
   ``gongzhi.core.geo`` when told the data is GCJ-02 (Chinese web-map exports are). Every
   problem is a ``ShapeError`` naming the feature, never a half-import.
2. ``PolygonIndex`` answers "which polygon contains this point" for many points at once through
   shapely's STRtree (a packed R-tree): a bulk query costs a few microseconds a point. Where
   polygons nest (a micro-grid inside its grid) the smallest containing one wins.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable, Sequence
from io import BytesIO
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry

from gongzhi.core.geo import geojson_gcj02_to_wgs84

DATUMS = ("wgs84", "gcj02")


class ShapeError(ValueError):
    """A shape file or feature that cannot be used; the message says which and why."""


def _check_polygon(geometry: dict[str, Any], where: str) -> BaseGeometry:
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        kind = geometry.get("type") if isinstance(geometry, dict) else type(geometry).__name__
        raise ShapeError(f"{where}: 需要面（Polygon/MultiPolygon），收到 {kind} / a polygon is required")
    try:
        polygon = shape(geometry)
    except (ValueError, TypeError, IndexError, AttributeError) as error:
        raise ShapeError(f"{where}: 坐标无法解析 / unreadable coordinates ({error})") from error
    if polygon.is_empty:
        raise ShapeError(f"{where}: 面积为零 / the polygon is empty")
    minx, miny, maxx, maxy = polygon.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise ShapeError(f"{where}: 坐标不是经纬度 / coordinates are not longitude/latitude")
    if not polygon.is_valid:
        repaired = shapely.make_valid(polygon)
        polygon = shapely.union_all([g for g in getattr(repaired, "geoms", [repaired]) if g.area > 0])
        if polygon.is_empty or not isinstance(polygon, Polygon | MultiPolygon):
            raise ShapeError(f"{where}: 面积为零或自相交无法修复 / empty, or self-intersecting beyond repair")
    if polygon.area <= 0:
        raise ShapeError(f"{where}: 面积为零 / the polygon is empty")
    return polygon


def read_geojson(
    data: bytes | str | dict[str, Any], *, datum: str = "wgs84"
) -> list[tuple[dict[str, Any], BaseGeometry]]:
    if datum not in DATUMS:
        raise ShapeError(f"未知坐标系 {datum} / unknown datum (wgs84 or gcj02)")
    if isinstance(data, bytes | str):
        try:
            data = json.loads(data)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise ShapeError(f"不是有效的 GeoJSON：{error} / not valid GeoJSON") from error
    if not isinstance(data, dict) or "type" not in data:
        raise ShapeError("不是 GeoJSON 对象 / not a GeoJSON object")
    if datum == "gcj02":
        data = geojson_gcj02_to_wgs84(data)
    if data["type"] == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list) or not features:
            raise ShapeError("FeatureCollection 没有要素 / the collection has no features")
    elif data["type"] == "Feature":
        features = [data]
    else:
        features = [{"type": "Feature", "properties": {}, "geometry": data}]
    result = []
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            raise ShapeError(f"第 {number} 个要素格式错误 / feature {number} is malformed")
        properties = feature.get("properties") or {}
        where = f"第 {number} 个要素 {properties.get('name', '')}".strip()
        result.append((properties, _check_polygon(feature.get("geometry") or {}, where)))
    return result


def read_shapefile(data: bytes | Path, *, datum: str = "wgs84") -> list[tuple[dict[str, Any], BaseGeometry]]:
    """A zipped Shapefile (.shp + .dbf [+ .shx]) or a .shp path; attributes become properties."""
    import shapefile  # pyshp, pure Python

    try:
        if isinstance(data, Path):
            reader = shapefile.Reader(str(data), encoding="utf-8")
        else:
            archive = zipfile.ZipFile(BytesIO(data))
            names = {Path(n).suffix.lower(): n for n in archive.namelist()}
            if ".shp" not in names or ".dbf" not in names:
                raise ShapeError("压缩包中缺少 .shp 或 .dbf / the zip needs a .shp and a .dbf")
            reader = shapefile.Reader(
                shp=BytesIO(archive.read(names[".shp"])),
                dbf=BytesIO(archive.read(names[".dbf"])),
                shx=BytesIO(archive.read(names[".shx"])) if ".shx" in names else None,
                encoding="utf-8",
            )
        features = [
            {
                "type": "Feature",
                "properties": record.record.as_dict(),
                "geometry": record.shape.__geo_interface__,
            }
            for record in reader.iterShapeRecords()
        ]
    except ShapeError:
        raise
    except (zipfile.BadZipFile, shapefile.ShapefileException, OSError, UnicodeDecodeError) as error:
        raise ShapeError(f"无法读取 Shapefile：{error} / unreadable Shapefile") from error
    return read_geojson({"type": "FeatureCollection", "features": features}, datum=datum)


def to_geojson(geometry: BaseGeometry) -> dict[str, Any]:
    data = mapping(shapely.set_precision(geometry, 1e-7))
    return json.loads(json.dumps(data))  # tuples → lists


class PolygonIndex:
    """Which of ``polygons`` contains each point (smallest first where they nest)."""

    def __init__(self, keys: Sequence[int], polygons: Sequence[BaseGeometry]) -> None:
        self.keys = np.asarray(keys, dtype=np.int64)
        self.polygons = list(polygons)
        self.areas = np.array([p.area for p in self.polygons], dtype=float)
        self.tree = shapely.STRtree(self.polygons)

    def __len__(self) -> int:
        return len(self.polygons)

    def locate_many(self, lngs: Iterable[float], lats: Iterable[float]) -> np.ndarray:
        """The key of the containing polygon for each point, or -1 (vectorised)."""
        points = shapely.points(np.asarray(list(lngs), dtype=float), np.asarray(list(lats), dtype=float))
        result = np.full(len(points), -1, dtype=np.int64)
        if not len(self.polygons) or not len(points):
            return result
        point_idx, poly_idx = self.tree.query(points, predicate="intersects")
        if len(point_idx):
            # Smallest polygon wins: sort by (point, area) and keep the first per point.
            order = np.lexsort((self.areas[poly_idx], point_idx))
            point_idx, poly_idx = point_idx[order], poly_idx[order]
            first = np.ones(len(point_idx), dtype=bool)
            first[1:] = point_idx[1:] != point_idx[:-1]
            result[point_idx[first]] = self.keys[poly_idx[first]]
        return result

    def locate(self, lng: float, lat: float) -> int | None:
        key = int(self.locate_many([lng], [lat])[0])
        return None if key < 0 else key
