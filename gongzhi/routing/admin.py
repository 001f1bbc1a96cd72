"""Admin for the category catalogue and the responsibility list (权责清单).

Saves and deletes leave an audit event; renaming a category recomputes the full names and
pinyin initials of it and its descendants through ``services.category_refresh_names``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from gongzhi.org.models import User
from gongzhi.routing import events, services
from gongzhi.routing.models import Category, ResponsibilityRule


def _admin_value(value: Any) -> Any:
    value = events.jsonable(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _actor(request: HttpRequest) -> User | None:
    user = getattr(request, "user", None)
    return user if isinstance(user, User) else None


class AuditedAdmin(admin.ModelAdmin):
    audit_subject = "object"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        fields = list(form.changed_data)
        if change and not fields:
            return
        events.admin_changed(
            obj=obj,
            subject_type=self.audit_subject,
            actor=_actor(request),
            action=f"{self.audit_subject}.admin_change" if change else f"{self.audit_subject}.admin_create",
            before={f: _admin_value(form.initial.get(f)) for f in fields} if change else {},
            after={f: _admin_value(form.cleaned_data.get(f)) for f in fields},
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self._record_delete(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        for obj in queryset:
            self._record_delete(request, obj)
        super().delete_queryset(request, queryset)

    def _record_delete(self, request: HttpRequest, obj: Any) -> None:
        events.admin_changed(
            obj=obj,
            subject_type=self.audit_subject,
            actor=_actor(request),
            action=f"{self.audit_subject}.admin_delete",
            before={"name": str(obj)},
            after={},
        )


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    audit_subject = "category"
    list_display = ("code", "full_name", "pinyin_initials", "depth", "sort_order", "is_active")
    list_filter = ("depth", "is_active")
    search_fields = ("code", "name", "full_name", "pinyin_initials")
    raw_id_fields = ("parent",)
    readonly_fields = ("depth", "full_name", "pinyin_initials", "created_at", "updated_at")
    ordering = ("sort_order", "code")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if obj.depth is None:
            # A new category: depth is derived below, but the CHECK constraint needs a value now.
            parent = obj.parent
            obj.depth = parent.depth + 1 if parent is not None else 1
            obj.full_name = (
                f"{parent.full_name}{services.FULL_NAME_SEPARATOR}{obj.name}" if parent else obj.name
            )
        super().save_model(request, obj, form, change)
        if not change or {"name", "parent"} & set(form.changed_data):
            services.category_refresh_names(category=obj, actor=_actor(request))


@admin.register(ResponsibilityRule)
class ResponsibilityRuleAdmin(AuditedAdmin):
    audit_subject = "responsibility_rule"
    list_display = ("category", "level", "unit", "unit_function", "note")
    list_filter = ("level",)
    search_fields = ("category__full_name", "category__code", "unit_function", "unit__name", "note")
    autocomplete_fields = ("category", "unit")
    list_select_related = ("category", "unit")
