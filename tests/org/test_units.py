"""The default units, the organisation selectors, staff and memberships."""

from __future__ import annotations

import pytest

from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.core.models import AuditEvent
from gongzhi.org import selectors as org_selectors
from gongzhi.org import services as org_services
from gongzhi.org.enums import RegionLevel, Role, UnitKind
from gongzhi.org.models import Membership, Region, Unit, User
from tests.org.keqiao import DISTRICT, GUANSHU, KEQIAO_STREET, PINGSHUI, WANGHUA, region, unit


def test_defaults_load_idempotently(keqiao: Region) -> None:
    # given
    before = Unit.objects.count()
    # when
    counts = org_services.units_load_defaults()
    # then
    assert counts["created"] == 0 and counts["updated"] == 0
    assert Unit.objects.count() == before
    assert counts[UnitKind.CENTRE] == 1 + 16 + 341
    assert counts[UnitKind.FUNCTION_BOARD] == 5
    assert counts[UnitKind.DEPARTMENT] == 22
    assert counts[UnitKind.MEDIATION_COMMITTEE] == 15 + 16 + 341
    assert counts[UnitKind.STATION] == 16 * 12
    assert counts["unchanged"] == before


def test_a_missing_default_unit_is_recreated_with_its_code_and_an_event(keqiao: Region) -> None:
    # given the 柯桥街道 police station gone
    Unit.objects.filter(code=f"{KEQIAO_STREET}-police").delete()
    # when
    counts = org_services.units_load_defaults()
    # then
    assert counts["created"] == 1
    station = unit(f"{KEQIAO_STREET}-police")
    assert (station.kind, station.function, station.level) == (UnitKind.STATION, "police", RegionLevel.TOWN)
    assert station.parent is not None and station.parent.code == f"{KEQIAO_STREET}-centre"
    assert station.name == "柯桥派出所"
    assert AuditEvent.objects.filter(
        subject_type="unit", subject_id=station.pk, action="unit.create"
    ).exists()


def test_an_administrators_rename_survives_a_reload_unless_overwrite(keqiao: Region) -> None:
    # given
    Unit.objects.filter(code=f"{DISTRICT}-dept-police").update(name="柯桥区公安分局（改名）")
    # when
    org_services.units_load_defaults()
    kept = unit(f"{DISTRICT}-dept-police").name
    counts = org_services.units_load_defaults(overwrite=True)
    # then
    assert kept == "柯桥区公安分局（改名）"
    assert counts["updated"] == 1
    assert unit(f"{DISTRICT}-dept-police").name == "柯桥区公安分局"


def test_district_centre_has_its_five_function_boards(keqiao: Region) -> None:
    centre = unit(f"{DISTRICT}-centre")
    boards = Unit.objects.filter(parent=centre, kind=UnitKind.FUNCTION_BOARD).values_list("name", flat=True)
    assert centre.name == "柯桥区社会治理中心"
    assert set(boards) == {"指挥调度", "综合受理", "信访接待", "调解服务", "社会工作服务"}


def test_each_town_has_a_centre_and_a_police_station(keqiao: Region) -> None:
    towns = list(Region.objects.filter(level=RegionLevel.TOWN, path__startswith=DISTRICT))
    assert len(towns) == 16
    for town in towns:
        centre = org_selectors.centre_for_region(region=town)
        police = org_selectors.unit_by_function(region=town, function="police", level=RegionLevel.TOWN)
        assert centre is not None and centre.kind == UnitKind.CENTRE and centre.level == RegionLevel.TOWN
        assert police is not None and police.kind == UnitKind.STATION and police.region_id == town.pk


def test_each_village_has_a_centre_and_a_mediation_committee(keqiao: Region) -> None:
    village = region(WANGHUA)
    centre = org_selectors.centre_for_region(region=village)
    committee = org_selectors.unit_by_function(region=village, function="people_mediation", level="village")
    assert centre is not None and centre.code == f"{WANGHUA}-centre" and centre.name.startswith("王化村")
    assert committee is not None and committee.kind == UnitKind.MEDIATION_COMMITTEE
    assert committee.code == f"{WANGHUA}-mediation"


def test_centre_at_level_walks_up_from_a_village(keqiao: Region) -> None:
    village = region(GUANSHU)
    assert org_selectors.centre_at_level(region=village, level="village") == unit(f"{GUANSHU}-centre")
    assert org_selectors.centre_at_level(region=village, level="town") == unit(f"{KEQIAO_STREET}-centre")
    assert org_selectors.centre_at_level(region=village, level="district") == unit(f"{DISTRICT}-centre")


def test_a_town_has_no_village_centre(keqiao: Region) -> None:
    town = region(PINGSHUI)
    assert org_selectors.centre_at_level(region=town, level="village") is None
    assert org_selectors.centre_at_level(region=town, level="town") == unit(f"{PINGSHUI}-centre")


def test_an_inactive_centre_is_not_found(keqiao: Region) -> None:
    Unit.objects.filter(code=f"{WANGHUA}-centre").update(is_active=False)
    assert org_selectors.centre_for_region(region=region(WANGHUA)) is None
    assert org_selectors.centre_at_level(region=region(WANGHUA), level="village") is None


