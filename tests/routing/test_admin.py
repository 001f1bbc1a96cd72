"""The category admin derives depth, full name and pinyin initials, also for a renamed category's children."""

from __future__ import annotations

from django.test import Client

from gongzhi.org.models import Region, User
from gongzhi.routing.models import Category
from tests.routing.helpers import category


def _client() -> Client:
    admin = User.objects.create_superuser(
        username="root_admin", password="Root-Admin-2026!", email="a@example.org"
    )
    client = Client()
    client.force_login(admin)
    return client


def test_adding_a_category_derives_its_names(catalogue: Region) -> None:
    # given
    client, parent = _client(), category("城乡建设 / 安全生产")
    # when
    response = client.post(
        "/admin/routing/category/add/",
        {"code": "010199", "name": "燃气安全", "parent": parent.pk, "is_active": "on", "sort_order": 0},
    )
    # then
    assert response.status_code == 302
    added = Category.objects.get(code="010199")
    assert (added.depth, added.full_name, added.pinyin_initials) == (
        3,
        "城乡建设 / 安全生产 / 燃气安全",
        "rqaq",
    )


def test_renaming_a_category_renames_its_descendants(catalogue: Region) -> None:
    # given
    client, first = _client(), category("城乡建设")
    # when
    response = client.post(
        f"/admin/routing/category/{first.pk}/change/",
        {
            "code": "01",
            "name": "城乡建设管理",
            "parent": "",
            "is_active": "on",
            "sort_order": first.sort_order,
        },
    )
    # then
    assert response.status_code == 302
    assert Category.objects.get(code="01").pinyin_initials == "cxjsgl"
    assert Category.objects.get(code="010101").full_name == "城乡建设管理 / 安全生产 / 事故处理"
    assert not Category.objects.filter(full_name__startswith="城乡建设 /").exists()
