"""A project from 选题 to its published case: reviews, monthly reports, a supervision flag with
its reminders and escalation, a help request answered, the completion review, the evaluation."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine

from gongzhi.campaigns import selectors, services
from gongzhi.campaigns.enums import (
    FlagKind,
    HelpLevel,
    HelpStatus,
    NoticeKind,
    ProjectOutcome,
    ProjectStatus,
)
from gongzhi.campaigns.models import Flag, Notice, Project
from gongzhi.campaigns.services import HelpInput
from gongzhi.core.models import AuditEvent
from tests.campaigns.conftest import Cast, content

pytestmark = pytest.mark.django_db


def at(text: str) -> datetime:
    return datetime.fromisoformat(text + "+08:00")


def notices(user, kind: str) -> list[Notice]:  # type: ignore[no-untyped-def]
    return list(Notice.objects.filter(recipient=user, kind=kind).order_by("id"))


def test_a_project_from_proposal_to_its_published_case(cast: Cast) -> None:
    # Given a section chief's proposal, reviewed by the unit, the cluster and the organisers
    with time_machine.travel(at("2026-03-02T09:00:00"), tick=False):
        project = services.project_propose(
            actor=cast.chief,
            campaign=cast.campaign,
            lead_unit=cast.housing,
            content=content(cast, team=[cast.colleague]),
        )
        assert project.status == ProjectStatus.DRAFT and project.cluster_id == cast.cluster_one.pk
        services.project_submit(actor=cast.chief, project_id=project.pk)
        assert notices(cast.housing_head, NoticeKind.REVIEW)
        services.project_unit_review(actor=cast.housing_head, project_id=project.pk, approve=True)
        services.project_cluster_review(actor=cast.coordinator_one, project_id=project.pk, approve=True)
        services.project_define(actor=cast.organiser, project_id=project.pk, approve=True, reason="同意定题")
    project.refresh_from_db()
    assert project.status == ProjectStatus.SOLVING
    assert project.next_report_period == date(2026, 3, 1)
    assert project.report_due_at == at("2026-04-06T00:00:00")

    # When March is reported on time, the check of March raises nothing, once
    with time_machine.travel(at("2026-03-30T10:00:00"), tick=False):
        target = project.targets.get()
        services.progress_report_file(
            actor=cast.colleague,
            project_id=project.pk,
            period=date(2026, 3, 1),
            summary="完成审批环节调研，梳理出重复材料12项。",
            readings={target.pk: Decimal(55)},
        )
    first = services.campaigns_sweep_run(now=at("2026-04-06T01:00:00"))
    assert (first.reports_checked, first.no_report_flags) == (1, 0)
    assert services.campaigns_sweep_run(now=at("2026-04-06T01:00:00")).reports_checked == 0

    # Then a milestone passes unreached: one flag, the owner and the unit head reminded, once
    swept = services.campaigns_sweep_run(now=at("2026-04-16T08:00:00"))
    assert swept.milestone_flags == 1
    assert services.campaigns_sweep_run(now=at("2026-04-16T08:05:00")).milestone_flags == 0
    flag = Flag.objects.get(project=project)
    assert flag.kind == FlagKind.MISSED_MILESTONE and flag.is_open
    assert len(notices(cast.chief, NoticeKind.REMINDER)) == 1
    assert len(notices(cast.housing_head, NoticeKind.REMINDER)) == 1
    assert not notices(cast.coordinator_one, NoticeKind.ESCALATION)

    # ... still open ten days later, it goes to the cluster's coordinator (not the other cluster's)
    escalated = services.campaigns_sweep_run(now=at("2026-04-27T08:00:00"))
    assert escalated.escalations == 1
    assert len(notices(cast.coordinator_one, NoticeKind.ESCALATION)) == 1
    assert not notices(cast.coordinator_two, NoticeKind.ESCALATION)
    assert services.campaigns_sweep_run(now=at("2026-04-28T08:00:00")).escalations == 0

    # ... and April goes unreported: a "no report this month" flag
    may = services.campaigns_sweep_run(now=at("2026-05-06T01:00:00"))
    assert may.no_report_flags == 1
    assert Flag.objects.filter(project=project, kind=FlagKind.NO_REPORT, period=date(2026, 4, 1)).exists()

    # When the late April report arrives with the milestone reached and a help request,
    # both flags resolve and the request goes to the cluster
    with time_machine.travel(at("2026-05-08T10:00:00"), tick=False):
        milestone = project.milestones.get(title="梳理审批环节")
        result = services.progress_report_file(
            actor=cast.chief,
            project_id=project.pk,
            period=date(2026, 4, 1),
            summary="完成环节梳理，形成并联审批方案。",
            readings={target.pk: Decimal(50)},
            milestones_reached={milestone.pk: date(2026, 5, 7)},
            difficulties="需要自然资源部门配合",
            help_needed=HelpInput(level=HelpLevel.CLUSTER, question="请协调自然资源分局参加并联审批。"),
        )
    assert result.report.is_late and result.resolved_flags == 2
    assert not Flag.objects.filter(project=project, resolved_at__isnull=True).exists()
    help_request = project.help_requests.get()
    assert help_request.report_id == result.report.pk
    assert len(notices(cast.coordinator_one, NoticeKind.HELP_REQUEST)) == 1

    with time_machine.travel(at("2026-05-10T10:00:00"), tick=False):
        services.help_request_answer(
            actor=cast.coordinator_one,
            help_id=help_request.pk,
            answer="已协调自然资源分局指定专人参加并联审批。",
        )
        services.help_request_close(actor=cast.chief, help_id=help_request.pk, resolved=True)
    help_request.refresh_from_db()
    assert help_request.status == HelpStatus.CLOSED and help_request.is_resolved
    assert notices(cast.chief, NoticeKind.HELP_ANSWER)

    # When May is reported with the target met and the last milestone reached, the owner asks
    # for the completion review, the cluster accepts it as solved and the organisers score it
    with time_machine.travel(at("2026-06-01T10:00:00"), tick=False):
        last = project.milestones.get(title="并联审批上线")
        services.progress_report_file(
            actor=cast.chief,
            project_id=project.pk,
            period=date(2026, 5, 1),
            summary="并联审批系统上线运行。",
            readings={target.pk: Decimal(43)},
            milestones_reached={last.pk: date(2026, 5, 30)},
        )
        services.project_request_completion(
            actor=cast.chief, project_id=project.pk, summary="施工许可审批由60天压缩到43天，全县推广。"
        )
        services.project_completion_review(
            actor=cast.coordinator_one, project_id=project.pk, accept=True, outcome=ProjectOutcome.SOLVED
        )
        services.project_evaluate(actor=cast.organiser, project_id=project.pk, score=Decimal("92.5"))
        study = services.case_study_write(
            actor=cast.chief,
            project_id=project.pk,
            title="施工许可60天压到43天",
            problem="工业项目审批环节多、材料重复提交。",
            approach="梳理环节，推行并联审批和容缺受理。",
            result="审批时间缩短17天。",
            reusable="并联审批清单可直接复用。",
            tags=["营商环境", "审批提速"],
        )
        services.case_study_publish(actor=cast.organiser, case_study_id=study.pk)
    project.refresh_from_db()
    assert project.status == ProjectStatus.EVALUATED and project.score == Decimal("92.5")
    assert project.outcome == ProjectOutcome.SOLVED and project.report_due_at is None

    # Then the case is in the library, found by its words and its tag, and the figures count it
    assert list(selectors.case_study_search(q="并联 审批")) == [study]
    assert list(selectors.case_study_search(tag="营商环境")) == [study]
    figures = selectors.county_figures(campaign=cast.campaign)
    assert (figures.defined, figures.solved, figures.solved_share) == (1, 1, 1.0)
    assert [item.saved for item in figures.time_saved] == [Decimal(17)]
    actions = list(
        AuditEvent.objects.filter(subject_type="campaigns.project", subject_id=project.pk).values_list(
            "action", flat=True
        )
    )
    for action in (
        "project.propose",
        "project.submit",
        "project.unit_review",
        "project.cluster_review",
        "project.define",
        "project.report",
        "project.flag",
        "project.flag_escalate",
        "project.help_request",
        "project.help_answer",
        "project.request_completion",
        "project.completion_review",
        "project.evaluate",
        "case_study.publish",
    ):
        assert action in actions, action


def test_a_project_sent_back_returns_to_its_owner_with_the_reason(cast: Cast) -> None:
    project = services.project_propose(
        actor=cast.chief, campaign=cast.campaign, lead_unit=cast.housing, content=content(cast)
    )
    services.project_submit(actor=cast.chief, project_id=project.pk)
    services.project_unit_review(actor=cast.housing_head, project_id=project.pk, approve=True)
    services.project_cluster_review(
        actor=cast.coordinator_one, project_id=project.pk, approve=False, reason="目标值偏低，请提高到40天"
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.RETURNED and project.return_reason == "目标值偏低，请提高到40天"
    assert "目标值偏低" in notices(cast.chief, NoticeKind.REVIEW)[-1].body
    services.project_revise(
        actor=cast.chief, project_id=project.pk, content=content(cast, title="审批提速到40天")
    )
    assert (
        services.project_submit(actor=cast.chief, project_id=project.pk).status == ProjectStatus.UNIT_REVIEW
    )


def test_the_organisers_may_make_a_project_a_county_key_project_when_defining_it(cast: Cast) -> None:
    project = services.project_propose(
        actor=cast.chief, campaign=cast.campaign, lead_unit=cast.housing, content=content(cast)
    )
    services.project_submit(actor=cast.chief, project_id=project.pk)
    services.project_unit_review(actor=cast.housing_head, project_id=project.pk, approve=True)
    services.project_cluster_review(actor=cast.coordinator_one, project_id=project.pk, approve=True)
    services.project_define(actor=cast.organiser, project_id=project.pk, approve=True, level="county")
    assert Project.objects.get(pk=project.pk).level == "county"
