"""Background work for campaigns. Tasks take ids, call a service and are idempotent."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_notice(notice_id: int) -> None:
    from gongzhi.campaigns.services._common import notice_deliver

    notice_deliver(notice_id=notice_id)


@task()
def sweep() -> dict[str, int]:
    from gongzhi.campaigns.services.supervision import campaigns_sweep_run

    return campaigns_sweep_run().as_dict()
