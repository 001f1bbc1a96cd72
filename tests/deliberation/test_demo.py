"""The demo loader: 夏履镇's villages with registers, teams, experts and a year of deliberations."""

from __future__ import annotations

from datetime import date

import pytest

from gongzhi.deliberation import selectors
from gongzhi.deliberation.demo import XIALU, deliberation_demo_load
from gongzhi.deliberation.models import Matter, TeamMember
from tests.conftest import region

pytestmark = pytest.mark.django_db


def test_the_demo_generates_a_labelled_year_for_xialu():
    figures = deliberation_demo_load(seed=2026, today=date(2026, 10, 31))
    print(figures)
    assert figures["villages"] == 11
    assert 10 <= figures["teams"] <= 14
    assert figures["sessions"] >= 100
    assert figures["participants"] >= 800
    assert figures["excluded_members"] >= 1
    assert not Matter.objects.filter(is_generated=False).exists()
    assert all(m.title.endswith("（演示）") for m in Matter.objects.all())
    excluded = TeamMember.objects.filter(status="excluded").first()
    assert excluded is not None and excluded.conflict_relation and excluded.status_reason
    town = region(XIALU)
    assert (
        selectors.matter_type_get(region=town, code="small_project_tender").procedure.code
        == "xialu_team_deliberation"
    )
    for village in town.children.filter(code__regex=r"2\d\d$"):
        check = selectors.representatives_check(village=village)
        assert check.ok, (village.name, check)
    # Running it again adds nothing.
    assert deliberation_demo_load(seed=2026, today=date(2026, 10, 31)) == {"matters": 0}
