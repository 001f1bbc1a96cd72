"""热点问题: grouping, the heat index, the stored hot issues and the alert."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.management import call_command

from gongzhi.core.models import AuditEvent
from gongzhi.org.models import User
from gongzhi.routing import hotspots, services
from gongzhi.routing.models import HotIssue
from tests.cases.helpers import intake

NOW = datetime.fromisoformat("2026-11-30T09:00:00+08:00")
COMPLAINTS = [
    "王化村文化礼堂旁边新开的砂石场每天粉尘很大，路面全是泥浆",
    "文化礼堂旁边的砂石场粉尘太大了，路面泥浆，晚上还有大货车",
    "投诉王化村砂石场粉尘和泥浆，大货车半夜进出",
    "砂石场在文化礼堂旁边，粉尘污染严重，请查处",
]
OTHERS = [
    "孩子在镇中心小学就读，想咨询转学手续",
    "医保异地报销需要准备哪些材料",
    "村里的老年食堂什么时候开放",
    "公交车班次太少，早上等车要一个小时",
]


def test_heat_index_weighs_people_most() -> None:
    many_people, _ = hotspots.heat_index(people=5, cases=5, likes=0, recent=0, previous=0)
    one_person, _ = hotspots.heat_index(people=1, cases=5, likes=0, recent=0, previous=0)
    growing, growth = hotspots.heat_index(people=5, cases=5, likes=0, recent=4, previous=0)

    assert many_people > one_person
    assert growing > many_people and growth > 0


def test_group_items_finds_the_same_problem_from_several_people() -> None:
    items = [
        hotspots.Item(
            id=i, text=text, title=text[:12], at=NOW - timedelta(days=i), person=f"p{i}", place="v1"
        )
        for i, text in enumerate(COMPLAINTS)
    ] + [
        hotspots.Item(
            id=100 + i, text=text, title=text[:12], at=NOW - timedelta(days=i), person=f"q{i}", place="v1"
        )
        for i, text in enumerate(OTHERS)
    ]

    groups = hotspots.group_items(items, now=NOW, min_people=3)

    assert len(groups) == 1
    assert sorted(groups[0].item_ids) == [0, 1, 2, 3]
    assert groups[0].people_count == 4 and groups[0].sample_id in {0, 1, 2, 3}
    assert any("砂石" in k or "粉尘" in k for k in groups[0].keywords)


def test_one_person_writing_often_is_not_a_hot_issue() -> None:
    items = [
        hotspots.Item(id=i, text=text, at=NOW - timedelta(days=i), person="same", place="v1")
        for i, text in enumerate(COMPLAINTS)
    ]

    assert hotspots.group_items(items, now=NOW, min_people=3) == []


def test_the_same_problem_in_two_places_is_two_groups_or_none() -> None:
    items = [
        hotspots.Item(id=i, text=text, at=NOW, person=f"p{i}", place="v1" if i % 2 else "v2")
        for i, text in enumerate(COMPLAINTS)
    ]

    groups = hotspots.group_items(items, now=NOW, min_people=3)

    assert groups == []  # two people in each place: below three


@pytest.mark.django_db
def test_recompute_stores_alerts_and_is_idempotent(village_clerk: User) -> None:
    for i, text in enumerate(COMPLAINTS):
        intake(village_clerk, subject=text[:10], description=text, reporter_phone=f"1390575{1000 + i}")
    for i, text in enumerate(OTHERS):
        intake(village_clerk, subject=text[:10], description=text, reporter_phone=f"1380575{1000 + i}")

    first = services.hot_issue_recompute()
    second = services.hot_issue_recompute()

    issue = HotIssue.objects.get()
    assert issue.case_count == 4 and issue.people_count == 4 and issue.is_active
    assert issue.region is not None and issue.region.code == "330603105210"
    alert = AuditEvent.objects.get(subject_type="hot_issue", action="hot_issue.appear")
    assert alert.after["centre"] and "王化" in alert.after["centre_name"]
    assert (first.created, second.created, second.updated) == (1, 0, 1)


@pytest.mark.django_db
def test_hotspots_command_lists_the_top_issues(
    village_clerk: User, capsys: pytest.CaptureFixture[str]
) -> None:
    for i, text in enumerate(COMPLAINTS):
        intake(village_clerk, subject=text[:10], description=text, reporter_phone=f"1390575{1000 + i}")

    call_command("routing", "hotspots")

    out = capsys.readouterr().out
    assert "1 hot issues" in out and "4 cases" in out
