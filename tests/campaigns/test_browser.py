"""In headless Chromium: a section chief files a monthly report through the project page's HTMX
form, and a phone-sized visitor searches the public market — no browser console error on the way."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from gongzhi.campaigns import services
from gongzhi.campaigns.enums import CampaignRole
from gongzhi.campaigns.models import ProgressReport
from gongzhi.campaigns.services import MilestoneInput, ProjectContent, TargetInput
from gongzhi.market import services as market
from gongzhi.market.enums import DealMode, ListingKind
from gongzhi.org.enums import Role
from tests.conftest import PINGSHUI, centre, district_unit, region
from tests.web.browser import ARTEFACTS, LAUNCH_ARGS, require_chromium

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "demo-Passw0rd!"


@pytest.fixture
def chromium() -> Iterator[object]:
    executable = require_chromium()
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        yield browser
        browser.close()


def test_a_report_through_the_project_page_and_the_public_market(
    chromium, live_server, keqiao_loaded, make_staff
):  # type: ignore[no-untyped-def]
    admin = make_staff(centre("330603000000"), Role.ADMINISTRATOR)
    housing = district_unit("housing")
    chief = make_staff(housing, Role.HANDLER, name="审批科科长")
    head = make_staff(housing, Role.UNIT_HEAD)
    today = timezone.localdate()
    with time_machine.travel(today.replace(day=1), tick=False):
        campaign = services.campaign_create(
            actor=admin,
            name="破题浏览器测试",
            year=today.year,
            region=region("330603000000"),
            starts_on=today.replace(month=1, day=1),
            ends_on=today.replace(month=12, day=31),
        )
        services.campaign_member_grant(
            actor=admin, campaign=campaign, user=admin, role=CampaignRole.ORGANISER
        )
        cluster = services.cluster_create(
            actor=admin, campaign=campaign, name="一片组", liaison_division="干部一科"
        )
        services.campaign_units_assign(actor=admin, cluster=cluster, units=[housing])
        project = services.project_propose(
            actor=chief,
            campaign=campaign,
            lead_unit=housing,
            content=ProjectContent(
                title="施工许可提速",
                problem="施工许可审批时间长，企业反映强烈，需要系统破解。",
                category=campaign.categories.get(code="economic_development"),
                level="unit",
                planned_start=today.replace(day=1),
                planned_end=today.replace(month=12, day=31),
                small_entry=True,
                difficult=True,
                feasible=True,
                targets=[
                    TargetInput(name="审批天数", baseline=Decimal(60), target=Decimal(43), unit_label="天")
                ],
                milestones=[MilestoneInput(title="并联审批上线", due_on=today.replace(month=12, day=30))],
            ),
        )
        services.project_submit(actor=chief, project_id=project.pk)
        services.project_unit_review(actor=head, project_id=project.pk, approve=True)
        services.project_cluster_review(actor=admin, project_id=project.pk, approve=True)
        services.project_define(actor=admin, project_id=project.pk, approve=True)
    bureau = make_staff(district_unit("commerce"), Role.HANDLER)
    lister = market.enterprise_upsert(actor=bureau, name="平水纺织有限公司", region=region(PINGSHUI))
    listing = market.listing_create(
        actor=bureau,
        lister=lister,
        data=market.ListingInput(
            kind=ListingKind.FACTORY_SPACE,
            title="平水工业园标准厂房",
            region=region(PINGSHUI),
            address="平水镇兴业路8号",
            deal_mode=DealMode.RENT,
            unit_price=Decimal(18),
            area=Decimal(6000),
            floors=3,
            latitude=Decimal("29.965"),
            longitude=Decimal("120.562"),
        ),
    )
    market.listing_submit(actor=bureau, listing_id=listing.pk)
    market.listing_verify(actor=bureau, listing_id=listing.pk, approve=True)

    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", chief.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/campaigns/projects/{project.pk}/")
    panel = page.locator("#action-report")
    panel.locator("summary").click()
    target = project.targets.get()
    panel.locator("[name='summary']").fill("梳理审批环节，形成并联审批方案。")
    panel.locator(f"[name='target_{target.pk}']").fill("55")
    with page.expect_response(re.compile(r"/do/report$")):
        panel.locator("button[type=submit]").click()
    page.wait_for_selector("text=月度进展已报送")
    page.screenshot(path=str(ARTEFACTS / "campaign-report.png"), full_page=True)
    report = ProgressReport.objects.get(project=project)
    assert report.readings.get().value == 55

    phone = chromium.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True
    ).new_page()
    phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    phone.goto(f"{live_server.url}/public/market/")
    phone.locator("summary").first.click()
    phone.select_option("#id_kind", "factory_space")
    phone.click("form button[type=submit]")
    phone.wait_for_load_state("networkidle")
    phone.locator("a.listing").first.click()
    phone.wait_for_selector(f"text={listing.code}")
    phone.screenshot(path=str(ARTEFACTS / "market-public-phone.png"), full_page=True)
    assert errors == []
