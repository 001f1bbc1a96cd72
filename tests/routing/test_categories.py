"""The three-level category catalogue: loading, importing, searching by Chinese and by pinyin initials."""

from __future__ import annotations

from pathlib import Path

from gongzhi.core.models import AuditEvent
from gongzhi.org.models import Region
from gongzhi.routing import selectors as routing_selectors
from gongzhi.routing import services as routing_services
from gongzhi.routing.models import Category
from gongzhi.routing.pinyin import pinyin_initials
from tests.routing.helpers import category

FIRST_LEVEL = {
    "城乡建设",
    "党务政务",
    "国土资源",
    "环境保护",
    "纪检监察",
    "交通运输",
    "经济管理",
    "科技与信息产业",
    "民政",
    "农村农业",
    "商贸旅游",
    "卫生计生",
    "政法",
    "教育文体",
    "劳动和社会保障",
}


def test_catalogue_has_15_first_level_categories(catalogue: Region) -> None:
    first = Category.objects.filter(depth=1)
    assert set(first.values_list("name", flat=True)) == FIRST_LEVEL
    assert first.count() == 15
    assert Category.objects.filter(depth=2).count() == 118
    assert Category.objects.filter(depth=3).count() == 517


def test_codes_names_and_initials_are_derived(catalogue: Region) -> None:
    leaf = routing_selectors.category_get(code="010101")
    assert leaf.full_name == "城乡建设 / 安全生产 / 事故处理"
    assert (leaf.depth, leaf.pinyin_initials) == (3, "sgcl")
    assert leaf.parent is not None and leaf.parent.code == "0101"
    assert leaf.parent.parent is not None and leaf.parent.parent.code == "01"
    assert routing_selectors.category_get(code="01").pinyin_initials == "cxjs"


def test_reloading_the_defaults_changes_nothing(catalogue: Region) -> None:
    before = Category.objects.count()
    counts = routing_services.categories_load_defaults()
    assert (counts["created"], counts["updated"], counts["unchanged"]) == (0, 0, 650)
    assert Category.objects.count() == before


def test_overwrite_restores_a_renamed_category(catalogue: Region) -> None:
    Category.objects.filter(code="01").update(name="城乡建设管理")
    counts = routing_services.categories_load_defaults(overwrite=True)
    assert counts["updated"] == 1
    assert routing_selectors.category_get(code="01").name == "城乡建设"


def test_search_by_pinyin_initials(catalogue: Region) -> None:
    assert routing_selectors.category_search(query="cxjs")[0].full_name == "城乡建设"
    found = routing_selectors.category_search(query="WYFW")
    assert "城乡建设 / 住房保障与房地产 / 物业服务" in [c.full_name for c in found]


def test_search_by_chinese_substring(catalogue: Region) -> None:
    found = routing_selectors.category_search(query="物业")
    assert [c.full_name for c in found] == ["城乡建设 / 住房保障与房地产 / 物业服务"]
    broad = routing_selectors.category_search(query="住房保障与房地产")
    assert broad[0].full_name == "城乡建设 / 住房保障与房地产"  # the category itself before its children
    assert len(broad) == 17
    assert all("住房保障与房地产" in c.full_name for c in broad)


def test_search_respects_the_limit_and_skips_inactive(catalogue: Region) -> None:
    Category.objects.filter(full_name="城乡建设 / 住房保障与房地产 / 物业服务").update(is_active=False)
    assert routing_selectors.category_search(query="物业") == []
    assert len(routing_selectors.category_search(query="其他", limit=5)) == 5
    assert routing_selectors.category_search(query="  ") == []


def test_pinyin_initials() -> None:
    assert pinyin_initials("城乡建设") == "cxjs"
    assert pinyin_initials("银行") == "yh"
    assert pinyin_initials("农村“八大员”问题") == "ncbdywt"


def test_a_countys_catalogue_keeps_known_codes_and_numbers_new_ones(
    catalogue: Region, tmp_path: Path
) -> None:
    # given
    csv_path = tmp_path / "county.csv"
    csv_path.write_text(
        "一级分类,二级分类,三级分类\n"
        "城乡建设,安全生产,事故处理\n"
        "城乡建设,安全生产,燃气安全\n"
        "乡村振兴,人居环境,厕所革命\n"
        "乡村振兴,共富工坊,\n",
        encoding="utf-8",
    )
    # when
    counts = routing_services.categories_import(csv_path=csv_path)
    again = routing_services.categories_import(csv_path=csv_path)
    # then
    assert counts["created"] == 5
    assert again["created"] == 0 and again["updated"] == 0
    assert category("城乡建设 / 安全生产 / 事故处理").code == "010101"
    assert category("城乡建设 / 安全生产 / 燃气安全").code == "010104"
    new = category("乡村振兴 / 人居环境 / 厕所革命")
    assert (new.code, new.depth, new.pinyin_initials) == ("160101", 3, "csgm")
    assert category("乡村振兴 / 共富工坊").code == "1602"
    assert AuditEvent.objects.filter(
        subject_type="category", subject_id=new.pk, action="category.create"
    ).exists()


def test_import_can_deactivate_what_the_county_does_not_list(catalogue: Region, tmp_path: Path) -> None:
    csv_path = tmp_path / "county.csv"
    csv_path.write_text("城乡建设,安全生产,事故处理\n", encoding="utf-8")
    counts = routing_services.categories_import(csv_path=csv_path, deactivate_missing=True)
    assert counts["deactivated"] == 650 - 3
    assert set(Category.objects.filter(is_active=True).values_list("code", flat=True)) == {
        "01",
        "0101",
        "010101",
    }
