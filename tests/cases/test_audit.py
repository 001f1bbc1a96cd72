from __future__ import annotations

import pytest

from gongzhi.core.models import AuditEvent
from tests.cases.helpers import intake

pytestmark = pytest.mark.django_db


def test_audit_events_cannot_be_edited_or_deleted(village_clerk):
    case = intake(village_clerk)
    event = AuditEvent.objects.get(subject_type="case", subject_id=case.pk)
    event.action = "forged"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "case.intake"


def test_timeline_reads_the_audit_trail_in_order(village_clerk):
    from gongzhi.cases import selectors, services

    case = intake(village_clerk)
    services.case_accept(actor=village_clerk, case_id=case.pk)
    actions = [event.action for event in selectors.case_timeline(case=case)]
    assert actions == ["case.intake", "case.accept", "case.dispatch"]
