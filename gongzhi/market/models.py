"""The idle land and factory market (网上超市): enterprises, listings, demands, contacts, deals."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from gongzhi.core.models import TimeStampedModel
from gongzhi.market.enums import (
    ContactChannel,
    ContactOutcome,
    DealMode,
    DemandMode,
    DemandStatus,
    EnterpriseKind,
    Industry,
    LandUse,
    ListingKind,
    ListingStatus,
)


class Enterprise(TimeStampedModel):
    """An enterprise (or the county's own platform) that lists space or looks for it."""

    name = models.CharField(max_length=100)
    credit_code = models.CharField(max_length=18, blank=True, help_text="统一社会信用代码")
    kind = models.CharField(max_length=12, choices=EnterpriseKind.choices, default=EnterpriseKind.ENTERPRISE)
    industry = models.CharField(max_length=20, choices=Industry.choices, default=Industry.OTHER)
    region = models.ForeignKey("org.Region", on_delete=models.PROTECT, related_name="+")
    contact_name = models.CharField(max_length=40, blank=True)
    contact_phone = models.CharField(max_length=20, blank=True)
    is_generated = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = "企业"
        verbose_name_plural = "企业"
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"], name="enterprise_unique_credit_code", condition=~Q(credit_code="")
            )
        ]

    def __str__(self) -> str:
        return self.name