def test_unit_by_function_finds_the_towns_station_and_the_district_department(keqiao: Region) -> None:
    village = region(WANGHUA)
    assert org_selectors.unit_by_function(region=village, function="police", level="town") == unit(
        f"{PINGSHUI}-police"
    )
    assert org_selectors.unit_by_function(region=village, function="natural_resources", level="town") == unit(
        f"{PINGSHUI}-natural-resources"
    )
    assert org_selectors.unit_by_function(region=village, function="police", level="district") == unit(
        f"{DISTRICT}-dept-police"
    )
    assert org_selectors.unit_by_function(region=village, function="no_such", level="town") is None
    # a town has no village-level units
    assert (
        org_selectors.unit_by_function(region=region(PINGSHUI), function="people_mediation", level="village")
        is None
    )


def test_unit_parent_centre_is_the_centre_one_level_up(keqiao: Region) -> None:
    assert org_selectors.unit_parent_centre(unit=unit(f"{WANGHUA}-centre")) == unit(f"{PINGSHUI}-centre")
    assert org_selectors.unit_parent_centre(unit=unit(f"{WANGHUA}-mediation")) == unit(f"{PINGSHUI}-centre")
    assert org_selectors.unit_parent_centre(unit=unit(f"{PINGSHUI}-centre")) == unit(f"{DISTRICT}-centre")
    assert org_selectors.unit_parent_centre(unit=unit(f"{PINGSHUI}-police")) == unit(f"{DISTRICT}-centre")
    assert org_selectors.unit_parent_centre(unit=unit(f"{DISTRICT}-dept-police")) is None


def test_region_town_and_village(keqiao: Region) -> None:
    # given a grid inside 王化村
    village = region(WANGHUA)
    grid = Region.objects.create(
        code=f"{WANGHUA}-G01",
        name="王化村第一网格",
        level=RegionLevel.GRID,
        parent=village,
        path=f"{village.path}/{WANGHUA}-G01",
    )
    town = region(PINGSHUI)
    # then
    assert org_selectors.region_town_and_village(village) == (town, village)
    assert org_selectors.region_town_and_village(grid) == (town, village)
    assert org_selectors.region_town_and_village(town) == (town, None)
    assert org_selectors.region_town_and_village(keqiao) == (None, None)
    assert org_selectors.centre_at_level(region=grid, level="village") == unit(f"{WANGHUA}-centre")


def test_region_get_raises_not_found(keqiao: Region) -> None:
    with pytest.raises(NotFound):
        org_selectors.region_get(code="000000000000")
    with pytest.raises(Region.DoesNotExist):
        org_selectors.region_get(code="000000000000")


def test_membership_grant_is_idempotent_and_revoke_withdraws_the_role(keqiao: Region) -> None:
    # given
    centre = unit(f"{PINGSHUI}-centre")
    leader = org_services.staff_create(
        username="ps_leader", display_name="平水领导", password="Ping-shui-2026!"
    )
    # when
    first = org_services.membership_grant(user=leader, unit=centre, role=Role.CENTRE_LEADER)
    again = org_services.membership_grant(user=leader, unit=centre, role=Role.CENTRE_LEADER)
    # then
    assert first.pk == again.pk
    assert Membership.objects.filter(user=leader).count() == 1
    assert AuditEvent.objects.filter(subject_type="membership", subject_id=first.pk).count() == 1
    assert list(org_selectors.users_with_role(unit=centre, role=Role.CENTRE_LEADER)) == [leader]
    memberships = org_selectors.memberships_for_user(user=leader)
    assert [(m.unit.code, m.role) for m in memberships] == [(centre.code, Role.CENTRE_LEADER)]
    # when revoked (twice)
    org_services.membership_revoke(user=leader, unit=centre, role=Role.CENTRE_LEADER, reason="调岗")
    org_services.membership_revoke(user=leader, unit=centre, role=Role.CENTRE_LEADER)
    # then
    assert list(org_selectors.users_with_role(unit=centre, role=Role.CENTRE_LEADER)) == []
    assert org_selectors.memberships_for_user(user=leader) == []
    assert AuditEvent.objects.filter(subject_type="membership", action="membership.revoke").count() == 1


def test_revoking_a_role_never_held_is_not_found(keqiao: Region) -> None:
    user = org_services.staff_create(username="nobody", display_name="无岗位", password="No-body-2026!x")
    with pytest.raises(NotFound):
        org_services.membership_revoke(user=user, unit=unit(f"{PINGSHUI}-centre"), role=Role.HANDLER)


def test_staff_create_refuses_a_taken_username_and_a_weak_password(keqiao: Region) -> None:
    # given
    org_services.staff_create(username="zhang", display_name="张三", password="Zhang-San-2026!")
    # when / then
    with pytest.raises(ValidationFailed) as taken:
        org_services.staff_create(username="ZHANG", display_name="张三2", password="Zhang-San-2026!")
    with pytest.raises(ValidationFailed) as weak:
        org_services.staff_create(username="li", display_name="李四", password="123")
    assert taken.value.code == "username_taken"
    assert weak.value.code == "weak_password"
    assert list(User.objects.filter(username__in=["ZHANG", "li"])) == []
    created = User.objects.get(username="zhang")
    assert created.check_password("Zhang-San-2026!") and not created.is_staff
    assert AuditEvent.objects.filter(
        subject_type="user", subject_id=created.pk, action="user.create"
    ).exists()


def test_membership_grant_refuses_an_unknown_role(keqiao: Region) -> None:
    user = org_services.staff_create(username="wang", display_name="王五", password="Wang-Wu-2026!x")
    with pytest.raises(ValidationFailed):
        org_services.membership_grant(user=user, unit=unit(f"{PINGSHUI}-centre"), role="emperor")
    assert not Membership.objects.filter(user=user).exists()
