"""Machine access and partner integration: keys, idempotency records, rate counters, webhooks and
the Open311 side of a case.

Secrets are never stored: a key is kept as the SHA-256 of a 256-bit random secret, shown once.
A webhook's signing secret is the exception, because signing needs it; it is shown once too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongzhi.api.enums import DeliveryStatus, KeyKind
from gongzhi.core.models import TimeStampedModel


class ApiKey(TimeStampedModel):
    """A personal API token (acts as its owner) or an application key (acts as its service user).

    An application key has a backing ``user`` with memberships in ``unit`` derived from its scopes,
    so every read and write goes through ``gongzhi.cases.access`` like a person's would.
    """

    kind = models.CharField(max_length=12, choices=KeyKind.choices)
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True, help_text="shown to identify the key")
    secret_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_keys")
    unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = "接口密钥"
        verbose_name_plural = "接口密钥"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="personal") | Q(unit__isnull=False), name="apikey_application_has_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix} {self.name}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class IdempotencyRecord(models.Model):
    """The first response to a POST carrying an ``Idempotency-Key``, replayed on every retry.

    The row is inserted before the request runs; the unique constraint makes a concurrent
    duplicate fail its insert and wait for (then replay) the first one's response.
    """

    principal = models.CharField(max_length=80)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(blank=True, default=b"")

    class Meta:
        verbose_name = "幂等记录"
        verbose_name_plural = "幂等记录"
        constraints = [
            models.UniqueConstraint(fields=["principal", "key"], name="idempotency_unique_key_per_principal")
        ]

    def __str__(self) -> str:
        return f"{self.principal} {self.key}"


class RateCounter(models.Model):
    """Requests per bucket (a key or an IP address) per fixed window, shared by every process."""

    bucket = models.CharField(max_length=100)
    window_start = models.BigIntegerField(help_text="in seconds since the epoch")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "限流计数"
        verbose_name_plural = "限流计数"
        constraints = [
            models.UniqueConstraint(fields=["bucket", "window_start"], name="ratecounter_unique_window")
        ]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.bucket}@{self.window_start}: {self.count}"


class WebhookSubscription(TimeStampedModel):
    """A partner's URL and the events it wants; it hears only of cases its owner may see."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    api_key = models.ForeignKey(ApiKey, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(max_length=100, blank=True)
    url = models.URLField(max_length=500)
    events = models.JSONField(default=list)
    secret = models.CharField(max_length=100)
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = "回调订阅"
        verbose_name_plural = "回调订阅"

    def __str__(self) -> str:
        return f"{self.name or self.url}"


class WebhookDelivery(TimeStampedModel):
    """One event for one subscription, with every attempt's outcome on record."""

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    case_id = models.BigIntegerField(null=True, blank=True)
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True)
    error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    log = models.JSONField(default=list, help_text="one entry per attempt: time, status, error")

    class Meta:
        verbose_name = "回调投递"
        verbose_name_plural = "回调投递"
        indexes = [models.Index(fields=["status", "next_attempt_at"])]


class Open311Request(TimeStampedModel):
    """The Open311 side of a case filed through GeoReport v2: what the client sent.

    Only cases with such a record are published by the public Open311 GET endpoints; nothing
    registered at the window (petitions, disputes) ever appears there.
    """

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="open311")
    api_key = models.ForeignKey(ApiKey, on_delete=models.PROTECT, related_name="+")
    service_code = models.CharField(max_length=20)
    attributes = models.JSONField(default=dict, blank=True)
    address_id = models.CharField(max_length=40, blank=True)
    media_url = models.URLField(max_length=500, blank=True)
    account_id = models.CharField(max_length=100, blank=True)
    device_id = models.CharField(max_length=100, blank=True)
    email = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "Open311 上报"
        verbose_name_plural = "Open311 上报"
