"""The campaign pages through real URLs, re-reading the database after each action."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

import pytest
import time_machine
from django.test import Client
from docx import Document
from pypdf import PdfReader

from gongzhi.campaigns import services
from gongzhi.campaigns.enums import MeetingStatus, ProjectStatus
from gongzhi.campaigns.models import Meeting, MeetingDecision, Project
from gongzhi.core.models import AuditEvent
from tests.campaigns.conftest import Cast, defined_project

pytestmark = pytest.mark.django_db
MARCH = datetime.fromisoformat("2026-03-02T09:00:00+08:00")
MAY = datetime.fromisoformat("2026-05-20T10:00:00+08:00")


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def proposal_post(cast: Cast, **changes: str) -> dict[str, str]:
    data = {
        "lead_unit": str(cast.housing.pk),
        "title": "农民建房审批一件事",
        "problem": "农民建房审批涉及5个部门，群众跑多次，平均审批45天，是群众反映集中的难点。",
        "category": str(cast.campaign.categories.get(code="livelihood").pk),
        "level": "unit",
        "planned_start": "2026-03-01",
        "planned_end": "2026-10-31",
        "small_entry": "on",
        "difficult": "on",
        "feasible": "on",
        "criteria_note": "只做农房审批一件事",
        "target_0_name": "审批天数",
        "target_0_unit": "天",
        "target_0_baseline": "45",
        "target_0_target": "20",
        "target_0_time": "on",
        "milestone_0_title": "联审机制建立",
        "milestone_0_due": "2026-05-31",
        "partners": str(cast.transport.pk),
        "team": cast.colleague.username,
        "submit": "1",
    }
    data.update(changes)
    return data


def test_a_proposal_through_the_pages_to_definition_and_a_report(cast: Cast) -> None:
    with time_machine.travel(MARCH, tick=False):
        chief = signed_in(cast.chief)
        assert chief.get(f"/campaigns/{cast.campaign.pk}/projects/new").status_code == 200
        response = chief.post(f"/campaigns/{cast.campaign.pk}/projects/new", proposal_post(cast))
        project = Project.objects.get(title="农民建房审批一件事")
        assert response.status_code == 302 and response["Location"] == f"/campaigns/projects/{project.pk}/"
        assert project.status == ProjectStatus.UNIT_REVIEW and project.partners.get().unit == cast.transport
        assert project.targets.get().measures_time and project.team.get().user == cast.colleague

        # a stranger does not even see the proposal; the partner's head may not review for the lead
        assert signed_in(cast.stranger).get(f"/campaigns/projects/{project.pk}/").status_code == 404
        events = AuditEvent.objects.count()
        refused = signed_in(cast.transport_head).post(
            f"/campaigns/projects/{project.pk}/do/unit_review", {"decision": "approve"}
        )
        assert refused.status_code == 404 and AuditEvent.objects.count() == events

        # the partner confirms (HTMX), then the reviews, each re-read from the database
        partner = signed_in(cast.transport_head).post(
            f"/campaigns/projects/{project.pk}/do/confirm_partner",
            {"decision": "accept", "unit": str(cast.transport.pk)},
            headers={"HX-Request": "true"},
        )
        assert partner.status_code == 200 and "已确认参与联合攻坚" in partner.text
        assert project.partners.get().confirmed_at is not None
        signed_in(cast.housing_head).post(
            f"/campaigns/projects/{project.pk}/do/unit_review", {"decision": "approve"}
        )
        back = signed_in(cast.coordinator_one).post(
            f"/campaigns/projects/{project.pk}/do/cluster_review", {"decision": "return", "reason": ""}
        )
        assert (
            back.status_code == 200 and "请填写退回理由" in back.text
        )  # refused on the page, nothing changed
        assert Project.objects.get(pk=project.pk).status == ProjectStatus.CLUSTER_REVIEW
        signed_in(cast.coordinator_one).post(
            f"/campaigns/projects/{project.pk}/do/cluster_review", {"decision": "approve"}
        )
        signed_in(cast.organiser).post(
            f"/campaigns/projects/{project.pk}/do/define", {"decision": "approve", "level": "county"}
        )
        project.refresh_from_db()
        assert project.status == ProjectStatus.SOLVING and project.level == "county"

    with time_machine.travel(MAY, tick=False):
        target = project.targets.get()
        milestone = project.milestones.get()
        chief = signed_in(cast.chief)  # the March session has long expired
        page = chief.get(f"/campaigns/projects/{project.pk}/")
        assert page.status_code == 200 and "报送月度进展" in page.text
        response = chief.post(
            f"/campaigns/projects/{project.pk}/do/report",
            {
                "period": "2026-04-01",
                "summary": "建立农房联审机制，五部门集中会审。",
                f"target_{target.pk}": "30",
                f"milestone_{milestone.pk}": "on",
                "reached_on": "2026-05-10",
                "help_level": "county",
                "help_question": "请县领导协调自然资源部门下放审批权限。",
            },
        )
        assert response.status_code == 302
        report = project.reports.get()
        assert report.period == date(2026, 4, 1) and report.readings.get().value == 30
        assert project.help_requests.get().level == "county"
        # a stranger sees the defined project (晾晒) but not its help requests, and cannot report
        stranger_page = signed_in(cast.stranger).get(f"/campaigns/projects/{project.pk}/")
        assert stranger_page.status_code == 200 and "请县领导协调" not in stranger_page.text
        assert "报送月度进展</button>" not in stranger_page.text
        # the county leader answers it from the project page
        item = project.help_requests.get()
        signed_in(cast.leader).post(
            f"/campaigns/help/{item.pk}/answer", {"answer": "已召开专题会，权限下放到镇街。"}
        )
        item.refresh_from_db()
        assert item.status == "answered" and item.answered_by == cast.leader


def test_every_campaign_page_answers_for_the_people_who_use_it(cast: Cast) -> None:
    with time_machine.travel(MARCH, tick=False):
        project = defined_project(cast)
    with time_machine.travel(MAY, tick=False):
        services.campaigns_sweep_run()
        campaign = cast.campaign.pk
        organiser = signed_in(cast.organiser)
        assert organiser.get("/campaigns/")["Location"] == f"/campaigns/{campaign}/"
        for url in [
            f"/campaigns/{campaign}/",
            f"/campaigns/{campaign}/projects/",
            f"/campaigns/{campaign}/projects/?status=solving&category=economic_development&q=审批",
            f"/campaigns/{campaign}/ranking/",
            f"/campaigns/{campaign}/ranking/?view=units",
            f"/campaigns/{campaign}/ranking/?view=clusters&cluster={cast.cluster_one.pk}",
            f"/campaigns/{campaign}/supervision/",
            f"/campaigns/{campaign}/figures/",
            f"/campaigns/{campaign}/meetings/",
            f"/campaigns/{campaign}/inbox/",
            f"/campaigns/{campaign}/setup/",
            f"/campaigns/projects/{project.pk}/",
            "/campaigns/library/",
            "/campaigns/trainers/",
        ]:
            assert organiser.get(url).status_code == 200, url
        # the flags of the sweep show on the supervision board, to the unit head as well
        board = signed_in(cast.housing_head).get(f"/campaigns/{campaign}/supervision/")
        assert board.status_code == 200 and "节点超期" in board.text
        assert signed_in(cast.stranger).get(f"/campaigns/{campaign}/supervision/").status_code == 404
        assert signed_in(cast.chief).get(f"/campaigns/{campaign}/setup/").status_code == 404
        assert Client().get(f"/campaigns/{campaign}/").status_code == 302  # to the login


def test_the_unit_heads_annual_report_as_word_and_pdf(cast: Cast) -> None:
    with time_machine.travel(MARCH, tick=False):
        defined_project(cast, partners=[cast.transport])
    head = signed_in(cast.housing_head)
    url = f"/campaigns/{cast.campaign.pk}/units/{cast.housing.pk}/report"
    word = head.get(url + ".docx")
    assert word.status_code == 200
    text = "\n".join(p.text for p in Document(BytesIO(word.content)).paragraphs)
    assert "破题攻坚工作情况" in text and "牵头破题项目1个" in text
    pdf = head.get(url + ".pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "工业项目审批提速" in "".join(
        page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages
    )
    # the partner unit's report counts the joint project; another unit's head may not read it
    partner = signed_in(cast.transport_head).get(
        f"/campaigns/{cast.campaign.pk}/units/{cast.transport.pk}/report.docx"
    )
    assert "参与跨部门联合攻坚项目1个" in "\n".join(
        p.text for p in Document(BytesIO(partner.content)).paragraphs
    )
    assert signed_in(cast.transport_head).get(url + ".docx").status_code == 404


def test_a_monthly_meeting_is_planned_from_the_flags_and_recorded(cast: Cast) -> None:
    with time_machine.travel(MARCH, tick=False):
        project = defined_project(cast)
    with time_machine.travel(MAY, tick=False):
        services.campaigns_sweep_run()
        coordinator = signed_in(cast.coordinator_one)
        response = coordinator.post(
            f"/campaigns/{cast.campaign.pk}/meetings/",
            {
                "cluster": str(cast.cluster_one.pk),
                "kind": "monthly",
                "held_on": "2026-07-05",
                "extra": "交流审批改革经验",
            },
        )
        meeting = Meeting.objects.get()
        assert response.status_code == 302
        sources = list(meeting.agenda.values_list("source", flat=True))
        # a missed milestone and two unreported months, the milestone due within a month, the extra point
        assert sources == ["flag", "flag", "flag", "milestone", "manual"]
        # the other cluster's coordinator may read neither plan nor record it
        assert signed_in(cast.coordinator_two).get(f"/campaigns/meetings/{meeting.pk}/").status_code == 404
        recorded = coordinator.post(
            f"/campaigns/meetings/{meeting.pk}/",
            {
                "minutes": "逐项分析超期节点原因，明确整改措施。",
                "attendance": "一片组各单位负责人",
                "decision_0_text": "5月底前补报4月进展",
                "decision_0_owner": str(cast.chief.pk),
                "decision_0_due": "2026-07-31",
            },
        )
        assert recorded.status_code == 302
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.HELD
        decision = MeetingDecision.objects.get()
        assert decision.owner == cast.chief and decision.due_on == date(2026, 7, 31)
        signed_in(cast.chief).post(f"/campaigns/decisions/{decision.pk}/done", {"note": "已补报"})
        assert MeetingDecision.objects.get().done_at is not None
        assert project.pk


def test_the_organisers_set_the_campaign_up_on_its_page(cast: Cast) -> None:
    organiser = signed_in(cast.organiser)
    url = f"/campaigns/{cast.campaign.pk}/setup/"
    organiser.post(url, {"form": "category", "category-code": "party_building", "category-name": "党建引领"})
    organiser.post(url, {"form": "cluster", "cluster-name": "三片组", "cluster-liaison_division": "干部三科"})
    cluster = cast.campaign.clusters.get(name="三片组")
    organiser.post(
        url, {"form": "units", "units-cluster": str(cluster.pk), "units-units": [str(cast.market.pk)]}
    )
    organiser.post(
        url,
        {
            "form": "role",
            "role-user": cast.leader.username,
            "role-role": "coordinator",
            "role-cluster": str(cluster.pk),
        },
    )
    assert cast.campaign.categories.filter(code="party_building", name="党建引领").exists()
    assert cast.campaign.participants.get(unit=cast.market).cluster == cluster
    assert cluster.members.get().user == cast.leader
    # a coordinator may not: the page is not found and nothing changes
    refused = signed_in(cast.coordinator_one).post(
        url, {"form": "cluster", "cluster-name": "四片组", "cluster-liaison_division": "x"}
    )
    assert refused.status_code == 404 and not cast.campaign.clusters.filter(name="四片组").exists()
