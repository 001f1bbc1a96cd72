"""A year of generated projects, written in bulk and consistent with the rules.

787 projects (338 经济发展, 236 民生实事, 213 基层治理), 102 county key projects and 15 joint
ones, as in the campaign the issue describes. Each defined project gets milestones, targets and
monthly reports drawn from a hidden "performance"; what the sweep would have done is done too —
every month whose report is past due without one, every milestone past its date unreached, has its
flag (resolved when the late report or the milestone came, escalated if it stayed open ten days),
and the deadline fields point at the next check, so a sweep run right after the load finds
nothing to do. Help requests are answered or reminded; finished projects are accepted, scored and
some written up into the case library.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from gongzhi.campaigns.demo.people import Cast
from gongzhi.campaigns.demo.rows import Rows
from gongzhi.campaigns.demo.texts import (
    CATEGORY_TOPICS,
    DIFFICULTIES,
    LABEL,
    SUMMARIES,
    Topic,
)
from gongzhi.campaigns.enums import (
    FlagKind,
    NoticeKind,
    ProjectLevel,
    ProjectOutcome,
    ProjectStatus,
    TargetDirection,
)
from gongzhi.campaigns.models import (
    Flag,
    Milestone,
    ProgressReport,
    Project,
    ProjectCategory,
    ProjectPartner,
    Target,
)
from gongzhi.campaigns.services._common import SHANGHAI, escalate_time, month_start, next_month, report_due
from gongzhi.org.models import Unit, User

COUNTS = {"economic_development": 338, "livelihood": 236, "grassroots_governance": 213}
COUNTY_KEY = 102
JOINT = 15
VARIANTS = ("", "（试点片区）", "（二期）", "（全域推进）", "（提质扩面）", "（攻坚行动）", "（长效机制）")


def _at(day: date, rng: random.Random, hours: tuple[int, int] = (9, 17)) -> datetime:
    return datetime.combine(day, time(rng.randint(*hours), rng.randint(0, 59)), tzinfo=SHANGHAI)


def _round(value: float, unit: str) -> Decimal:
    digits = 1 if unit in ("%", "天", "万元/亩", "吨标煤/万元", "小时", "万平方米") else 0
    if unit == "吨标煤/万元":
        digits = 2
    return Decimal(str(round(value, digits)))


class Year:
    def __init__(self, cast: Cast, rng: random.Random, now: datetime) -> None:
        self.cast = cast
        self.rng = rng
        self.now = now
        self.today = now.astimezone(SHANGHAI).date()
        self.start = cast.campaign.starts_on
        self.rows = Rows()
        self.categories = {c.code: c for c in ProjectCategory.objects.filter(campaign=cast.campaign)}
        self.topic_of: dict[str, Topic] = {}
        self.titles: set[str] = set()

    # --- projects --------------------------------------------------------------------------------

    def plan(self) -> list[tuple[str, int]]:
        """(category, index) for every project, shuffled."""
        plan = [(code, i) for code, n in COUNTS.items() for i in range(n)]
        self.rng.shuffle(plan)
        return plan

    def create_projects(self) -> list[Project]:
        rng, units = self.rng, self.cast.units
        plan = self.plan()
        projects: list[Project] = []
        fates = ["late_proposal"] * 38 + ["withdrawn"] * 9 + ["defined"] * (len(plan) - 47)
        rng.shuffle(fates)
        for sequence, ((category, index), fate) in enumerate(zip(plan, fates, strict=True), start=1):
            topics = CATEGORY_TOPICS[category]
            topic = topics[index % len(topics)]
            unit = units[(sequence * 7 + index) % len(units)]
            title = self._title(topic.title, unit)
            proposed = self.start + timedelta(days=rng.randint(5, 45))
            if fate == "late_proposal":
                proposed = self.today - timedelta(days=rng.randint(3, 60))
            planned_start = max(
                proposed + timedelta(days=rng.randint(20, 40)), self.start + timedelta(days=40)
            )
            if fate == "late_proposal":
                planned_start = self.today + timedelta(days=rng.randint(10, 40))
            planned_end = planned_start + timedelta(days=rng.randint(150, 330))
            chief = rng.choice(self.cast.chiefs[unit.pk])
            projects.append(
                Project(
                    campaign=self.cast.campaign,
                    code=f"PT{self.cast.campaign.year % 100:02d}{self.cast.campaign.pk:02d}-{sequence:04d}",
                    title=title,
                    problem=topic.problem + LABEL,
                    category=self.categories[category],
                    level=ProjectLevel.UNIT,
                    lead_unit=unit,
                    cluster=self.cast.cluster_of[unit.pk],
                    owner=chief,
                    status=fate,
                    criterion_small_entry=True,
                    criterion_difficult=True,
                    criterion_feasible=True,
                    criteria_note="聚焦一个具体环节，一年内可见成效。",
                    planned_start=planned_start,
                    planned_end=planned_end,
                    submitted_at=_at(proposed, rng),
                    is_generated=True,
                )
            )
            self.topic_of[projects[-1].code] = topic
        Project.objects.bulk_create(projects, batch_size=500)
        return projects

    def _title(self, pattern: str, unit: Unit) -> str:
        """The topic in the unit's place; a repeat gets a variant, so titles stay distinct."""
        if unit.region.level == "district":
            place = unit.name.removeprefix(unit.region.name).split("（")[0]
        else:
            place = unit.region.short_name or unit.region.name
        base = pattern.format(place=place)
        for variant in VARIANTS:
            title = f"{base}{variant}"[:100]
            if title not in self.titles:
                self.titles.add(title)
                return title
        return f"{base}（{len(self.titles)}）"[:100]

    def pick_levels_and_partners(self, defined: list[Project]) -> None:
        rng = self.rng
        for project in rng.sample(defined, COUNTY_KEY):
            project.level = ProjectLevel.COUNTY
        rest = [p for p in defined if p.level != ProjectLevel.COUNTY]
        for project in rng.sample(rest, 60):
            project.level = ProjectLevel.CLUSTER
        partners = []
        for project in rng.sample(defined, JOINT):
            others = [u for u in self.cast.units if u.pk != project.lead_unit_id]
            for unit in rng.sample(others, rng.choice((1, 1, 2))):
                partners.append(
                    ProjectPartner(
                        project=project,
                        unit=unit,
                        task="联合攻坚",
                        confirmed_at=project.submitted_at,
                        confirmed_by=self.cast.heads[unit.pk],
                    )
                )
        ProjectPartner.objects.bulk_create(partners)

    # --- one defined project's year ----------------------------------------------------------------

    def run(self, project: Project) -> dict[str, list[Any]]:
        rng, rows, cast = self.rng, self.rows, self.cast
        head = cast.heads[project.lead_unit_id]
        coordinator = cast.coordinators[project.cluster_id]
        submitted = project.submitted_at or self.now
        proposed_at = submitted - timedelta(hours=rng.randint(2, 48))
        rows.event(project, proposed_at, "project.propose", project.owner, title=project.title)
        rows.event(project, submitted, "project.submit", project.owner, status=ProjectStatus.UNIT_REVIEW)
        if project.status in ("late_proposal", "withdrawn"):
            return self._proposal_only(project, submitted, head, coordinator)
        unit_at = submitted + timedelta(days=rng.randint(1, 5))
        cluster_at = unit_at + timedelta(days=rng.randint(2, 8))
        defined_at = cluster_at + timedelta(days=rng.randint(3, 12))
        rows.event(project, unit_at, "project.unit_review", head, approve=True)
        rows.event(project, cluster_at, "project.cluster_review", coordinator, approve=True)
        rows.event(project, defined_at, "project.define", cast.organiser, approve=True, level=project.level)
        project.defined_at = defined_at
        project.planned_start = min(project.planned_start, defined_at.date())
        perf = rng.betavariate(4, 2)
        created: dict[str, list[Any]] = {
            "targets": [],
            "milestones": [],
            "flags": [],
            "reports": [],
            "readings": [],
        }
        targets = self._targets(project, perf)
        milestones = self._milestones(project, perf)
        created["targets"], created["milestones"] = targets, milestones
        finished_on = self._fate(project, perf, milestones)
        last_day = finished_on or self.today
        self._reports(project, perf, targets, created, last_day, head)
        self._milestone_flags(project, milestones, created, head, coordinator, finished_on)
        return created

    def _proposal_only(
        self, project: Project, submitted: datetime, head: User, coordinator: User
    ) -> dict[str, list[Any]]:
        rng = self.rng
        if project.status == "withdrawn":
            project.status = ProjectStatus.WITHDRAWN
            self.rows.event(
                project,
                submitted + timedelta(days=3),
                "project.withdraw",
                project.owner,
                "选题与其他项目重复",
            )
            return {}
        stage = rng.choice(
            (
                ProjectStatus.UNIT_REVIEW,
                ProjectStatus.CLUSTER_REVIEW,
                ProjectStatus.DEFINITION,
                ProjectStatus.RETURNED,
                ProjectStatus.DRAFT,
            )
        )
        project.status = stage
        if stage == ProjectStatus.DRAFT:
            project.submitted_at = None
        if stage == ProjectStatus.RETURNED:
            project.return_reason = "目标指标偏软，请量化到可考核的数值。"
            self.rows.event(
                project,
                submitted + timedelta(days=2),
                "project.unit_review",
                head,
                project.return_reason,
                approve=False,
            )
        if stage in (ProjectStatus.CLUSTER_REVIEW, ProjectStatus.DEFINITION):
            self.rows.event(project, submitted + timedelta(days=2), "project.unit_review", head, approve=True)
        if stage == ProjectStatus.DEFINITION:
            self.rows.event(
                project, submitted + timedelta(days=4), "project.cluster_review", coordinator, approve=True
            )
        topic_targets = self._targets(project, 0.0, readings=False)
        milestones = self._milestones(project, 0.0)
        return {
            "targets": topic_targets,
            "milestones": milestones,
            "flags": [],
            "reports": [],
            "readings": [],
        }

    def _targets(self, project: Project, perf: float, readings: bool = True) -> list[Target]:
        rng = self.rng
        topic = self.topic_of[project.code]
        targets = []
        for order, spec in enumerate(topic.targets):
            if spec.baseline == (0, 0):
                baseline, goal = Decimal(0), _round(rng.uniform(5, 60), spec.unit)
            else:
                base = rng.uniform(*spec.baseline)
                baseline, goal = _round(base, spec.unit), _round(base * rng.uniform(*spec.change), spec.unit)
            if goal == baseline:
                goal = baseline + Decimal(1)
            targets.append(
                Target(
                    project=project,
                    order=order,
                    name=spec.name,
                    unit_label=spec.unit,
                    baseline=baseline,
                    target=goal,
                    direction=TargetDirection.INCREASE if goal > baseline else TargetDirection.DECREASE,
                    measures_time=spec.measures_time,
                )
            )
        return targets

    def _milestones(self, project: Project, perf: float) -> list[Milestone]:
        rng = self.rng
        titles = self.topic_of[project.code].milestones
        span = (project.planned_end - project.planned_start).days
        milestones = []
        for order, title in enumerate(titles):
            due = project.planned_start + timedelta(
                days=int(span * (order + 1) / len(titles)) - rng.randint(0, 10)
            )
            milestone = Milestone(project=project, order=order, title=title, due_on=due)
            if perf and due < self.today and rng.random() < perf + 0.3:
                delay = round(rng.gauss(-4 + (1 - perf) * 30, 8))
                reached = due + timedelta(days=delay)
                if reached < self.today:
                    milestone.reached_on = max(reached, project.planned_start)
            elif perf > 0.85 and rng.random() < 0.15:
                milestone.reached_on = max(
                    self.today - timedelta(days=rng.randint(1, 20)), project.planned_start
                )
            milestones.append(milestone)
        return milestones

    def _fate(self, project: Project, perf: float, milestones: list[Milestone]) -> date | None:
        """Finished projects: the day the completion was asked for; None while 破题中."""
        rng, rows, cast = self.rng, self.rows, self.cast
        end = project.planned_end
        done = all(m.reached_on is not None for m in milestones)
        if end > self.today - timedelta(days=10) or not (done or perf > 0.6) or rng.random() < 0.15:
            project.status = ProjectStatus.SOLVING
            return None
        asked = end + timedelta(days=rng.randint(-10, 5))
        asked = min(asked, self.today - timedelta(days=3))
        for milestone in milestones:
            if milestone.reached_on is None or milestone.reached_on > asked:
                milestone.reached_on = min(asked, max(milestone.due_on, project.planned_start))
        project.completion_requested_at = _at(asked, rng)
        project.completion_summary = "各项目标基本完成，形成长效机制。" + LABEL
        rows.event(project, project.completion_requested_at, "project.request_completion", project.owner)
        if rng.random() < 0.1:
            project.status = ProjectStatus.COMPLETION_REVIEW
            return asked
        reviewer = (
            cast.organiser if project.level == ProjectLevel.COUNTY else cast.coordinators[project.cluster_id]
        )
        completed = min(asked + timedelta(days=rng.randint(3, 15)), self.today - timedelta(days=1))
        project.completed_at = _at(completed, rng)
        project.outcome = ProjectOutcome.SOLVED if perf > 0.7 else ProjectOutcome.PARTLY_SOLVED
        if perf < 0.45:
            project.outcome = ProjectOutcome.NOT_SOLVED
        project.status = ProjectStatus.COMPLETED
        rows.event(
            project,
            project.completed_at,
            "project.completion_review",
            reviewer,
            accept=True,
            outcome=project.outcome,
        )
        evaluated = completed + timedelta(days=rng.randint(5, 30))
        if evaluated < self.today and rng.random() < 0.8:
            project.status = ProjectStatus.EVALUATED
            project.evaluated_at = _at(evaluated, rng)
            project.score = Decimal(str(round(min(99.0, 58 + 40 * perf + rng.uniform(-4, 4)), 1)))
            project.evaluation_comment = (
                "破题成效明显，机制可复制。" if perf > 0.75 else "基本完成目标，需巩固提升。"
            )
            rows.event(
                project, project.evaluated_at, "project.evaluate", cast.organiser, score=str(project.score)
            )
        return asked

    def _reports(
        self,
        project: Project,
        perf: float,
        targets: list[Target],
        created: dict[str, list[Any]],
        last_day: date,
        head: User,
    ) -> None:
        rng, rows = self.rng, self.rows
        defined = (
            project.defined_at.astimezone(SHANGHAI).date() if project.defined_at else project.planned_start
        )
        month = month_start(max(defined, project.planned_start))
        span = max(1, (project.planned_end - project.planned_start).days)
        reached_share = 0.0
        final = month_start(last_day)
        while report_due(month) <= self.now and month <= final:
            due = report_due(month)
            elapsed = min(1.0, (next_month(month) - project.planned_start).days / span)
            reached_share = min(
                1.0, max(reached_share, perf * 1.15 * elapsed**0.8 + rng.uniform(-0.05, 0.05))
            )
            if month == final and project.completion_requested_at is not None:
                reached_share = max(reached_share, 1.0 if project.outcome == ProjectOutcome.SOLVED else 0.8)
            # on time mostly; a missed month is usually caught up within a few weeks (after its flag)
            on_time = rng.random() < 0.8 + 0.18 * perf
            late = not on_time and rng.random() < 0.85
            filed = on_time or late
            filed_at = (
                due + timedelta(days=rng.randint(1, 20), hours=rng.randint(1, 9))
                if late
                else due - timedelta(days=rng.randint(1, 9), hours=rng.randint(1, 9))
            )
            if filed and filed_at > self.now:
                filed = False
            if not filed or late:
                flag = Flag(
                    project=project,
                    kind=FlagKind.NO_REPORT,
                    period=month,
                    raised_at=due + timedelta(minutes=1),
                    escalate_at=escalate_time(due + timedelta(minutes=1)),
                )
                if filed:
                    flag.resolved_at, flag.resolution = filed_at, "已补报进展"
                if flag.escalate_at <= min(self.now, flag.resolved_at or self.now):
                    flag.escalated_at = flag.escalate_at
                created["flags"].append(flag)
                self._flag_notices(project, flag, head)
            if filed:
                report = ProgressReport(
                    project=project,
                    period=month,
                    filed_by=project.owner,
                    filed_at=filed_at,
                    is_late=late,
                    summary=rng.choice(SUMMARIES).format(n=rng.randint(1, 5), m=rng.randint(1, 4)) + LABEL,
                    difficulties=rng.choice(DIFFICULTIES),
                )
                created["reports"].append(report)
                for target in targets:
                    value = target.baseline + (target.target - target.baseline) * Decimal(
                        str(round(reached_share, 3))
                    )
                    value = _round(float(value), target.unit_label)
                    created["readings"].append((report, target, value))
                    target.current = value
                rows.event(
                    project, filed_at, "project.report", project.owner, period=month.isoformat(), is_late=late
                )
            month = next_month(month)
        if project.status == ProjectStatus.SOLVING:
            project.next_report_period = month
            project.report_due_at = report_due(month)

    def _milestone_flags(
        self,
        project: Project,
        milestones: list[Milestone],
        created: dict[str, list[Any]],
        head: User,
        coordinator: User,
        finished_on: date | None,
    ) -> None:
        for milestone in milestones:
            late = milestone.reached_on is not None and milestone.reached_on > milestone.due_on
            missed = milestone.reached_on is None and milestone.due_on < self.today and finished_on is None
            if not (late or missed):
                continue
            raised = datetime.combine(milestone.due_on + timedelta(days=1), time(0, 1), tzinfo=SHANGHAI)
            if raised > self.now:
                continue
            milestone.flagged_at = raised
            flag = Flag(
                project=project,
                kind=FlagKind.MISSED_MILESTONE,
                milestone=milestone,
                raised_at=raised,
                escalate_at=escalate_time(raised),
            )
            if late and milestone.reached_on is not None:
                flag.resolved_at = datetime.combine(milestone.reached_on, time(18, 0), tzinfo=SHANGHAI)
                flag.resolution = "节点已完成"
            if flag.escalate_at <= min(self.now, flag.resolved_at or self.now):
                flag.escalated_at = flag.escalate_at
            created["flags"].append(flag)
            self._flag_notices(project, flag, head, milestone.title)
        if finished_on is not None:
            closed = project.completed_at or self.now
            for flag in created["flags"]:
                if flag.resolved_at is None and project.completed_at is not None:
                    flag.resolved_at, flag.resolution = closed, "项目已验收"

    def _flag_notices(self, project: Project, flag: Flag, head: User, what: str = "") -> None:
        detail = f"：{what}" if what else ""
        text = f"破题项目「{project.title}」{flag.get_kind_display()}{detail}，请抓紧推进。"
        self.rows.event(project, flag.raised_at, "project.flag", None, text, kind=flag.kind)
        if flag.escalated_at is not None:
            self.rows.event(project, flag.escalated_at, "project.flag_escalate", None, kind=flag.kind)
        for user in (project.owner, head):
            self.rows.notice(
                user,
                flag.raised_at,
                NoticeKind.REMINDER,
                f"督导提醒：{flag.get_kind_display()}",
                text,
                self.now,
                project=project,
            )
        if flag.escalated_at is not None:
            self.rows.notice(
                self.cast.coordinators[project.cluster_id],
                flag.escalated_at,
                NoticeKind.ESCALATION,
                f"督导上报：{flag.get_kind_display()}",
                text,
                self.now,
                project=project,
            )
