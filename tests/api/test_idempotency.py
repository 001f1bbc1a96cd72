"""Idempotency-Key: a retry returns the first response and creates nothing twice."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from gongzhi.cases.models import Case
from tests.api.conftest import INTAKE, Api
from tests.api.open311_helpers import BASE
from tests.conftest import WANGHUA


@pytest.mark.django_db
def test_a_retry_replays_the_first_response(village_clerk, frozen_now):
    api = Api(user=village_clerk)
    first = api.post("/cases", INTAKE, headers={"Idempotency-Key": "intake-1"})
    again = api.post("/cases", INTAKE, headers={"Idempotency-Key": "intake-1"})
    assert first.status_code == again.status_code == 201
    assert first.content == again.content and again["Idempotent-Replayed"] == "true"
    assert Case.objects.count() == 1
    other = api.post("/cases", INTAKE | {"subject": "另一件事"}, headers={"Idempotency-Key": "intake-1"})
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    assert api.post("/cases", INTAKE, headers={"Idempotency-Key": "intake-2"}).status_code == 201
    assert Case.objects.count() == 2


@pytest.mark.django_db
def test_a_refusal_is_replayed_too_and_keys_are_per_caller(village_clerk, stranger_clerk, frozen_now):
    case_id = Api(user=village_clerk).post("/cases", INTAKE).json()["id"]
    stranger = Api(user=stranger_clerk)
    assert stranger.post(f"/cases/{case_id}/accept", {}, headers={"Idempotency-Key": "k"}).status_code == 404
    mine = Api(user=village_clerk).post(f"/cases/{case_id}/accept", {}, headers={"Idempotency-Key": "k"})
    assert mine.status_code == 200  # the same key from someone else is a different request
    bad_key = Api(user=village_clerk).post("/cases", INTAKE, headers={"Idempotency-Key": "x" * 300})
    assert bad_key.status_code == 400 and bad_key.json()["code"] == "invalid_idempotency_key"


@pytest.mark.django_db
def test_open311_posts_are_idempotent(make_key):
    key = make_key(scopes=("open311",))
    fields = {"api_key": key, "service_code": "010204", "address_id": WANGHUA, "description": "路灯坏了"}
    client = Client()
    first = client.post(f"{BASE}/requests.json", fields, headers={"Idempotency-Key": "fms-42"})
    again = client.post(f"{BASE}/requests.json", fields, headers={"Idempotency-Key": "fms-42"})
    assert first.status_code == 201 and first.content == again.content
    assert Case.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_create_one_case(keqiao_loaded, make_key):
    assert connection.vendor == "postgresql"
    key = make_key(scopes=("cases:intake", "cases:read"))
    barrier = threading.Barrier(6)
    responses: list[tuple[int, bytes]] = []
    lock = threading.Lock()

    def send() -> None:
        try:
            barrier.wait()
            response = Api(key=key).post("/cases", INTAKE, headers={"Idempotency-Key": "same-moment"})
            with lock:
                responses.append((response.status_code, response.content))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(responses) == 6
    assert {status for status, _ in responses} == {201}
    assert len({body for _, body in responses}) == 1
    assert Case.objects.count() == 1
