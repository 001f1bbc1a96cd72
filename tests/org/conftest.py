"""Fixtures for the organisation tests: the real Keqiao divisions and default units."""

from __future__ import annotations

import pytest

from gongzhi.org.models import Region
from tests.org.keqiao import DISTRICT, ensure_keqiao_org, region


@pytest.fixture
def keqiao(db: None) -> Region:
    """The district region, with the divisions and default units loaded."""
    ensure_keqiao_org()
    return region(DISTRICT)
