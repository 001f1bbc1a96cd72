from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from gongzhi.core.models import TimeStampedModel
from gongzhi.org.enums import DutyKind, RegionLevel, Role, UnitKind


class Region(TimeStampedModel):
    """An administrative division: 区 → 镇街 → 村社 → 网格 → 微网格.

    ``path`` is the chain of codes from the district down ("330603000000/330603001000/…"), so a
    subtree is one indexed prefix query and scoping never walks the tree.
    """

    code = models.CharField(max_length=20, unique=True, help_text="统计用区划代码 (12 digits) or grid code")
    name = models.CharField(max_length=60)
    short_name = models.CharField(max_length=40, blank=True)
    level = models.CharField(max_length=12, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, db_index=True)
    urban_rural_code = models.CharField(max_length=3, blank=True, help_text="城乡分类代码 (111, 220 …)")
    population = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"

    def __str__(self) -> str:
        return self.name


class Unit(TimeStampedModel):
    """A body that handles cases: a centre, a department, a station, a mediation committee."""

    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=24, choices=UnitKind.choices)
    function = models.CharField(
        max_length=40,
        blank=True,
        db_index=True,
        help_text="Stable key of what the unit does (police, justice …), shared across towns",
    )
    level = models.CharField(max_length=12, choices=RegionLevel.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_active = models.BooleanField(default=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "单位"
        verbose_name_plural = "单位"
        indexes = [models.Index(fields=["kind", "level"])]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A staff member or a citizen. Staff act through memberships in units."""

    display_name = models.CharField(max_length=60, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    is_citizen = models.BooleanField(default=False)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username


class Membership(TimeStampedModel):
    """A person's role in a unit. One person may hold several roles in several units."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = "岗位"
        verbose_name_plural = "岗位"
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_role")
        ]
        indexes = [models.Index(fields=["unit", "role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"


class DutyShift(TimeStampedModel):
    """Who is on duty at a centre on a day: the rotating leader, or the secretary's reception day."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="duty_shifts")
    date = models.DateField()
    kind = models.CharField(max_length=20, choices=DutyKind.choices)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="duty_shifts")

    class Meta:
        ordering = ["date"]
        verbose_name = "值班安排"
        verbose_name_plural = "值班安排"
        constraints = [
            models.UniqueConstraint(fields=["unit", "date", "kind"], name="duty_one_per_unit_day_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.unit} {self.user}"
