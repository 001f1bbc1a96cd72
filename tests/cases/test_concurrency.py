"""Two people acting on the same case at once must not lose an update (PostgreSQL, real transactions)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from gongzhi.cases import services
from gongzhi.cases.enums import CaseStatus, ExtensionStatus
from gongzhi.cases.models import Case, Extension
from gongzhi.core.errors import ApplicationError
from gongzhi.core.models import AuditEvent
from gongzhi.org.enums import Role
from tests.cases.helpers import accepted
from tests.conftest import district_unit

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(actions: list[Callable[[], object]]) -> tuple[list[object], list[BaseException]]:
    barrier = threading.Barrier(len(actions))
    results: list[object] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(action: Callable[[], object]) -> None:
        try:
            barrier.wait()
            outcome = action()
            with lock:
                results.append(outcome)
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


@pytest.fixture(autouse=True)
def _postgres_only(keqiao_loaded):
    assert connection.vendor == "postgresql"


def test_four_liaisons_sign_at_once_exactly_one_wins(make_staff, town_dispatcher):
    case = accepted(town_dispatcher, unit=district_unit("housing"))
    liaisons = [make_staff(district_unit("housing"), Role.LIAISON) for _ in range(4)]
    results, errors = race([lambda u=u: services.case_sign(actor=u, case_id=case.pk) for u in liaisons])
    assert len(results) == 1 and len(errors) == 3
    assert all(isinstance(e, ApplicationError) and e.code == "invalid_state" for e in errors)
    case = Case.objects.get(pk=case.pk)
    assert case.status == CaseStatus.IN_PROGRESS
    assert AuditEvent.objects.filter(subject_type="case", subject_id=case.pk, action="case.sign").count() == 1


def test_sign_and_return_at_once_keep_both_or_refuse_one(make_staff, town_dispatcher):
    case = accepted(town_dispatcher, unit=district_unit("housing"))
    first, second = (make_staff(district_unit("housing"), Role.LIAISON) for _ in range(2))
    results, errors = race(
        [
            lambda: services.case_sign(actor=first, case_id=case.pk),
            lambda: services.case_return(
                actor=second, case_id=case.pk, reason="other", text="不属于本单位职责"
            ),
        ]
    )
    case = Case.objects.get(pk=case.pk)
    events = AuditEvent.objects.filter(
        subject_type="case", subject_id=case.pk, action__in=["case.sign", "case.return"]
    ).count()
    assert events == len(results)  # every acknowledged action is on record, nothing half-done
    if len(results) == 2:  # sign went first, then the return applied to the signed case
        assert case.status == CaseStatus.RETURNED and case.return_count == 1
    else:  # the return went first and the sign was refused
        assert len(errors) == 1 and case.status == CaseStatus.RETURNED and case.handler is None


def test_two_extension_requests_at_once_leave_one(make_staff, town_dispatcher):
    case = accepted(town_dispatcher, unit=district_unit("housing"))
    liaison = make_staff(district_unit("housing"), Role.LIAISON, Role.HANDLER)
    services.case_sign(actor=liaison, case_id=case.pk)
    results, errors = race(
        [
            lambda: services.case_request_extension(
                actor=liaison, case_id=case.pk, days=10, reason="需要检测报告"
            ),
            lambda: services.case_request_extension(
                actor=liaison, case_id=case.pk, days=20, reason="需要协调多方"
            ),
        ]
    )
    assert len(results) == 1 and len(errors) == 1
    assert Extension.objects.filter(case=case, status=ExtensionStatus.REQUESTED).count() == 1


def test_concurrent_sweeps_remind_once(make_staff, town_dispatcher):
    import time_machine

    case = accepted(town_dispatcher, unit=district_unit("housing"))
    with time_machine.travel(case.due_at.timestamp() + 3600):
        results, errors = race([services.sweep_run, services.sweep_run, services.sweep_run])
    assert not errors
    assert sum(r.reminders for r in results) == 1  # type: ignore[attr-defined]
    assert (
        AuditEvent.objects.filter(subject_type="case", subject_id=case.pk, action="case.remind").count() == 1
    )
