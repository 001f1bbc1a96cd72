"""Shared pieces of the API tests: keys, a JSON client, and generous rate limits by default."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from gongzhi.api.enums import ALL_SCOPES
from gongzhi.api.services import keys as key_services
from gongzhi.org.models import Unit, User
from tests.conftest import centre

DISTRICT = "330603000000"


@pytest.fixture(autouse=True)
def _generous_limits(settings: Any) -> None:
    """Most tests make many requests from one address; the rate-limit tests set their own."""
    settings.GONGZHI_RATE_LIMIT_PER_IP = 100_000
    settings.GONGZHI_RATE_LIMIT_PER_KEY = 100_000


class Api:
    """A thin JSON client for /api/v1 with either a key or a signed-in user."""

    def __init__(self, *, key: str | None = None, user: User | None = None) -> None:
        self.client = Client(enforce_csrf_checks=False)
        self.headers: dict[str, str] = {}
        if key is not None:
            self.headers["Authorization"] = f"Bearer {key}"
        if user is not None:
            self.client.force_login(user)

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get("/api/v1" + path, params, headers=self.headers)

    def post(self, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Any:
        return self.client.post(
            "/api/v1" + path,
            data=json.dumps(body if body is not None else {}),
            content_type="application/json",
            headers={**self.headers, **(headers or {})},
        )


MakeKey = Callable[..., str]


@pytest.fixture
def make_key(db: None) -> MakeKey:
    def make(unit: Unit | None = None, scopes: tuple[str, ...] = ALL_SCOPES, name: str = "测试密钥") -> str:
        _, secret = key_services.api_key_create(unit=unit or centre(DISTRICT), name=name, scopes=scopes)
        return secret

    return make


@pytest.fixture
def as_user() -> Callable[[User], Api]:
    return lambda user: Api(user=user)


@pytest.fixture
def as_key() -> Callable[[str], Api]:
    return lambda key: Api(key=key)


INTAKE = {
    "channel": "visit",
    "kind": "request",
    "subject": "村道路灯损坏",
    "description": "王化村村口到文化礼堂的路灯坏了三盏，晚上出行不便。",
    "region": "330603105210",
    "reporter_name": "李群众",
    "reporter_phone": "13905751234",
}
