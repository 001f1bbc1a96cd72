"""The responsibility list (权责清单): which level a case starts at ("631") and who is responsible."""

from __future__ import annotations

from gongzhi.core.models import AuditEvent
from gongzhi.org.models import Region, Unit
from gongzhi.routing import selectors as routing_selectors
from gongzhi.routing import services as routing_services
from gongzhi.routing.models import ResponsibilityRule
from tests.org.keqiao import DISTRICT, PINGSHUI, WANGHUA, region, unit
from tests.routing.helpers import category

HOMESTEAD = (
    "农村农业 / 土地承包经营 / 宅基地纠纷"  # own rule: village, town 自然资源所, district 自然资源和规划
)
NEIGHBOURS = "政法 / 仲裁与调解 / 其他"  # inherits 仲裁与调解: village committee first
PUBLIC_HOUSING = "城乡建设 / 住房保障与房地产 / 公房"  # no rule of its own nor its parent's: 城乡建设's
ILLEGAL_BUILDING = "城乡建设 / 城乡规划 / 违章建筑"
MEDICAL = "卫生计生 / 医患纠纷 / 医疗事故争议"  # district: the medical-dispute committee (a fixed unit)


def test_default_list_is_loaded_once(catalogue: Region) -> None:
    before = ResponsibilityRule.objects.count()
    counts = routing_services.responsibility_load_defaults()
    assert before == 217
    assert counts["created"] == 0 and counts["skipped"] == 0
    assert ResponsibilityRule.objects.count() == before


def test_village_located_case_starts_at_the_village(catalogue: Region) -> None:
    # given a homestead dispute in 王化村
    homestead, village = category(HOMESTEAD), region(WANGHUA)
    # when
    level = routing_selectors.lowest_competent_level(category=homestead, region=village)
    # then
    assert level == "village"
    assert routing_selectors.responsible_unit(category=homestead, region=village, level="village") == unit(
        f"{WANGHUA}-centre"
    )
    assert routing_selectors.responsible_unit(category=homestead, region=village, level="town") == unit(
        f"{PINGSHUI}-natural-resources"
    )
    assert routing_selectors.responsible_unit(category=homestead, region=village, level="district") == unit(
        f"{DISTRICT}-dept-natural-resources"
    )


def test_town_located_case_cannot_start_at_village_level(catalogue: Region) -> None:
    # given the same dispute located at 平水镇 itself
    homestead, town = category(HOMESTEAD), region(PINGSHUI)
    # when
    level = routing_selectors.lowest_competent_level(category=homestead, region=town)
    # then
    assert level == "town"
    assert routing_selectors.responsible_unit(category=homestead, region=town, level="village") is None
    assert routing_selectors.responsible_unit(category=homestead, region=town, level="town") == unit(
        f"{PINGSHUI}-natural-resources"
    )


def test_neighbour_dispute_goes_to_the_villages_mediation_committee(catalogue: Region) -> None:
    neighbours, village = category(NEIGHBOURS), region(WANGHUA)
    assert routing_selectors.lowest_competent_level(category=neighbours, region=village) == "village"
    assert routing_selectors.responsible_unit(category=neighbours, region=village, level="village") == unit(
        f"{WANGHUA}-mediation"
    )
    assert routing_selectors.responsible_unit(category=neighbours, region=village, level="town") == unit(
        f"{PINGSHUI}-justice"
    )


def test_a_category_without_rules_falls_back_to_its_parents_then_grandparents(catalogue: Region) -> None:
    housing = category(PUBLIC_HOUSING)
    rule = routing_selectors.rule_for(category=housing, level="town")
    assert rule is not None and rule.category.full_name == "城乡建设" and rule.unit_function == "housing"
    assert routing_selectors.rule_for(category=housing, level="village") is None
    # a leaf with a rule of its own overrides its ancestors
    building = routing_selectors.rule_for(category=category(ILLEGAL_BUILDING), level="town")
    assert building is not None and building.category.full_name == ILLEGAL_BUILDING
    assert building.unit_function == "enforcement"
    # a second-level rule applies to its children
    sanitation = routing_selectors.rule_for(
        category=category("城乡建设 / 安全生产 / 事故处理"), level="district"
    )
    assert sanitation is not None and sanitation.category.full_name == "城乡建设 / 安全生产"


def test_a_village_case_with_no_village_rule_starts_at_the_town(catalogue: Region) -> None:
    housing, village = category(PUBLIC_HOUSING), region(WANGHUA)
    assert routing_selectors.lowest_competent_level(category=housing, region=village) == "town"
    assert routing_selectors.responsible_unit(category=housing, region=village, level="town") == unit(
        f"{PINGSHUI}-housing"
    )


def test_a_fixed_unit_rule_names_that_unit(catalogue: Region) -> None:
    medical, village = category(MEDICAL), region(WANGHUA)
    assert routing_selectors.responsible_unit(category=medical, region=village, level="district") == unit(
        f"{DISTRICT}-med-medical"
    )
    assert routing_selectors.lowest_competent_level(category=medical, region=village) == "town"


def test_without_a_category_the_case_starts_at_the_lowest_centre(catalogue: Region) -> None:
    village, town = region(WANGHUA), region(PINGSHUI)
    assert routing_selectors.lowest_competent_level(category=None, region=village) == "village"
    assert routing_selectors.lowest_competent_level(category=None, region=town) == "town"
    assert routing_selectors.lowest_competent_level(category=None, region=region(DISTRICT)) == "district"
    assert routing_selectors.responsible_unit(category=None, region=village, level="town") == unit(
        f"{PINGSHUI}-centre"
    )


def test_a_missing_station_falls_back_to_the_town_centre(catalogue: Region) -> None:
    # given 平水镇's 自然资源所 closed
    Unit.objects.filter(code=f"{PINGSHUI}-natural-resources").update(is_active=False)
    # when
    responsible = routing_selectors.responsible_unit(
        category=category(HOMESTEAD), region=region(WANGHUA), level="town"
    )
    # then
    assert responsible == unit(f"{PINGSHUI}-centre")


def test_a_rule_edited_by_an_administrator_survives_a_reload(catalogue: Region) -> None:
    # given
    homestead = category(HOMESTEAD)
    ResponsibilityRule.objects.filter(category=homestead, level="town").update(unit_function="agriculture")
    # when
    routing_services.responsibility_load_defaults()
    kept = ResponsibilityRule.objects.get(category=homestead, level="town").unit_function
    counts = routing_services.responsibility_load_defaults(overwrite=True)
    # then
    assert kept == "agriculture"
    assert counts["updated"] == 1
    rule = ResponsibilityRule.objects.get(category=homestead, level="town")
    assert rule.unit_function == "natural_resources"
    assert AuditEvent.objects.filter(
        subject_type="responsibility_rule", subject_id=rule.pk, action="responsibility_rule.update"
    ).exists()
