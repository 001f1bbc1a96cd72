"""The reference-data admin: every page opens, and an edit leaves an audit event."""

from __future__ import annotations

import pytest
from django.test import Client

from gongzhi.core.models import AuditEvent
from gongzhi.org.models import Region, User
from tests.org.keqiao import PINGSHUI, unit


@pytest.fixture
def admin_client_(keqiao: Region) -> Client:
    admin = User.objects.create_superuser(
        username="root_admin", password="Root-Admin-2026!", email="a@example.org"
    )
    client = Client()
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/org/region/?level__exact=village&q=管墅",
        "/admin/org/unit/?kind__exact=station",
        "/admin/org/user/",
        "/admin/org/user/add/",
        "/admin/org/membership/",
        "/admin/org/dutyshift/",
        "/admin/routing/category/?depth__exact=1&q=cxjs",
        "/admin/routing/responsibilityrule/?level__exact=town",
        "/admin/routing/responsibilityrule/add/",
    ],
)
def test_admin_pages_open(admin_client_: Client, url: str) -> None:
    assert admin_client_.get(url).status_code == 200


def test_user_change_page_shows_gongzhi_fields_and_memberships(admin_client_: Client) -> None:
    user = User.objects.get(username="root_admin")
    body = admin_client_.get(f"/admin/org/user/{user.pk}/change/").content.decode()
    assert 'name="display_name"' in body and 'name="is_citizen"' in body
    assert "memberships-TOTAL_FORMS" in body


def test_editing_a_unit_in_the_admin_is_audited(admin_client_: Client) -> None:
    # given
    station = unit(f"{PINGSHUI}-police")
    # when
    response = admin_client_.post(
        f"/admin/org/unit/{station.pk}/change/",
        {
            "code": station.code,
            "name": "平水派出所（新址）",
            "kind": station.kind,
            "function": station.function,
            "level": station.level,
            "region": station.region_id,
            "parent": station.parent_id,
            "is_active": "on",
            "phone": "",
            "address": "",
        },
    )
    # then
    assert response.status_code == 302
    station.refresh_from_db()
    assert station.name == "平水派出所（新址）"
    event = AuditEvent.objects.filter(subject_type="unit", subject_id=station.pk).last()
    assert event is not None and event.action == "unit.admin_change"
    assert event.before == {"name": "平水派出所"} and event.after == {"name": "平水派出所（新址）"}
