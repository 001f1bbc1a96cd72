"""REST v1: webhook subscriptions and their delivery log."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from gongzhi.api.enums import Scope
from gongzhi.api.models import WebhookDelivery, WebhookSubscription
from gongzhi.api.principal import require_scope
from gongzhi.api.schemas import ERRORS, Str100, Text2000
from gongzhi.api.selectors import delivery_list, subscription_get_for_user, subscription_list_for_user
from gongzhi.api.services import webhooks as webhook_services

router = Router(tags=["webhooks"])

Event = Literal["case.created", "case.status_changed", "case.answered", "case.overdue"]


class SubscriptionIn(Schema):
    url: Text2000
    events: list[Event] = Field(min_length=1, max_length=4)
    name: Str100 = ""


class SubscriptionOut(Schema):
    id: int
    name: str
    url: str
    events: list[str]
    is_active: bool
    created_at: datetime


class SubscriptionCreatedOut(Schema):
    subscription: SubscriptionOut
    secret: str = Field(description="signing secret, shown once")


class DeliveryOut(Schema):
    id: int
    event: str
    case_id: int | None
    status: str
    attempts: int
    response_status: int | None
    response_body: str
    error: str
    created_at: datetime
    delivered_at: datetime | None
    next_attempt_at: datetime | None


def subscription_out(subscription: WebhookSubscription) -> dict[str, Any]:
    return {
        "id": subscription.pk,
        "name": subscription.name,
        "url": subscription.url,
        "events": list(subscription.events),
        "is_active": subscription.is_active,
        "created_at": subscription.created_at,
    }


def delivery_out(delivery: WebhookDelivery) -> dict[str, Any]:
    return {
        field: getattr(delivery, field)
        for field in (
            "event",
            "case_id",
            "status",
            "attempts",
            "response_status",
            "response_body",
            "error",
            "created_at",
            "delivered_at",
            "next_attempt_at",
        )
    } | {"id": delivery.pk}


@router.get("", response={200: list[SubscriptionOut], **ERRORS}, summary="my webhook subscriptions")
def subscription_list(request: HttpRequest) -> list[dict[str, Any]]:
    principal = require_scope(request, Scope.WEBHOOKS)
    return [subscription_out(s) for s in subscription_list_for_user(user=principal.user)[:200]]


@router.post("", response={201: SubscriptionCreatedOut, **ERRORS}, summary="subscribe a URL to events")
def subscription_create(request: HttpRequest, payload: SubscriptionIn) -> Status[dict[str, Any]]:
    principal = require_scope(request, Scope.WEBHOOKS)
    subscription, secret = webhook_services.webhook_subscription_create(
        owner=principal.user, url=payload.url, events=payload.events, name=payload.name, api_key=principal.key
    )
    return Status(201, {"subscription": subscription_out(subscription), "secret": secret})


@router.get(
    "/{subscription_id}/deliveries", response={200: list[DeliveryOut], **ERRORS}, summary="delivery log"
)
def deliveries(request: HttpRequest, subscription_id: int) -> list[dict[str, Any]]:
    principal = require_scope(request, Scope.WEBHOOKS)
    subscription = subscription_get_for_user(user=principal.user, subscription_id=subscription_id)
    return [delivery_out(d) for d in delivery_list(subscription=subscription)]


@router.post(
    "/{subscription_id}/deactivate", response={200: SubscriptionOut, **ERRORS}, summary="stop deliveries"
)
def subscription_deactivate(request: HttpRequest, subscription_id: int) -> dict[str, Any]:
    principal = require_scope(request, Scope.WEBHOOKS)
    return subscription_out(
        webhook_services.webhook_subscription_deactivate(
            actor=principal.user, subscription_id=subscription_id
        )
    )
