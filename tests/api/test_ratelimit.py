"""Rate limits per key and per address, counted in the database for every worker, answered 429."""

from __future__ import annotations

import pytest
from django.test import Client

from gongzhi.api import ratelimit
from gongzhi.api.models import RateCounter
from tests.api.conftest import Api
from tests.api.open311_helpers import BASE, errors_of

pytestmark = pytest.mark.django_db


def test_per_address_limit_answers_429_with_retry_after(settings):
    settings.GONGZHI_RATE_LIMIT_PER_IP = 3
    client = Client()
    statuses = [client.get(f"{BASE}/discovery.json").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get(f"{BASE}/services.xml")
    assert limited.status_code == 429 and 1 <= int(limited["Retry-After"]) <= 60
    assert errors_of(limited)[0][0] == "429"
    api_limited = client.get("/api/v1/ping")
    assert api_limited.status_code == 429 and api_limited.json()["code"] == "rate_limited"
    other_address = Client(REMOTE_ADDR="10.9.8.7")
    assert other_address.get(f"{BASE}/discovery.json").status_code == 200


def test_a_valid_key_has_its_own_bucket(settings, make_key):
    settings.GONGZHI_RATE_LIMIT_PER_IP = 1
    settings.GONGZHI_RATE_LIMIT_PER_KEY = 2
    first, second = make_key(), make_key()
    assert [Api(key=first).get("/org/me").status_code for _ in range(3)] == [200, 200, 429]
    assert Api(key=second).get("/org/me").status_code == 200
    assert Api(key="gza_bogus_key").get("/org/me").status_code == 401  # counted per address
    assert Api(key="gza_bogus_key").get("/org/me").status_code == 429  # garbage keys dodge nothing


def test_the_counter_is_one_row_per_window_shared_by_all():
    assert ratelimit.hit("ip:1.2.3.4", limit=2, window_seconds=60, now=960.0).allowed
    assert ratelimit.hit("ip:1.2.3.4", limit=2, window_seconds=60, now=961.0).allowed
    third = ratelimit.hit("ip:1.2.3.4", limit=2, window_seconds=60, now=979.5)
    assert not third.allowed and third.retry_after == 41
    assert ratelimit.hit("ip:1.2.3.4", limit=2, window_seconds=60, now=1021.0).allowed  # next window
    assert RateCounter.objects.filter(bucket="ip:1.2.3.4").count() == 2


def test_a_limit_of_zero_switches_it_off(settings):
    settings.GONGZHI_RATE_LIMIT_PER_IP = 0
    client = Client()
    assert all(client.get("/api/v1/ping").status_code == 200 for _ in range(5))
    assert not RateCounter.objects.exists()
