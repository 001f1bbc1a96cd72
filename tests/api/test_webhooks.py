"""Webhooks: signed deliveries to a local receiver, retried with back-off, logged, scoped."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import time_machine

from gongzhi.api.enums import DeliveryStatus
from gongzhi.api.models import WebhookDelivery
from gongzhi.api.services import webhooks as webhook_services
from gongzhi.cases import services
from gongzhi.cases.models import Case
from tests.api.conftest import INTAKE, Api
from tests.conftest import WANGHUA, ZHUJIA, centre

pytestmark = pytest.mark.django_db


class Receiver:
    """An HTTP server on 127.0.0.1 that records what it gets and fails the first ``failures`` posts."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.received: list[dict[str, Any]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append({"headers": dict(self.headers), "body": body})
                status = 503 if receiver.failures > 0 else 200
                receiver.failures -= 1
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"busy" if status == 503 else b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *args: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def immediate_tasks(settings: Any) -> Iterator[None]:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    yield


def verify(secret: str, headers: dict[str, str], body: bytes) -> bool:
    parts = dict(item.split("=", 1) for item in headers["X-Gongzhi-Signature"].split(","))
    expected = hmac.new(secret.encode(), parts["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"])


def subscribe(api: Api, url: str, events: list[str]) -> str:
    response = api.post("/webhooks", {"url": url, "events": events, "name": "partner"})
    assert response.status_code == 201, response.content
    return str(response.json()["secret"])


def test_signed_events_reach_the_partner(
    immediate_tasks, django_capture_on_commit_callbacks, make_key, village_clerk, village_head, frozen_now
):
    key = make_key(centre(WANGHUA), scopes=("webhooks", "cases:read"))
    with Receiver() as receiver:
        secret = subscribe(
            Api(key=key), receiver.url, ["case.created", "case.status_changed", "case.answered"]
        )
        clerk, head = Api(user=village_clerk), Api(user=village_head)
        with django_capture_on_commit_callbacks(execute=True):
            case_id = clerk.post("/cases", INTAKE).json()["id"]
        with django_capture_on_commit_callbacks(execute=True):
            clerk.post(f"/cases/{case_id}/accept", {"unit": centre(WANGHUA).code})
            head.post(f"/cases/{case_id}/sign", {})
            head.post(f"/cases/{case_id}/reply", {"text": "路灯已经全部修好，感谢您的反映。"})
    events = [item["headers"]["X-Gongzhi-Event"] for item in receiver.received]
    assert events == [
        "case.created",
        "case.status_changed",
        "case.status_changed",
        "case.status_changed",
        "case.answered",
    ]
    for item in receiver.received:
        assert verify(secret, item["headers"], item["body"])
        payload = json.loads(item["body"])
        assert payload["case"]["id"] == case_id and "reporter_phone" not in payload["case"]
    assert not verify("whsec_wrong", receiver.received[0]["headers"], receiver.received[0]["body"])
    log = Api(key=key).get(f"/webhooks/{WebhookDelivery.objects.first().subscription_id}/deliveries").json()
    assert {row["status"] for row in log} == {"delivered"} and log[0]["response_status"] == 200


def test_failures_are_retried_with_back_off_and_logged(
    immediate_tasks, django_capture_on_commit_callbacks, make_key, village_clerk, frozen_now
):
    key = make_key(centre(WANGHUA), scopes=("webhooks",))
    with Receiver(failures=2) as receiver:
        subscribe(Api(key=key), receiver.url, ["case.created"])
        with django_capture_on_commit_callbacks(execute=True):
            Api(user=village_clerk).post("/cases", INTAKE)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 3
    assert [entry["status"] for entry in delivery.log] == [503, 503, 200]
    assert len(receiver.received) == 3
    assert (
        webhook_services.backoff(1).total_seconds() == 30
        and webhook_services.backoff(3).total_seconds() == 480
    )


def test_a_dead_partner_never_breaks_the_action(
    immediate_tasks, django_capture_on_commit_callbacks, make_key, village_clerk, settings, frozen_now
):
    settings.GONGZHI_WEBHOOK_MAX_ATTEMPTS = 2
    key = make_key(centre(WANGHUA), scopes=("webhooks",))
    subscribe(Api(key=key), "http://127.0.0.1:9/nobody-listens", ["case.created"])
    with django_capture_on_commit_callbacks(execute=True):
        created = Api(user=village_clerk).post("/cases", INTAKE)
    assert created.status_code == 201 and Case.objects.count() == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 2 and delivery.error


def test_partners_hear_only_of_cases_they_may_see(make_key, village_clerk, frozen_now):
    foreign = make_key(centre(ZHUJIA), scopes=("webhooks",))
    subscribe(Api(key=foreign), "http://127.0.0.1:9/hook", ["case.created"])
    Api(user=village_clerk).post("/cases", INTAKE)
    assert not WebhookDelivery.objects.exists()


def test_the_sweep_announces_overdue_cases(make_key, village_clerk, frozen_now):
    key = make_key(centre(WANGHUA), scopes=("webhooks",))
    subscribe(Api(key=key), "http://127.0.0.1:9/hook", ["case.overdue"])
    case = services.case_accept(
        actor=village_clerk,
        case_id=Api(user=village_clerk).post("/cases", INTAKE).json()["id"],
        unit=centre(WANGHUA),
    )
    with time_machine.travel(case.due_at.timestamp() + 3600):
        services.sweep_run()
        services.sweep_run()
    delivery = WebhookDelivery.objects.get()
    assert delivery.event == "case.overdue" and delivery.case_id == case.pk


def test_subscriptions_are_validated_and_can_be_stopped(make_key):
    api = Api(key=make_key(scopes=("webhooks",)))
    assert (
        api.post("/webhooks", {"url": "ftp://x", "events": ["case.created"]}).json()["detail"]["field"]
        == "url"
    )
    assert api.post("/webhooks", {"url": "http://x", "events": ["case.deleted"]}).status_code == 400
    subscribe(api, "http://127.0.0.1:9/hook", ["case.created"])
    subscription_id = api.get("/webhooks").json()[0]["id"]
    assert api.post(f"/webhooks/{subscription_id}/deactivate", {}).json()["is_active"] is False
    assert (
        Api(key=make_key(scopes=("webhooks",))).get(f"/webhooks/{subscription_id}/deliveries").status_code
        == 404
    )
