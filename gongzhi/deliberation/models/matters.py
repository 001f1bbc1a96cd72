"""A matter on the table, its steps (copied from the procedure when it was proposed), the
meetings held for each step, and the publications with their objections."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongzhi.core.models import TimeStampedModel
from gongzhi.deliberation.enums import (
    AttendanceStatus,
    MatterStatus,
    NoticeKind,
    ObjectionStatus,
    PublicationKind,
    SessionOutcome,
    StepKind,
    StepStatus,
)
from gongzhi.deliberation.models.catalogue import Body, MatterType, Procedure
from gongzhi.kinship.enums import Predicate


class Matter(TimeStampedModel):
    reference = models.CharField(max_length=24, unique=True)
    village = models.ForeignKey("org.Region", on_delete=models.PROTECT, related_name="+")
    matter_type = models.ForeignKey(MatterType, on_delete=models.PROTECT, related_name="matters")
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    proposed_on = models.DateField()
    budget = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    status = models.CharField(max_length=12, choices=MatterStatus.choices, default=MatterStatus.OPEN)
    involves_tender = models.BooleanField(default=False)
    exclusion_predicate = models.CharField(max_length=20, choices=Predicate.choices)
    decided_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    is_generated = models.BooleanField(default=False, help_text="Demo data, generated")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-proposed_on", "-id"]
        verbose_name = "议事事项"
        verbose_name_plural = "议事事项"
        indexes = [
            models.Index(fields=["village", "status"]),
            models.Index(fields=["village", "proposed_on"]),
        ]

    def __str__(self) -> str:
        return self.title


class MatterStep(TimeStampedModel):
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=60)
    kind = models.CharField(max_length=12, choices=StepKind.choices)
    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    publication_kind = models.CharField(max_length=10, choices=PublicationKind.choices, blank=True)
    is_decision = models.BooleanField(default=False)
    status = models.CharField(max_length=8, choices=StepStatus.choices, default=StepStatus.PENDING)
    passed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["matter_id", "order"]
        verbose_name = "议事步骤"
        verbose_name_plural = "议事步骤"
        constraints = [models.UniqueConstraint(fields=["matter", "order"], name="matter_step_order")]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class Session(TimeStampedModel):
    """One meeting held for a step: a pass, a failed vote, or a meeting that lacked its quorum."""

    step = models.ForeignKey(MatterStep, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField()
    notice_given_on = models.DateField(null=True, blank=True)
    held_at = models.DateTimeField(db_index=True)
    expected = models.PositiveIntegerField()
    present = models.PositiveIntegerField()
    households_expected = models.PositiveIntegerField(null=True, blank=True)
    households_present = models.PositiveIntegerField(null=True, blank=True)
    votes_for = models.PositiveIntegerField(default=0)
    votes_against = models.PositiveIntegerField(default=0)
    abstentions = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=10, choices=SessionOutcome.choices)
    minutes = models.TextField(blank=True)
    rules = models.JSONField(default=dict, help_text="The body's rules as applied, kept with the record")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["step_id", "number"]
        verbose_name = "会议记录"
        verbose_name_plural = "会议记录"
        constraints = [
            models.UniqueConstraint(fields=["step", "number"], name="session_number_per_step"),
            models.CheckConstraint(
                condition=Q(present__lte=models.F("expected")), name="session_present_le_expected"
            ),
            models.CheckConstraint(
                condition=Q(
                    votes_for__lte=models.F("present") - models.F("votes_against") - models.F("abstentions")
                ),
                name="session_votes_le_present",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.step} #{self.number}"


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("kinship.Person", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=8, choices=AttendanceStatus.choices)

    class Meta:
        verbose_name = "出席记录"
        verbose_name_plural = "出席记录"
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.status}"


class Signature(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="signatures")
    name = models.CharField(max_length=60)
    capacity = models.CharField(max_length=40, help_text="参会人员 / 镇街列席人员 / 记录人 …")
    person = models.ForeignKey(
        "kinship.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["session_id", "id"]
        verbose_name = "签名"
        verbose_name_plural = "签名"

    def __str__(self) -> str:
        return f"{self.name} ({self.capacity})"


class SessionAttachment(TimeStampedModel):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="deliberation/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "会议附件"
        verbose_name_plural = "会议附件"


class Publication(TimeStampedModel):
    """A public notice (决议公开 / 实施结果公开) with its publicity period."""

    step = models.OneToOneField(MatterStep, on_delete=models.CASCADE, related_name="publication")
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="publications")
    kind = models.CharField(max_length=10, choices=PublicationKind.choices)
    title = models.CharField(max_length=160)
    content = models.TextField()
    published_on = models.DateField()
    ends_on = models.DateField(db_index=True)
    location = models.CharField(max_length=120, blank=True, help_text="村务公开栏, 网上公开 …")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = "公开公示"
        verbose_name_plural = "公开公示"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("published_on")), name="publication_period"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Objection(TimeStampedModel):
    """A villager's objection or question to a publication, answered within 15 days."""

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="objections")
    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="objections")
    raised_by_name = models.CharField(max_length=60)
    raised_by_phone = models.CharField(max_length=20, blank=True)
    person = models.ForeignKey(
        "kinship.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField()
    source = models.CharField(
        max_length=64, blank=True, db_index=True, help_text="Hash of the address of a public submission"
    )
    raised_at = models.DateTimeField()
    due_at = models.DateTimeField(db_index=True)
    status = models.CharField(max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN)
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Set by the sweep when it claims the row, so each notice goes once.
    reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_flagged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = "异议/询问"
        verbose_name_plural = "异议/询问"
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self) -> str:
        return f"{self.raised_by_name}: {self.content[:20]}"


class VillageNotice(TimeStampedModel):
    """A reminder shown to a village's cadres in the workbench (and flagged when overdue)."""

    village = models.ForeignKey("org.Region", on_delete=models.PROTECT, related_name="+")
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="notices")
    objection = models.ForeignKey(
        Objection, null=True, blank=True, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(max_length=24, choices=NoticeKind.choices)
    recipient_unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=200)
    body = models.TextField()
    is_flagged = models.BooleanField(default=False, help_text="overdue: shown at the top")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "议事提醒"
        verbose_name_plural = "议事提醒"
        constraints = [
            models.UniqueConstraint(
                fields=["objection", "kind"],
                condition=Q(objection__isnull=False),
                name="village_notice_once_per_objection",
            )
        ]
        indexes = [models.Index(fields=["village", "is_flagged", "created_at"])]

    def __str__(self) -> str:
        return self.title
