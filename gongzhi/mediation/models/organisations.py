from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongzhi.core.models import TimeStampedModel
from gongzhi.mediation.enums import Gender, MemberPosition, OrganisationType, StudioRating

LEVEL_CHOICES = [("village", "村社"), ("town", "镇街"), ("district", "区县")]


class MediationOrganisation(TimeStampedModel):
    """The profile of a mediation organisation.

    Committees are org ``Unit``s (kind mediation_committee) and get one profile each; a town
    committee's secretariat, the town's 司法所, is its ``host_unit`` and holds its cases. A studio
    (调解工作室) is not a unit of its own: it sits in a ``host_unit`` (a centre or committee).
    """

    code = models.CharField(max_length=60, unique=True)
    name = models.CharField(max_length=100)
    org_type = models.CharField(max_length=20, choices=OrganisationType.choices)
    level = models.CharField(max_length=12, choices=LEVEL_CHOICES)
    region = models.ForeignKey("org.Region", on_delete=models.PROTECT, related_name="+")
    region_path = models.CharField(max_length=255, db_index=True)
    unit = models.OneToOneField(
        "org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="mediation_profile"
    )
    host_unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    namesake = models.CharField(max_length=60, blank=True, help_text="the person a studio is named after")
    theme = models.CharField(max_length=60, blank=True, help_text="the theme a studio is named after")
    rating = models.CharField(max_length=20, choices=StudioRating.choices, blank=True)
    is_featured = models.BooleanField(default=False, help_text="特色调解工作室")
    term_start = models.DateField(null=True, blank=True)
    term_end = models.DateField(null=True, blank=True)
    is_multi_ethnic_area = models.BooleanField(
        default=False, help_text="人民调解法 art. 8: a minority member is then required"
    )
    specialities = models.ManyToManyField("mediation.DisputeType", blank=True, related_name="organisations")
    languages = models.JSONField(default=list, blank=True)
    address = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "调解组织"
        verbose_name_plural = "调解组织"
        indexes = [models.Index(fields=["org_type", "level"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_gold(self) -> bool:
        return self.rating == StudioRating.PROVINCIAL_GOLD


class Mediator(TimeStampedModel):
    """调解员: linked to the kinship register's ``Person`` (for conflict checks) and, when they
    use the workbench, to a ``User``."""

    person = models.ForeignKey("kinship.Person", on_delete=models.PROTECT, related_name="+")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mediator_profile",
    )
    name = models.CharField(max_length=60)
    gender = models.CharField(max_length=8, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(max_length=20, blank=True, default="汉族")
    nationality = models.CharField(max_length=40, blank=True, default="中国")
    phone = models.CharField(max_length=20, blank=True)
    title = models.CharField(max_length=60, blank=True, help_text="金牌调解员, 洋娘舅 …")
    specialities = models.ManyToManyField("mediation.DisputeType", blank=True, related_name="mediators")
    languages = models.JSONField(default=list, blank=True, help_text="language codes: zh, en, ar …")
    home_region = models.ForeignKey("org.Region", on_delete=models.PROTECT, related_name="+")
    regions_covered = models.ManyToManyField("org.Region", blank=True, related_name="+")
    max_load = models.PositiveSmallIntegerField(default=5)
    bio = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "调解员"
        verbose_name_plural = "调解员"
        constraints = [models.UniqueConstraint(fields=["person"], name="mediator_one_per_person")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_foreign(self) -> bool:
        return bool(self.nationality) and self.nationality not in ("中国", "CN", "China")


class OrganisationMember(TimeStampedModel):
    """A mediator's place in an organisation: chair, vice-chair, member, or appointed mediator."""

    organisation = models.ForeignKey(MediationOrganisation, on_delete=models.CASCADE, related_name="members")
    mediator = models.ForeignKey(Mediator, on_delete=models.CASCADE, related_name="memberships")
    position = models.CharField(max_length=12, choices=MemberPosition.choices)
    term_start = models.DateField(null=True, blank=True)
    term_end = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = "调解组织成员"
        verbose_name_plural = "调解组织成员"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "mediator"], condition=Q(is_active=True), name="org_member_once"
            )
        ]


class MediatorUnavailability(TimeStampedModel):
    """The availability calendar: a mediator is available on working days except these periods."""

    mediator = models.ForeignKey(Mediator, on_delete=models.CASCADE, related_name="unavailability")
    start = models.DateField()
    end = models.DateField()
    reason = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["start"]
        verbose_name = "调解员不可用时段"
        verbose_name_plural = "调解员不可用时段"
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="unavailability_ordered")
        ]


class ConflictDeclaration(TimeStampedModel):
    """A mediator's recorded conflict of interest: with a person, or with one mediation."""

    mediator = models.ForeignKey(Mediator, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey(
        "kinship.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(max_length=100, blank=True)
    id_number = models.CharField(max_length=18, blank=True)
    mediation = models.ForeignKey(
        "mediation.Mediation", null=True, blank=True, on_delete=models.CASCADE, related_name="declarations"
    )
    reason = models.TextField()
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = "利益冲突声明"
        verbose_name_plural = "利益冲突声明"
