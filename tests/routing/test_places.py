"""属地 resolution on the real names of 柯桥区's towns and villages."""

from __future__ import annotations

import pytest

from gongzhi.routing.places import place_resolve, region_at_point

pytestmark = pytest.mark.django_db

PINGSHUI, WANGHUA = "330603105000", "330603105210"
HUTANG = "330603004000"
XINGTANG_VILLAGE, XINGTANG_COMMITTEE = "330603004242", "330603004002"


def test_town_and_village_in_full() -> None:
    found = place_resolve("平水镇王化村委会门口的路灯坏了")

    assert (found.town_code, found.village_code) == (PINGSHUI, WANGHUA)
    assert not found.is_ambiguous and found.region_code == WANGHUA


def test_short_village_name_gives_its_town() -> None:
    found = place_resolve("王化村村口垃圾堆了三天")

    assert found.village_code == WANGHUA and found.town_code == PINGSHUI


def test_short_town_name() -> None:
    found = place_resolve("平水那边的山塘要加固")

    assert found.town_code == PINGSHUI and found.village_code is None


def test_bare_stem_counts_only_next_to_its_town() -> None:
    assert place_resolve("王化这边修路").village_code is None
    assert place_resolve("平水王化这边修路").village_code == WANGHUA


def test_common_word_that_is_a_village_stem_resolves_nothing() -> None:
    found = place_resolve("办事要光明正大")

    assert found.village_code is None and found.town_code is None and not found.candidates


def test_a_name_two_places_share_is_reported_as_ambiguous() -> None:
    found = place_resolve("湖塘型塘那边的河道发臭")

    assert found.is_ambiguous
    assert found.village_code is None and found.town_code == HUTANG
    assert {c.code for c in found.candidates if c.level == "village"} == {
        XINGTANG_VILLAGE,
        XINGTANG_COMMITTEE,
    }
    assert "请选择" in found.notice


def test_the_full_name_removes_the_ambiguity() -> None:
    assert place_resolve("型塘村委会旁边的河道").village_code == XINGTANG_VILLAGE
    assert place_resolve("型塘社区的路灯").village_code == XINGTANG_COMMITTEE


def test_two_towns_without_a_village_are_ambiguous() -> None:
    found = place_resolve("从平水到王坛的公交班次太少")

    assert found.is_ambiguous and found.town_code is None
    assert {c.name for c in found.candidates} == {"平水镇", "王坛镇"}


def test_homophone_village_is_matched_by_pinyin() -> None:
    found = place_resolve("平水镇王华村有人乱倒垃圾")

    assert found.village_code == WANGHUA
    assert any(c.strength == "pinyin" for c in found.candidates)


def test_the_district_name_is_not_a_town() -> None:
    found = place_resolve("柯桥区的公交车太少")

    assert found.town_code is None


def test_no_point_lookup_until_grids_have_geometry() -> None:
    assert region_at_point(latitude=30.0, longitude=120.5) is None
