"""REST v1 for campaigns and the market, through real URLs with personal tokens."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client

from gongzhi.api.services import keys as key_services
from gongzhi.campaigns.models import Project
from gongzhi.core.models import AuditEvent
from gongzhi.org.models import User
from tests.campaigns.conftest import Cast

pytestmark = pytest.mark.django_db
MARCH = datetime.fromisoformat("2026-03-02T09:00:00+08:00")
MAY = datetime.fromisoformat("2026-05-20T10:00:00+08:00")


@pytest.fixture(autouse=True)
def _generous_limits(settings: Any) -> None:
    settings.GONGZHI_RATE_LIMIT_PER_IP = 100_000
    settings.GONGZHI_RATE_LIMIT_PER_KEY = 100_000


class Api:
    def __init__(
        self, user: User | None = None, scopes: tuple[str, ...] = ("campaigns:read", "campaigns:write")
    ):
        self.client = Client()
        self.headers: dict[str, str] = {}
        if user is not None:
            _, secret = key_services.personal_token_create(user=user, name="测试", scopes=list(scopes))
            self.headers["Authorization"] = f"Bearer {secret}"

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get("/api/v1" + path, params, headers=self.headers)

    def post(self, path: str, body: Any) -> Any:
        return self.client.post(
            "/api/v1" + path, data=json.dumps(body), content_type="application/json", headers=self.headers
        )


PROPOSAL = {
    "title": "企业开办一日办结",
    "problem": "企业开办涉及市场监管、税务、社保等多个环节，平均需要3个工作日，企业反映跑多次。",
    "category": "economic_development",
    "level": "unit",
    "planned_start": "2026-03-01",
    "planned_end": "2026-09-30",
    "small_entry": True,
    "difficult": True,
    "feasible": True,
    "targets": [
        {"name": "开办时间", "baseline": "3", "target": "1", "unit_label": "天", "measures_time": True}
    ],
    "milestones": [{"title": "一窗通办上线", "due_on": "2026-04-30"}],
    "submit": True,
}


def test_a_project_through_the_api_from_proposal_to_a_report(cast: Cast) -> None:
    with time_machine.travel(MARCH, tick=False):
        chief = Api(cast.chief)
        created = chief.post(
            f"/campaigns/{cast.campaign.pk}/projects", {**PROPOSAL, "lead_unit": cast.housing.code}
        )
        assert created.status_code == 201, created.content
        body = created.json()
        assert body["status"] == "unit_review" and body["criteria"] == {
            "small_entry": True,
            "difficult": True,
            "feasible": True,
        }
        project_id = body["id"]
        # a key without the write scope is refused and nothing changes
        reader = Api(cast.housing_head, scopes=("campaigns:read",))
        events = AuditEvent.objects.count()
        refused = reader.post(f"/campaigns/projects/{project_id}/review", {"approve": True})
        assert refused.status_code == 403 and refused.json()["code"] == "scope_missing"
        assert AuditEvent.objects.count() == events
        # a stranger does not see the proposal
        assert Api(cast.stranger).get(f"/campaigns/projects/{project_id}").status_code == 404
        for user, expected in (
            (cast.housing_head, "cluster_review"),
            (cast.coordinator_one, "definition"),
            (cast.organiser, "solving"),
        ):
            answer = Api(user).post(
                f"/campaigns/projects/{project_id}/review", {"approve": True, "level": "county"}
            )
            assert answer.status_code == 200 and answer.json()["status"] == expected, answer.content
        assert Project.objects.get(pk=project_id).level == "county"
    with time_machine.travel(MAY, tick=False):
        target = Project.objects.get(pk=project_id).targets.get()
        milestone = Project.objects.get(pk=project_id).milestones.get()
        chief = Api(cast.chief)
        report = chief.post(
            f"/campaigns/projects/{project_id}/reports",
            {
                "period": "2026-04-01",
                "summary": "一窗通办系统上线试运行。",
                "readings": {str(target.pk): "1.5"},
                "milestones_reached": {str(milestone.pk): "2026-04-28"},
            },
        )
        assert report.status_code == 201, report.content
        assert report.json()["targets"][0]["current"] == "1.50"
        again = chief.post(
            f"/campaigns/projects/{project_id}/reports",
            {"period": "2026-04-01", "summary": "重复报送。", "readings": {str(target.pk): "1"}},
        )
        assert again.status_code == 400 and again.json()["code"] == "report_exists"
        ranking = Api(cast.stranger).get(f"/campaigns/{cast.campaign.pk}/ranking").json()
        assert [row["project_id"] for row in ranking] == [project_id] and ranking[0]["on_time"] == 1.0
        figures = Api(cast.stranger).get(f"/campaigns/{cast.campaign.pk}/figures").json()
        assert figures["county_key"] == 1 and figures["time_saved"][0]["saved"] == "1.50"


def test_the_public_market_endpoints_need_no_key_and_show_only_published_listings(cast: Cast) -> None:
    public = Api()
    assert public.get("/market/listings").json() == []
    assert public.get("/market/listings/CF26-0001").status_code == 404
    assert public.get("/market/figures").json()["listing_enterprises"] == 0
    assert public.get("/market/listings", area_min="-5").status_code in (400, 422)
    # writing needs a key with the market scope
    refused = public.post("/market/demands", {"enterprise_id": 1})
    assert refused.status_code in (401, 422)
