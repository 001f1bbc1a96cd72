"""A campaign, its categories, its clusters (片组) and who takes part."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from gongzhi.campaigns.enums import CampaignRole, CampaignStatus
from gongzhi.core.models import TimeStampedModel


class Campaign(TimeStampedModel):
    """One run of a problem-solving campaign in a county, e.g. 百名科长破百难 2026."""

    name = models.CharField(max_length=100)
    year = models.PositiveSmallIntegerField()
    region = models.ForeignKey("org.Region", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField()
    status = models.CharField(max_length=12, choices=CampaignStatus.choices, default=CampaignStatus.ACTIVE)
    description = models.TextField(blank=True)
    is_generated = models.BooleanField(default=False)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = "破题活动"
        verbose_name_plural = "破题活动"
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="campaign_unique_name"),
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="campaign_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.name


class ProjectCategory(TimeStampedModel):
    """A project category of one campaign (经济发展 / 民生实事 / 基层治理 by default)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="categories")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=40)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["campaign", "order", "code"]
        verbose_name = "项目类别"
        verbose_name_plural = "项目类别"
        constraints = [models.UniqueConstraint(fields=["campaign", "code"], name="category_unique_code")]

    def __str__(self) -> str:
        return self.name


class Cluster(TimeStampedModel):
    """A cluster group (片组) of participating units, paired with a division of the organisation
    department (联系科室) whose staff are its coordinators."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="clusters")
    name = models.CharField(max_length=40)
    liaison_division = models.CharField(max_length=60, help_text="组织部联系科室, e.g. 干部一科")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["campaign", "order", "name"]
        verbose_name = "片组"
        verbose_name_plural = "片组"
        constraints = [models.UniqueConstraint(fields=["campaign", "name"], name="cluster_unique_name")]

    def __str__(self) -> str:
        return self.name


class CampaignUnit(TimeStampedModel):
    """A unit taking part in a campaign, in one cluster."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participants")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="participants")

    class Meta:
        ordering = ["cluster__order", "unit__code"]
        verbose_name = "参与单位"
        verbose_name_plural = "参与单位"
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="campaign_unit_once")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.cluster}"


class CampaignMember(TimeStampedModel):
    """A campaign role held by a person: the organisers, a cluster's coordinators, the county leaders."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=12, choices=CampaignRole.choices)
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.CASCADE, related_name="members"
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = "活动岗位"
        verbose_name_plural = "活动岗位"
        constraints = [
            models.CheckConstraint(
                condition=Q(role=CampaignRole.COORDINATOR, cluster__isnull=False)
                | (~Q(role=CampaignRole.COORDINATOR) & Q(cluster__isnull=True)),
                name="campaign_member_cluster_iff_coordinator",
            ),
            models.UniqueConstraint(
                fields=["campaign", "user", "role", "cluster"],
                name="campaign_member_unique_cluster_role",
                condition=Q(cluster__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["campaign", "user", "role"],
                name="campaign_member_unique_role",
                condition=Q(cluster__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"
