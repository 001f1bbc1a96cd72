"""督导 and 帮扶: automatic flags, notices to people, and help requests tracked to an answer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongzhi.campaigns.enums import FlagKind, HelpLevel, HelpStatus, NoticeKind, NoticeStatus
from gongzhi.campaigns.models.projects import Milestone, ProgressReport, Project
from gongzhi.core.models import TimeStampedModel


class Flag(TimeStampedModel):
    """A project fell behind: a milestone passed unreached, or a month went unreported.

    Raised once (a unique constraint per milestone / per month), resolved by the fact that was
    missing (the milestone reached, the report filed), escalated at ``escalate_at`` if still open.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(max_length=20, choices=FlagKind.choices)
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    period = models.DateField(null=True, blank=True, help_text="the month without a report")
    raised_at = models.DateTimeField()
    escalate_at = models.DateTimeField(db_index=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-raised_at", "id"]
        verbose_name = "督导提醒"
        verbose_name_plural = "督导提醒"
        constraints = [
            models.UniqueConstraint(
                fields=["milestone"],
                name="flag_once_per_milestone",
                condition=Q(kind=FlagKind.MISSED_MILESTONE),
            ),
            models.UniqueConstraint(
                fields=["project", "period"], name="flag_once_per_month", condition=Q(kind=FlagKind.NO_REPORT)
            ),
            models.CheckConstraint(
                condition=Q(kind=FlagKind.MISSED_MILESTONE, milestone__isnull=False)
                | Q(kind=FlagKind.NO_REPORT, period__isnull=False),
                name="flag_names_what_is_missing",
            ),
        ]
        indexes = [models.Index(fields=["project"], name="flag_open", condition=Q(resolved_at__isnull=True))]

    def __str__(self) -> str:
        return f"{self.project.code} {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class HelpRequest(TimeStampedModel):
    """帮扶: a project asks its unit, its cluster or the county leadership for help."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="help_requests")
    report = models.ForeignKey(
        ProgressReport, null=True, blank=True, on_delete=models.SET_NULL, related_name="help_requests"
    )
    level = models.CharField(max_length=10, choices=HelpLevel.choices)
    question = models.TextField()
    status = models.CharField(max_length=10, choices=HelpStatus.choices, default=HelpStatus.OPEN)
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField()
    due_at = models.DateTimeField(db_index=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    is_resolved = models.BooleanField(null=True, blank=True, help_text="the owner's view when closing")

    class Meta:
        ordering = ["-asked_at", "id"]
        verbose_name = "帮扶请求"
        verbose_name_plural = "帮扶请求"
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self) -> str:
        return f"{self.project.code} {self.get_level_display()}"


class Notice(TimeStampedModel):
    """A message to one person (workbench inbox), delivered through the notification backend after
    commit (SMS in production, the outbox by default)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=NoticeKind.choices)
    title = models.CharField(max_length=100)
    body = models.TextField()
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.CASCADE, related_name="notices"
    )
    flag = models.ForeignKey(Flag, null=True, blank=True, on_delete=models.SET_NULL, related_name="notices")
    help_request = models.ForeignKey(
        HelpRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="notices"
    )
    read_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.PENDING)
    delivered_at = models.DateTimeField(null=True, blank=True)
    delivery_detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "活动通知"
        verbose_name_plural = "活动通知"
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.title}"
