"""A problem-solving project (破题项目): the topic, the team, targets, milestones, reports, evidence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from gongzhi.campaigns.enums import (
    EvidenceKind,
    ProjectLevel,
    ProjectOutcome,
    ProjectStatus,
    TargetDirection,
)
from gongzhi.campaigns.models.campaigns import Campaign, Cluster, ProjectCategory
from gongzhi.core.models import TimeStampedModel


class Project(TimeStampedModel):
    """One section chief's project, from 选题 through 定题 and 破题 to its evaluation.

    ``report_due_at`` is the moment the sweep next checks for a monthly report (of the month
    ``next_report_period``); it is data, indexed, and only the sweep advances it.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="projects")
    code = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=100)
    problem = models.TextField(help_text="the problem: what is wrong, for whom, why it is hard")
    category = models.ForeignKey(ProjectCategory, on_delete=models.PROTECT, related_name="projects")
    level = models.CharField(max_length=10, choices=ProjectLevel.choices, default=ProjectLevel.UNIT)
    lead_unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="projects")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT)
    # 小切口、有难度、能落实: the owner ticks each at proposal, the reviewers see them.
    criterion_small_entry = models.BooleanField(default=False)
    criterion_difficult = models.BooleanField(default=False)
    criterion_feasible = models.BooleanField(default=False)
    criteria_note = models.TextField(blank=True)
    planned_start = models.DateField()
    planned_end = models.DateField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    defined_at = models.DateTimeField(null=True, blank=True)
    completion_requested_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    evaluated_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(blank=True, help_text="the last send-back's reason")
    completion_summary = models.TextField(blank=True)
    outcome = models.CharField(max_length=16, choices=ProjectOutcome.choices, blank=True)
    score = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    evaluation_comment = models.TextField(blank=True)
    next_report_period = models.DateField(null=True, blank=True)
    report_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    is_generated = models.BooleanField(default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = "破题项目"
        verbose_name_plural = "破题项目"
        indexes = [
            models.Index(fields=["campaign", "status"]),
            models.Index(fields=["cluster", "status"]),
            models.Index(fields=["lead_unit", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")), name="project_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100), name="project_score_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def criteria_met(self) -> bool:
        return self.criterion_small_entry and self.criterion_difficult and self.criterion_feasible


class ProjectPartner(TimeStampedModel):
    """A partner unit of a joint project (跨部门联合攻坚); its head confirms taking part."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    task = models.CharField(max_length=200, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "联合单位"
        verbose_name_plural = "联合单位"
        constraints = [models.UniqueConstraint(fields=["project", "unit"], name="project_partner_once")]

    def __str__(self) -> str:
        return f"{self.project.code} · {self.unit}"


class ProjectMember(TimeStampedModel):
    """A member of the project team besides the owner."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    duty = models.CharField(max_length=60, blank=True)

    class Meta:
        verbose_name = "团队成员"
        verbose_name_plural = "团队成员"
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="project_team_member_once")]

    def __str__(self) -> str:
        return f"{self.project.code} · {self.user}"


class Target(TimeStampedModel):
    """A measurable indicator: from ``baseline`` to ``target``; ``current`` is the last reading.

    ``measures_time`` marks a duration indicator (审批天数 …): its reduction is the time saved.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=100)
    unit_label = models.CharField(max_length=20, blank=True, help_text="天, 户, 万元, % …")
    baseline = models.DecimalField(max_digits=14, decimal_places=2)
    target = models.DecimalField(max_digits=14, decimal_places=2)
    current = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    direction = models.CharField(max_length=10, choices=TargetDirection.choices)
    measures_time = models.BooleanField(default=False)

    class Meta:
        ordering = ["project", "order", "id"]
        verbose_name = "目标指标"
        verbose_name_plural = "目标指标"
        constraints = [
            models.CheckConstraint(condition=~Q(target=F("baseline")), name="target_differs_from_baseline"),
            models.CheckConstraint(
                condition=Q(direction=TargetDirection.INCREASE, target__gt=F("baseline"))
                | Q(direction=TargetDirection.DECREASE, target__lt=F("baseline")),
                name="target_direction_consistent",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Milestone(TimeStampedModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=100)
    due_on = models.DateField()
    reached_on = models.DateField(null=True, blank=True)
    reached_note = models.CharField(max_length=200, blank=True)
    flagged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["project", "due_on", "order", "id"]
        verbose_name = "节点"
        verbose_name_plural = "节点"
        indexes = [
            models.Index(fields=["due_on"], name="milestone_open_due", condition=Q(reached_on__isnull=True))
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_on_time(self) -> bool:
        return self.reached_on is not None and self.reached_on <= self.due_on


class ProgressReport(TimeStampedModel):
    """The monthly progress report (月报): indicator readings, milestones reached, difficulties."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    period = models.DateField(help_text="the first day of the month reported on")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField()
    summary = models.TextField()
    difficulties = models.TextField(blank=True)
    help_needed = models.TextField(blank=True)
    is_late = models.BooleanField(default=False)

    class Meta:
        ordering = ["project", "-period"]
        verbose_name = "月度进展"
        verbose_name_plural = "月度进展"
        constraints = [
            models.UniqueConstraint(fields=["project", "period"], name="report_once_a_month"),
            models.CheckConstraint(condition=Q(period__day=1), name="report_period_first_of_month"),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.period:%Y-%m}"


class TargetReading(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="readings")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="readings")
    value = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "指标读数"
        verbose_name_plural = "指标读数"
        constraints = [models.UniqueConstraint(fields=["report", "target"], name="target_reading_once")]

    def __str__(self) -> str:
        return f"{self.target}: {self.value}"


class Evidence(TimeStampedModel):
    """Proof of progress: a file (checked by its bytes, served only after the scope check), a link
    or a note, optionally for one milestone."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="evidence")
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    kind = models.CharField(max_length=10, choices=EvidenceKind.choices)
    title = models.CharField(max_length=100)
    file = models.FileField(upload_to="campaigns/evidence/%Y/%m/", blank=True)
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=60, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    url = models.URLField(blank=True)
    note = models.TextField(blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["project", "-created_at"]
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"

    def __str__(self) -> str:
        return self.title
