"""Cases are changed only through their services; the admin shows them read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongzhi.cases.models import Case, Notice


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = (
        "tracking_code",
        "subject",
        "channel",
        "kind",
        "status",
        "level",
        "lead_unit",
        "due_at",
        "registered_at",
    )
    list_filter = ("status", "channel", "kind", "level", "urgency")
    search_fields = ("tracking_code", "subject", "reporter_name")
    date_hierarchy = "registered_at"
    list_select_related = ("lead_unit",)
    show_full_result_count = False


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ("case", "kind", "recipient", "status", "backend", "delivered_at", "created_at")
    list_filter = ("status", "kind", "backend")
    search_fields = ("case__tracking_code", "recipient")
    list_select_related = ("case",)
    show_full_result_count = False
