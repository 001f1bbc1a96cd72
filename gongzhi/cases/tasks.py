"""Background work for cases. Tasks take ids, call a service and are idempotent."""

from __future__ import annotations

from django_tasks import task

from gongzhi.cases.services import notices, supervision


@task()
def deliver_notice(notice_id: int) -> None:
    notices.notice_deliver(notice_id=notice_id)


@task()
def sweep() -> dict[str, int]:
    return supervision.sweep_run().as_dict()
