"""The mediation data is editable in the admin: the catalogue, organisations and their members,
mediators and their calendars. Mediations themselves change only through the services."""

from __future__ import annotations

from django.contrib import admin

from gongzhi.mediation.models import (
    ConflictDeclaration,
    DisputeType,
    MediationOrganisation,
    Mediator,
    MediatorUnavailability,
    OrganisationMember,
)


@admin.register(DisputeType)
class DisputeTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "is_mediable", "statutory_route", "is_active", "sort_order")
    list_filter = ("is_mediable", "is_active")
    search_fields = ("name", "code", "description")


class MemberInline(admin.TabularInline):
    model = OrganisationMember
    extra = 0
    autocomplete_fields = ("mediator",)


@admin.register(MediationOrganisation)
class MediationOrganisationAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "org_type",
        "level",
        "rating",
        "is_featured",
        "term_start",
        "term_end",
        "is_active",
    )
    list_filter = ("org_type", "level", "rating", "is_featured", "is_active")
    search_fields = ("name", "code", "namesake", "theme")
    filter_horizontal = ("specialities",)
    raw_id_fields = ("region", "unit", "host_unit")
    inlines = [MemberInline]


class UnavailabilityInline(admin.TabularInline):
    model = MediatorUnavailability
    extra = 0


@admin.register(Mediator)
class MediatorAdmin(admin.ModelAdmin):
    list_display = ("name", "gender", "nationality", "title", "max_load", "is_active")
    list_filter = ("is_active", "gender", "nationality")
    search_fields = ("name", "title", "phone")
    filter_horizontal = ("specialities",)
    raw_id_fields = ("person", "user", "home_region", "regions_covered")
    inlines = [UnavailabilityInline]


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(admin.ModelAdmin):
    list_display = ("mediator", "name", "mediation", "reason", "is_active", "created_at")
    raw_id_fields = ("mediator", "person", "mediation", "declared_by")
