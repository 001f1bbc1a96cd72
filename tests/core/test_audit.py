"""The one audit writer: what it stores for each kind of value, and who it names as the actor."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from gongzhi.core import audit
from gongzhi.org import events as org_events
from gongzhi.routing import events as routing_events
from tests.conftest import WANGHUA, region

pytestmark = pytest.mark.django_db


def test_values_are_stored_as_json(keqiao_loaded):
    village = region(WANGHUA)
    at = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert audit.jsonable(village) == village.pk
    assert audit.jsonable(Decimal("12.50")) == "12.50"
    assert audit.jsonable(date(2026, 11, 30)) == "2026-11-30"
    assert audit.jsonable(at) == "2026-11-30T09:00:00+08:00"
    assert audit.jsonable({1: [village, (Decimal("1"),)], "n": None}) == {"1": [village.pk, ["1"]], "n": None}
    assert sorted(audit.jsonable({3, 1})) == [1, 3]


def test_an_event_names_its_actor_or_the_system(keqiao_loaded, village_clerk):
    village = region(WANGHUA)
    by_clerk = audit.append(
        subject_type="region",
        subject_id=village.pk,
        action="region.note",
        actor=village_clerk,
        before={"when": date(2026, 11, 29)},
        after={"when": date(2026, 11, 30), "where": village},
        reason="测试",
    )
    by_clerk.refresh_from_db()
    assert (by_clerk.actor, by_clerk.actor_label) == (village_clerk, str(village_clerk))
    assert by_clerk.before == {"when": "2026-11-29"}
    assert by_clerk.after == {"when": "2026-11-30", "where": village.pk}
    by_system = audit.append(subject_type="region", subject_id=village.pk, action="region.note", actor=None)
    assert (by_system.actor, by_system.actor_label, by_system.after) == (None, audit.SYSTEM_LABEL, {})


def test_organisation_and_routing_events_name_places_by_their_code(keqiao_loaded):
    village = region(WANGHUA)
    assert org_events.jsonable(village) == WANGHUA
    assert routing_events.jsonable(village) == WANGHUA
    assert org_events.jsonable(Decimal("2")) == routing_events.jsonable(Decimal("2")) == "2"


def test_changed_fields_compares_related_rows_by_key(keqiao_loaded):
    village = region(WANGHUA)
    town = village.parent
    assert audit.changed_fields(village, {"parent": town, "name": village.name}) == []
    assert audit.changed_fields(village, {"parent": village, "name": "新名"}) == ["parent", "name"]


def test_a_snapshot_stores_the_named_fields(keqiao_loaded):
    village = region(WANGHUA)
    assert audit.snapshot(village, "code", "parent") == {"code": WANGHUA, "parent": village.parent_id}
    assert org_events.snapshot(village, ["parent"]) == {"parent": village.parent.code}
