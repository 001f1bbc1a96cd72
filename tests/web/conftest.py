"""Fixtures for the page tests: a signed-in client per member of the named cast."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture
def as_user(client: Client):
    def sign_in(user) -> Client:
        client.force_login(user)
        return client

    return sign_in
