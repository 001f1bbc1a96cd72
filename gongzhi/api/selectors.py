"""Reads of the API app: keys and webhook subscriptions a caller may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gongzhi.api.enums import KeyKind
from gongzhi.api.models import ApiKey, WebhookDelivery, WebhookSubscription
from gongzhi.cases import access
from gongzhi.core.errors import NotFound
from gongzhi.org.models import User


def key_list_for_user(*, user: User) -> QuerySet[ApiKey]:
    """Your personal tokens; administrators also see every application key."""
    keys = ApiKey.objects.select_related("unit", "user").order_by("-created_at", "-id")
    if access.is_administrator(user):
        return keys.filter(Q(user=user) | Q(kind=KeyKind.APPLICATION))
    return keys.filter(user=user, kind=KeyKind.PERSONAL)


def subscription_list_for_user(*, user: User) -> QuerySet[WebhookSubscription]:
    subscriptions = WebhookSubscription.objects.order_by("-created_at", "-id")
    return subscriptions if access.is_administrator(user) else subscriptions.filter(owner=user)


def subscription_get_for_user(*, user: User, subscription_id: int) -> WebhookSubscription:
    found = subscription_list_for_user(user=user).filter(pk=subscription_id).first()
    if found is None:
        raise NotFound("回调订阅", "webhook subscription")
    return found


def delivery_list(*, subscription: WebhookSubscription, limit: int = 100) -> list[WebhookDelivery]:
    return list(subscription.deliveries.order_by("-created_at", "-id")[:limit])
