from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("audit events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("audit events are append-only")


class AuditEvent(models.Model):
    """One change, appended in the same transaction as the change itself; never edited.

    ``subject_type``/``subject_id`` name what changed (``case``/42); the case timeline and
    every other history read from here.
    """

    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=100, blank=True)
    subject_type = models.CharField(max_length=40)
    subject_id = models.BigIntegerField()
    action = models.CharField(max_length=60)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["subject_type", "subject_id", "occurred_at"])]
        ordering = ["occurred_at", "id"]
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"

    def __str__(self) -> str:
        return f"{self.subject_type}#{self.subject_id} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("audit events are append-only")


class CalendarYear(TimeStampedModel):
    """A year whose official holiday schedule (国务院办公厅 notice) an administrator entered.

    Entered years take precedence over the holiday library; a year with neither an entry nor
    library data for its make-up working days is provisional.
    """

    year = models.PositiveSmallIntegerField(unique=True)
    is_confirmed = models.BooleanField(default=True, help_text="The official schedule is complete.")
    source = models.CharField(max_length=200, blank=True, help_text="e.g. 国办发明电〔2026〕X号")

    class Meta:
        ordering = ["year"]
        verbose_name = "年度节假日安排"
        verbose_name_plural = "年度节假日安排"

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(TimeStampedModel):
    """An official exception to the Monday–Friday week: a holiday or a make-up working day (调休)."""

    date = models.DateField(unique=True)
    is_working_day = models.BooleanField(help_text="True for a make-up working day (调休上班).")
    name = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = "节假日/调休日"
        verbose_name_plural = "节假日/调休日"

    def __str__(self) -> str:
        kind = "上班" if self.is_working_day else "休息"
        return f"{self.date} {self.name} {kind}"
