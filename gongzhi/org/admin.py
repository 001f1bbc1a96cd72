"""Admin for the organisation's reference data: regions, units, people, roles and duty rosters.

Edits made here are reference data, not case actions, but they still leave an audit event
(``<subject>.admin_create`` / ``.admin_change`` / ``.admin_delete``) with the changed fields.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.forms import BaseFormSet, ModelForm
from django.http import HttpRequest

from gongzhi.org import events
from gongzhi.org.models import DutyShift, Membership, Region, Unit, User


def _admin_value(field: str, value: Any) -> Any:
    if "password" in field:
        return "***"
    if isinstance(value, models.QuerySet | list | tuple | set):
        return [events.jsonable(item) for item in value]
    value = events.jsonable(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _actor(request: HttpRequest) -> User | None:
    user = getattr(request, "user", None)
    return user if isinstance(user, User) else None


def record_admin_change(
    request: HttpRequest, obj: models.Model, form: ModelForm[Any], change: bool, subject_type: str
) -> None:
    """Append the audit event for a form saved in the admin (nothing if no field changed)."""
    fields = list(form.changed_data)
    if change and not fields:
        return
    before = {field: _admin_value(field, form.initial.get(field)) for field in fields} if change else {}
    after = {field: _admin_value(field, form.cleaned_data.get(field)) for field in fields}
    events.admin_changed(
        obj=obj,
        subject_type=subject_type,
        actor=_actor(request),
        action=f"{subject_type}.admin_change" if change else f"{subject_type}.admin_create",
        before=before,
        after=after,
    )


class AuditedAdmin(admin.ModelAdmin):
    """Saves and deletes through the admin append an audit event in the same transaction."""

    audit_subject = "object"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        record_admin_change(request, obj, form, change, self.audit_subject)

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
            before={"code": getattr(obj, "code", ""), "name": str(obj)},
            after={},
        )


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    audit_subject = "region"
    list_display = ("code", "name", "short_name", "level", "parent", "urban_rural_code")
    list_filter = ("level",)
    search_fields = ("code", "name", "short_name")
    raw_id_fields = ("parent",)
    list_select_related = ("parent",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    audit_subject = "unit"
    list_display = ("code", "name", "kind", "function", "level", "region", "is_active")
    list_filter = ("kind", "level", "is_active")
    search_fields = ("code", "name", "function", "region__name")
    autocomplete_fields = ("region", "parent")
    list_select_related = ("region",)
    readonly_fields = ("created_at", "updated_at")


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ("unit",)
    fields = ("unit", "role", "is_active")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "display_name", "phone", "is_citizen", "is_staff", "is_active")
    list_filter = ("is_citizen", "is_staff", "is_superuser", "is_active")
    search_fields = ("username", "display_name", "phone", "first_name", "last_name", "email")
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("共治 Gongzhi", {"fields": ("display_name", "phone", "is_citizen")}),
    )
    add_fieldsets = (
        *(DjangoUserAdmin.add_fieldsets or ()),
        ("共治 Gongzhi", {"classes": ("wide",), "fields": ("display_name", "phone", "is_citizen")}),
    )
    inlines = (MembershipInline,)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        record_admin_change(request, obj, form, change, "user")

    def save_formset(self, request: HttpRequest, form: Any, formset: BaseFormSet[Any], change: bool) -> None:
        super().save_formset(request, form, formset, change)
        for inline_form in formset.forms:
            instance = getattr(inline_form, "instance", None)
            if instance is not None and instance.pk and inline_form.has_changed():
                record_admin_change(request, instance, inline_form, bool(inline_form.initial), "membership")


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    audit_subject = "membership"
    list_display = ("user", "unit", "role", "is_active")
    list_filter = ("role", "is_active", "unit__kind", "unit__level")
    search_fields = ("user__username", "user__display_name", "unit__name", "unit__code")
    autocomplete_fields = ("user", "unit")
    list_select_related = ("user", "unit")


@admin.register(DutyShift)
class DutyShiftAdmin(AuditedAdmin):
    audit_subject = "duty_shift"
    list_display = ("date", "unit", "kind", "user")
    list_filter = ("kind",)
    search_fields = ("unit__name", "unit__code", "user__username", "user__display_name")
    date_hierarchy = "date"
    autocomplete_fields = ("unit", "user")
    list_select_related = ("unit", "user")
