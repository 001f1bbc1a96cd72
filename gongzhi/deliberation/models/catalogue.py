"""The catalogue: decision bodies and their rules, procedures as step lists, matter types, experts.

All of it is data. A row with ``region`` empty is the default; a town or village may add a row
with the same ``code`` and its own ``region`` to override it (selectors pick the most local).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from gongzhi.core.models import TimeStampedModel
from gongzhi.deliberation.enums import (
    Basis,
    Comparison,
    ExpertField,
    Membership,
    PublicationKind,
    StepKind,
)
from gongzhi.deliberation.rules import Share
from gongzhi.kinship.enums import Predicate


def _scoped_unique(name: str) -> list[models.BaseConstraint]:
    return [
        models.UniqueConstraint(
            fields=["code"], condition=Q(region__isnull=True), name=f"{name}_default_code"
        ),
        models.UniqueConstraint(fields=["code", "region"], name=f"{name}_code_per_region"),
    ]


class Body(TimeStampedModel):
    """A deciding body (村民代表会议, 党员大会 …) with its quorum, majority and notice rules."""

    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=60)
    region = models.ForeignKey(
        "org.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    membership = models.CharField(max_length=20, choices=Membership.choices)
    quorum_numerator = models.PositiveSmallIntegerField(default=0)
    quorum_denominator = models.PositiveSmallIntegerField(default=1)
    quorum_comparison = models.CharField(
        max_length=10, choices=Comparison.choices, default=Comparison.AT_LEAST
    )
    # 村民会议 only: "or representatives of 2/3 以上 of the households" (组织法 art. 22).
    household_quorum_numerator = models.PositiveSmallIntegerField(null=True, blank=True)
    household_quorum_denominator = models.PositiveSmallIntegerField(null=True, blank=True)
    household_quorum_comparison = models.CharField(max_length=10, choices=Comparison.choices, blank=True)
    has_vote = models.BooleanField(default=True)
    majority_numerator = models.PositiveSmallIntegerField(default=1)
    majority_denominator = models.PositiveSmallIntegerField(default=2)
    majority_comparison = models.CharField(
        max_length=10, choices=Comparison.choices, default=Comparison.MORE_THAN
    )
    majority_basis = models.CharField(max_length=10, choices=Basis.choices, default=Basis.PRESENT)
    notice_days = models.PositiveSmallIntegerField(default=0, help_text="最短通知期（日）")
    legal_basis = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["code", "region_id"]
        verbose_name = "议事决策主体"
        verbose_name_plural = "议事决策主体"
        constraints = [
            *_scoped_unique("body"),
            models.CheckConstraint(
                condition=Q(quorum_denominator__gt=0) & Q(majority_denominator__gt=0),
                name="body_denominators",
            ),
            models.CheckConstraint(
                condition=Q(quorum_numerator__lte=models.F("quorum_denominator"))
                & Q(majority_numerator__lte=models.F("majority_denominator")),
                name="body_shares_at_most_whole",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def quorum(self) -> Share:
        return Share(self.quorum_numerator, self.quorum_denominator, self.quorum_comparison)

    @property
    def household_quorum(self) -> Share | None:
        if not self.household_quorum_numerator or not self.household_quorum_denominator:
            return None
        return Share(
            self.household_quorum_numerator,
            self.household_quorum_denominator,
            self.household_quorum_comparison or Comparison.AT_LEAST,
        )

    @property
    def majority(self) -> Share | None:
        if not self.has_vote:
            return None
        return Share(self.majority_numerator, self.majority_denominator, self.majority_comparison)


class Procedure(TimeStampedModel):
    """A named step list: 四议两公开 by default, local variants beside it."""

    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=60)
    region = models.ForeignKey(
        "org.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(blank=True)
    is_confirmed = models.BooleanField(
        default=True, help_text="False: the steps follow a secondary or unconfirmed source"
    )

    class Meta:
        ordering = ["code", "region_id"]
        verbose_name = "议事程序"
        verbose_name_plural = "议事程序"
        constraints = _scoped_unique("procedure")

    def __str__(self) -> str:
        return self.name


class ProcedureStep(TimeStampedModel):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=60)
    kind = models.CharField(max_length=12, choices=StepKind.choices)
    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    publication_kind = models.CharField(max_length=10, choices=PublicationKind.choices, blank=True)
    is_decision = models.BooleanField(default=False, help_text="Passing this step decides the matter")

    class Meta:
        ordering = ["procedure_id", "order"]
        verbose_name = "程序步骤"
        verbose_name_plural = "程序步骤"
        constraints = [
            models.UniqueConstraint(fields=["procedure", "order"], name="procedure_step_order"),
            models.CheckConstraint(
                condition=(Q(kind=StepKind.MEETING) & Q(body__isnull=False))
                | (Q(kind=StepKind.PUBLICATION) & Q(body__isnull=True) & ~Q(publication_kind="")),
                name="procedure_step_kind_fields",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class MatterType(TimeStampedModel):
    """A kind of village business that must be deliberated, and how."""

    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=60)
    region = models.ForeignKey(
        "org.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="matter_types")
    deciding_body = models.ForeignKey(
        Body,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Replaces the body of the procedure's deciding step (e.g. 村民会议 for 村规民约)",
    )
    involves_tender = models.BooleanField(default=False)
    expert_fields = models.JSONField(default=list, blank=True, help_text=f"Of {list(ExpertField.values)}")
    exclusion_predicate = models.CharField(
        max_length=20, choices=Predicate.choices, default=Predicate.RECUSAL_RELATIVE
    )
    legal_basis = models.CharField(max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "code", "region_id"]
        verbose_name = "议事事项类型"
        verbose_name_plural = "议事事项类型"
        constraints = _scoped_unique("matter_type")

    def __str__(self) -> str:
        return self.name


class Expert(TimeStampedModel):
    """One entry of a town's (or village's) expert pool."""

    person = models.ForeignKey("kinship.Person", on_delete=models.PROTECT, related_name="+")
    field = models.CharField(max_length=16, choices=ExpertField.choices)
    region = models.ForeignKey("org.Region", on_delete=models.PROTECT, related_name="+")
    organisation = models.CharField(max_length=100, blank=True)
    title = models.CharField(max_length=60, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["region_id", "field", "id"]
        verbose_name = "专家库成员"
        verbose_name_plural = "专家库成员"
        constraints = [
            models.UniqueConstraint(fields=["person", "field", "region"], name="expert_unique_per_pool")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_field_display()})"
