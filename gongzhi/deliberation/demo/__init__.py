"""The deliberation demo: 夏履镇's villages with registers, experts, teams and a year of matters.

``deliberation_demo_load(seed=2026)`` — everything it writes is generated and labelled so:

1. Registers: for each village of 夏履镇, 110–170 households (codes ``G001``…, address
   "演示数据（系统生成）") of a couple, children and sometimes a grandparent, with the parent and
   spouse edges; some wives are daughters of another household of the village, so in-law
   relations exist. Written in bulk (thousands of rows), with one audit event per village.
2. Roles through the services (so every rule holds): the Zhejiang minimum of representatives,
   one per household and a third of them women; 5 committee members, 3 on the Party committee,
   Party members, a supervision committee, a clerk and the community police officer.
3. The catalogue: the defaults, plus 夏履镇's own version of the matter types that runs the
   "议事团协商" procedure (house-building approvals keep 四议两公开), and one village's
   hearing variant — data per town and per village.
4. A year of matters through the services: about 12 with a deliberation team (base members +
   matched experts), tenders with bidders (one related to a member, who is excluded), meetings
   with notice, quorum failures and their retries, a rejected matter, publications, objections
   and answers; plus routine house-building approvals. Titles end with "（演示）" and every matter
   has ``is_generated=True``.

Idempotent: a town that already has generated matters is left alone.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gongzhi.deliberation import selectors, services
from gongzhi.deliberation.demo.register import LABEL, XIALU, VillageCast, _register, _roles
from gongzhi.deliberation.demo.year import _TEAM_MATTERS, _catalogue, _experts, _Year
from gongzhi.deliberation.models import Matter
from gongzhi.org.models import Region

__all__ = ["XIALU", "deliberation_demo_load"]


@transaction.atomic
def deliberation_demo_load(*, seed: int = 2026, today: date | None = None) -> dict[str, int]:
    """Generate 夏履镇's registers, experts, teams and a year of deliberations (see the module doc)."""
    town = Region.objects.get(code=XIALU)
    villages = list(Region.objects.filter(parent=town, code__regex=r"2\d\d$").order_by("code"))
    if Matter.objects.filter(village__parent=town, is_generated=True).exists():
        return {"matters": 0}
    rng = random.Random(seed)  # noqa: S311 - generated demo data, not secrets
    today = today or timezone.localdate()
    start = today - timedelta(days=365)
    _catalogue(town, villages)
    _experts(town, rng)
    casts = []
    for village in villages:
        cast = _register(village, rng, today)
        _roles(cast, rng, start - timedelta(days=400))
        casts.append(cast)
    year = _Year(casts, town, rng, today)
    plans: list[tuple[VillageCast, str, str]] = []
    for index, (code, title) in enumerate(_TEAM_MATTERS):
        plans.append((casts[index % len(casts)], code, title))
    for index in range(10):
        cast = casts[(index * 3) % len(casts)]
        plans.append((cast, "house_building_approval", f"{rng.choice(cast.heads).name}户农民建房审批"))
    plans.sort(key=lambda plan: rng.random())
    for index, (cast, code, title) in enumerate(plans):
        proposed = start + timedelta(days=int(index * 330 / len(plans)) + rng.randint(0, 6))
        matter_type = selectors.matter_type_get(region=cast.village, code=code)
        matter = services.matter_propose(
            village=cast.village,
            matter_type=matter_type,
            title=title.format(v=cast.village.short_name or cast.village.name, y=proposed.year) + "（演示）",
            description=f"{matter_type.name}。{LABEL}",
            proposed_on=proposed,
            budget=Decimal(rng.randint(8, 60) * 10000) if matter_type.involves_tender else None,
            is_generated=True,
        )
        year.run(matter, cast)
    figures = selectors.figures_for(region=town, start=start, end=today, now=timezone.now())
    return {
        "villages": len(villages),
        "people": sum(len(c.people) for c in casts),
        "matters": figures.matters,
        "teams": figures.teams,
        "sessions": figures.sessions,
        "participants": figures.participants,
        "distinct_participants": figures.distinct_participants,
        "excluded_members": figures.excluded_members,
        "objections": figures.objections,
    }
