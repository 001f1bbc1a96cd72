from __future__ import annotations

from django.conf import settings
from django.db import models

from gongzhi.core.models import TimeStampedModel
from gongzhi.drones.enums import (
    DetectionSource,
    DetectionStatus,
    DockStatus,
    FlightPurpose,
    FlightStatus,
    Frequency,
    PhotoRange,
    PlanStatus,
    RequestStatus,
    TargetKind,
    TaskType,
    UnservedReason,
    ZoneKind,
    ZoneSource,
)


class Dock(TimeStampedModel):
    """机巢/机场: where aircraft take off, land and recharge. Coordinates are WGS-84."""

    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="docks")
    region = models.ForeignKey("org.Region", on_delete=models.PROTECT, related_name="docks")
    lng = models.FloatField()
    lat = models.FloatField()
    radius_m = models.PositiveIntegerField(default=5000, help_text="作业半径; vendor 7–10 km, 3–5 km safer")
    status = models.CharField(max_length=16, choices=DockStatus.choices, default=DockStatus.IDLE)
    status_note = models.CharField(max_length=200, blank=True)
    max_wind_mps = models.FloatField(default=8.0, help_text="Dock 2: 8 m/s, Dock 3: 12 m/s")
    wind_mps = models.FloatField(default=0.0)
    is_raining = models.BooleanField(default=False)
    weather_at = models.DateTimeField(null=True, blank=True)
    open_time = models.TimeField(default="07:00")
    close_time = models.TimeField(default="19:00")
    recharge_s = models.PositiveIntegerField(default=1800)
    takeoff_s = models.PositiveIntegerField(default=120, help_text="door open to airborne, for ETAs")

    class Meta:
        ordering = ["code"]
        verbose_name = "机巢"
        verbose_name_plural = "机巢"
        constraints = [
            models.CheckConstraint(condition=models.Q(radius_m__gt=0), name="dock_radius_positive")
        ]

    def __str__(self) -> str:
        return self.name


