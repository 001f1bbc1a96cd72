"""Admin for the official holiday schedule and a read-only view of the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from gongzhi.core.models import AuditEvent, CalendarDay, CalendarYear
from gongzhi.core.workdays import invalidate_cache


def _calendar_event(request: HttpRequest, obj: Any, action: str, after: dict[str, Any]) -> None:
    AuditEvent.objects.create(
        occurred_at=timezone.now(),
        actor=request.user if request.user.is_authenticated else None,
        actor_label=str(request.user),
        subject_type=obj._meta.model_name,
        subject_id=obj.pk,
        action=f"calendar.{action}",
        after=after,
    )


class _InvalidatesWorkdayCache(admin.ModelAdmin):
    """Records each calendar edit and drops the working-day cache once it has committed.

    After commit, not before: a reader in another thread could otherwise cache the old rows again
    before the new ones are visible. Other processes see the edit when their cache expires; the
    sweep then recomputes the provisional deadlines the edit confirms.
    """

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        changed = {name: str(form.cleaned_data.get(name)) for name in getattr(form, "changed_data", [])}
        _calendar_event(request, obj, "change" if change else "create", changed)
        transaction.on_commit(invalidate_cache)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        _calendar_event(request, obj, "delete", {"deleted": str(obj)})
        super().delete_model(request, obj)
        transaction.on_commit(invalidate_cache)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        for obj in queryset:
            _calendar_event(request, obj, "delete", {"deleted": str(obj)})
        super().delete_queryset(request, queryset)
        transaction.on_commit(invalidate_cache)


@admin.register(CalendarYear)
class CalendarYearAdmin(_InvalidatesWorkdayCache):
    list_display = ("year", "is_confirmed", "source", "updated_at")
    list_filter = ("is_confirmed",)
    search_fields = ("source",)
    ordering = ("-year",)


class CalendarDayYearFilter(admin.SimpleListFilter):
    """Filter by ``date__year``; ``list_filter`` accepts fields only, not transforms."""

    title = "年份"
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]) -> list[tuple[str, str]]:
        years = CalendarDay.objects.dates("date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(date__year=int(value))
        return queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(_InvalidatesWorkdayCache):
    list_display = ("date", "weekday", "is_working_day", "name")
    list_filter = (CalendarDayYearFilter, "is_working_day")
    search_fields = ("name",)
    date_hierarchy = "date"
    ordering = ("date",)

    @admin.display(description="星期", ordering="date")
    def weekday(self, obj: CalendarDay) -> str:
        return "一二三四五六日"[obj.date.weekday()]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log is append-only: it can be read here, never added to, edited or deleted."""

    list_display = ("occurred_at", "subject_type", "subject_id", "action", "actor_label")
    list_filter = ("subject_type", "action")
    search_fields = ("subject_type", "action", "actor_label", "reason")
    date_hierarchy = "occurred_at"
    list_select_related = ("actor",)
    show_full_result_count = False  # COUNT(*) over a large log on every page is not worth it

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
