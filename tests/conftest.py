"""The named cast of the tests, on the real Keqiao organisation.

The organisation (16 towns, 341 villages, the default units, categories and responsibility list)
is loaded once per test session through the services; each test runs in a transaction that is
rolled back, so the cast below is fresh for every test.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import datetime

import pytest
import time_machine

from gongzhi.org import selectors as org_selectors
from gongzhi.org import services as org_services
from gongzhi.org.enums import RegionLevel, Role
from gongzhi.org.models import Region, Unit, User
from gongzhi.routing import selectors as routing_selectors
from gongzhi.routing import services as routing_services
from gongzhi.routing.models import Category
from tests.live_server import SerialWhenSharedServer

# 2026-11-30 is a Monday: deadlines in the tests count from here unless a test says otherwise.
MONDAY_MORNING = datetime.fromisoformat("2026-11-30T09:00:00+08:00")

PINGSHUI = "330603105000"  # 平水镇
WANGHUA = "330603105210"  # 平水镇王化村
ZHUJIA = "330603105211"  # 平水镇祝家村
WANGTAN = "330603107000"  # 王坛镇


def load_keqiao() -> None:
    org_services.divisions_import()
    org_services.units_load_defaults()
    routing_services.categories_load_defaults()
    routing_services.responsibility_load_defaults()


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest) -> Iterator[object]:
    """pytest-django's live server, serving one request at a time on in-memory SQLite
    (tests/live_server.py says why)."""
    from pytest_django.live_server_helper import LiveServer

    addr = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
    server = LiveServer(addr or "localhost", start=False)
    server.thread.server_class = SerialWhenSharedServer
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> None:  # type: ignore[misc]
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        load_keqiao()


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Figures cached by one test (the cockpit's) never leak into the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def keqiao_loaded(db: None) -> None:
    """For transactional tests, which flush the database: load the organisation again if needed."""
    if not Region.objects.exists():
        load_keqiao()


@pytest.fixture
def frozen_now() -> object:
    with time_machine.travel(MONDAY_MORNING, tick=True) as traveller:
        yield traveller


@pytest.fixture
def clock(time_machine: time_machine.TimeMachineFixture) -> time_machine.TimeMachineFixture:
    """The clock of one test, for stories told over weeks: ``clock.move_to(moment)`` (ticking)."""
    return time_machine


def local(moment: datetime) -> str:
    """An aware datetime as Asia/Shanghai ISO text, for exact deadline assertions."""
    from django.utils import timezone

    return timezone.localtime(moment).isoformat()


def region(code: str) -> Region:
    return org_selectors.region_get(code=code)


def centre(code: str) -> Unit:
    unit = org_selectors.centre_for_region(region=region(code))
    assert unit is not None
    return unit


def district_unit(function: str) -> Unit:
    district = region("330603000000")
    unit = org_selectors.unit_by_function(region=district, function=function, level=RegionLevel.DISTRICT)
    assert unit is not None
    return unit


MakeStaff = Callable[..., User]


@pytest.fixture
def make_staff(db: None) -> MakeStaff:
    counter = {"n": 0}

    def make(unit: Unit, *roles: str, name: str = "") -> User:
        counter["n"] += 1
        user = org_services.staff_create(
            username=f"u{counter['n']}_{unit.code[-12:]}",
            display_name=name or f"员工{counter['n']}",
            password="demo-Passw0rd!",
        )
        for role in roles:
            org_services.membership_grant(user=user, unit=unit, role=role)
        return user

    return make


@pytest.fixture
def village_clerk(make_staff: MakeStaff) -> User:
    """窗口受理 and 分流 at 王化村's centre."""
    return make_staff(centre(WANGHUA), Role.INTAKE_CLERK, Role.DISPATCHER, name="王化村窗口")


@pytest.fixture
def village_head(make_staff: MakeStaff) -> User:
    """书记/主任 of 王化村: handles village-level cases."""
    return make_staff(centre(WANGHUA), Role.UNIT_HEAD, Role.LIAISON, Role.HANDLER, name="王化村书记")


@pytest.fixture
def stranger_clerk(make_staff: MakeStaff) -> User:
    """A clerk of the neighbouring village 祝家村: must see nothing of 王化村."""
    return make_staff(centre(ZHUJIA), Role.INTAKE_CLERK, Role.DISPATCHER, Role.UNIT_HEAD, name="祝家村窗口")


@pytest.fixture
def town_dispatcher(make_staff: MakeStaff) -> User:
    return make_staff(centre(PINGSHUI), Role.INTAKE_CLERK, Role.DISPATCHER, name="平水镇分流员")


@pytest.fixture
def town_leader(make_staff: MakeStaff) -> User:
    return make_staff(centre(PINGSHUI), Role.CENTRE_LEADER, Role.SUPERVISOR, name="平水镇中心领导")


@pytest.fixture
def district_dispatcher(make_staff: MakeStaff) -> User:
    return make_staff(centre("330603000000"), Role.DISPATCHER, Role.INTAKE_CLERK, name="区中心分流员")


@pytest.fixture
def district_supervisor(make_staff: MakeStaff) -> User:
    return make_staff(centre("330603000000"), Role.SUPERVISOR, name="区督办员")


@pytest.fixture
def housing_liaison(make_staff: MakeStaff) -> User:
    return make_staff(district_unit("housing"), Role.LIAISON, Role.HANDLER, name="住建局联络员")


@pytest.fixture
def housing_head(make_staff: MakeStaff) -> User:
    return make_staff(district_unit("housing"), Role.UNIT_HEAD, name="住建局负责人")


@pytest.fixture
def market_liaison(make_staff: MakeStaff) -> User:
    return make_staff(district_unit("market"), Role.LIAISON, Role.HANDLER, name="市场监管局联络员")


@pytest.fixture
def environment_liaison(make_staff: MakeStaff) -> User:
    return make_staff(district_unit("environment"), Role.LIAISON, Role.HANDLER, name="生态环境分局联络员")


@pytest.fixture
def petitioner(db: None) -> User:
    return User.objects.create_user(
        username="citizen_li",
        password="demo-Passw0rd!",
        is_citizen=True,
        display_name="李群众",
        phone="13905751234",
    )


def any_category(name_part: str = "") -> Category:
    if name_part:
        found = routing_selectors.category_search(query=name_part, limit=1)
        if found:
            return found[0]
    return Category.objects.filter(depth=3).order_by("code").first()  # type: ignore[return-value]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """PostgreSQL-only tests skip cleanly on SQLite — except in CI, where they must run."""
    import os

    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    in_ci = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
    for item in items:
        if "postgres" in item.keywords:
            if in_ci:
                item.add_marker(
                    pytest.mark.xfail(
                        reason="needs PostgreSQL, which CI must provide", strict=True, run=False
                    )
                )
            else:
                item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://…)"))
