"""Fixtures for the routing tests: Keqiao's organisation plus the default catalogue and 权责清单."""

from __future__ import annotations

import pytest

from gongzhi.org import selectors as org_selectors
from gongzhi.org.models import Region
from gongzhi.routing import services as routing_services
from gongzhi.routing.models import Category, ResponsibilityRule
from tests.org.keqiao import DISTRICT, ensure_keqiao_org


@pytest.fixture
def catalogue(db: None) -> Region:
    """The organisation, the default categories and the default responsibility list, loaded."""
    ensure_keqiao_org()
    if not Category.objects.exists():
        routing_services.categories_load_defaults()
    if not ResponsibilityRule.objects.exists():
        routing_services.responsibility_load_defaults()
    return org_selectors.region_get(code=DISTRICT)
