"""Importing the NBS divisions (统计用区划代码): the real 柯桥区 and a synthetic county."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from gongzhi.core.errors import ValidationFailed
from gongzhi.core.models import AuditEvent
from gongzhi.org import services as org_services
from gongzhi.org.enums import RegionLevel
from gongzhi.org.models import Region
from gongzhi.org.services import DEFAULT_TOWNS_CSV, DEFAULT_VILLAGES_CSV, village_short_name
from tests.org.keqiao import DISTRICT, GUANSHU, KEQIAO_STREET

VILLAGE_HEADER = (
    "data_year,city_code,city_name,county_code,county_name,town_code,town_name,village_code,village_name,"
    "urban_rural_code,urban_rural_type\n"
)
COUNTY_PREFIX = "2022,990100000000,试验市,990101000000,试验区,990101001000,试验街道"
TOWN_HEADER = (
    "town_code_12,town_code_9,town_name,kind,n_villages_communities_2022,n_urban_coded(1xx)_2022,"
    "n_rural_coded(2xx)_2022,name_in_modood_2023\n"
)


def _write_county(directory: Path, *, village_name: str = "东村村委会") -> tuple[Path, Path]:
    """A two-village county with codes no real division uses (99xxxx)."""
    towns = directory / "towns.csv"
    towns.write_text(TOWN_HEADER + "990101001000,990101001,试验街道,街道,2,1,1,试验街道\n", encoding="utf-8")
    villages = directory / "villages.csv"
    villages.write_text(
        VILLAGE_HEADER
        + f"{COUNTY_PREFIX},990101001001,{village_name},220,村庄\n"
        + f"{COUNTY_PREFIX},990101001002,西苑社区居委会,111,主城区\n",
        encoding="utf-8",
    )
    return towns, villages


def test_import_gives_the_district_16_towns_and_341_villages(db: None) -> None:
    # when
    counts = org_services.divisions_import(towns_csv=DEFAULT_TOWNS_CSV, villages_csv=DEFAULT_VILLAGES_CSV)
    # then
    assert (counts["district"], counts["town"], counts["village"]) == (1, 16, 341)
    keqiao = Region.objects.filter(path__startswith=DISTRICT)
    assert keqiao.count() == 358
    assert keqiao.filter(level=RegionLevel.TOWN).count() == 16
    assert keqiao.filter(level=RegionLevel.VILLAGE).count() == 341
    district = Region.objects.get(code=DISTRICT)
    assert (district.name, district.level, district.parent_id, district.path) == (
        "柯桥区",
        RegionLevel.DISTRICT,
        None,
        DISTRICT,
    )
    village = Region.objects.select_related("parent__parent").get(code=GUANSHU)
    assert village.path == f"{DISTRICT}/{KEQIAO_STREET}/{GUANSHU}"
    assert village.parent is not None and village.parent.code == KEQIAO_STREET
    assert village.parent.parent is not None and village.parent.parent.code == DISTRICT
    assert (village.name, village.short_name, village.urban_rural_code) == (
        "管墅社区居委会",
        "管墅社区",
        "111",
    )


def test_every_path_is_the_parents_path_plus_the_code(db: None) -> None:
    # given
    org_services.divisions_import()
    # when
    regions = list(Region.objects.filter(path__startswith=DISTRICT).select_related("parent"))
    # then
    for region in regions:
        if region.level == RegionLevel.DISTRICT:
            assert region.path == region.code
        else:
            assert region.parent is not None
            assert region.path == f"{region.parent.path}/{region.code}"
            assert region.code.startswith(region.parent.code.rstrip("0")[:6])


def test_rerun_does_not_duplicate_and_updates_a_changed_name(db: None, tmp_path: Path) -> None:
    # given the divisions loaded, and a villages file in which one community was renamed
    org_services.divisions_import()
    before = Region.objects.count()
    renamed = tmp_path / "villages.csv"
    renamed.write_text(
        DEFAULT_VILLAGES_CSV.read_text(encoding="utf-8").replace("管墅社区居委会", "新管墅社区居委会"),
        encoding="utf-8",
    )
    # when
    counts = org_services.divisions_import(towns_csv=DEFAULT_TOWNS_CSV, villages_csv=renamed)
    # then
    assert (counts["created"], counts["updated"], counts["unchanged"]) == (0, 1, 357)
    assert Region.objects.count() == before
    village = Region.objects.get(code=GUANSHU)
    assert (village.name, village.short_name) == ("新管墅社区居委会", "新管墅社区")
    event = AuditEvent.objects.filter(subject_type="region", subject_id=village.pk).last()
    assert event is not None and event.action == "region.update"
    assert event.before["name"] == "管墅社区居委会" and event.after["name"] == "新管墅社区居委会"


def test_fresh_county_is_created_with_one_event_per_region_and_rerun_writes_nothing(
    db: None, tmp_path: Path
) -> None:
    # given
    towns, villages = _write_county(tmp_path)
    # when
    first = org_services.divisions_import(towns_csv=towns, villages_csv=villages)
    events_after_first = AuditEvent.objects.filter(action="region.create").count()
    second = org_services.divisions_import(towns_csv=towns, villages_csv=villages)
    # then
    assert first["created"] == 4 and first["updated"] == 0
    assert Region.objects.filter(path__startswith="990101000000").count() == 4
    assert Region.objects.get(code="990101000000").name == "试验区"
    assert Region.objects.get(code="990101001001").short_name == "东村"
    assert events_after_first >= 4
    assert (second["created"], second["updated"], second["unchanged"]) == (0, 0, 4)
    assert AuditEvent.objects.filter(action="region.create").count() == events_after_first


def test_a_bad_code_is_refused_and_nothing_is_written(db: None, tmp_path: Path) -> None:
    # given
    towns, villages = _write_county(tmp_path)
    villages.write_text(
        villages.read_text(encoding="utf-8") + "2022,990100000000,试验市,990101000000,试验区,990101001000,"
        "试验街道,99010100100,短码村委会,220,村庄\n",
        encoding="utf-8",
    )
    # when / then
    with pytest.raises(ValidationFailed) as excinfo:
        org_services.divisions_import(towns_csv=towns, villages_csv=villages)
    assert excinfo.value.code == "bad_division_code"
    assert not Region.objects.filter(path__startswith="990101000000").exists()


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("管墅社区居委会", "管墅社区"),
        ("新未庄村村委会", "新未庄村"),
        ("河塔村委会", "河塔村"),
        ("余渚居委会", "余渚"),
        ("滨海居民社区", "滨海居民社区"),
    ],
)
def test_village_short_name_drops_the_committee_suffix(name: str, short: str) -> None:
    assert village_short_name(name) == short


def test_command_reads_both_files_from_a_directory(db: None, tmp_path: Path) -> None:
    # given
    _write_county(tmp_path)
    out = StringIO()
    # when
    call_command("import_divisions", str(tmp_path), stdout=out, stderr=StringIO())
    # then
    assert "1 district, 1 towns, 2 villages" in out.getvalue()
    assert Region.objects.filter(path__startswith="990101000000").count() == 4


def test_command_takes_the_villages_file_alone(db: None, tmp_path: Path) -> None:
    # given: only the villages file, which names its towns and county
    _, villages = _write_county(tmp_path)
    out = StringIO()
    # when
    call_command("import_divisions", str(villages), stdout=out, stderr=StringIO())
    # then
    town = Region.objects.get(code="990101001000")
    assert (town.name, town.level, town.path) == ("试验街道", RegionLevel.TOWN, "990101000000/990101001000")
    assert "2 villages" in out.getvalue()


def test_shipped_villages_file_has_341_rows() -> None:
    with DEFAULT_VILLAGES_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 341
    assert {row["county_code"] for row in rows} == {DISTRICT}
