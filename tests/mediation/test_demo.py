"""The mediation demo: studios (featured, gold, foreign-related), ~200 mediators with languages
and specialities, and mediation history consistent with the demo's dispute cases."""

from __future__ import annotations

import pytest

from gongzhi.cases.models import Case
from gongzhi.demo.generator import history_generate
from gongzhi.mediation.demo import mediation_demo_load
from gongzhi.mediation.enums import MediationStatus, OrganisationType, StudioRating
from gongzhi.mediation.models import Mediation, MediationOrganisation, Mediator

pytestmark = pytest.mark.django_db


def test_demo_loads_studios_mediators_and_history(db):
    history_generate(cases=150, seed=7)
    result = mediation_demo_load(seed=7)
    assert MediationOrganisation.objects.filter(is_featured=True).count() == 38
    assert MediationOrganisation.objects.filter(rating=StudioRating.PROVINCIAL_GOLD).count() == 4
    assert MediationOrganisation.objects.filter(org_type=OrganisationType.FOREIGN_RELATED).count() >= 2
    assert 150 <= Mediator.objects.count() <= 260
    assert Mediator.objects.filter(languages__icontains='"ar"').exists()
    assert all(m.specialities.exists() for m in Mediator.objects.all()[:20])
    # history: one mediation chain per demo dispute case, resolved where the case was resolved
    assert result["mediations"] > 0
    for mediation in Mediation.objects.filter(status=MediationStatus.RESOLVED).select_related("case")[:30]:
        assert mediation.case is not None and mediation.case.resolved_level == mediation.level
        assert mediation.number.startswith("DMTJ")
    disputes = Case.objects.filter(kind="dispute", accepted_at__isnull=False).count()
    assert Mediation.objects.filter(previous__isnull=True).count() <= disputes
    # idempotent
    again = mediation_demo_load(seed=7)
    assert again["mediations"] == 0 and again["mediators"] == result["mediators"]
