"""``gongzhi demo --no-serve``, the README's first command, end to end on a small history.

It runs on whatever day the session's clock says: today in the ordinary passes, a year and a half
ahead and back inside 2026 in the moved-clock passes (docs/testing.md).
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongzhi.cases.models import Case
from gongzhi.deliberation.models import Matter
from gongzhi.demo.texts import GENERATED_LABEL
from gongzhi.mediation.models import Mediation
from gongzhi.org.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_prepares_every_module_and_leaves_the_sweep_nothing() -> None:
    out = StringIO()
    call_command("demo", "--no-serve", "--cases", "400", "--tail", "5", stdout=out, stderr=out)
    printed = out.getvalue()
    assert "Gongzhi demo ready" in printed, printed
    assert "refused" not in printed, printed
    # the sweep's line: a consistent history leaves it nothing to do
    sweep = printed.split("deadline sweep")[1].splitlines()[1]
    assert all(count == "0" for count in sweep.replace(",", "").replace("}", "").split()[1::2]), sweep
    cases = Case.objects.all()
    assert cases.count() >= 405
    assert max(case.registered_at for case in cases) <= timezone.now()
    assert all(
        case.description.endswith(GENERATED_LABEL) for case in cases.filter(tracking_code__startswith="DM")
    )
    assert Mediation.objects.exists() and Matter.objects.exists()
    assert User.objects.filter(username="citizen_demo").exists()
