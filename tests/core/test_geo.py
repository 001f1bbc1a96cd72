"""GCJ-02 ↔ WGS-84 (gongzhi.core.geo)."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from gongzhi.core import geo

# A published pair: Tiananmen flagpole, WGS-84 (GPS) and its GCJ-02 position on Chinese maps.
TIANANMEN_WGS = (116.391275, 39.906217)


def test_forward_shift_is_a_few_hundred_metres_north_east_in_zhejiang():
    lng, lat = geo.wgs84_to_gcj02(120.47, 30.08)
    assert 0.004 < lng - 120.47 < 0.006
    assert -0.003 < lat - 30.08 < -0.001


def test_inverse_recovers_the_wgs84_point_to_a_millimetre():
    gcj = geo.wgs84_to_gcj02(*TIANANMEN_WGS)
    back = geo.gcj02_to_wgs84(*gcj)
    assert abs(back[0] - TIANANMEN_WGS[0]) < 1e-8
    assert abs(back[1] - TIANANMEN_WGS[1]) < 1e-8


@given(st.floats(min_value=73.7, max_value=134.7), st.floats(min_value=18.2, max_value=53.5))
def test_round_trip_anywhere_in_china(lng, lat):
    back = geo.gcj02_to_wgs84(*geo.wgs84_to_gcj02(lng, lat))
    assert abs(back[0] - lng) < 1e-7 and abs(back[1] - lat) < 1e-7


def test_points_outside_china_are_not_shifted():
    assert geo.wgs84_to_gcj02(2.35, 48.85) == (2.35, 48.85)
    assert geo.gcj02_to_wgs84(2.35, 48.85) == (2.35, 48.85)


def test_geojson_conversion_keeps_structure_and_moves_every_position():
    shape = {
        "type": "Feature",
        "properties": {"name": "x"},
        "geometry": {
            "type": "MultiPolygon",
            "coordinates": [[[[120.5, 30.0], [120.6, 30.1], [120.5, 30.0]]]],
        },
    }
    converted = geo.geojson_gcj02_to_wgs84(shape)
    ring = converted["geometry"]["coordinates"][0][0]
    assert converted["properties"] == {"name": "x"}
    assert len(ring) == 3
    assert ring[0][0] < 120.5 and ring[0][1] > 30.0


def test_the_shipped_keqiao_outline_is_the_converted_public_outline():
    shipped = Path(__file__).resolve().parents[2] / "gongzhi/web/static/web/data/keqiao_330603_wgs84.geojson"
    data = json.loads(shipped.read_text())
    feature = data["features"][0]
    assert feature["properties"]["datum"] == "WGS-84"
    lng, lat = feature["properties"]["center"]
    assert geo.wgs84_to_gcj02(lng, lat) == pytest_approx((120.476075, 30.078038))


def pytest_approx(expected):
    import pytest

    return pytest.approx(expected, abs=1e-5)
