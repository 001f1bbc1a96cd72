from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from gongzhi.cases.enums import NoticeKind, NoticeStatus
from gongzhi.cases.services.notices import notice_deliver
from gongzhi.core import notifications
from tests.cases.helpers import intake

pytestmark = pytest.mark.django_db


def test_receipt_is_delivered_after_commit_through_the_outbox(
    village_clerk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = intake(village_clerk)
    receipt = case.notices.get(kind=NoticeKind.RECEIPT)
    assert receipt.status == NoticeStatus.PRINTED and receipt.attempts == 1 and receipt.delivered_at
    assert notice_deliver(notice_id=receipt.pk) is None  # idempotent: delivered notices are left alone


def test_failed_delivery_is_on_record(village_clerk, settings):
    settings.NOTIFICATION_BACKEND = "gongzhi.core.notifications.SmsGatewayBackend"
    settings.SMS_GATEWAY_URL = ""
    notifications._backend.cache_clear()
    case = intake(village_clerk)
    notice = notice_deliver(notice_id=case.notices.get().pk)
    assert notice.status == NoticeStatus.FAILED and "SMS" in notice.delivery_detail
    notifications._backend.cache_clear()


def test_sweep_command_prints_its_counts():
    out = io.StringIO()
    call_command("sweep", stdout=out)
    assert "reminders=0" in out.getvalue()


def test_import_divisions_command_is_idempotent():
    out = io.StringIO()
    call_command("import_divisions", stdout=out)
    from gongzhi.org.models import Region

    assert Region.objects.count() == 358


def test_createadmin_creates_a_superuser():
    call_command("createadmin", username="root", password="a-long-Passw0rd", stdout=io.StringIO())
    from gongzhi.org.models import User

    assert User.objects.get(username="root").is_superuser


def test_worker_once_sweeps_and_exits(settings):
    out = io.StringIO()
    call_command("worker", once=True, stdout=out)
    assert out.getvalue().startswith("sweep ")
