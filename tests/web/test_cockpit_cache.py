"""The cockpit computes its figures once per scope and period, and never shows one scope's
figures to another."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from tests.cases.helpers import intake

pytestmark = pytest.mark.django_db


def test_the_same_scope_reuses_the_figures_until_they_expire(client, village_clerk, town_dispatcher):
    intake(village_clerk)
    client.force_login(town_dispatcher)
    first = client.get("/insights/cockpit/")
    with CaptureQueriesContext(connection) as computed_again:
        again = client.get("/insights/cockpit/")

    assert first.status_code == again.status_code == 200
    assert first.context["kpis"] == again.context["kpis"]
    assert first.context["generated_at"] == again.context["generated_at"]
    case_reads = [q for q in computed_again.captured_queries if "cases_case" in q["sql"]]
    assert case_reads == []

    other_period = client.get("/insights/cockpit/?period=90")
    assert other_period.context["generated_at"] > first.context["generated_at"]


def test_another_scope_gets_its_own_figures(client, village_clerk, town_dispatcher, stranger_clerk):
    intake(village_clerk)
    client.force_login(town_dispatcher)
    town = client.get("/insights/cockpit/").context["intake_today"]
    client.force_login(stranger_clerk)
    stranger = client.get("/insights/cockpit/").context["intake_today"]

    assert town == 1
    assert stranger == 0


@override_settings(COCKPIT_CACHE_SECONDS=0)
def test_caching_can_be_switched_off(client, village_clerk, town_dispatcher):
    client.force_login(town_dispatcher)
    before = client.get("/insights/cockpit/").context["intake_today"]
    intake(village_clerk)
    after = client.get("/insights/cockpit/").context["intake_today"]

    assert after == before + 1
