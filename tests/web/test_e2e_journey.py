"""End to end in headless Chromium: the journey of issue 3 through the real pages.

A clerk registers a visit; the town dispatcher accepts and routes it; the department's liaison
signs and asks for an extension, the district supervisor approves; the town adds two co-units,
which sign and answer; the department replies; the citizen rates the answer on the public
tracking page; the cockpit loads with the real figures. Screenshots go to artefacts/screenshots/.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest

from gongzhi.cases.models import Case
from gongzhi.core.models import AuditEvent
from gongzhi.org.enums import Role
from tests.conftest import PINGSHUI, WANGHUA, centre, district_unit, region
from tests.web.browser import ARTEFACTS, LAUNCH_ARGS, require_chromium

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "demo-Passw0rd!"


@pytest.fixture
def chromium_browser() -> Iterator[object]:
    executable = require_chromium()
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are sync.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        yield instance
        instance.close()


def page_for(browser, live_server, username: str, *, width: int = 1366, height: int = 768):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    # Generous timeouts: a shared CI machine can be slow to serve the first page; the journey's
    # assertions are about behaviour, never about speed.
    context.set_default_timeout(90_000)
    context.set_default_navigation_timeout(120_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors  # type: ignore[attr-defined]
    if username:
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/cases/"))
    return page


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)


def act(page, name: str, fill: dict[str, str] | None = None, select: dict[str, str] | None = None) -> None:
    """Open an action on the case page, fill its short form, submit (HTMX) and wait for the swap."""
    panel = page.locator(f"#action-{name}")
    panel.locator("summary").click()
    for field, value in (select or {}).items():
        panel.locator(f"[name='{name}-{field}']").select_option(value)
    for field, value in (fill or {}).items():
        target = panel.locator(f"[name='{name}-{field}']")
        if target.first.get_attribute("type") == "radio":
            panel.locator(f"[name='{name}-{field}'][value='{value}']").check()
        else:
            target.fill(value)
    with page.expect_response(re.compile(rf"/do/{name}$")):
        panel.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def test_the_journey_of_a_visit(chromium_browser, live_server, keqiao_loaded, make_staff):
    browser = chromium_browser
    clerk = make_staff(centre(WANGHUA), Role.INTAKE_CLERK, Role.DISPATCHER, name="王化村窗口")
    make_staff(centre(PINGSHUI), Role.INTAKE_CLERK, Role.DISPATCHER, name="平水镇分流员")
    housing = district_unit("housing")
    make_staff(housing, Role.LIAISON, Role.HANDLER, name="住建局联络员")
    make_staff(centre("330603000000"), Role.SUPERVISOR, Role.CENTRE_LEADER, name="区督办员")
    make_staff(district_unit("market"), Role.LIAISON, Role.HANDLER, name="市场监管局联络员")
    make_staff(district_unit("environment"), Role.LIAISON, Role.HANDLER, name="生态环境分局联络员")
    users = {u.display_name: u.username for u in type(clerk).objects.exclude(display_name="")}

    # 1. The clerk registers a visit at the one window, picking the category by pinyin initials.
    page = page_for(browser, live_server, users["王化村窗口"])
    page.goto(f"{live_server.url}/cases/intake/visit/")
    page.fill("#id_subject", "小区燃气管道老化漏气")
    page.fill("#id_description", "王化村新村小区燃气管道老化，近日多次闻到燃气味，群众担心安全，请尽快检修。")
    page.fill("#category-search", "rqgy")
    page.locator("#category-results [data-pick-category]").first.click()
    page.select_option("#id_town", str(region(PINGSHUI).pk))
    page.locator("#id_village option").nth(1).wait_for(state="attached")
    page.select_option("#id_village", str(region(WANGHUA).pk))
    page.fill("#id_reporter_name", "李群众")
    page.fill("#id_reporter_phone", "13905751234")
    page.wait_for_selector("#suggest :text('建议承办')")
    shot(page, "01-intake")
    page.click("#intake button[type=submit]")
    page.wait_for_url(re.compile(r"/receipt$"))
    code = page.locator(".receipt-code").inner_text().strip()
    shot(page, "02-receipt")
    case = Case.objects.get(tracking_code=code)
    assert case.channel == "visit" and case.status == "registered" and case.category is not None

    # 2. The town dispatcher accepts it and routes it to the housing department.
    page = page_for(browser, live_server, users["平水镇分流员"])
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    act(page, "accept", select={"unit": str(housing.pk)}, fill={"note": "属住建职责，请住建局办理"})
    assert Case.objects.get(pk=case.pk).lead_unit_id == housing.pk
    page.goto(f"{live_server.url}/cases/list/visit/")
    shot(page, "03-list-visits")

    # 3. The department's liaison signs for it and asks for an extension ...
    page = page_for(browser, live_server, users["住建局联络员"])
    page.goto(f"{live_server.url}/cases/?q=to_sign")
    page.click(f"text={code}")
    act(page, "sign")
    act(page, "request_extension", fill={"days": "15", "reason": "需协调燃气公司更换主管道"})
    assert Case.objects.get(pk=case.pk).status == "in_progress"
    shot(page, "04-case-handler")

    # ... and the district supervisor approves it.
    page = page_for(browser, live_server, users["区督办员"])
    page.goto(f"{live_server.url}/cases/?q=awaiting_approval")
    page.click(f"text={code}")
    act(page, "decide_extension", fill={"decision": "approve", "note": "同意"})
    assert Case.objects.get(pk=case.pk).extended_days == 15
    page.goto(f"{live_server.url}/insights/board/")
    shot(page, "05-board")

    # 4. Joint handling: the town adds two co-units, each signs and answers.
    page = page_for(browser, live_server, users["平水镇分流员"])
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    act(
        page,
        "add_co_units",
        select={"unit_1": str(district_unit("market").pk), "unit_2": str(district_unit("environment").pk)},
        fill={"task_1": "核查燃气供应企业责任", "task_2": "评估泄漏对周边环境影响"},
    )
    for name in ("市场监管局联络员", "生态环境分局联络员"):
        page = page_for(browser, live_server, users[name])
        page.goto(f"{live_server.url}/cases/{case.pk}/")
        act(page, "subtask_sign")
        act(page, "subtask_answer", fill={"answer": f"{name[:-3]}已按职责完成核查。"})
    assert case.assignments.filter(role="co", status="answered").count() == 2

    # 5. The department replies; the citizen rates it on the public tracking page.
    page = page_for(browser, live_server, users["住建局联络员"])
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    act(page, "reply", fill={"text": "经现场检修，已更换老化燃气管道并完成气密性检测，隐患已消除。"})
    assert Case.objects.get(pk=case.pk).status == "replied"
    shot(page, "06-case-replied")

    citizen = page_for(browser, live_server, "", width=390, height=844)
    citizen.goto(f"{live_server.url}/")
    citizen.fill("#id_code", code)
    citizen.fill("#id_phone_tail", "1234")
    citizen.click("text=查询 >> nth=-1")
    citizen.wait_for_selector("[data-status='replied']")
    citizen.check("input[name='rating'][value='satisfied']")
    citizen.click("text=提交评价")
    citizen.wait_for_selector("text=感谢您的评价")
    shot(citizen, "07-public-track-phone")
    assert Case.objects.get(pk=case.pk).rating == "satisfied"

    # 6. The cockpit loads with the real figures.
    page = page_for(browser, live_server, users["区督办员"])
    page.goto(f"{live_server.url}/insights/cockpit/")
    page.wait_for_selector("[data-chart='trend'] canvas")
    page.wait_for_selector(".leaflet-overlay-pane path")
    assert int(page.locator("[data-kpi='intake_today']").inner_text()) == Case.objects.count()
    shot(page, "08-cockpit")
    assert not page.errors, page.errors  # type: ignore[attr-defined]
    assert AuditEvent.objects.filter(subject_id=case.pk, action="case.follow_up").exists()
