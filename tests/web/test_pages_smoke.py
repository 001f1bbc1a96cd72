"""Smoke: every main page answers 200 for the right people (through real URLs)."""

from __future__ import annotations

import pytest

from tests.cases.helpers import accepted, intake

pytestmark = pytest.mark.django_db


def test_main_pages_render(client, town_dispatcher, village_clerk):
    case = accepted(town_dispatcher)
    intake(village_clerk)
    client.force_login(town_dispatcher)
    for url in [
        "/cases/",
        "/cases/intake/",
        "/cases/intake/call/",
        "/cases/list/all/",
        "/cases/list/visit/?warning=red&q=路灯",
        f"/cases/{case.pk}/",
        f"/cases/{case.pk}/print",
        f"/cases/{case.pk}/receipt",
        "/insights/cockpit/",
        "/insights/board/",
        "/org/roster/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