class Aircraft(TimeStampedModel):
    dock = models.ForeignKey(Dock, on_delete=models.PROTECT, related_name="aircraft")
    code = models.CharField(max_length=40, unique=True)
    model = models.CharField(max_length=60)
    endurance_s = models.PositiveIntegerField(help_text="rated maximum flight time (e.g. Matrice 3D: 50 min)")
    cruise_speed_mps = models.FloatField(default=12.0)
    max_speed_mps = models.FloatField(default=21.0)
    camera = models.CharField(max_length=100, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "无人机"
        verbose_name_plural = "无人机"
        constraints = [
            models.CheckConstraint(condition=models.Q(cruise_speed_mps__gt=0), name="aircraft_speed_positive")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.model}"


class Pilot(TimeStampedModel):
    """飞手: a licensed remote pilot (art. 16 licence for small and larger aircraft)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pilot")
    licence_number = models.CharField(max_length=60)
    licence_class = models.CharField(max_length=40, blank=True)
    licence_valid_until = models.DateField()
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = "飞手"
        verbose_name_plural = "飞手"

    def __str__(self) -> str:
        return str(self.user)


class PilotShift(models.Model):
    """The on-duty roster: a pilot watches a dock on a day."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="shifts")
    dock = models.ForeignKey(Dock, on_delete=models.CASCADE, related_name="shifts")
    day = models.DateField(db_index=True)

    class Meta:
        ordering = ["day"]
        verbose_name = "飞手值班"
        verbose_name_plural = "飞手值班"
        constraints = [models.UniqueConstraint(fields=["pilot", "dock", "day"], name="pilot_shift_unique")]

    def __str__(self) -> str:
        return f"{self.day} {self.pilot} @ {self.dock}"


class AirspaceZone(TimeStampedModel):
    """禁飞区 / 限飞区 as polygons with an altitude limit (``ceiling_m``: 0 = no flight at all)."""

    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=12, choices=ZoneKind.choices)
    source = models.CharField(max_length=12, choices=ZoneSource.choices, default=ZoneSource.OTHER)
    ceiling_m = models.FloatField(default=0.0)
    geometry = models.JSONField(help_text="GeoJSON Polygon/MultiPolygon, WGS-84")
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "管制空域"
        verbose_name_plural = "管制空域"
        constraints = [
            models.CheckConstraint(condition=models.Q(ceiling_m__gte=0), name="zone_ceiling_not_negative"),
            models.CheckConstraint(
                condition=~models.Q(kind="no_fly") | models.Q(ceiling_m=0), name="zone_no_fly_has_no_ceiling"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class InspectionRequest(TimeStampedModel):
    """巡查需求: a department's standing request to look at a target (point, line or area)."""

    department = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="inspection_requests")
    title = models.CharField(max_length=120)
    task_type = models.CharField(max_length=24, choices=TaskType.choices)
    category = models.ForeignKey(
        "routing.Category",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="the case category a confirmed finding is routed by",
    )
    target_kind = models.CharField(max_length=8, choices=TargetKind.choices)
    geometry = models.JSONField(help_text="GeoJSON Point/LineString/Polygon, WGS-84")
    site_key = models.CharField(max_length=60, blank=True, db_index=True, help_text="shared site, one visit")
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    weekday = models.PositiveSmallIntegerField(null=True, blank=True, help_text="0 = Monday, for weekly")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    window_start = models.TimeField(null=True, blank=True)
    window_end = models.TimeField(null=True, blank=True)
    dwell_s = models.PositiveIntegerField(default=60)
    status = models.CharField(max_length=8, choices=RequestStatus.choices, default=RequestStatus.ACTIVE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["department__code", "title"]
        verbose_name = "巡查需求"
        verbose_name_plural = "巡查需求"
        indexes = [models.Index(fields=["status", "start_date"])]

    def __str__(self) -> str:
        return self.title


class FlightPlan(TimeStampedModel):
    """综合飞一次: one day's combined plan, with the per-department baseline beside it."""

    day = models.DateField(db_index=True)
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    flight_count = models.PositiveIntegerField(default=0)
    flight_time_s = models.PositiveIntegerField(default=0)
    distance_m = models.PositiveIntegerField(default=0)
    visits = models.PositiveIntegerField(default=0)
    tasks_served = models.PositiveIntegerField(default=0)
    tasks_unserved = models.PositiveIntegerField(default=0)
    solve_seconds = models.FloatField(default=0.0)
    baseline = models.JSONField(default=dict, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    parameters = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = "飞行计划"
        verbose_name_plural = "飞行计划"

    @property
    def tasks_per_flight_hour(self) -> float:
        return self.tasks_served / (self.flight_time_s / 3600) if self.flight_time_s else 0.0


class Flight(TimeStampedModel):
    """One sortie: planned by a plan, or launched for an emergency; the log fills as it flies."""

    plan = models.ForeignKey(
        FlightPlan, null=True, blank=True, on_delete=models.CASCADE, related_name="flights"
    )
    dock = models.ForeignKey(Dock, on_delete=models.PROTECT, related_name="flights")
    aircraft = models.ForeignKey(
        Aircraft, null=True, blank=True, on_delete=models.PROTECT, related_name="flights"
    )
    pilot = models.ForeignKey(Pilot, null=True, blank=True, on_delete=models.PROTECT, related_name="flights")
    purpose = models.CharField(max_length=10, choices=FlightPurpose.choices, default=FlightPurpose.PATROL)
    status = models.CharField(max_length=10, choices=FlightStatus.choices, default=FlightStatus.PLANNED)
    sortie = models.PositiveSmallIntegerField(default=0)
    planned_takeoff = models.DateTimeField()
    planned_landing = models.DateTimeField()
    takeoff_at = models.DateTimeField(null=True, blank=True)
    landing_at = models.DateTimeField(null=True, blank=True)
    distance_m = models.PositiveIntegerField(default=0)
    path = models.JSONField(default=list, blank=True, help_text="planned [[lng, lat], …] WGS-84")
    track = models.JSONField(default=list, blank=True, help_text="flown [[lng, lat, alt_m, unix s], …]")
    incident_lng = models.FloatField(null=True, blank=True)
    incident_lat = models.FloatField(null=True, blank=True)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["planned_takeoff", "id"]
        verbose_name = "架次"
        verbose_name_plural = "架次"
        indexes = [models.Index(fields=["dock", "planned_takeoff"])]


class FlightStop(models.Model):
    flight = models.ForeignKey(Flight, on_delete=models.CASCADE, related_name="stops")
    order = models.PositiveSmallIntegerField()
    lng = models.FloatField()
    lat = models.FloatField()
    arrive_at = models.DateTimeField()
    depart_at = models.DateTimeField()
    requests = models.ManyToManyField(InspectionRequest, related_name="stops")

    class Meta:
        ordering = ["flight", "order"]
        constraints = [models.UniqueConstraint(fields=["flight", "order"], name="flight_stop_order_unique")]

    def __str__(self) -> str:
        return f"{self.flight_id}#{self.order}"


class UnservedTarget(models.Model):
    plan = models.ForeignKey(FlightPlan, on_delete=models.CASCADE, related_name="unserved")
    request = models.ForeignKey(InspectionRequest, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=20, choices=UnservedReason.choices)
    message = models.CharField(max_length=300)

    def __str__(self) -> str:
        return f"{self.request_id}: {self.get_reason_display()}"


class DetectionSite(TimeStampedModel):
    """One place where detections of one kind repeat: grouped, so one site is one case at most."""

    task_type = models.CharField(max_length=24, choices=TaskType.choices)
    lng = models.FloatField()
    lat = models.FloatField()
    grid = models.ForeignKey("grid.Grid", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("org.Region", on_delete=models.PROTECT, related_name="+")
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    detection_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=12, choices=DetectionStatus.choices, default=DetectionStatus.PENDING)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-last_seen"]
        verbose_name = "识别点位"
        verbose_name_plural = "识别点位"
        indexes = [models.Index(fields=["task_type", "lng", "lat"])]


class Detection(TimeStampedModel):
    """识别: what a flight's AI (or a pilot) found, with its photos, waiting for a grid worker's check."""

    site = models.ForeignKey(DetectionSite, on_delete=models.PROTECT, related_name="detections")
    flight = models.ForeignKey(
        Flight, null=True, blank=True, on_delete=models.PROTECT, related_name="detections"
    )
    dock = models.ForeignKey(Dock, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=14, choices=DetectionSource.choices)
    external_id = models.CharField(
        max_length=80, blank=True, help_text="the dock software's id (idempotency)"
    )
    task_type = models.CharField(max_length=24, choices=TaskType.choices)
    confidence = models.FloatField()
    lng = models.FloatField()
    lat = models.FloatField()
    detected_at = models.DateTimeField(db_index=True)
    status = models.CharField(max_length=12, choices=DetectionStatus.choices, default=DetectionStatus.PENDING)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verification_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-detected_at"]
        verbose_name = "识别结果"
        verbose_name_plural = "识别结果"
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~models.Q(external_id=""),
                name="detection_external_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(confidence__gte=0, confidence__lte=1), name="detection_confidence_0_1"
            ),
        ]


def _photo_path(instance: DetectionPhoto, filename: str) -> str:
    suffix = filename[filename.rfind(".") :]
    return f"drones/{instance.detection_id}/{instance.range}-{instance.sha256[:16]}{suffix}"


class DetectionPhoto(models.Model):
    """远景/中景/近景 photos, stored outside the web root, with the camera's metadata."""

    detection = models.ForeignKey(Detection, on_delete=models.CASCADE, related_name="photos")
    range = models.CharField(max_length=8, choices=PhotoRange.choices)
    file = models.FileField(upload_to=_photo_path)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    taken_at = models.DateTimeField(null=True, blank=True)
    metadata = models.JSONField(default=dict, blank=True, help_text="altitude, heading, gimbal, camera …")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["detection", "range"], name="detection_photo_one_per_range")
        ]

    def __str__(self) -> str:
        return f"{self.detection_id} {self.get_range_display()}"
