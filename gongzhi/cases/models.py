from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongzhi.cases.enums import (
    ArbitrationOutcome,
    AssignmentRole,
    AssignmentStatus,
    CaseKind,
    CaseStatus,
    Channel,
    ExtensionStatus,
    NoticeKind,
    NoticeStatus,
    PetitionClass,
    Rating,
    RatingSource,
    RecusalChannel,
    ReplyOutcome,
    ReturnReason,
    ReviewKind,
    StatutoryRoute,
    Urgency,
)
from gongzhi.core.models import TimeStampedModel
from gongzhi.org.enums import RegionLevel

LEVEL_CHOICES = [(lv.value, lv.label) for lv in (RegionLevel.VILLAGE, RegionLevel.TOWN, RegionLevel.DISTRICT)]


class Case(TimeStampedModel):
    """One item taken in at the window (事项), from registration to its final answer.

    Every deadline that matters is a stored, indexed timestamp (``accept_due_at``, ``due_at``,
    ``warn_at``, ``review_due_at``) so the sweep and the lists read an index, never a calendar.
    """

    tracking_code = models.CharField(max_length=20, unique=True)
    channel = models.CharField(max_length=20, choices=Channel.choices, db_index=True)
    kind = models.CharField(max_length=12, choices=CaseKind.choices)
    petition_class = models.CharField(max_length=12, choices=PetitionClass.choices, blank=True)
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.REGISTERED)
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    is_first_petition = models.BooleanField(default=False)

    subject = models.CharField(max_length=200)
    description = models.TextField()
    category = models.ForeignKey(
        "routing.Category", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # Reporter (信访人 / 反映人). Anonymous where the law allows (suggestions, events).
    is_anonymous = models.BooleanField(default=False)
    reporter_name = models.CharField(max_length=60, blank=True)
    reporter_phone = models.CharField(max_length=20, blank=True, db_index=True)
    reporter_id_number = models.CharField(max_length=18, blank=True, db_index=True)
    reporter_address = models.CharField(max_length=200, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_cases",
    )
    group_size = models.PositiveIntegerField(default=1, help_text="人数 (集体访 when > 1 on a visit)")

    # Location: the region the matter belongs to (属地), with an address and optional WGS-84 point.
    region = models.ForeignKey("org.Region", on_delete=models.PROTECT, related_name="+")
    town = models.ForeignKey("org.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey(
        "org.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region_path = models.CharField(max_length=255, db_index=True)
    address = models.CharField(max_length=200, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    # Who registered it and where.
    intake_unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(db_index=True)
    accept_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    # Handling: the level and lead unit that hold it now (631), the handler, the deadline.
    level = models.CharField(max_length=12, choices=LEVEL_CHOICES, blank=True, db_index=True)
    lead_unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accused_unit = models.ForeignKey(
        "org.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="检举控告类: the accused body, which must never see the case",
    )
    dispatched_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    due_base_at = models.DateTimeField(null=True, blank=True, help_text="when the handling period started")
    due_days = models.PositiveSmallIntegerField(
        default=0, help_text="calendar days incl. approved extensions"
    )
    due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    warn_at = models.DateTimeField(null=True, blank=True, db_index=True)
    is_accept_due_provisional = models.BooleanField(default=False)
    is_due_provisional = models.BooleanField(default=False, db_index=True)
    extended_days = models.PositiveSmallIntegerField(default=0)
    return_count = models.PositiveSmallIntegerField(default=0)
    escalation_count = models.PositiveSmallIntegerField(default=0)
    redo_count = models.PositiveSmallIntegerField(default=0)
    reminded_at = models.DateTimeField(null=True, blank=True)
    supervise_at = models.DateTimeField(null=True, blank=True, db_index=True)
    supervised_at = models.DateTimeField(null=True, blank=True)
    accept_reminded_at = models.DateTimeField(null=True, blank=True)

    # Decision outside handling (不予受理 / 导入法定途径 / 转送).
    decision_reason = models.TextField(blank=True)
    statutory_route = models.CharField(max_length=40, choices=StatutoryRoute.choices, blank=True)
    transferred_to = models.CharField(max_length=100, blank=True)

    # Answer, close, follow-up, review.
    replied_at = models.DateTimeField(null=True, blank=True, db_index=True)
    reply_outcome = models.CharField(max_length=12, choices=ReplyOutcome.choices, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    resolved_level = models.CharField(max_length=12, choices=LEVEL_CHOICES, blank=True, db_index=True)
    rating = models.CharField(max_length=20, choices=Rating.choices, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    review_window_ends_at = models.DateTimeField(null=True, blank=True, db_index=True)
    review_stage = models.CharField(max_length=12, choices=ReviewKind.choices, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)

    master = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="repeats"
    )

    class Meta:
        verbose_name = "事项"
        verbose_name_plural = "事项"
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["lead_unit", "status"]),
            models.Index(fields=["channel", "registered_at"]),
            models.Index(fields=["kind", "closed_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="petition") | Q(petition_class=""),
                name="case_petition_class_only_for_petitions",
            ),
            models.CheckConstraint(condition=Q(group_size__gte=1), name="case_group_size_positive"),
            models.CheckConstraint(condition=~Q(master=models.F("id")), name="case_not_own_master"),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.subject}"


class Party(models.Model):
    """A person or body in the case: a party to a dispute, or a group visit's representative."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    name = models.CharField(max_length=100)
    role = models.CharField(max_length=40, blank=True, help_text="申请人 / 被申请人 / 代表 …")
    is_representative = models.BooleanField(default=False)
    phone = models.CharField(max_length=20, blank=True)
    id_number = models.CharField(max_length=18, blank=True)
    address = models.CharField(max_length=200, blank=True)
    nationality = models.CharField(max_length=40, blank=True)
    language = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = "当事人"
        verbose_name_plural = "当事人"

    def __str__(self) -> str:
        return self.name


class Attachment(TimeStampedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="cases/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"


class Assignment(TimeStampedModel):
    """A unit's share of a case: the lead, or a co-unit's sub-task (联动办理)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(max_length=8, choices=AssignmentRole.choices)
    status = models.CharField(
        max_length=12, choices=AssignmentStatus.choices, default=AssignmentStatus.PENDING
    )
    task = models.TextField(blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # A co-unit's sub-task is a deadline like the case's: the sweep reminds once, then supervises.
    reminded_at = models.DateTimeField(null=True, blank=True)
    supervise_at = models.DateTimeField(null=True, blank=True, db_index=True)
    supervised_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    is_binding = models.BooleanField(
        default=False, help_text="审定: assigned by arbitration, cannot be returned"
    )

    class Meta:
        verbose_name = "承办任务"
        verbose_name_plural = "承办任务"
        indexes = [models.Index(fields=["unit", "is_active", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(role="lead", is_active=True), name="assignment_one_active_lead"
            ),
            models.UniqueConstraint(
                fields=["case", "unit"], condition=Q(is_active=True), name="assignment_one_active_per_unit"
            ),
        ]


class Return(TimeStampedModel):
    """退单: a unit sends a case back to the dispatcher with a structured reason."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="returns")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=24, choices=ReturnReason.choices)
    text = models.TextField()
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    is_arbitrated = models.BooleanField(default=False)

    class Meta:
        verbose_name = "退单"
        verbose_name_plural = "退单"


class ArbitrationRequest(TimeStampedModel):
    """申请审定: the lead unit asks the common superior to decide who handles the case.

    Made when the unit may no longer return the case (bound by 审定, or out of returns); decided by
    the dispatchers of a covering centre (信访工作条例 art. 24; 浙江省信访条例 art. 21). One open
    request per case; ``created_at`` is when it was made.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="arbitration_requests")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    centre = models.ForeignKey(
        "org.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="the centre asked to decide (at the case's level)",
    )
    reason = models.TextField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(max_length=12, choices=ArbitrationOutcome.choices, blank=True)
    assigned_unit = models.ForeignKey(
        "org.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="the unit the case went to (outcome reassigned)",
    )
    decision_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = "审定申请"
        verbose_name_plural = "审定申请"
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(decided_at__isnull=True), name="arbitration_request_one_open"
            ),
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True, outcome="")
                | (Q(decided_at__isnull=False) & ~Q(outcome="")),
                name="arbitration_request_outcome_when_decided",
            ),
        ]


class Extension(TimeStampedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField()
    reason = models.TextField()
    status = models.CharField(
        max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.REQUESTED
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="requested"), name="extension_one_open"
            ),
            models.CheckConstraint(condition=Q(days__gte=1), name="extension_days_positive"),
        ]


