"""Cases are changed only through their services; the admin shows them read-only, within the
same case scope as everywhere else (``access.case_scope_q``): a superuser without posts sees all,
but nobody sees an accusation against a unit they hold a post in (信访工作条例 art. 30)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from gongzhi.cases import access
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

    def get_queryset(self, request: HttpRequest) -> QuerySet[Case]:
        return super().get_queryset(request).filter(access.case_scope_q(request.user))  # type: ignore[arg-type]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ("case", "kind", "recipient", "status", "backend", "delivered_at", "created_at")
    list_filter = ("status", "kind", "backend")
    search_fields = ("case__tracking_code", "recipient")
    list_select_related = ("case",)
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Notice]:
        visible = Case.objects.filter(access.case_scope_q(request.user))  # type: ignore[arg-type]
        return super().get_queryset(request).filter(case__in=visible)
