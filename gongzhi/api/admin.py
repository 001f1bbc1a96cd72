"""Admin for keys (the secret is shown once, on creation) and webhooks (read-mostly)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from gongzhi.api.enums import ALL_SCOPES, Scope
from gongzhi.api.models import ApiKey, WebhookDelivery, WebhookSubscription
from gongzhi.api.services import keys as key_services
from gongzhi.core.errors import ApplicationError


class ApiKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=Scope.choices, widget=forms.CheckboxSelectMultiple, initial=[Scope.OPEN311]
    )

    class Meta:
        model = ApiKey
        fields = ("name", "unit", "scopes")


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("prefix", "name", "kind", "unit", "user", "scope_list", "last_used_at", "revoked_at")
    list_filter = ("kind", "revoked_at")
    search_fields = ("prefix", "name", "unit__code", "user__username")
    list_select_related = ("unit", "user")
    actions = ["revoke"]
    readonly_fields = ("kind", "prefix", "user", "created_by", "last_used_at", "revoked_at", "created_at")

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = ApiKeyForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ("name", "unit", "scopes")
        return (
            "name",
            "kind",
            "prefix",
            "unit",
            "user",
            "scopes",
            "created_by",
            "created_at",
            "last_used_at",
            "revoked_at",
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.readonly_fields + (("name", "unit", "scopes") if obj is not None else ())

    @admin.display(description="权限范围")
    def scope_list(self, obj: ApiKey) -> str:
        return ", ".join(obj.scopes)

    def save_model(self, request: HttpRequest, obj: ApiKey, form: Any, change: bool) -> None:
        if change:
            return  # keys are never edited; revoke and create a new one
        try:
            key, secret = key_services.api_key_create(
                unit=form.cleaned_data["unit"],
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"] or list(ALL_SCOPES[:1]),
                actor=request.user,  # type: ignore[arg-type]
            )
        except ApplicationError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            raise
        obj.pk = key.pk
        obj.refresh_from_db()
        self.message_user(
            request,
            f"新密钥（只显示这一次，请立即保存）/ the new key, shown once: {secret}",
            messages.WARNING,
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="吊销所选密钥 / revoke the selected keys")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        for key in queryset:
            key_services.api_key_revoke(key_id=key.pk, actor=request.user)  # type: ignore[arg-type]
        self.message_user(request, f"已吊销 {queryset.count()} 个密钥")


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("name", "url", "owner", "is_active", "created_at")
    list_filter = ("is_active",)
    exclude = ("secret",)
    readonly_fields = ("owner", "api_key", "url", "events", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("subscription", "event", "case_id", "status", "attempts", "response_status", "created_at")
    list_filter = ("status", "event")
    list_select_related = ("subscription",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
