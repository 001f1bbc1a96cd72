"""The deliberation pages through real URLs: the village cadre, the town, the public village page."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from gongzhi.deliberation import selectors, services
from gongzhi.deliberation.models import Matter, Objection, Session
from gongzhi.org.enums import Role
from tests.conftest import centre
from tests.deliberation.helpers import LIANHUA, SHUANGYE, XIALU, at, pass_meeting, step

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def cadre(make_staff):
    return make_staff(centre(LIANHUA), Role.UNIT_HEAD, name="联华村书记")


def test_the_village_cadre_proposes_a_matter_on_the_village_page(register, cadre, make_staff):
    client = client_for(cadre)
    assert client.get("/deliberation/").status_code == 302  # one village: straight to it
    page = client.get(f"/deliberation/villages/{LIANHUA}/")
    assert page.status_code == 200 and "小微工程招标" in page.content.decode()
    road = selectors.matter_type_get(region=register.village, code="small_project_tender")
    response = client.post(
        f"/deliberation/villages/{LIANHUA}/",
        {"matter_type": road.pk, "title": "村道硬化", "proposed_on": "2026-04-01", "budget": "380000"},
    )
    matter = Matter.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/deliberation/matters/{matter.pk}/"
    assert "村党组织提议" in client.get(response["Location"]).content.decode()

    stranger = client_for(make_staff(centre(SHUANGYE), Role.UNIT_HEAD))
    assert stranger.get(f"/deliberation/matters/{matter.pk}/").status_code == 404
    assert stranger.get(f"/deliberation/villages/{LIANHUA}/").status_code == 404
    town = client_for(make_staff(centre(XIALU), Role.CENTRE_LEADER))
    overview = town.get("/deliberation/")
    assert overview.status_code == 200 and "联华村" in overview.content.decode()


def test_a_refused_meeting_shows_why_and_changes_nothing(register, cadre):
    matter = services.matter_propose(
        village=register.village,
        matter_type=selectors.matter_type_get(region=register.village, code="collective_income_use"),
        title="收益分配",
        proposed_on=date(2026, 4, 1),
    )
    client = client_for(cadre)
    meeting = {"action": "session", "held_at": "2026-04-02T19:00", "expected": "3", "require_pass": "on"}
    meeting |= {"votes_against": "0", "abstentions": "0"}
    response = client.post(
        f"/deliberation/matters/{matter.pk}/", {**meeting, "present": "1", "votes_for": "1"}
    )
    assert response.status_code == 200
    assert "未达法定人数" in response.content.decode()
    assert Session.objects.count() == 0
    ok = client.post(
        f"/deliberation/matters/{matter.pk}/",
        {**meeting, "present": "3", "votes_for": "3", "signatures": "张三，参会人员"},
    )
    assert ok.status_code == 302 and step(matter, 1).status == "passed"
    assert Session.objects.get().signatures.get().name == "张三"
    assert "已记录会议" in client.get(ok["Location"]).content.decode()  # the confirmation shows once


def test_the_public_page_shows_publications_and_takes_objections(register, clock):
    clock.move_to(at(date(2026, 11, 1), 9))
    matter = services.matter_propose(
        village=register.village,
        matter_type=selectors.matter_type_get(region=register.village, code="collective_income_use"),
        title="收益分配",
        proposed_on=date(2026, 11, 1),
    )
    for order, day in ((1, 2), (2, 3), (3, 9), (4, 13)):
        pass_meeting(matter, order, register, date(2026, 11, day))
    publication = services.publication_publish(
        step=step(matter, 5),
        title="收益分配决议公告",
        content="人均分配500元。",
        published_on=date(2026, 11, 25),
    )
    clock.move_to(at(date(2026, 11, 26), 10))  # inside the notice's objection window
    anonymous = Client()
    page = anonymous.get(f"/deliberation/public/{LIANHUA}/")
    assert page.status_code == 200 and "收益分配决议公告" in page.content.decode()
    assert anonymous.get(f"/deliberation/public/{LIANHUA}/notices/{publication.pk}/").status_code == 200
    assert anonymous.get(f"/deliberation/public/{SHUANGYE}/notices/{publication.pk}/").status_code == 404
    sent = anonymous.post(
        f"/deliberation/public/{LIANHUA}/",
        {"publication": publication.pk, "name": "村民老李", "content": "外嫁女是否参与分配？"},
    )
    assert sent.status_code == 200 and "已收到" in sent.content.decode()
    objection = Objection.objects.get()
    assert objection.source and objection.raised_by_name == "村民老李"
    for _ in range(5):
        anonymous.post(
            f"/deliberation/public/{LIANHUA}/", {"publication": publication.pk, "name": "某", "content": "问"}
        )
    assert Objection.objects.count() == 5  # PUBLIC_SUBMISSIONS_PER_HOUR
