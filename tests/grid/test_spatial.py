"""Shapes and the point-in-polygon index, without the database."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
import shapefile
from shapely.geometry import Polygon, box

from gongzhi.core.geo import gcj02_to_wgs84, wgs84_to_gcj02
from gongzhi.grid.spatial import PolygonIndex, ShapeError, read_geojson, read_shapefile


def test_the_smallest_containing_polygon_wins_and_outside_points_get_minus_one() -> None:
    index = PolygonIndex([1, 2, 3], [box(0, 0, 10, 10), box(2, 2, 4, 4), box(20, 20, 30, 30)])
    found = index.locate_many([3, 8, 25, 50], [3, 8, 25, 50])
    assert found.tolist() == [2, 1, 3, -1]
    assert index.locate(100, 100) is None


def test_gcj02_input_is_stored_as_wgs84_and_converts_back() -> None:
    wgs = [(120.46, 30.04), (120.48, 30.04), (120.48, 30.06), (120.46, 30.06), (120.46, 30.04)]
    gcj = [wgs84_to_gcj02(*p) for p in wgs]
    ((_, polygon),) = read_geojson({"type": "Polygon", "coordinates": [gcj]}, datum="gcj02")
    for (lng, lat), (x, y) in zip(wgs, polygon.exterior.coords, strict=False):
        assert x == pytest.approx(lng, abs=1e-6) and y == pytest.approx(lat, abs=1e-6)
    # the shift is real (hundreds of metres), and the round trip is exact to ~1e-9 degrees
    assert abs(gcj[0][0] - wgs[0][0]) > 1e-3
    back = gcj02_to_wgs84(*wgs84_to_gcj02(120.47, 30.05))
    assert back == pytest.approx((120.47, 30.05), abs=1e-8)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{not json", "GeoJSON"),
        ({"type": "FeatureCollection", "features": []}, "没有要素"),
        ({"type": "Point", "coordinates": [120.4, 30.0]}, "Polygon"),
        ({"type": "Polygon", "coordinates": [[[500, 0], [501, 0], [501, 1], [500, 0]]]}, "经纬度"),
        ({"type": "Polygon", "coordinates": [[[1, 1], [1, 1], [1, 1], [1, 1]]]}, "面积为零"),
    ],
)
def test_malformed_geojson_gets_a_clear_message(data: object, message: str) -> None:
    with pytest.raises(ShapeError, match=message):
        read_geojson(data)  # type: ignore[arg-type]


def test_a_self_intersecting_polygon_is_repaired() -> None:
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]]}
    ((_, polygon),) = read_geojson(bowtie)
    assert polygon.is_valid and polygon.area == pytest.approx(2.0)


def test_a_zipped_shapefile_is_read_with_its_attributes() -> None:
    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    with shapefile.Writer(shp=shp, shx=shx, dbf=dbf, shapeType=shapefile.POLYGON, encoding="utf-8") as writer:
        writer.field("code", "C", size=20)
        writer.field("name", "C", size=40)
        writer.poly([[[120.46, 30.04], [120.46, 30.06], [120.48, 30.06], [120.48, 30.04], [120.46, 30.04]]])
        writer.record("G1", "第一网格")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("grids.shp", shp.getvalue())
        zipped.writestr("grids.shx", shx.getvalue())
        zipped.writestr("grids.dbf", dbf.getvalue())
    ((props, polygon),) = read_shapefile(archive.getvalue())
    assert props == {"code": "G1", "name": "第一网格"}
    assert polygon.equals(Polygon([(120.46, 30.04), (120.48, 30.04), (120.48, 30.06), (120.46, 30.06)]))
    with pytest.raises(ShapeError, match="Shapefile"):
        read_shapefile(b"not a zip")
    assert json.loads(json.dumps(props))  # attributes are plain JSON
