from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongzhi.cases.enums import Rating
from gongzhi.core.models import TimeStampedModel
from gongzhi.mediation.enums import (
    CaseSync,
    Gender,
    InviteeRelation,
    MediationSource,
    MediationStatus,
    NoticeKind,
    NoticeStatus,
    PartyKind,
    SessionStatus,
    TerminationReason,
)
from gongzhi.mediation.models.organisations import LEVEL_CHOICES


class Mediation(TimeStampedModel):
    """调解案件: one dispute at one organisation, from application to its outcome.

    Escalation to the next level closes this mediation and opens a new one there (``previous``
    points down the chain), so each level's work and outcome stay on record.
    """

    number = models.CharField(max_length=24, unique=True)
    source = models.CharField(max_length=12, choices=MediationSource.choices)
    source_reference = models.CharField(max_length=100, blank=True, help_text="委托函号 / 事项编号")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_level"
    )
    organisation = models.ForeignKey(
        "mediation.MediationOrganisation", on_delete=models.PROTECT, related_name="mediations"
    )
    level = models.CharField(max_length=12, choices=LEVEL_CHOICES, db_index=True)
    region = models.ForeignKey("org.Region", on_delete=models.PROTECT, related_name="+")
    region_path = models.CharField(max_length=255, db_index=True)
    dispute_type = models.ForeignKey(
        "mediation.DisputeType", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(max_length=200)
    description = models.TextField()
    status = models.CharField(
        max_length=20, choices=MediationStatus.choices, default=MediationStatus.APPLIED, db_index=True
    )
    is_public = models.BooleanField(default=False, help_text="人民调解法 art. 23: 公开或者不公开")
    is_major = models.BooleanField(
        default=False, help_text="重大、复杂、疑难: a written agreement is required"
    )
    written_requested = models.BooleanField(default=False, help_text="a party asked for a written agreement")

    applied_at = models.DateTimeField(db_index=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    extended_days = models.PositiveSmallIntegerField(default=0)
    due_reminded_at = models.DateTimeField(null=True, blank=True)
    concluded_at = models.DateTimeField(null=True, blank=True, db_index=True)
    termination_reason = models.CharField(max_length=20, choices=TerminationReason.choices, blank=True)
    termination_note = models.TextField(blank=True)
    routes = models.JSONField(default=list, blank=True, help_text="arbitration / administrative / judicial")
    danger_reported_at = models.DateTimeField(null=True, blank=True)
    satisfaction = models.CharField(max_length=20, choices=Rating.choices, blank=True)

    case_sync = models.CharField(max_length=10, choices=CaseSync.choices, blank=True, db_index=True)
    case_sync_actions = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "调解案件"
        verbose_name_plural = "调解案件"
        indexes = [models.Index(fields=["organisation", "status"]), models.Index(fields=["status", "due_at"])]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"


class MediationParty(models.Model):
    """A party to the mediation; natural persons are linked to the kinship register by ID number."""

    mediation = models.ForeignKey(Mediation, on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField(max_length=14, choices=PartyKind.choices, default=PartyKind.PERSON)
    name = models.CharField(max_length=100)
    role = models.CharField(max_length=20, blank=True, help_text="申请人 / 被申请人")
    gender = models.CharField(max_length=8, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(max_length=20, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    id_number = models.CharField(
        max_length=40, blank=True, help_text="身份证号码 / 护照号码 / 统一社会信用代码"
    )
    address = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    nationality = models.CharField(max_length=40, blank=True)
    language = models.CharField(max_length=12, blank=True, help_text="language code; empty = Chinese")
    representative = models.CharField(max_length=60, blank=True, help_text="法定代表人 / 委托代理人")
    person = models.ForeignKey(
        "kinship.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    case_party = models.ForeignKey(
        "cases.Party", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    refused_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "调解当事人"
        verbose_name_plural = "调解当事人"

    def __str__(self) -> str:
        return self.name


class MediatorAssignment(TimeStampedModel):
    """人民调解法 art. 19: the committee designates mediators, or the parties choose them."""

    mediation = models.ForeignKey(Mediation, on_delete=models.CASCADE, related_name="assignments")
    mediator = models.ForeignKey("mediation.Mediator", on_delete=models.PROTECT, related_name="assignments")
    is_lead = models.BooleanField(default=False)
    chosen_by = models.ForeignKey(
        MediationParty, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_active = models.BooleanField(default=True)
    released_at = models.DateTimeField(null=True, blank=True)
    release_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "调解员指派"
        verbose_name_plural = "调解员指派"
        constraints = [
            models.UniqueConstraint(
                fields=["mediation", "mediator"], condition=Q(is_active=True), name="assignment_once_active"
            )
        ]
        indexes = [models.Index(fields=["mediator", "is_active"])]


class MediatorObjection(TimeStampedModel):
    """人民调解法 art. 23 (1): a party does not accept a mediator."""

    mediation = models.ForeignKey(Mediation, on_delete=models.CASCADE, related_name="objections")
    party = models.ForeignKey(MediationParty, on_delete=models.CASCADE, related_name="+")
    mediator = models.ForeignKey("mediation.Mediator", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "当事人拒绝调解员"
        verbose_name_plural = "当事人拒绝调解员"
        constraints = [
            models.UniqueConstraint(fields=["mediation", "party", "mediator"], name="objection_once")
        ]


class Session(TimeStampedModel):
    """调解会: scheduled with a place and participants; its record (笔录) is written once held."""

    mediation = models.ForeignKey(Mediation, on_delete=models.CASCADE, related_name="sessions")
    sequence = models.PositiveSmallIntegerField()
    scheduled_at = models.DateTimeField(db_index=True)
    place = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED)
    is_public = models.BooleanField(default=False)
    record = models.TextField(blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["sequence"]
        verbose_name = "调解会"
        verbose_name_plural = "调解会"
        constraints = [models.UniqueConstraint(fields=["mediation", "sequence"], name="session_sequence")]


class SessionParticipant(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="participants")
    party = models.ForeignKey(
        MediationParty, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    mediator = models.ForeignKey(
        "mediation.Mediator", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=100)
    relation = models.CharField(max_length=12, choices=InviteeRelation.choices, blank=True)
    note = models.CharField(max_length=200, blank=True)
    attended = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "调解会参加人"
        verbose_name_plural = "调解会参加人"

    def __str__(self) -> str:
        return self.name


class MediationExtension(TimeStampedModel):
    """Extension of the time limit, at the request of the parties (宁波市人民调解条例 art. 23)."""

    mediation = models.ForeignKey(Mediation, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField()
    reason = models.TextField()
    requested_by = models.ManyToManyField(MediationParty, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_before = models.DateTimeField(null=True, blank=True)
    due_after = models.DateTimeField()

    class Meta:
        verbose_name = "调解延期"
        verbose_name_plural = "调解延期"
        constraints = [models.CheckConstraint(condition=Q(days__gte=1), name="mediation_extension_days")]


class PoliceReport(TimeStampedModel):
    """人民调解法 art. 25: a dispute that may turn violent is reported to the police at once."""

    mediation = models.ForeignKey(Mediation, on_delete=models.CASCADE, related_name="police_reports")
    police_unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    description = models.TextField()
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "激化风险报告"
        verbose_name_plural = "激化风险报告"


class MediationNotice(TimeStampedModel):
    """A notice of the mediation: to a party (delivered after commit) or to a unit (its workbench)."""

    mediation = models.ForeignKey(Mediation, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=24, choices=NoticeKind.choices)
    recipient = models.CharField(max_length=100)
    recipient_unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200)
    body = models.TextField()
    is_flagged = models.BooleanField(default=False, help_text="urgent: shown at the top of the workbench")
    backend = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    delivered_at = models.DateTimeField(null=True, blank=True)
    delivery_detail = models.TextField(blank=True)

    class Meta:
        verbose_name = "调解通知"
        verbose_name_plural = "调解通知"
        indexes = [models.Index(fields=["recipient_unit", "is_flagged", "created_at"])]
