from __future__ import annotations

import pytest

from gongzhi.deliberation import services
from tests.deliberation.helpers import Register, build_register


@pytest.fixture
def catalogue(db: None) -> dict[str, int]:
    return services.catalogue_load_defaults()


@pytest.fixture
def register(catalogue: dict[str, int]) -> Register:
    return build_register()
