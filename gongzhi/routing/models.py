from __future__ import annotations

from django.conf import settings
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


# --- smart intake: classifier registry, corrections, repeat index, hot issues ------------------


class ClassifierModel(TimeStampedModel):
    """A trained category classifier: one row per model file under ``settings.ROUTING_MODEL_DIR``.

    Exactly one row is current; the suggestion reads it, and falls back to the rule-based list
    when there is none, its file is missing, or it was trained on another catalogue (taxonomy hash).
    """

    version = models.CharField(max_length=40, unique=True)
    file_name = models.CharField(max_length=200)
    taxonomy_hash = models.CharField(max_length=64)
    trained_at = models.DateTimeField()
    source = models.CharField(max_length=200, help_text="cases, or the CSV file it was trained from")
    n_samples = models.PositiveIntegerField(default=0)
    labels = models.JSONField(default=list)
    metrics = models.JSONField(default=dict, blank=True, help_text="cross-validated figures")
    is_current = models.BooleanField(default=False)

    class Meta:
        ordering = ["-trained_at"]
        verbose_name = "分类模型"
        verbose_name_plural = "分类模型"
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=models.Q(is_current=True), name="classifier_one_current"
            )
        ]

    def __str__(self) -> str:
        return self.version


class RoutingCorrection(TimeStampedModel):
    """The clerk chose another category than the one suggested (or confirmed it): training feedback."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    suggested = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    model_version = models.CharField(max_length=40, blank=True)
    source = models.CharField(max_length=10, blank=True, help_text="model or rules")
    confidence = models.FloatField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "分类纠正"
        verbose_name_plural = "分类纠正"
        indexes = [models.Index(fields=["case", "created_at"])]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.suggested_id} → {self.chosen_id}"


class RepeatSignature(models.Model):
    """A case's entry in the repeat index: its MinHash signature and what the lookups filter on."""

    # Plain ids, not foreign keys: the index is derived data, rebuilt at will, and cases are never deleted.
    case_id = models.BigIntegerField(primary_key=True)
    registered_at = models.DateTimeField()
    town_id = models.BigIntegerField(null=True, blank=True)
    village_id = models.BigIntegerField(null=True, blank=True)
    signature = models.BinaryField(help_text="MinHash values, little-endian uint32")
    text_hash = models.CharField(max_length=32, blank=True, help_text="of the normalised text")
    keywords = models.CharField(max_length=400, blank=True, help_text="key terms with weights: 词:12.3 …")

    class Meta:
        verbose_name = "重复件索引"
        verbose_name_plural = "重复件索引"
        indexes = [
            models.Index(fields=["village_id", "registered_at"], name="repeat_sig_village_time"),
            models.Index(fields=["town_id", "registered_at"], name="repeat_sig_town_time"),
            models.Index(fields=["text_hash"], name="repeat_sig_text_hash"),
        ]

    def __str__(self) -> str:
        return f"case {self.case_id}"


class RepeatBand(models.Model):
    """One key of a case in the repeat index — an LSH band of its signature or one of its key
    terms: cases sharing a key are candidate repeats."""

    id = models.BigAutoField(primary_key=True)
    key = models.BigIntegerField()
    case_id = models.BigIntegerField()
    registered_at = models.DateTimeField()

    class Meta:
        verbose_name = "重复件索引分段"
        verbose_name_plural = "重复件索引分段"
        indexes = [
            models.Index(fields=["key", "registered_at"], name="repeat_band_key_time"),
            models.Index(fields=["case_id"], name="repeat_band_case"),
        ]

    def __str__(self) -> str:
        return f"case {self.case_id} band {self.key}"


class HotIssue(TimeStampedModel):
    """热点问题: recent cases about the same problem in the same place, ranked by a heat index."""

    key = models.CharField(max_length=64, unique=True, help_text="stable across recomputations")
    title = models.CharField(max_length=200)
    keywords = models.JSONField(default=list)
    region = models.ForeignKey(
        "org.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    heat = models.FloatField(db_index=True)
    case_count = models.PositiveIntegerField()
    people_count = models.PositiveIntegerField()
    growth = models.FloatField(default=0.0)
    likes = models.PositiveIntegerField(default=0)
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()
    case_ids = models.JSONField(default=list)
    sample_case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_active = models.BooleanField(default=True, db_index=True)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["-heat"]
        verbose_name = "热点问题"
        verbose_name_plural = "热点问题"

    def __str__(self) -> str:
        return self.title
