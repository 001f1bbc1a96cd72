"""Writes of the API app. ``api_key_create`` is what ``gongzhi demo`` calls for its Open311 key."""

from gongzhi.api.services.keys import api_key_create, api_key_revoke, personal_token_create
from gongzhi.api.services.webhooks import (
    webhook_deliver,
    webhook_subscription_create,
    webhook_subscription_deactivate,
)

__all__ = [
    "api_key_create",
    "api_key_revoke",
    "personal_token_create",
    "webhook_deliver",
    "webhook_subscription_create",
    "webhook_subscription_deactivate",
]
