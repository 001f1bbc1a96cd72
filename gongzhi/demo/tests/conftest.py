"""The demo tests run on the real Keqiao organisation, loaded once per session through the services."""

from __future__ import annotations

from typing import Any

import pytest

from gongzhi.demo.organisation import organisation_load


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        organisation_load()
