"""Pluggable delivery of notices to people (SMS, e-mail, or a printed-and-mailed outbox).

A backend takes a :class:`Message` and returns a :class:`Delivery`; it never raises for a
delivery failure (that is a result to record), only for a programming error.
The default, :class:`OutboxBackend`, needs no outside service: the notice waits in the outbox
for staff to print and post, and its delivery is on record when they mark it printed.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    recipient: str
    address: str
    title: str
    body: str


@dataclass(frozen=True)
class Delivery:
    status: str  # "sent", "printed" (waits in the outbox), or "failed"
    detail: str = ""


class NotificationBackend(Protocol):
    name: str

    def send(self, message: Message) -> Delivery: ...


class OutboxBackend:
    """Keeps the notice for staff to print and post (or hand over at the window)."""

    name = "outbox"

    def send(self, message: Message) -> Delivery:
        return Delivery("printed", "queued in the outbox for printing / 已进入待打印邮寄队列")


class EmailBackend:
    name = "email"

    def send(self, message: Message) -> Delivery:
        if "@" not in message.address:
            return Delivery("failed", "no e-mail address / 无电子邮箱地址")
        try:
            send_mail(message.title, message.body, settings.DEFAULT_FROM_EMAIL, [message.address])
        except OSError as exc:
            return Delivery("failed", f"mail error: {exc}")
        return Delivery("sent", f"mailed to {message.address}")


class SmsGatewayBackend:
    """Posts JSON ``{"phone", "text"}`` to the county's SMS gateway (GONGZHI_SMS_GATEWAY_URL)."""

    name = "sms"

    def send(self, message: Message) -> Delivery:
        url = settings.SMS_GATEWAY_URL
        if not url:
            return Delivery("failed", "no SMS gateway configured / 未配置短信网关")
        phone = "".join(ch for ch in message.address if ch.isdigit())
        if len(phone) < 7:
            return Delivery("failed", "no phone number / 无手机号码")
        data = json.dumps({"phone": phone, "text": f"{message.title}\n{message.body}"}).encode()
        if not url.startswith(("http://", "https://")):
            return Delivery("failed", "the SMS gateway URL must be http(s) / 短信网关地址须为 http(s)")
        request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (scheme checked above)
                return Delivery("sent", f"gateway answered {response.status}")
        except OSError as exc:
            return Delivery("failed", f"gateway error: {exc}")


@lru_cache(maxsize=4)
def _backend(path: str) -> NotificationBackend:
    backend: NotificationBackend = import_string(path)()
    return backend


def get_backend() -> NotificationBackend:
    return _backend(settings.NOTIFICATION_BACKEND)
