"""The campaign demo: 84 units in 6 clusters, 787 projects with a year of progress, the market,
all labelled as generated, consistent with the rules (a sweep after the load has nothing to do)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from django.db.models import Count

from gongzhi.campaigns import selectors
from gongzhi.campaigns.demo import campaigns_demo_load
from gongzhi.campaigns.enums import DEFINED_STATUSES, ProjectLevel
from gongzhi.campaigns.models import Campaign, CampaignUnit, Flag, ProgressReport, Project, ProjectPartner
from gongzhi.market.selectors import market_figures

pytestmark = pytest.mark.django_db
NOW = datetime.fromisoformat("2026-11-20T10:00:00+08:00")


def test_the_demo_campaign_and_market(django_db_blocker) -> None:  # type: ignore[no-untyped-def]
    loaded = campaigns_demo_load(seed=2026, now=NOW)
    campaign = Campaign.objects.get(is_generated=True)
    assert "（演示）" in campaign.name and loaded["units"] == 84 and loaded["clusters"] == 6
    assert CampaignUnit.objects.filter(campaign=campaign).count() == 84
    sizes = list(CampaignUnit.objects.values("cluster").annotate(n=Count("pk")).values_list("n", flat=True))
    assert len(sizes) == 6 and min(sizes) >= 12
    counts = dict(
        Project.objects.values("category__code").annotate(n=Count("pk")).values_list("category__code", "n")
    )
    assert counts == {"economic_development": 338, "livelihood": 236, "grassroots_governance": 213}
    defined = Project.objects.filter(status__in=DEFINED_STATUSES)
    assert defined.filter(level=ProjectLevel.COUNTY).count() == 102
    assert ProjectPartner.objects.values("project").distinct().count() == 15
    assert not Project.objects.filter(is_generated=False).exists()
    # a year of progress: monthly reports over many months, flags raised and resolved
    months = ProgressReport.objects.values("period").distinct().count()
    assert months >= 9 and ProgressReport.objects.count() > 3000
    assert (
        Flag.objects.filter(resolved_at__isnull=False).exists()
        and Flag.objects.filter(resolved_at__isnull=True).exists()
    )
    figures = selectors.county_figures(campaign=campaign)
    assert figures.solved > 50 and figures.time_saved
    assert loaded["case_studies"] > 10 and loaded["trainers"] == 12 and loaded["meetings"] > 40
    # consistent with the rules: the sweep finds nothing left to do
    assert set(loaded["sweep_after_load"].values()) == {0}
    # the market's figures, computed from the data
    market = market_figures()
    assert market.listing_enterprises == 55 and market.land_area_mu == Decimal("2788.52")
    assert market.factory_area_m2 == Decimal(488100) and market.matched_enterprises == 34
    assert market.landed_enterprises == 10 and market.landed_area_m2 == Decimal(55500)
    assert market.expected_output_wan == Decimal(46200)
    # idempotent
    assert campaigns_demo_load(seed=2026, now=NOW) == {"campaign": "exists"}
