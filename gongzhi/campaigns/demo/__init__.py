"""The campaign demo: 百名科长破百难 with 84 units in 6 clusters and a year of 787 projects, and the
idle land and factory market (``gongzhi.market.demo``). Everything generated is labelled
演示数据（系统生成）and flagged ``is_generated``.

``campaigns_demo_load(seed=2026)`` is idempotent: a database that already holds a generated
campaign keeps it (the market is loaded once as well). The demo logins (``campaign.organiser``,
``campaign.coordinator``, ``campaign.leader``, ``campaign.head``, ``campaign.chief``,
``market.bureau``) get the demo password.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongzhi.campaigns.demo import activity, projects, rows
from gongzhi.campaigns.demo.people import LOGINS, cast_create
from gongzhi.campaigns.models import Campaign, Project
from gongzhi.campaigns.services.meetings import meeting_plan
from gongzhi.campaigns.services.supervision import campaigns_sweep_run
from gongzhi.demo.accounts import DEMO_PASSWORD
from gongzhi.market.demo import market_demo_load

__all__ = ["LOGINS", "campaigns_demo_load"]


@transaction.atomic
def campaigns_demo_load(
    *, seed: int = 2026, now: datetime | None = None, password: str = DEMO_PASSWORD
) -> dict[str, Any]:
    """Generate the campaign (see the module doc) and the market; return what was made."""
    now = now or timezone.now()
    if Campaign.objects.filter(is_generated=True).exists():
        return {"campaign": "exists"}
    rng = random.Random(seed)  # noqa: S311 - generated demo data, not secrets
    cast = cast_create(rng=rng, start=now - timedelta(days=330), now=now, password=password)
    year = projects.Year(cast, rng, now)
    made = year.create_projects()
    defined = [p for p in made if p.status == "defined"]
    year.pick_levels_and_partners(defined)
    created = {p.pk: year.run(p) for p in made}
    rows.write(year, made, created)
    solving = Project.objects.filter(pk__in=[p.pk for p in defined])
    rows.help_requests(year, list(solving.select_related("category")))
    rows.write_notices(year)
    meetings = activity.meetings(cast, rng, now, first=cast.campaign.starts_on + timedelta(days=60))
    library = activity.library(cast, rng, now, year.topic_of)
    upcoming = (now + timedelta(days=10)).date()
    for cluster in cast.clusters:
        meeting_plan(actor=cast.coordinators[cluster.pk], cluster=cluster, kind="monthly", held_on=upcoming)
    market = market_demo_load(actor=cast.logins["market.bureau"], seed=seed)
    swept = campaigns_sweep_run(now=now)
    return {
        "campaign": cast.campaign.name,
        "units": len(cast.units),
        "clusters": len(cast.clusters),
        "projects": len(made),
        "defined": len(defined),
        **meetings,
        **library,
        "market": market,
        "sweep_after_load": swept.as_dict(),
    }
