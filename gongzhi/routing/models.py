from __future__ import annotations

from django.db import models

from gongzhi.core.models import TimeStampedModel
from gongzhi.org.enums import RegionLevel


class Category(TimeStampedModel):
    """One node of the three-level category catalogue (一级/二级/三级分类)."""

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=60)
    depth = models.PositiveSmallIntegerField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    full_name = models.CharField(max_length=200, help_text="一级 / 二级 / 三级")
    pinyin_initials = models.CharField(max_length=60, blank=True, db_index=True)
    is_active = models.BooleanField(default=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = "事项分类"
        verbose_name_plural = "事项分类"
        constraints = [
            models.CheckConstraint(condition=models.Q(depth__gte=1, depth__lte=3), name="category_depth_1_3"),
            models.UniqueConstraint(fields=["parent", "name"], name="category_unique_name_in_parent"),
        ]

    def __str__(self) -> str:
        return self.full_name


class ResponsibilityRule(TimeStampedModel):
    """权责清单: for a category at a level, which unit has authority.

    Either a fixed ``unit`` (a district department), or a ``unit_function`` resolved in the
    case's locality (the 司法所 of the case's town), or neither: the centre at that level.
    The most specific category wins; among levels the lowest competent one is tried first (631).
    """

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="rules")
    level = models.CharField(
        max_length=12,
        choices=[
            (lv.value, lv.label) for lv in (RegionLevel.VILLAGE, RegionLevel.TOWN, RegionLevel.DISTRICT)
        ],
    )
    unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit_function = models.CharField(max_length=40, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "权责清单"
        verbose_name_plural = "权责清单"
        constraints = [
            models.UniqueConstraint(fields=["category", "level"], name="responsibility_one_rule_per_level"),
        ]

    def __str__(self) -> str:
        return f"{self.category} @ {self.get_level_display()}"
