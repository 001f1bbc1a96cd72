from __future__ import annotations

from django.conf import settings
from django.db import models

from gongzhi.core.models import TimeStampedModel
from gongzhi.grid.enums import DedicatedKind, GridKind, GridRole, PatrolStatus, ReportKind, ReportStatus


class Grid(TimeStampedModel):
    """A grid's shape and figures; its place in the tree is its ``Region`` (level grid / micro_grid).

    ``geometry`` is a GeoJSON Polygon or MultiPolygon in WGS-84; the bounding box is stored so a
    map request can filter by viewport without reading every shape.
    """

    region = models.OneToOneField("org.Region", on_delete=models.PROTECT, related_name="grid")
    village = models.ForeignKey("org.Region", on_delete=models.PROTECT, related_name="village_grids")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="micro_grids"
    )
    kind = models.CharField(max_length=12, choices=GridKind.choices)
    dedicated_kind = models.CharField(max_length=12, choices=DedicatedKind.choices, blank=True)
    households = models.PositiveIntegerField(default=0)
    residents = models.PositiveIntegerField(default=0)
    geometry = models.JSONField(help_text="GeoJSON Polygon/MultiPolygon, WGS-84")
    min_lng = models.FloatField()
    min_lat = models.FloatField()
    max_lng = models.FloatField()
    max_lat = models.FloatField()
    centre_lng = models.FloatField()
    centre_lat = models.FloatField()
    is_generated = models.BooleanField(
        default=False, help_text="Demo shape generated inside the district outline, not a surveyed boundary"
    )
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["region__code"]
        verbose_name = "网格"
        verbose_name_plural = "网格"
        indexes = [models.Index(fields=["min_lng", "max_lng", "min_lat", "max_lat"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_lng__lte=models.F("max_lng"), min_lat__lte=models.F("max_lat")),
                name="grid_bbox_ordered",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="dedicated") | ~models.Q(dedicated_kind=""),
                name="grid_dedicated_has_kind",
            ),
        ]

    def __str__(self) -> str:
        return str(self.region)


class GridMember(TimeStampedModel):
    grid = models.ForeignKey(Grid, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grid_roles")
    role = models.CharField(max_length=24, choices=GridRole.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = "网格人员"
        verbose_name_plural = "网格人员"
        constraints = [
            models.UniqueConstraint(fields=["grid", "user", "role"], name="grid_member_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.grid} · {self.user} · {self.get_role_display()}"


class Patrol(TimeStampedModel):
    """巡查: one walk of a grid worker, with the GPS track and the check-ins (打卡)."""

    grid = models.ForeignKey(Grid, on_delete=models.PROTECT, related_name="patrols")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="patrols")
    status = models.CharField(max_length=8, choices=PatrolStatus.choices, default=PatrolStatus.OPEN)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    track = models.JSONField(default=list, blank=True, help_text="[[lng, lat, unix seconds], …] WGS-84")
    distance_m = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "巡查"
        verbose_name_plural = "巡查"
        constraints = [
            models.UniqueConstraint(
                fields=["worker"], condition=models.Q(status="open"), name="patrol_one_open_per_worker"
            )
        ]


class CheckIn(models.Model):
    patrol = models.ForeignKey(Patrol, on_delete=models.CASCADE, related_name="check_ins")
    at = models.DateTimeField()
    lng = models.FloatField()
    lat = models.FloatField()
    is_inside_grid = models.BooleanField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at"]
        verbose_name = "打卡"
        verbose_name_plural = "打卡"

    def __str__(self) -> str:
        return f"{self.patrol_id} {self.at:%H:%M}"


class GridReport(TimeStampedModel):
    """网格上报: either 即采即办 (fixed on the spot, then verified) or an event that becomes a case."""

    grid = models.ForeignKey(Grid, on_delete=models.PROTECT, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grid_reports"
    )
    kind = models.CharField(max_length=12, choices=ReportKind.choices)
    status = models.CharField(max_length=24, choices=ReportStatus.choices)
    subject = models.CharField(max_length=200)
    description = models.TextField()
    category = models.ForeignKey(
        "routing.Category", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lng = models.FloatField()
    lat = models.FloatField()
    reported_at = models.DateTimeField(db_index=True)
    action_taken = models.TextField(blank=True, help_text="即采即办: what was done on the spot")
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verification_note = models.TextField(blank=True)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-reported_at"]
        verbose_name = "网格上报"
        verbose_name_plural = "网格上报"
        indexes = [models.Index(fields=["status", "grid"])]

    def __str__(self) -> str:
        return self.subject
