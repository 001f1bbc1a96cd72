"""The staff workbench through real URLs; every test re-reads the database afterwards."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from gongzhi.cases.models import Attachment, Case
from gongzhi.cases.views import _common as case_views_common
from gongzhi.core.models import AuditEvent
from tests.cases.helpers import accepted, intake, reload
from tests.conftest import PINGSHUI, WANGHUA, district_unit, region

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def intake_post(**overrides):
    data = {
        "channel": "visit",
        "kind": "request",
        "urgency": "normal",
        "subject": "村道路灯损坏",
        "description": "王化村村口到文化礼堂的路灯坏了三盏，晚上出行不便。",
        "town": region(PINGSHUI).pk,
        "village": region(WANGHUA).pk,
        "reporter_name": "李群众",
        "reporter_phone": "13905751234",
        "group_size": 1,
    }
    data.update(overrides)
    return data


def test_intake_registers_the_case_with_attachments_and_shows_the_receipt(as_user, village_clerk):
    photo = SimpleUploadedFile("lamp.png", PNG, content_type="image/png")
    response = as_user(village_clerk).post("/cases/intake/visit/", intake_post(attachments=[photo]))
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == f"/cases/{case.pk}/receipt"
    assert case.channel == "visit" and case.registered_by == village_clerk
    attachment = Attachment.objects.get(case=case)
    assert attachment.content_type == "image/png" and len(attachment.sha256) == 64
    assert AuditEvent.objects.filter(subject_id=case.pk, action="case.attachment_add").exists()
    receipt = as_user(village_clerk).get(response.url)
    assert case.tracking_code in receipt.content.decode()


def test_intake_refuses_a_disguised_file_and_saves_nothing(as_user, village_clerk):
    fake = SimpleUploadedFile("lamp.png", b"MZ\x90\x00 not an image", content_type="image/png")
    response = as_user(village_clerk).post("/cases/intake/visit/", intake_post(attachments=[fake]))
    assert response.status_code == 200
    assert "不支持的附件类型" in response.content.decode()
    assert Case.objects.count() == 0 and Attachment.objects.count() == 0


def test_intake_shows_the_service_refusal_next_to_the_field(as_user, village_clerk):
    response = as_user(village_clerk).post("/cases/intake/visit/", intake_post(reporter_phone="12345"))
    assert "联系电话格式不正确" in response.content.decode()
    assert Case.objects.count() == 0


def test_category_picker_finds_by_pinyin_initials_and_chinese(as_user, village_clerk):
    client = as_user(village_clerk)
    by_initials = client.get("/cases/picker/categories", {"category_q": "rqgy"}).content.decode()
    by_name = client.get("/cases/picker/categories", {"category_q": "燃气"}).content.decode()
    assert "燃气供应" in by_initials and "燃气供应" in by_name


def test_suggest_names_the_responsible_unit_and_possible_repeats(as_user, village_clerk):
    intake(village_clerk)
    response = as_user(village_clerk).post(
        "/cases/picker/suggest",
        {
            "subject": "燃气",
            "description": "小区燃气供应中断",
            "town": region(PINGSHUI).pk,
            "village": region(WANGHUA).pk,
            "reporter_phone": "13905751234",
        },
    )
    text = response.content.decode()
    assert "建议承办" in text and "可能的重复件" in text


def test_lists_are_scoped_and_phone_numbers_masked(as_user, village_clerk, stranger_clerk):
    case = intake(village_clerk)
    mine = as_user(village_clerk).get("/cases/list/all/").content.decode()
    assert case.tracking_code in mine
    page = as_user(village_clerk).get(f"/cases/{case.pk}/").content.decode()
    assert "139****1234" in page and "13905751234" not in page
    theirs = as_user(stranger_clerk).get("/cases/list/all/").content.decode()
    assert case.tracking_code not in theirs
    assert as_user(stranger_clerk).get(f"/cases/{case.pk}/").status_code == 404


def test_a_long_list_counts_up_to_the_cap_and_asks_for_a_filter(as_user, village_clerk, monkeypatch):
    monkeypatch.setattr(case_views_common, "COUNT_CAP", 3)
    cases = [intake(village_clerk) for _ in range(2)]
    short = as_user(village_clerk).get("/cases/list/all/").content.decode()
    assert "共 2 件" in short and "超过" not in short
    cases += [intake(village_clerk) for _ in range(3)]
    long = as_user(village_clerk).get("/cases/list/all/").content.decode()
    assert "第 1 / 1 页，超过 3 件：加筛选条件可看到其余的" in long
    assert sum(case.tracking_code in long for case in cases) == 3
    as_user(village_clerk).cookies["django_language"] = "en"
    english = as_user(village_clerk).get("/cases/list/all/").content.decode()
    assert "Page 1 of 1, more than 3 cases: add a filter to see the rest" in english


def test_full_contact_view_is_logged(as_user, village_clerk, housing_liaison, town_dispatcher):
    case = accepted(town_dispatcher, unit=district_unit("housing"))
    response = as_user(village_clerk).post(f"/cases/{case.pk}/contact")
    assert "13905751234" in response.content.decode()
    assert (
        AuditEvent.objects.filter(subject_id=case.pk, action="case.contact_view", actor=village_clerk).count()
        == 1
    )


def test_export_is_an_xlsx_of_the_filtered_list(as_user, village_clerk):
    intake(village_clerk)
    intake(village_clerk, channel="call")
    response = as_user(village_clerk).get("/cases/list/call/export.xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]][:2] == ["查询码", "渠道"]
    assert sheet.max_row == 2 and sheet["B2"].value == "来电"


def test_case_page_offers_only_allowed_actions(as_user, town_dispatcher, housing_liaison, market_liaison):
    case = accepted(town_dispatcher, unit=district_unit("housing"))
    page = as_user(housing_liaison).get(f"/cases/{case.pk}/").content.decode()
    assert 'id="action-sign"' in page and 'id="action-accept"' not in page
    page = as_user(town_dispatcher).get(f"/cases/{case.pk}/").content.decode()
    assert 'id="action-sign"' not in page and 'id="action-transfer"' in page


def test_an_action_through_htmx_changes_the_case_and_returns_the_body(
    as_user, town_dispatcher, housing_liaison
):
    case = accepted(town_dispatcher, unit=district_unit("housing"))
    response = as_user(housing_liaison).post(f"/cases/{case.pk}/do/sign", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="case-body"' in response.content.decode()
    assert reload(case).status == "in_progress"


def test_an_action_not_allowed_is_not_found_and_changes_nothing(as_user, town_dispatcher, market_liaison):
    case = accepted(town_dispatcher, unit=district_unit("housing"))
    response = as_user(town_dispatcher).post(f"/cases/{case.pk}/do/sign")
    assert response.status_code == 404
    assert reload(case).status == "dispatched"


def test_a_refused_service_shows_the_message_in_place(as_user, town_dispatcher, housing_liaison):
    case = accepted(town_dispatcher, unit=district_unit("housing"))
    client = as_user(housing_liaison)
    client.post(f"/cases/{case.pk}/do/sign")
    response = client.post(f"/cases/{case.pk}/do/reply", {"reply-text": "太短"}, HTTP_HX_REQUEST="true")
    assert "请填写答复内容" in response.content.decode()
    assert reload(case).status == "in_progress"


def test_attachments_are_served_only_inside_the_scope(as_user, village_clerk, stranger_clerk):
    photo = SimpleUploadedFile("lamp.png", PNG, content_type="image/png")
    as_user(village_clerk).post("/cases/intake/visit/", intake_post(attachments=[photo]))
    attachment = Attachment.objects.get()
    response = as_user(village_clerk).get(f"/cases/attachments/{attachment.pk}")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert "sandbox" in response["Content-Security-Policy"]
    assert as_user(stranger_clerk).get(f"/cases/attachments/{attachment.pk}").status_code == 404


@pytest.mark.parametrize("kind", ["receipt", "decision", "file"])
def test_documents_render_as_pdf_and_word(as_user, town_dispatcher, kind):
    case = accepted(town_dispatcher)
    client = as_user(town_dispatcher)
    pdf = client.get(f"/cases/{case.pk}/documents/{kind}.pdf")
    word = client.get(f"/cases/{case.pk}/documents/{kind}.docx")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert b"STSong-Light" in pdf.content
    assert word.status_code == 200 and word.content.startswith(b"PK")


def test_bulk_accept_routes_each_case(as_user, town_dispatcher):
    cases = [intake(town_dispatcher), intake(town_dispatcher)]
    as_user(town_dispatcher).post("/cases/list/all/bulk", {"action": "accept", "ids": [c.pk for c in cases]})
    assert all(reload(c).accepted_at is not None for c in cases)


def test_queue_counts_what_waits_for_me(as_user, town_dispatcher, housing_liaison):
    accepted(town_dispatcher, unit=district_unit("housing"))
    page = as_user(housing_liaison).get("/cases/").content.decode()
    assert "待签收" in page and "小区" not in page and "村道路灯损坏" in page


def test_pages_need_a_login(client):
    response = client.get("/cases/list/all/")
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_every_page_has_a_strict_content_security_policy(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
