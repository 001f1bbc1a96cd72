"""Login throttling, the citizen pages (rate-limited), the cockpit, the board and the roster."""

from __future__ import annotations

import pytest

from gongzhi.cases import services
from gongzhi.cases.models import Case
from tests.cases.helpers import accepted
from tests.conftest import PINGSHUI, WANGHUA, district_unit, region

pytestmark = pytest.mark.django_db


def test_login_locks_out_after_repeated_failures(client, village_clerk, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        assert (
            client.post("/login/", {"username": village_clerk.username, "password": "wrong"}).status_code
            == 200
        )
    locked = client.post("/login/", {"username": village_clerk.username, "password": "demo-Passw0rd!"})
    assert locked.status_code == 429 and "_auth_user_id" not in client.session


def test_login_succeeds_and_lands_on_the_queue(client, village_clerk):
    response = client.post("/login/", {"username": village_clerk.username, "password": "demo-Passw0rd!"})
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").url == "/cases/"


def public_post(**overrides):
    data = {
        "type": "request",
        "subject": "路灯不亮",
        "description": "王化村村口路灯连续一周不亮，夜间出行危险。",
        "town": region(PINGSHUI).pk,
        "village": region(WANGHUA).pk,
        "name": "王女士",
        "phone": "13800001111",
    }
    data.update(overrides)
    return data


def test_citizen_submits_without_login_and_gets_a_tracking_code(client):
    response = client.post("/public/submit", public_post())
    case = Case.objects.get()
    assert response.status_code == 302
    assert case.channel == "online" and case.status == "registered" and case.reporter_phone == "13800001111"
    assert case.tracking_code in client.get("/public/thanks").content.decode()


def test_public_submissions_are_rate_limited_per_address(client, settings):
    settings.PUBLIC_SUBMISSIONS_PER_HOUR = 2
    for _ in range(2):
        client.post("/public/submit", public_post())
    refused = client.post("/public/submit", public_post())
    assert refused.status_code == 429 and Case.objects.count() == 2


def test_citizen_tracks_and_rates_the_answer(client, town_dispatcher, housing_liaison):
    case = accepted(town_dispatcher, unit=district_unit("housing"))
    services.case_sign(actor=housing_liaison, case_id=case.pk)
    services.case_reply(actor=housing_liaison, case_id=case.pk, text="已修复全部路灯并检查线路，感谢反映。")
    page = client.post("/public/track", {"code": case.tracking_code, "phone_tail": "1234"}).content.decode()
    assert "已答复" in page and "已修复全部路灯" in page
    client.post(
        "/public/rate",
        {"code": case.tracking_code, "phone_tail": "1234", "rating": "satisfied", "comment": "好"},
    )
    assert Case.objects.get(pk=case.pk).rating == "satisfied"


def test_tracking_with_the_wrong_phone_tail_reveals_nothing(client, town_dispatcher):
    case = accepted(town_dispatcher)
    page = client.post("/public/track", {"code": case.tracking_code, "phone_tail": "9999"}).content.decode()
    assert case.subject not in page and "不正确" in page


def test_cockpit_shows_real_figures(client, district_supervisor, town_dispatcher):
    accepted(town_dispatcher)
    client.force_login(district_supervisor)
    page = client.get("/insights/cockpit/").content.decode()
    assert 'data-kpi="intake_today">1<' in page
    assert client.get("/insights/board/").status_code == 200
    assert client.get("/insights/league.xlsx").content.startswith(b"PK")


def test_duty_roster_is_generated_by_a_centre_leader(client, town_leader):
    client.force_login(town_leader)
    response = client.post("/org/roster/?month=2026-12")
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "班子领导轮值" in page and str(town_leader) in page
