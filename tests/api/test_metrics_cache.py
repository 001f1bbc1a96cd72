"""GET /metrics/league-table serves a scope's table from the cache, like the board."""

from __future__ import annotations

import pytest

from gongzhi.insights import selectors
from tests.cases.helpers import accepted

pytestmark = pytest.mark.django_db


def test_the_league_table_is_computed_once_per_scope_and_period(
    as_user, village_clerk, town_dispatcher, stranger_clerk, monkeypatch
):
    accepted(village_clerk)
    computed = []
    league_table = selectors.league_table

    def counted(**kwargs):
        computed.append(kwargs["by"])
        return league_table(**kwargs)

    monkeypatch.setattr(selectors, "league_table", counted)
    town, stranger = as_user(town_dispatcher), as_user(stranger_clerk)

    first = town.get("/metrics/league-table").json()
    again = town.get("/metrics/league-table").json()
    by_town = town.get("/metrics/league-table", by="town").json()
    elsewhere = stranger.get("/metrics/league-table").json()

    assert first == again
    assert sum(row["dispatched"] for row in first) == sum(row["dispatched"] for row in by_town) == 1
    assert elsewhere == []
    assert computed == ["unit", "town", "unit"]