class Listing(TimeStampedModel):
    """Idle land (area in 亩) or factory space (area in m²) on offer.

    ``unit_price`` is per area unit: land 万元/亩 (transfer) or 万元/亩·年 (rent); factory space
    元/m² (transfer) or 元/m²·月 (rent). A demand's budget is in the same unit, so they compare.
    Published (visible to the public) only once the economic bureau has verified it.
    """

    code = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=14, choices=ListingKind.choices)
    title = models.CharField(max_length=100)
    lister = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="listings")
    region = models.ForeignKey("org.Region", on_delete=models.PROTECT, related_name="+")
    address = models.CharField(max_length=200)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    deal_mode = models.CharField(max_length=10, choices=DealMode.choices)
    unit_price = models.DecimalField(max_digits=12, decimal_places=2)
    area = models.DecimalField(max_digits=12, decimal_places=2)
    area_let = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    land_use = models.CharField(max_length=12, choices=LandUse.choices, blank=True)
    floors = models.PositiveSmallIntegerField(null=True, blank=True)
    floor_load_kn = models.DecimalField(
        max_digits=6, decimal_places=1, null=True, blank=True, help_text="楼面荷载 kN/m²"
    )
    power_kva = models.PositiveIntegerField(null=True, blank=True, help_text="供电容量 kVA")
    energy_quota_tce = models.DecimalField(
        max_digits=10, decimal_places=1, null=True, blank=True, help_text="能耗指标 吨标煤/年"
    )
    allowed_industries = models.JSONField(default=list, blank=True, help_text="empty: any industry")
    conditions = models.TextField(blank=True)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=ListingStatus.choices, default=ListingStatus.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verification_note = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_generated = models.BooleanField(default=False)

    class Meta:
        ordering = ["-published_at", "code"]
        verbose_name = "挂牌资源"
        verbose_name_plural = "挂牌资源"
        indexes = [models.Index(fields=["status", "kind"]), models.Index(fields=["region", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(area__gt=0), name="listing_area_positive"),
            models.CheckConstraint(
                condition=Q(area_let__gte=0, area_let__lte=F("area")), name="listing_let_within_area"
            ),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="listing_price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def area_unit(self) -> str:
        return "亩" if self.kind == ListingKind.IDLE_LAND else "m²"

    @property
    def area_digits(self) -> int:
        """Land is shown to the hundredth of a mu, factory space to the square metre."""
        return 2 if self.kind == ListingKind.IDLE_LAND else 0

    @property
    def area_free(self) -> Decimal:
        return Decimal(self.area) - Decimal(self.area_let)

    @property
    def price_unit(self) -> str:
        return price_unit(self.kind, self.deal_mode)

    @property
    def allowed_industry_labels(self) -> list[str]:
        labels = dict(Industry.choices)
        return [str(labels.get(code, code)) for code in self.allowed_industries or []]


def price_unit(kind: str, mode: str) -> str:
    if kind == ListingKind.IDLE_LAND:
        return "万元/亩" if mode == DealMode.TRANSFER else "万元/亩·年"
    return "元/m²" if mode == DealMode.TRANSFER else "元/m²·月"


class ListingPhoto(TimeStampedModel):
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="market/photos/%Y/%m/")
    caption = models.CharField(max_length=100, blank=True)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    order = models.PositiveSmallIntegerField(default=0)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["listing", "order", "id"]
        verbose_name = "照片"
        verbose_name_plural = "照片"

    def __str__(self) -> str:
        return self.caption or f"photo {self.pk}"


class Demand(TimeStampedModel):
    """An enterprise looking for land or factory space (area in the listing kind's unit)."""

    code = models.CharField(max_length=20, unique=True)
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="demands")
    kind = models.CharField(max_length=14, choices=ListingKind.choices)
    deal_mode = models.CharField(max_length=10, choices=DemandMode.choices, default=DemandMode.EITHER)
    area_min = models.DecimalField(max_digits=12, decimal_places=2)
    area_max = models.DecimalField(max_digits=12, decimal_places=2)
    industry = models.CharField(max_length=20, choices=Industry.choices)
    max_unit_price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    preferred_regions = models.ManyToManyField("org.Region", blank=True, related_name="+")
    near_latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    near_longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    max_distance_km = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    min_power_kva = models.PositiveIntegerField(null=True, blank=True)
    needed_by = models.DateField(null=True, blank=True)
    expected_output_wan = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, help_text="预计年产值（万元）"
    )
    description = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=DemandStatus.choices, default=DemandStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_generated = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "code"]
        verbose_name = "用地需求"
        verbose_name_plural = "用地需求"
        indexes = [models.Index(fields=["status", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(area_min__gt=0, area_max__gte=F("area_min")), name="demand_area_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.enterprise}"

    @property
    def price_unit(self) -> str:
        """The unit of the budget (a budget is only given with rent or transfer)."""
        return "" if self.deal_mode == DemandMode.EITHER else price_unit(self.kind, self.deal_mode)


class Contact(TimeStampedModel):
    """对接: a meeting of a demand with a listing, and how it went."""

    listing = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="contacts")
    demand = models.ForeignKey(Demand, on_delete=models.PROTECT, related_name="contacts")
    held_on = models.DateField()
    channel = models.CharField(max_length=12, choices=ContactChannel.choices)
    outcome = models.CharField(max_length=14, choices=ContactOutcome.choices)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "对接记录"
        verbose_name_plural = "对接记录"

    def __str__(self) -> str:
        return f"{self.listing.code} ↔ {self.demand.code} {self.held_on}"


class Deal(TimeStampedModel):
    """A landed project: the area taken (in the listing's unit, and in m²) and the expected output."""

    listing = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="deals")
    demand = models.ForeignKey(Demand, on_delete=models.PROTECT, related_name="deals")
    signed_on = models.DateField()
    area = models.DecimalField(max_digits=12, decimal_places=2)
    area_m2 = models.DecimalField(max_digits=12, decimal_places=2)
    expected_output_wan = models.DecimalField(max_digits=12, decimal_places=2, help_text="预计年产值（万元）")
    investment_wan = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = "落地项目"
        verbose_name_plural = "落地项目"
        constraints = [
            models.UniqueConstraint(fields=["listing", "demand"], name="deal_once_per_pair"),
            models.CheckConstraint(condition=Q(area__gt=0, area_m2__gt=0), name="deal_area_positive"),
            models.CheckConstraint(condition=Q(expected_output_wan__gte=0), name="deal_output_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.listing.code} → {self.demand.enterprise}"
