"""The supervision board computes its league tables once per scope and period, like the cockpit,
and never shows one scope's tables to another; its work lists stay live."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from gongzhi.insights import selectors
from tests.cases.helpers import accepted

pytestmark = pytest.mark.django_db


def _names(rows):
    return [row.name for row in rows]


def test_the_same_scope_reuses_the_league_tables(client, village_clerk, town_dispatcher, monkeypatch):
    accepted(village_clerk)
    computed = []
    league_table = selectors.league_table

    def counted(**kwargs):
        computed.append(kwargs["by"])
        return league_table(**kwargs)

    monkeypatch.setattr(selectors, "league_table", counted)
    client.force_login(town_dispatcher)

    first = client.get("/insights/board/")
    with CaptureQueriesContext(connection) as again_queries:
        again = client.get("/insights/board/")
    export = client.get("/insights/league.xlsx")

    assert first.status_code == again.status_code == export.status_code == 200
    assert computed == ["unit", "town"]
    assert _names(first.context["league"]) == _names(again.context["league"]) != []
    assert first.context["generated_at"] == again.context["generated_at"]
    assert not any("dispatched_at" in q["sql"] for q in again_queries.captured_queries)

    client.get("/insights/board/?period=90")
    assert computed == ["unit", "town", "unit", "town"]


def test_another_scope_gets_its_own_tables(client, village_clerk, town_dispatcher, stranger_clerk):
    accepted(village_clerk)
    client.force_login(town_dispatcher)
    town = client.get("/insights/board/").context
    client.force_login(stranger_clerk)
    stranger = client.get("/insights/board/").context

    assert sum(row.dispatched for row in town["league"]) == 1
    assert stranger["league"] == stranger["town_league"] == []
    assert stranger["generated_at"] > town["generated_at"]


def test_the_work_lists_stay_live(client, village_clerk, town_dispatcher):
    client.force_login(town_dispatcher)
    before = client.get("/insights/board/").context
    case = accepted(village_clerk)
    case.warn_at = case.registered_at
    case.save(update_fields=["warn_at"])
    after = client.get("/insights/board/").context

    assert after["generated_at"] == before["generated_at"]
    assert len(after["warnings"]) == len(before["warnings"]) + 1


@override_settings(COCKPIT_CACHE_SECONDS=0)
def test_caching_can_be_switched_off(client, village_clerk, town_dispatcher):
    client.force_login(town_dispatcher)
    before = client.get("/insights/board/").context["league"]
    accepted(village_clerk)
    after = client.get("/insights/board/").context["league"]

    assert sum(row.dispatched for row in after) == sum(row.dispatched for row in before) + 1


def test_staff_with_the_same_posts_do_not_share_cached_figures(town_dispatcher, django_user_model):
    """Staff also see the cases they reported themselves, so the key is per user."""
    from gongzhi.insights.cache import scope_key
    from gongzhi.org.models import Membership

    colleague = django_user_model.objects.create_user(username="colleague", password="x")
    for membership in Membership.objects.filter(user=town_dispatcher):
        membership.pk = None
        membership.user = colleague
        membership.save()

    assert scope_key(colleague) != scope_key(town_dispatcher)
    assert scope_key(town_dispatcher) == scope_key(town_dispatcher)
