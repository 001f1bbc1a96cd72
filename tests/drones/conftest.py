"""A small drone world on the real organisation: two test grids, a dock with an aircraft and a
licensed pilot on duty, a substation no-fly zone, the command room and two departments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from gongzhi.drones import services
from gongzhi.drones.enums import ZoneKind, ZoneSource
from gongzhi.drones.models import Dock, Pilot
from gongzhi.drones.selectors import today
from gongzhi.grid import services as grid_services
from gongzhi.grid.enums import GridRole
from gongzhi.grid.models import Grid
from gongzhi.org.enums import Role
from gongzhi.org.models import Unit, User
from tests.conftest import WANGHUA, MakeStaff, centre, district_unit
from tests.grid.helpers import make_grids, square


@dataclass
class World:
    grids: dict[str, Grid]
    dock: Dock
    pilot: Pilot
    command: User
    worker: User
    enforcement: Unit
    environment: Unit
    enforcement_liaison: User
    environment_liaison: User


@pytest.fixture
def world(db: None, make_staff: MakeStaff) -> World:
    grids = make_grids()
    command = make_staff(centre("330603000000"), Role.DISPATCHER, Role.INTAKE_CLERK, name="指挥中心")
    worker = make_staff(centre(WANGHUA), name="网格员甲")
    grid_services.grid_member_assign(grid=grids["a"], user=worker, role=GridRole.FULL_TIME)
    enforcement, environment = district_unit("enforcement"), district_unit("environment")
    dock = services.dock_create(
        code="D-WH", name="王化机巢", unit=enforcement, lng=120.47, lat=30.05, radius_m=5000, actor=command
    )
    services.aircraft_add(
        dock=dock, code="M3D-1", model="Matrice 3D", endurance_s=50 * 60, cruise_speed_mps=12
    )
    pilot_user = make_staff(centre("330603000000"), name="飞手甲")
    pilot = services.pilot_register(
        user=pilot_user, licence_number="UTC-001", licence_valid_until=date(2030, 1, 1)
    )
    for offset in range(3):
        services.pilot_shift_assign(pilot=pilot, dock=dock, day=today() + timedelta(days=offset))
    services.zone_create(
        code="Z-SUB",
        name="王化变电站",
        kind=ZoneKind.NO_FLY,
        source=ZoneSource.POWER,
        geometry=square(120.485, 30.045, 120.488, 30.048),
    )
    return World(
        grids=grids,
        dock=dock,
        pilot=pilot,
        command=command,
        worker=worker,
        enforcement=enforcement,
        environment=environment,
        enforcement_liaison=make_staff(enforcement, Role.LIAISON, name="执法联络员"),
        environment_liaison=make_staff(environment, Role.LIAISON, name="生态环境联络员"),
    )