class Reply(TimeStampedModel):
    """答复; for a petition the 信访处理意见书 with its outcome and basis (信访工作条例 art. 32)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="replies")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=12, choices=ReplyOutcome.choices, blank=True)
    text = models.TextField()
    basis = models.TextField(blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    co_answers = models.JSONField(
        default=list, blank=True, help_text="联动办理: the co-units' sub-answers as they stood at the reply"
    )

    class Meta:
        verbose_name = "答复"
        verbose_name_plural = "答复"


class FollowUp(TimeStampedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    rating = models.CharField(max_length=20, choices=Rating.choices)
    comment = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "回访"
        verbose_name_plural = "回访"


class CaseRating(models.Model):
    """One rating of one answer, kept for good: a redo after 不满意 adds the next answer's rating
    beside it and erases nothing, so the first answer's satisfaction stays countable.

    ``answer_number`` is 1 for the first answer, 2 for the answer after the first redo, and so on;
    each answer is rated at most once. ``Case.rating`` / ``rated_at`` repeat the latest row.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="ratings")
    answer_number = models.PositiveSmallIntegerField(
        help_text="1 = the first answer, 2 = after the first redo …"
    )
    rating = models.CharField(max_length=20, choices=Rating.choices)
    source = models.CharField(max_length=12, choices=RatingSource.choices)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rated_at = models.DateTimeField(db_index=True)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = "满意度评价"
        verbose_name_plural = "满意度评价"
        constraints = [
            models.UniqueConstraint(fields=["case", "answer_number"], name="case_rating_once_per_answer"),
            models.CheckConstraint(
                condition=Q(answer_number__gte=1), name="case_rating_answer_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} #{self.answer_number} {self.rating}"


class ReviewRequest(TimeStampedModel):
    """复查 / 复核: asked within 30 days of the answer, answered within 30 days (arts. 35–36)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="review_requests")
    kind = models.CharField(max_length=12, choices=ReviewKind.choices)
    unit = models.ForeignKey(
        "org.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="the reviewing body in the system; empty when forwarded outside (external_body)",
    )
    external_body = models.CharField(
        max_length=100,
        blank=True,
        help_text="the higher authority outside the system (复核 of a district 复查)",
    )
    forwarded_at = models.DateTimeField(null=True, blank=True)
    received_on = models.DateField(
        null=True, blank=True, help_text="the date of the external body's opinion as received back"
    )
    reason = models.TextField()
    due_at = models.DateTimeField(db_index=True)
    opinion = models.TextField(blank=True)
    outcome = models.CharField(max_length=12, choices=ReplyOutcome.choices, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="who answered; for an external 复核, the centre staff who recorded its outcome",
    )

    class Meta:
        verbose_name = "复查复核"
        verbose_name_plural = "复查复核"
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="review_once_per_kind"),
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(external_body=""))
                | (Q(unit__isnull=True) & ~Q(external_body="")),
                name="review_body_inside_or_outside",
            ),
        ]


class HandlingNote(TimeStampedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    unit = models.ForeignKey("org.Unit", null=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"


class Notice(TimeStampedModel):
    """A document produced for the reporter or a unit, and its delivery on record."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    recipient = models.CharField(max_length=100, blank=True)
    address = models.CharField(max_length=200, blank=True, help_text="phone, e-mail or postal address")
    title = models.CharField(max_length=200)
    body = models.TextField()
    backend = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    delivered_at = models.DateTimeField(null=True, blank=True)
    delivery_detail = models.TextField(blank=True)

    class Meta:
        verbose_name = "告知/通知"
        verbose_name_plural = "告知/通知"
        indexes = [models.Index(fields=["status", "created_at"])]


class StaffRegisterEntry(TimeStampedModel):
    """A staff member's entry in the kinship register, so recusal (回避) can find their relatives."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="register_entry"
    )
    person = models.ForeignKey("kinship.Person", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "工作人员登记身份"
        verbose_name_plural = "工作人员登记身份"


class RecusalRequest(TimeStampedModel):
    """申请回避: the petitioner asks that the handler withdraw (浙江省信访条例 arts. 9, 27).

    Decided by the head of the lead unit; one open request per case.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recusal_requests")
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    grounds = models.TextField()
    requested_at = models.DateTimeField()
    requested_via = models.CharField(max_length=12, choices=RecusalChannel.choices)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    granted = models.BooleanField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = "回避申请"
        verbose_name_plural = "回避申请"
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(decided_at__isnull=True), name="recusal_request_one_open"
            ),
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True, granted__isnull=True)
                | Q(decided_at__isnull=False, granted__isnull=False),
                name="recusal_request_granted_when_decided",
            ),
        ]
