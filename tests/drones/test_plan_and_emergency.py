"""The stored daily plan (with its baseline and unserved reasons) and the emergency launch."""

from __future__ import annotations

from datetime import date, time

import pytest

from gongzhi.cases.enums import Urgency
from gongzhi.core.errors import InvalidState, PermissionDenied, ValidationFailed
from gongzhi.drones import selectors, services
from gongzhi.drones.enums import DockStatus, FlightPurpose, TargetKind, TaskType, UnservedReason
from gongzhi.drones.models import FlightStop, Pilot
from tests.drones.conftest import World

pytestmark = pytest.mark.django_db


def request(
    world: World, title: str, lng: float, lat: float, *, environment: bool = False, **kw: object
) -> None:
    values: dict[str, object] = dict(
        actor=world.environment_liaison if environment else world.enforcement_liaison,
        department=world.environment if environment else world.enforcement,
        title=title,
        task_type=TaskType.CONSTRUCTION_DUST if environment else TaskType.ILLEGAL_BUILDING,
        target_kind=TargetKind.POINT,
        geometry={"type": "Point", "coordinates": [lng, lat]},
        start_date=selectors.today(),
    )
    values.update(kw)
    services.inspection_request_create(**values)  # type: ignore[arg-type]


def test_the_day_is_planned_stored_and_compared_with_per_department_flights(world: World) -> None:
    request(world, "工地A 违建", 120.475, 30.055, site_key="site-a")
    request(world, "工地A 扬尘", 120.475, 30.055, environment=True, site_key="site-a")
    request(world, "山坡违建", 120.46, 30.06)
    request(world, "河道段", 120.45, 30.04, environment=True, window_start=time(9), window_end=time(11))
    request(world, "变电站内", 120.4865, 30.0465)  # inside the no-fly zone
    plan = services.flight_plan_create(actor=world.command, seconds=1, baseline_seconds=1)
    assert plan.tasks_served == 4 and plan.tasks_unserved == 1
    (unserved,) = plan.unserved.all()
    assert unserved.reason == UnservedReason.INSIDE_NO_FLY and "变电站" in unserved.message
    shared = FlightStop.objects.get(flight__plan=plan, requests__title="工地A 违建")
    assert {r.title for r in shared.requests.all()} == {"工地A 违建", "工地A 扬尘"}
    assert plan.baseline["baseline"]["visits"] == plan.baseline["combined"]["visits"] + 1
    assert set(plan.baseline["per_department"]) == {world.enforcement.name, world.environment.name}
    flight = plan.flights.first()
    assert flight is not None and flight.pilot == world.pilot and flight.aircraft is not None


def test_weather_hold_and_an_expired_licence_leave_targets_unserved_with_reasons(world: World) -> None:
    request(world, "山坡违建", 120.46, 30.06)
    services.dock_weather_update(dock_id=world.dock.pk, wind_mps=11, is_raining=False)
    plan = services.flight_plan_create(actor=world.command, seconds=1, baseline_seconds=1)
    assert plan.flight_count == 0
    assert plan.unserved.get().reason == UnservedReason.WEATHER_HOLD
    services.dock_weather_update(dock_id=world.dock.pk, wind_mps=3, is_raining=False)
    Pilot.objects.filter(pk=world.pilot.pk).update(licence_valid_until=date(2020, 1, 1))
    plan = services.flight_plan_create(actor=world.command, seconds=1, baseline_seconds=1)
    unserved = plan.unserved.get()
    assert unserved.reason == UnservedReason.NO_LICENSED_PILOT and "过期" in unserved.message
    with pytest.raises(ValidationFailed, match="过期"):
        services.pilot_shift_assign(
            pilot=Pilot.objects.get(pk=world.pilot.pk), dock=world.dock, day=date(2030, 6, 1)
        )


def test_requests_are_checked_and_kept_to_their_department(world: World) -> None:
    with pytest.raises(PermissionDenied):
        request(world, "越权", 120.46, 30.06, actor=world.environment_liaison)
    with pytest.raises(ValidationFailed, match="本区"):
        request(world, "区外", 121.9, 31.2)
    with pytest.raises(ValidationFailed, match="LineString"):
        request(world, "线", 120.46, 30.06, target_kind=TargetKind.LINE)
    with pytest.raises(ValidationFailed, match="时间窗"):
        request(world, "窗", 120.46, 30.06, window_start=time(11), window_end=time(9))


def test_emergency_options_and_one_click_launch(world: World) -> None:
    options = selectors.emergency_options(lng=120.46, lat=30.06)
    (option,) = options
    assert option.can_fly and 0 < option.eta_s < 300 and 0.5 < option.battery_margin < 1
    flight = services.emergency_dispatch(
        actor=world.command,
        dock_id=world.dock.pk,
        lng=120.46,
        lat=30.06,
        subject="危化品车辆起火",
        description="高速公路上一辆危化品运输车起火，请求无人机侦察",
    )
    assert flight.purpose == FlightPurpose.EMERGENCY and flight.case is not None
    assert flight.case.urgency == Urgency.CRITICAL and "王化机巢" in flight.case.description
    world.dock.refresh_from_db()
    assert world.dock.status == DockStatus.IN_MISSION
    with pytest.raises(InvalidState, match="正在执行任务"):
        services.emergency_dispatch(
            actor=world.command,
            dock_id=world.dock.pk,
            lng=120.46,
            lat=30.06,
            subject="再次",
            description="再次出动测试",
        )
    with pytest.raises(PermissionDenied):
        services.emergency_dispatch(
            actor=world.worker,
            dock_id=world.dock.pk,
            lng=120.46,
            lat=30.06,
            subject="越权",
            description="越权出动测试",
        )
