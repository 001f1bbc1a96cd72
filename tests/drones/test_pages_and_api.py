"""The drone pages and the REST endpoints, through real URLs, re-reading the database afterwards."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongzhi.cases.models import Case
from gongzhi.drones import selectors, services
from gongzhi.drones.enums import DetectionSource, DetectionStatus, DockStatus, TargetKind, TaskType
from gongzhi.drones.models import DetectionPhoto, DetectionSite, Flight, FlightPlan
from tests.drones.conftest import World

pytestmark = pytest.mark.django_db
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _generous_limits(settings: Any) -> None:
    settings.GONGZHI_RATE_LIMIT_PER_IP = 100_000
    settings.GONGZHI_RATE_LIMIT_PER_KEY = 100_000


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_json(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post("/api/v1" + path, data=json.dumps(body), content_type="application/json")


def detection(world: World) -> int:
    return services.detection_ingest(
        source=DetectionSource.DOCK_API,
        task_type=TaskType.ILLEGAL_BUILDING,
        confidence=0.9,
        lng=120.475,
        lat=30.055,
        detected_at=timezone.now() - timedelta(minutes=3),
    ).site_id


def test_the_pages_show_docks_plan_requests_queue_and_emergency_panel(world: World) -> None:
    services.inspection_request_create(
        actor=world.enforcement_liaison,
        department=world.enforcement,
        title="山坡违建",
        task_type=TaskType.ILLEGAL_BUILDING,
        target_kind=TargetKind.POINT,
        geometry={"type": "Point", "coordinates": [120.46, 30.06]},
        start_date=selectors.today(),
    )
    command = signed_in(world.command)
    assert "王化机巢" in command.get("/drones/").content.decode()
    response = command.post("/drones/plan", {"day": selectors.today().isoformat()})
    assert response.status_code == 302 and FlightPlan.objects.count() == 1
    page = command.get("/drones/plan").content.decode()
    assert "综合飞一次" in page and "各部门各自飞" in page and "drone-map-data" in page
    assert "<script>" not in page  # CSP: data only, in json_script
    assert "山坡违建" in command.get("/drones/requests").content.decode()
    panel = command.get("/drones/emergency", {"longitude": "120.46", "latitude": "30.06"}).content.decode()
    assert "一键出动并立案" in panel
    detection(world)
    assert "违章建筑" in signed_in(world.worker).get("/drones/detections").content.decode()


def test_a_grid_worker_confirms_on_the_queue_page_and_a_case_is_opened(world: World) -> None:
    site_id = detection(world)
    response = signed_in(world.worker).post(
        "/drones/detections", {"site": site_id, "decision": "confirm", "note": "属实"}
    )
    assert response.status_code == 302
    site = DetectionSite.objects.get(pk=site_id)
    assert site.status == DetectionStatus.CONFIRMED and Case.objects.filter(pk=site.case_id).exists()


def test_the_emergency_panel_launches_in_one_click_and_strangers_see_nothing(world: World) -> None:
    assert signed_in(world.worker).get("/drones/emergency").status_code == 404
    response = signed_in(world.command).post(
        "/drones/emergency",
        {
            "dock": world.dock.pk,
            "longitude": "120.46",
            "latitude": "30.06",
            "subject": "山火",
            "description": "山林起火，请求无人机侦察",
        },
    )
    flight = Flight.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "cases:detail", args=[flight.case_id]
    )
    world.dock.refresh_from_db()
    assert world.dock.status == DockStatus.IN_MISSION


def test_api_detection_with_photos_verification_and_plan(world: World) -> None:
    api = signed_in(world.command)
    body = {
        "external_id": "dock-7",
        "task_type": "illegal_dumping",
        "confidence": 0.88,
        "lng": 120.475,
        "lat": 30.055,
        "detected_at": (timezone.now() - timedelta(minutes=2)).isoformat(),
        "dock": "D-WH",
        "photos": [
            {"range": "near", "content_base64": base64.b64encode(JPEG).decode(), "metadata": {"alt": 80}}
        ],
    }
    created = post_json(api, "/drones/detections", body)
    assert created.status_code == 201, created.content
    again = post_json(api, "/drones/detections", body)
    assert again.json()["id"] == created.json()["id"]  # the dock's id makes a retry harmless
    assert DetectionPhoto.objects.get().metadata == {"alt": 80}
    outside = post_json(api, "/drones/detections", {**body, "external_id": "x", "lng": 121.9, "lat": 31.2})
    assert outside.status_code == 400 and outside.json()["code"] == "outside_district"
    sites = api.get("/api/v1/drones/sites").json()
    assert [s["id"] for s in sites] == [created.json()["site_id"]]
    verified = post_json(
        signed_in(world.worker), f"/drones/sites/{sites[0]['id']}/verify", {"confirmed": True}
    )
    assert verified.status_code == 200 and verified.json()["case_id"]
    docks = api.get("/api/v1/drones/docks").json()
    assert docks[0]["code"] == "D-WH" and docks[0]["can_fly_today"]
    zones = api.get("/api/v1/drones/zones").json()
    assert zones["features"][0]["properties"]["name"] == "王化变电站"


def test_api_requests_plan_and_emergency(world: World) -> None:
    liaison = signed_in(world.enforcement_liaison)
    made = post_json(
        liaison,
        "/drones/requests",
        {
            "department": world.enforcement.code,
            "title": "违建",
            "task_type": "illegal_building",
            "target_kind": "point",
            "geometry": {"type": "Point", "coordinates": [120.46, 30.06]},
            "start_date": selectors.today().isoformat(),
        },
    )
    assert made.status_code == 201, made.content
    assert post_json(liaison, "/drones/plans", {"seconds": 1}).status_code == 403  # not the command room
    command = signed_in(world.command)
    plan = post_json(command, "/drones/plans", {"seconds": 1})
    assert plan.status_code == 201 and plan.json()["tasks_served"] == 1
    assert command.get("/api/v1/drones/plans/latest").json()["id"] == plan.json()["id"]
    options = command.get("/api/v1/drones/emergency/options", {"lng": 120.46, "lat": 30.06}).json()
    assert options[0]["can_fly"] and options[0]["eta_s"] > 0
    launched = post_json(
        command,
        "/drones/emergency",
        {
            "dock_id": world.dock.pk,
            "lng": 120.46,
            "lat": 30.06,
            "subject": "山火",
            "description": "山林起火请求侦察",
        },
    )
    assert launched.status_code == 201 and Case.objects.filter(pk=launched.json()["case_id"]).exists()


def test_grid_api_locates_and_takes_reports(world: World) -> None:
    worker = signed_in(world.worker)
    located = worker.get("/api/v1/grid/locate", {"lng": 120.467, "lat": 30.047}).json()
    assert located["code"] == world.grids["micro"].region.code
    report = post_json(
        worker,
        "/grid/reports",
        {"lng": 120.475, "lat": 30.055, "subject": "占道", "description": "占道堆物影响通行"},
    )
    assert report.status_code == 201 and report.json()["tracking_code"]
    assert worker.get("/api/v1/grid/locate", {"lng": 120.3, "lat": 30.2}).status_code == 404
