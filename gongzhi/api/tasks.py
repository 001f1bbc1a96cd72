"""Background work of the API app. Tasks take ids, call a service, and are idempotent."""

from __future__ import annotations

from datetime import datetime

from django_tasks import task

from gongzhi.api.services import webhooks as webhook_services


def schedule_delivery(delivery_id: int, run_after: datetime | None = None) -> None:
    """Queue an attempt; with a backend that cannot defer (the immediate one in tests) it runs now."""
    if run_after is not None and deliver_webhook.get_backend().supports_defer:
        deliver_webhook.using(run_after=run_after).enqueue(delivery_id)
    else:
        deliver_webhook.enqueue(delivery_id)


@task()
def deliver_webhook(delivery_id: int) -> bool:
    outcome = webhook_services.webhook_deliver(delivery_id=delivery_id)
    if outcome.retry_at is not None:
        schedule_delivery(delivery_id, outcome.retry_at)
    return outcome.delivered
