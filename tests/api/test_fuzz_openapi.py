"""Fuzz the whole REST surface from its own OpenAPI document (schemathesis): whatever a client
sends, the answer is never a 5xx, and always the API's JSON error shape when it is a refusal.

Bounded: ``GONGZHI_FUZZ_EXAMPLES`` examples per operation (default: a budget of ~650 requests
spread over the operations, 3–8 each), derandomised so that a run is repeatable.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings

from gongzhi.api.services import keys as key_services
from gongzhi.api.v1 import api

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()
OPERATIONS = sum(len(item) for item in schema.raw_schema["paths"].values())
# A budget of ~500 generated requests in all, however many operations the API grows to.
# schemathesis's coverage phase (boundary and negative values of every parameter, as explicit
# examples: ~50 requests per operation) is worth its minutes only on demand: GONGZHI_FUZZ_COVERAGE=1.
PHASES = [Phase.explicit, Phase.generate] if os.environ.get("GONGZHI_FUZZ_COVERAGE") else [Phase.generate]
EXAMPLES = int(os.environ.get("GONGZHI_FUZZ_EXAMPLES", str(max(3, min(8, 650 // OPERATIONS)))))


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Like Django's test client: a request must not close the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def admin_token(db: None) -> str:
    admin = get_user_model().objects.create_superuser("fuzz-admin", password="x")
    return key_services.personal_token_create(
        user=admin,
        name="fuzz",
        scopes=[
            "cases:read",
            "cases:intake",
            "cases:decide",
            "cases:handle",
            "cases:supervise",
            "org:read",
            "metrics:read",
            "webhooks",
        ],
    )[1]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
    phases=PHASES,
)
@pytest.mark.django_db
def test_no_input_makes_the_api_fail(case: Any, admin_token: str) -> None:
    response = case.call(headers={"Authorization": f"Bearer {admin_token}"})
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:500])
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"code", "message", "detail"}, body
