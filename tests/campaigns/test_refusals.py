"""Refused actions raise a domain error and change nothing: no state, no event, no notice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from gongzhi.campaigns import services
from gongzhi.campaigns.enums import HelpLevel, ProjectOutcome
from gongzhi.campaigns.models import Flag, HelpRequest, Mentorship, Notice, ProgressReport, Project
from gongzhi.core.errors import ApplicationError, NotFound, PermissionDenied
from gongzhi.core.models import AuditEvent
from tests.campaigns.conftest import Cast, content, defined_project

pytestmark = pytest.mark.django_db
NOW = datetime.fromisoformat("2026-05-20T10:00:00+08:00")


def _state() -> tuple[Any, ...]:
    return (
        list(Project.objects.order_by("pk").values_list("status", "updated_at", "level", "score")),
        AuditEvent.objects.count(),
        Notice.objects.count(),
        ProgressReport.objects.count(),
        HelpRequest.objects.count(),
        Flag.objects.count(),
        Mentorship.objects.count(),
    )


def _draft(cast: Cast, **kwargs: Any) -> Project:
    return services.project_propose(
        actor=cast.chief, campaign=cast.campaign, lead_unit=cast.housing, content=content(cast, **kwargs)
    )


def _submitted(cast: Cast) -> Project:
    project = _draft(cast)
    return services.project_submit(actor=cast.chief, project_id=project.pk)


def _solving(cast: Cast) -> Project:
    with time_machine.travel(datetime.fromisoformat("2026-03-02T09:00:00+08:00"), tick=False):
        return defined_project(cast)


def _unit_approved(cast: Cast) -> Project:
    project = _submitted(cast)
    return services.project_unit_review(actor=cast.housing_head, project_id=project.pk, approve=True)


def _awaiting_completion(cast: Cast) -> Project:
    project = _solving(cast)
    return services.project_request_completion(
        actor=cast.chief, project_id=project.pk, summary="全部目标已经完成。"
    )


def _readings(project: Project, value: int = 50) -> dict[int, Decimal]:
    return {t.pk: Decimal(value) for t in project.targets.all()}


NOTHING = lambda c: None  # noqa: E731 - no state to prepare

# (what is refused, the state it needs, the attempt, the error, its code)
REFUSALS: list[tuple[str, Callable[[Cast], Any], Callable[[Cast, Any], Any], type[ApplicationError], str]] = [
    (
        "submit without the three criteria",
        lambda c: _draft(c, criteria=False),
        lambda c, p: services.project_submit(actor=c.chief, project_id=p.pk),
        ApplicationError,
        "criteria_not_met",
    ),
    (
        "submit without a target",
        lambda c: _draft(c, targets=[]),
        lambda c, p: services.project_submit(actor=c.chief, project_id=p.pk),
        ApplicationError,
        "no_targets",
    ),
    (
        "submit by someone else",
        _draft,
        lambda c, p: services.project_submit(actor=c.housing_head, project_id=p.pk),
        PermissionDenied,
        "not_project_owner",
    ),
    (
        "a stranger opens a proposal",
        _draft,
        lambda c, p: services.project_submit(actor=c.stranger, project_id=p.pk),
        NotFound,
        "not_found",
    ),
    (
        "propose for a unit outside the campaign",
        NOTHING,
        lambda c, _: services.project_propose(
            actor=c.stranger,
            campaign=c.campaign,
            lead_unit=c.stranger.memberships.get().unit,
            content=content(c),
        ),
        ApplicationError,
        "unit_not_participating",
    ),
    (
        "propose for a unit one does not belong to",
        NOTHING,
        lambda c, _: services.project_propose(
            actor=c.transport_chief, campaign=c.campaign, lead_unit=c.housing, content=content(c)
        ),
        PermissionDenied,
        "not_unit_member",
    ),
    (
        "send back without a reason",
        _submitted,
        lambda c, p: services.project_unit_review(
            actor=c.housing_head, project_id=p.pk, approve=False, reason=" "
        ),
        ApplicationError,
        "missing_reason",
    ),
    (
        "the other cluster's coordinator reviews",
        _unit_approved,
        lambda c, p: services.project_cluster_review(actor=c.coordinator_two, project_id=p.pk, approve=True),
        NotFound,
        "not_found",  # another cluster's proposals are not even visible
    ),
    (
        "report by someone outside the team",
        _solving,
        lambda c, p: services.progress_report_file(
            actor=c.transport_chief,
            project_id=p.pk,
            period=date(2026, 5, 1),
            summary="本月推进顺利。",
            readings=_readings(p),
        ),
        PermissionDenied,
        "not_project_team",
    ),
    (
        "report on a future month",
        _solving,
        lambda c, p: services.progress_report_file(
            actor=c.chief,
            project_id=p.pk,
            period=date(2026, 6, 1),
            summary="本月推进顺利。",
            readings=_readings(p),
        ),
        ApplicationError,
        "bad_period",
    ),
    (
        "report without every target's value",
        _solving,
        lambda c, p: services.progress_report_file(
            actor=c.chief, project_id=p.pk, period=date(2026, 5, 1), summary="本月推进顺利。", readings={}
        ),
        ApplicationError,
        "readings_incomplete",
    ),
    (
        "a help request to the county from outside the team",
        _solving,
        lambda c, p: services.help_request_create(
            actor=c.stranger, project_id=p.pk, level=HelpLevel.COUNTY, question="请县领导协调资金。"
        ),
        PermissionDenied,
        "not_project_team",
    ),
    (
        "completion accepted by the owner's own unit head",
        _awaiting_completion,
        lambda c, p: services.project_completion_review(
            actor=c.housing_head, project_id=p.pk, accept=True, outcome=ProjectOutcome.SOLVED
        ),
        PermissionDenied,
        "not_completion_reviewer",
    ),
    (
        "a mentor without experience",
        NOTHING,
        lambda c, _: services.mentorship_pair(
            actor=c.organiser,
            mentor=c.colleague,
            mentee=c.transport_chief,
            goals="学习破题方法。",
            started_on=date(2026, 5, 1),
        ),
        ApplicationError,
        "mentor_not_experienced",
    ),
]


@pytest.mark.parametrize(
    ("name", "given", "attempt", "error", "code"), REFUSALS, ids=[r[0] for r in REFUSALS]
)
def test_a_refused_action_changes_nothing(
    cast: Cast,
    name: str,
    given: Callable[[Cast], Any],
    attempt: Callable[[Cast, Any], Any],
    error: type[ApplicationError],
    code: str,
) -> None:
    with time_machine.travel(NOW, tick=False):
        state = given(cast)
        before = _state()
        with pytest.raises(error) as refused:
            attempt(cast, state)
        assert refused.value.code == code
        assert _state() == before


def test_evaluation_score_must_lie_between_0_and_100(cast: Cast) -> None:
    project = _solving(cast)
    with time_machine.travel(NOW, tick=False):
        services.project_request_completion(
            actor=cast.chief, project_id=project.pk, summary="全部目标已经完成。"
        )
        services.project_completion_review(
            actor=cast.coordinator_one, project_id=project.pk, accept=True, outcome=ProjectOutcome.SOLVED
        )
        before = _state()
        with pytest.raises(ApplicationError) as refused:
            services.project_evaluate(actor=cast.organiser, project_id=project.pk, score=Decimal(120))
    assert refused.value.code == "bad_score" and _state() == before
