"""A joint project of two units, and the ranking's fairness rule (晾晒)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine

from gongzhi.campaigns import access, selectors, services
from gongzhi.campaigns.enums import ProjectStatus
from gongzhi.campaigns.models import Milestone, Project, Target
from gongzhi.campaigns.selectors.ranking import Ratios, project_ratios, score_of, target_achievement
from gongzhi.campaigns.services import MilestoneInput, TargetInput
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from tests.campaigns.conftest import Cast, content, defined_project

pytestmark = pytest.mark.django_db
MARCH = datetime.fromisoformat("2026-03-02T09:00:00+08:00")


def test_a_joint_project_needs_the_partner_unit_and_counts_for_both_units(cast: Cast) -> None:
    # Given a housing project with the transport bureau as partner, submitted
    project = services.project_propose(
        actor=cast.chief,
        campaign=cast.campaign,
        lead_unit=cast.housing,
        content=content(cast, partners=[cast.transport]),
    )
    services.project_submit(actor=cast.chief, project_id=project.pk)
    # Then the partner's people follow it, a stranger does not see it
    assert access.project_queryset_for_user(cast.transport_chief).filter(pk=project.pk).exists()
    with pytest.raises(NotFound):
        access.project_get_for_user(cast.stranger, project.pk)
    assert access.project_get_for_user(cast.administrator, project.pk) == project
    # When the lead unit's head approves before the partner confirmed, it is refused
    with pytest.raises(ValidationFailed) as refused:
        services.project_unit_review(actor=cast.housing_head, project_id=project.pk, approve=True)
    assert refused.value.code == "partners_pending"
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.UNIT_REVIEW
    # ... the partner head may confirm, not review for the lead unit
    with pytest.raises(PermissionDenied):
        services.project_unit_review(actor=cast.transport_head, project_id=project.pk, approve=True)
    services.project_partner_confirm(
        actor=cast.transport_head, project_id=project.pk, unit=cast.transport, accept=True
    )
    services.project_unit_review(actor=cast.housing_head, project_id=project.pk, approve=True)
    services.project_cluster_review(actor=cast.coordinator_one, project_id=project.pk, approve=True)
    with time_machine.travel(MARCH, tick=False):
        services.project_define(actor=cast.organiser, project_id=project.pk, approve=True)
    partner = project.partners.get()
    assert partner.confirmed_by == cast.transport_head
    # Then in the ranking the joint project counts for both units
    scores = selectors.project_scores(campaign=cast.campaign, on=date(2026, 3, 20))
    units = {group.key: group for group in selectors.unit_scores(campaign=cast.campaign, scores=scores)}
    assert units[cast.housing.pk].projects == 1 and units[cast.transport.pk].projects == 1
    figures = selectors.county_figures(campaign=cast.campaign)
    assert figures.joint == 1


def test_a_partner_declining_sends_the_project_back_with_its_reason(cast: Cast) -> None:
    project = services.project_propose(
        actor=cast.chief,
        campaign=cast.campaign,
        lead_unit=cast.housing,
        content=content(cast, partners=[cast.transport]),
    )
    services.project_submit(actor=cast.chief, project_id=project.pk)
    services.project_partner_confirm(
        actor=cast.transport_head,
        project_id=project.pk,
        unit=cast.transport,
        accept=False,
        reason="不属于本局职责",
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.RETURNED and "不属于本局职责" in project.return_reason


def test_the_score_is_the_same_for_a_small_and_a_large_project_at_the_same_relative_progress() -> None:
    # A small project: 2 milestones, 10 → 20 households; a large one: 10 milestones, ¥1000 → 5000万
    small = project_ratios(
        due=2,
        reached=1,
        reached_on_time=1,
        achievements=[target_achievement(baseline=Decimal(10), target=Decimal(20), current=Decimal(15))],
    )
    large = project_ratios(
        due=10,
        reached=5,
        reached_on_time=5,
        achievements=[
            target_achievement(baseline=Decimal(1000), target=Decimal(5000), current=Decimal(3000))
        ],
    )
    assert small == large == Ratios(plan=0.5, indicators=0.5, on_time=0.5)
    assert score_of(small) == score_of(large) == 50.0
    # a decrease target (60 → 43 days, now 50) is measured the same way
    assert target_achievement(baseline=Decimal(60), target=Decimal(43), current=Decimal("51.5")) == 0.5
    # overshooting a target or reaching milestones early never lifts a ratio above 1
    assert target_achievement(baseline=Decimal(0), target=Decimal(10), current=Decimal(30)) == 1.0
    assert project_ratios(due=1, reached=4, reached_on_time=1, achievements=[]).plan == 1.0
    # with nothing due yet, only the indicators count (no reward, no penalty for being new)
    assert score_of(project_ratios(due=0, reached=0, reached_on_time=0, achievements=[0.3])) == 30.0


def _shape(project: Project, *, reached: int, on_time: int, achievement: float) -> None:
    """Put a project in a given state: the first ``reached`` milestones reached (the first
    ``on_time`` of them on their date, the rest late), each target ``achievement`` of the way."""
    for index, milestone in enumerate(project.milestones.order_by("due_on")):
        if index < reached:
            late = index >= on_time
            Milestone.objects.filter(pk=milestone.pk).update(
                reached_on=date(milestone.due_on.year, milestone.due_on.month, 28)
                if late
                else milestone.due_on
            )
    for target in project.targets.all():
        current = target.baseline + (target.target - target.baseline) * Decimal(str(achievement))
        Target.objects.filter(pk=target.pk).update(current=current)


def test_units_rank_by_the_mean_of_their_projects_not_their_number(cast: Cast, make_staff) -> None:  # type: ignore[no-untyped-def]
    two_milestones = [
        MilestoneInput(title="方案", due_on=date(2026, 4, 10)),
        MilestoneInput(title="试点", due_on=date(2026, 6, 10)),
    ]
    with time_machine.travel(MARCH, tick=False):
        busy = [defined_project(cast, title=f"住建项目{i}", milestones=two_milestones) for i in range(3)]
        # the transport bureau's single project, proposed by its own chief
        project = services.project_propose(
            actor=cast.transport_chief,
            campaign=cast.campaign,
            lead_unit=cast.transport,
            content=content(
                cast,
                title="公交线路优化",
                milestones=two_milestones,
                targets=[
                    TargetInput(name="通达村数", baseline=Decimal(5), target=Decimal(45), unit_label="个")
                ],
            ),
        )
        services.project_submit(actor=cast.transport_chief, project_id=project.pk)
        services.project_unit_review(actor=cast.transport_head, project_id=project.pk, approve=True)
        services.project_cluster_review(actor=cast.coordinator_one, project_id=project.pk, approve=True)
        single = services.project_define(actor=cast.organiser, project_id=project.pk, approve=True)
    for item in busy:
        _shape(item, reached=1, on_time=1, achievement=0.5)  # half-way: 50 each
    _shape(single, reached=2, on_time=2, achievement=0.9)  # nearly there: 96

    scores = selectors.project_scores(campaign=cast.campaign, on=date(2026, 6, 30))
    by_code = {s.code: s for s in scores}
    assert [by_code[p.code].score for p in busy] == [50.0, 50.0, 50.0]
    assert by_code[single.code].score == 96.0
    assert by_code[single.code].rank_county == 1 and by_code[single.code].rank_cluster == 1
    units = selectors.unit_scores(campaign=cast.campaign, scores=scores)
    assert [(u.key, u.projects, u.score) for u in units] == [
        (cast.transport.pk, 1, 96.0),
        (cast.housing.pk, 3, 50.0),
    ]
    # late milestones lower the on-time share and so the score
    _shape(busy[0], reached=2, on_time=1, achievement=0.5)
    rescored = {s.code: s for s in selectors.project_scores(campaign=cast.campaign, on=date(2026, 6, 30))}
    assert rescored[busy[0].code].ratios == Ratios(plan=1.0, indicators=0.5, on_time=0.5)
    assert rescored[busy[0].code].score == 70.0
