"""The entry pages through real URLs with Django's test client, re-reading the database afterwards:
the team, the tender, the village register and roles, the catalogue and expert pool, attachments."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from gongzhi.core.models import AuditEvent
from gongzhi.deliberation import selectors, services
from gongzhi.deliberation.models import (
    Bidder,
    Expert,
    MatterType,
    SessionAttachment,
    Team,
    TeamMember,
    VillageRole,
)
from gongzhi.deliberation.views.entry import _relatives
from gongzhi.kinship import services as kinship_services
from gongzhi.kinship.models import Household, KinshipLink, Person
from gongzhi.org.enums import Role
from tests.conftest import centre, region
from tests.deliberation.helpers import LIANHUA, SHUANGYE, XIALU, pass_meeting
from tests.deliberation.test_small_project_tender import in_law_family

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def cadre(make_staff):
    return make_staff(centre(LIANHUA), Role.UNIT_HEAD, name="联华村书记")


@pytest.fixture
def town(make_staff):
    return make_staff(centre(XIALU), Role.CENTRE_LEADER, name="夏履镇联村干部")


@pytest.fixture
def stranger(make_staff):
    return make_staff(centre(SHUANGYE), Role.UNIT_HEAD, name="双叶村书记")


@pytest.fixture
def engineer(catalogue):
    person = kinship_services.person_upsert(name="工程师俞工", gender="male", birth_date=date(1975, 2, 2))
    return services.expert_register(
        person=person, field="engineering", region=region(XIALU), organisation="柯桥区建设工程质量站"
    )


@pytest.fixture
def road(register):
    return services.matter_propose(
        village=register.village,
        matter_type=selectors.matter_type_get(region=register.village, code="small_project_tender"),
        title="联华村村道硬化工程",
        proposed_on=date(2026, 4, 1),
        budget=Decimal("380000"),
    )


def events_count() -> int:
    return AuditEvent.objects.count()


# --- who sees the pages ----------------------------------------------------------------------------


def test_every_entry_page_renders_for_the_village_and_the_town_and_not_for_another_village(
    road, engineer, cadre, town, stranger
):
    pages = [
        f"/deliberation/villages/{LIANHUA}/register/",
        f"/deliberation/villages/{LIANHUA}/roles/",
        f"/deliberation/regions/{LIANHUA}/catalogue/",
        f"/deliberation/matters/{road.pk}/team/",
        f"/deliberation/matters/{road.pk}/tender/",
    ]
    for url in pages:
        for user in (cadre, town):
            response = client_for(user).get(url)
            assert response.status_code == 200, (url, user)
            assert 'hx-select="#main"' in response.content.decode()
        assert client_for(stranger).get(url).status_code == 404, url
        assert client_for(stranger).post(url, {"form": "household", "code": "X1"}).status_code == 404
    # Dates are pre-filled in the form a date input reads (ISO), whatever the language.
    tender_page = client_for(cadre).get(f"/deliberation/matters/{road.pk}/tender/").content.decode()
    assert re.search(r'type="date" name="opened_on" value="\d{4}-\d{2}-\d{2}"', tender_page)
    assert client_for(town).get(f"/deliberation/regions/{XIALU}/catalogue/").status_code == 200
    assert client_for(cadre).get(f"/deliberation/regions/{XIALU}/catalogue/").status_code == 404
    assert not Household.objects.filter(code="X1").exists()


# --- the team --------------------------------------------------------------------------------------


def test_the_team_page_proposes_the_base_and_the_matching_experts_and_forms_the_team(
    road, engineer, register, cadre
):
    client = client_for(cadre)
    page = client.get(f"/deliberation/matters/{road.pk}/team/").content.decode()
    assert "工程师俞工" in page and "工程专家" in page and "社区民警老周" in page
    candidates = {c.person.pk: c for c in selectors.team_candidates(matter=road)}
    chosen = [candidates[p.pk] for p in (*register.committee[:2], register.police, engineer.person)]
    data = {"form": "form_team", "formed_on": "2026-04-02", "member": [c.key for c in chosen]}
    data |= {f"reason-{c.key}": c.reason for c in chosen}
    data[f"reason-{chosen[0].key}"] = "村委会委员，分管村建"
    response = client.post(f"/deliberation/matters/{road.pk}/team/", data)
    assert response.status_code == 302
    team = Team.objects.get(matter=road)
    members = {m.person_id: m for m in team.members.all()}
    assert set(members) == {c.person.pk for c in chosen}
    assert members[register.committee[0].pk].reason == "村委会委员，分管村建"
    assert members[engineer.person.pk].basis == "expert" and members[engineer.person.pk].expert == engineer
    shown = client.get(f"/deliberation/matters/{road.pk}/team/").content.decode()
    assert "议事团已组建" in shown and "村委会委员，分管村建" in shown


def test_a_member_without_a_reason_is_refused_in_the_form_and_nothing_changes(road, register, cadre):
    client = client_for(cadre)
    key = selectors.team_candidates(matter=road)[0].key
    before = events_count()
    response = client.post(
        f"/deliberation/matters/{road.pk}/team/",
        {"form": "form_team", "formed_on": "2026-04-02", "member": [key], f"reason-{key}": " "},
    )
    assert response.status_code == 200
    assert "入选议事团的理由" in response.content.decode()
    assert not Team.objects.exists() and events_count() == before


def test_a_bidder_registered_first_shows_the_related_member_as_excluded_and_keeps_them_out(
    road, register, cadre
):
    wang, chen_gang = in_law_family(register)
    client = client_for(cadre)
    assert (
        client.post(
            f"/deliberation/matters/{road.pk}/tender/",
            {"form": "open", "title": "村道硬化施工", "opened_on": "2026-04-02"},
        ).status_code
        == 302
    )
    nobody = client.post(
        f"/deliberation/matters/{road.pk}/tender/",
        {
            "form": "bidder",
            "name": "绍兴陈氏建设有限公司",
            "registered_on": "2026-04-03",
            "role1": "legal_representative",
            "role2": "shareholder",
            "role3": "shareholder",
        },
    )
    assert nobody.status_code == 200 and "须登记投标人背后的自然人" in nobody.content.decode()
    assert not Bidder.objects.exists()  # no one behind the bid: refused
    services.bidder_register(
        tender=road.tender,
        name="绍兴陈氏建设有限公司",
        people=[(chen_gang, "legal_representative")],
        registered_on=date(2026, 4, 3),
    )
    page = client.get(f"/deliberation/matters/{road.pk}/team/").content.decode()
    assert 'id="exclusions"' in page
    assert f"<strong>{wang.name}</strong>" in page and "陈刚是其配偶的兄弟姐妹" in page
    excluded_key = next(c.key for c in selectors.team_candidates(matter=road) if c.person == wang)
    assert f'value="{excluded_key}"' not in page  # not offered
    before = events_count()
    forced = client.post(
        f"/deliberation/matters/{road.pk}/team/",
        {
            "form": "form_team",
            "formed_on": "2026-04-04",
            "member": [excluded_key],
            f"reason-{excluded_key}": "x",
        },
    )
    assert forced.status_code == 200 and "议事团成员不得与投标人有利害关系" in forced.content.decode()
    assert not Team.objects.exists() and events_count() == before


def test_a_bidder_added_after_the_team_was_formed_excludes_the_related_member_at_once(
    road, register, engineer, cadre
):
    wang, chen_gang = in_law_family(register)
    services.team_form(
        matter=road,
        members=[
            services.MemberSpec(person=wang, basis="village_committee", reason="村委会委员"),
            services.MemberSpec(person=register.police, basis="community_police", reason="社区民警"),
        ],
        formed_on=date(2026, 4, 2),
    )
    services.tender_open(matter=road, title="村道硬化施工", opened_on=date(2026, 4, 3))
    chen_gang.region = register.village  # 陈刚 is in the village register
    chen_gang.save(update_fields=["region"])
    client = client_for(cadre)
    response = client.post(
        f"/deliberation/matters/{road.pk}/tender/",
        {
            "form": "bidder",
            "name": "绍兴陈氏建设有限公司",
            "bid_amount": "365000",
            "registered_on": "2026-04-05",
            "person1": chen_gang.pk,
            "role1": "legal_representative",
            "outsider2": "外地股东甲",
            "role2": "shareholder",
            "role3": "shareholder",
        },
        follow=True,
    )
    page = response.content.decode()
    member = TeamMember.objects.get(person=wang)
    assert member.status == "excluded" and member.conflict_person == chen_gang
    assert "自动回避" in page and member.status_reason in page
    people = Bidder.objects.get(name="绍兴陈氏建设有限公司").people.order_by("pk")
    assert [(bp.person.name, bp.role) for bp in people] == [
        ("陈刚", "legal_representative"),
        ("外地股东甲", "shareholder"),
    ]
    assert "已超期" not in page and TeamMember.objects.get(person=register.police).status == "active"


def test_a_duplicate_bidder_is_refused_in_the_form(road, register, cadre):
    services.tender_open(matter=road, title="村道硬化施工", opened_on=date(2026, 4, 3))
    person = register.people[40]
    services.bidder_register(
        tender=road.tender, name="某工程队", people=[(person, "individual")], registered_on=date(2026, 4, 4)
    )
    response = client_for(cadre).post(
        f"/deliberation/matters/{road.pk}/tender/",
        {
            "form": "bidder",
            "name": "某工程队",
            "registered_on": "2026-04-05",
            "person1": person.pk,
            "role1": "individual",
            "role2": "shareholder",
            "role3": "shareholder",
        },
    )
    assert response.status_code == 200 and "某工程队已报名" in response.content.decode()
    assert Bidder.objects.count() == 1


# --- the village register --------------------------------------------------------------------------


def test_the_register_adds_households_and_people_edits_them_and_links_them(catalogue, cadre):
    client = client_for(cadre)
    url = f"/deliberation/villages/{LIANHUA}/register/"
    assert client.post(url, {"form": "household", "code": "H900", "address": "联华村9组"}).status_code == 302
    for name, born, gender in (("沈老伯", "1940-02-02", "male"), ("沈建华", "1966-06-06", "male")):
        response = client.post(
            url,
            {"form": "person", "name": name, "birth_date": born, "gender": gender, "household": "H900"},
        )
        assert response.status_code == 302
    father, son = Person.objects.get(name="沈老伯"), Person.objects.get(name="沈建华")
    assert son.household.code == "H900" and son.region == region(LIANHUA)
    edited = client.post(
        f"{url}?edit={son.pk}",
        {
            "form": "person",
            "person": son.pk,
            "name": "沈建华",
            "birth_date": "1966-07-07",
            "gender": "male",
            "household": "H900",
        },
    )
    assert edited.status_code == 302
    son.refresh_from_db()
    assert son.birth_date == date(1966, 7, 7) and Person.objects.filter(name="沈建华").count() == 1
    linked = client.post(url, {"form": "link", "person": son.pk, "kind": "parent", "relative": father.pk})
    assert linked.status_code == 302
    page = client.get(url, {"q": "沈"}).content.decode()
    assert "父母 沈老伯" in page and "子女 沈建华" in page


def test_the_register_states_a_parent_link_as_one_sentence_in_each_language(catalogue, cadre):
    village = region(LIANHUA)
    father = kinship_services.person_upsert(name="沈老伯", region=village)
    son = kinship_services.person_upsert(name="沈建华", region=village)
    kinship_services.kinship_link(person=son, relative=father, kind="parent")
    client = client_for(cadre)
    url = f"/deliberation/villages/{LIANHUA}/register/"

    chinese = client.get(url).content.decode()
    english = client.get(url, headers={"Accept-Language": "en"}).content.decode()

    assert re.search(r"<li>沈老伯 是 沈建华 的父母\s*<details>", chinese)
    assert re.search(r"<li>沈老伯 is a parent of 沈建华\s*<details>", english)


@pytest.mark.parametrize(
    ("language", "saved", "labels", "spouse", "separator", "male"),
    [
        ("zh-hans", "已保存户 H901", ("父母 沈老伯", "子女 沈建华"), "配偶 沈大妈", "；", "男"),
        ("en", "Household H901 saved", ("Parent: 沈老伯", "Child: 沈建华"), "Spouse: 沈大妈", "; ", "Male"),
    ],
)
def test_the_register_confirms_and_labels_relatives_in_the_chosen_language(
    catalogue, cadre, language, saved, labels, spouse, separator, male
):
    village = region(LIANHUA)
    household = kinship_services.household_upsert(region=village, code="H900")
    father = kinship_services.person_upsert(name="沈老伯", gender="male", household=household)
    mother = kinship_services.person_upsert(name="沈大妈", gender="female", household=household)
    son = kinship_services.person_upsert(name="沈建华", region=village)
    kinship_services.kinship_link(person=son, relative=father, kind="parent")
    kinship_services.kinship_link(person=father, relative=mother, kind="spouse")
    client = client_for(cadre)
    url = f"/deliberation/villages/{LIANHUA}/register/"
    headers = {"Accept-Language": language}

    response = client.post(url, {"form": "household", "code": "H901"}, headers=headers, follow=True)
    page = client.get(url, headers=headers).content.decode()

    assert f'role="status">{saved}</p>' in response.content.decode()
    assert labels[0] in page and labels[1] in page
    # the household table: the gender's choice label, the relatives joined by the list separator
    assert f"<td>{male}</td>" in page
    assert f'<td class="small">{labels[1]}{separator}{spouse}</td>' in page
    with translation.override(language):
        assert _relatives([father, son]) == {father.pk: [labels[1], spouse], son.pk: [labels[0]]}


def test_a_cycle_in_the_register_is_refused_with_a_clear_message(catalogue, cadre):
    village = region(LIANHUA)
    grandfather = kinship_services.person_upsert(name="周祖", region=village)
    father = kinship_services.person_upsert(name="周父", region=village)
    son = kinship_services.person_upsert(name="周子", region=village)
    kinship_services.kinship_link(person=father, relative=grandfather, kind="parent")
    kinship_services.kinship_link(person=son, relative=father, kind="parent")
    links, before = KinshipLink.objects.count(), events_count()
    response = client_for(cadre).post(
        f"/deliberation/villages/{LIANHUA}/register/",
        {"form": "link", "person": grandfather.pk, "kind": "parent", "relative": son.pk},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "周祖已是周子的直系长辈，不能再登记为其子女（成环）" in page and 'role="alert"' in page
    assert KinshipLink.objects.count() == links and events_count() == before


def test_an_edit_that_makes_a_parent_younger_than_the_child_is_refused(catalogue, cadre):
    village = region(LIANHUA)
    father = kinship_services.person_upsert(name="钱父", birth_date=date(1950, 1, 1), region=village)
    son = kinship_services.person_upsert(name="钱子", birth_date=date(1975, 1, 1), region=village)
    kinship_services.kinship_link(person=son, relative=father, kind="parent")
    response = client_for(cadre).post(
        f"/deliberation/villages/{LIANHUA}/register/?edit={father.pk}",
        {"form": "person", "person": father.pk, "name": "钱父", "birth_date": "1980-01-01"},
    )
    assert response.status_code == 200 and "出生日期不早于子女钱子" in response.content.decode()
    father.refresh_from_db()
    assert father.birth_date == date(1950, 1, 1)


# --- the village roles -----------------------------------------------------------------------------


def test_the_roles_page_flags_the_size_rule_and_refuses_two_representatives_of_one_household(
    catalogue, cadre
):
    village = region(LIANHUA)
    household = kinship_services.household_upsert(region=village, code="H001")
    husband = kinship_services.person_upsert(name="孙建国", gender="male", household=household)
    wife = kinship_services.person_upsert(name="孙美英", gender="female", household=household)
    client = client_for(cadre)
    url = f"/deliberation/villages/{LIANHUA}/roles/"
    ok = client.post(
        url, {"form": "assign", "kind": "representative", "person": husband.pk, "started_on": "2026-03-01"}
    )
    assert ok.status_code == 302
    before = events_count()
    refused = client.post(
        url, {"form": "assign", "kind": "representative", "person": wife.pk, "started_on": "2026-03-01"}
    )
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "孙美英与村民代表孙建国同户，同一户不得有两名村民代表" in page
    assert VillageRole.objects.filter(kind="representative").count() == 1 and events_count() == before
    shown = client.get(url).content.decode()
    assert "村民代表不少于 30 人，现有 1 人，缺 29 名" in shown
    english = client.get(url, headers={"Accept-Language": "en"}).content.decode()
    assert "at least 30 villager representatives required, 1 now, 29 short" in english
    assert '<span class="small muted"> (Zhejiang implementing measures:' in english
    assert ">Register</button>" in english and ">登记</button>" in shown  # the verb, not the status


@pytest.mark.parametrize(
    ("language", "appointed", "heading"),
    [
        ("zh-hans", "孙建国已任村民代表", "村民代表"),
        ("en", "孙建国 appointed Villagers&#x27; representative", "Villagers&#x27; representative"),
    ],
)
def test_the_roles_page_names_the_role_in_the_chosen_language(catalogue, cadre, language, appointed, heading):
    household = kinship_services.household_upsert(region=region(LIANHUA), code="H001")
    person = kinship_services.person_upsert(name="孙建国", gender="male", household=household)
    client = client_for(cadre)
    url = f"/deliberation/villages/{LIANHUA}/roles/"
    headers = {"Accept-Language": language}

    response = client.post(
        url,
        {"form": "assign", "kind": "representative", "person": person.pk, "started_on": "2026-03-01"},
        headers=headers,
        follow=True,
    )

    page = response.content.decode()
    assert f'role="status">{appointed}</p>' in page
    assert heading in page and ("村民代表" in page) == (language == "zh-hans")


def test_team_candidate_reasons_are_stored_text_and_stay_chinese_under_english(road, engineer, register):
    with translation.override("en"):
        reasons = [c.reason for c in selectors.team_candidates(matter=road)]
    assert any(r.startswith("本村村民委员会成员，") for r in reasons)
    assert any(r.startswith("工程专家（") for r in reasons)
    assert not any(re.search("[A-Za-z]{5}", r.split("（")[0]) for r in reasons)


def test_the_roles_page_refuses_a_committee_members_wife_on_the_supervision_committee(register, cadre):
    in_law_family(register)
    wife = Person.objects.get(name="陈美")
    wife.region = register.village
    wife.save(update_fields=["region"])
    response = client_for(cadre).post(
        f"/deliberation/villages/{LIANHUA}/roles/",
        {"form": "assign", "kind": "supervision", "person": wife.pk, "started_on": "2026-03-01"},
    )
    assert response.status_code == 200 and "不得同时任职" in response.content.decode()
    assert not VillageRole.objects.filter(kind="supervision").exists()


def test_a_role_is_ended_on_the_page_and_an_outsider_police_officer_assigned(register, cadre):
    client = client_for(cadre)
    url = f"/deliberation/villages/{LIANHUA}/roles/"
    role = VillageRole.objects.filter(kind="representative").first()
    ended = client.post(url, {"form": "end", "role": role.pk, "ended_on": "2026-05-01", "reason": "辞职"})
    assert ended.status_code == 302
    role.refresh_from_db()
    assert not role.is_active and role.end_reason == "辞职"
    outsider = client.post(
        url,
        {"form": "assign", "kind": "legal_adviser", "outsider_name": "律师方某", "started_on": "2026-05-01"},
    )
    assert outsider.status_code == 302
    assert VillageRole.objects.get(kind="legal_adviser").person.region is None


# --- the catalogue and the expert pool ---------------------------------------------------------------


def test_the_catalogue_is_edited_per_village_and_per_town(catalogue, cadre, town, stranger):
    default = MatterType.objects.get(code="small_project_tender", region=None)
    form = {
        "form": "matter_type",
        "code": "small_project_tender",
        "name": "小微工程招标（本村）",
        "procedure": default.procedure.code,
        "involves_tender": "on",
        "expert_fields": ["engineering", "finance"],
        "exclusion_predicate": "recusal_relative",
        "sort_order": "3",
        "is_active": "on",
    }
    assert client_for(cadre).post(f"/deliberation/regions/{LIANHUA}/catalogue/", form).status_code == 302
    own = MatterType.objects.get(code="small_project_tender", region=region(LIANHUA))
    assert own.name == "小微工程招标（本村）" and own.expert_fields == ["engineering", "finance"]
    assert selectors.matter_type_get(region=region(LIANHUA), code="small_project_tender") == own
    assert selectors.matter_type_get(region=region(SHUANGYE), code="small_project_tender") == default
    town_form = form | {"name": "小微工程招标（夏履）", "expert_fields": ["engineering"]}
    assert client_for(town).post(f"/deliberation/regions/{XIALU}/catalogue/", town_form).status_code == 302
    assert MatterType.objects.get(code="small_project_tender", region=region(XIALU)).name.endswith("（夏履）")
    assert client_for(stranger).post(f"/deliberation/regions/{LIANHUA}/catalogue/", form).status_code == 404
    page = client_for(cadre).get(f"/deliberation/regions/{LIANHUA}/catalogue/").content.decode()
    assert "小微工程招标（本村）" in page and "本村" in page


def test_a_bad_catalogue_entry_and_a_bad_expert_show_the_domain_message(catalogue, town):
    client = client_for(town)
    url = f"/deliberation/regions/{XIALU}/catalogue/"
    bad = client.post(
        url, {"form": "expert", "name": "俞工", "id_number": "330621197502021234", "field": "law"}
    )
    assert bad.status_code == 200 and "身份证号码校验不通过" in bad.content.decode()
    assert not Expert.objects.exists()
    good = client.post(url, {"form": "expert", "name": "俞工", "field": "law", "organisation": "柯桥律所"})
    assert good.status_code == 302 and Expert.objects.get().region == region(XIALU)


# --- attachments -----------------------------------------------------------------------------------


def test_minutes_are_uploaded_on_a_meeting_and_downloaded_only_by_those_who_see_the_matter(
    road, register, cadre, town, stranger, settings, tmp_path: Path
):
    settings.MEDIA_ROOT = tmp_path
    session = pass_meeting(road, 1, register, date(2026, 4, 2))
    client = client_for(cadre)
    url = f"/deliberation/matters/{road.pk}/"
    sent = client.post(
        url,
        {"action": "attach", "session": session.pk, "file": SimpleUploadedFile("纪要.png", PNG, "image/png")},
    )
    assert sent.status_code == 302
    stored = SessionAttachment.objects.get()
    assert stored.content_type == "image/png" and stored.original_name == "纪要.png"
    assert Path(stored.file.path).is_relative_to(tmp_path)
    assert "纪要.png" in client.get(url).content.decode()
    download = f"/deliberation/attachments/{stored.pk}/"
    for user in (cadre, town):
        response = client_for(user).get(download)
        assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert client_for(stranger).get(download).status_code == 404
    assert Client().get(download).status_code == 302  # to the login


def test_an_upload_of_the_wrong_type_or_size_is_refused_in_the_form(
    road, register, cadre, settings, tmp_path: Path
):
    settings.MEDIA_ROOT = tmp_path
    session = pass_meeting(road, 1, register, date(2026, 4, 2))
    client = client_for(cadre)
    url = f"/deliberation/matters/{road.pk}/"
    script = SimpleUploadedFile("纪要.png", b"<script>alert(1)</script>", "image/png")
    refused = client.post(url, {"action": "attach", "session": session.pk, "file": script})
    assert refused.status_code == 200 and "不支持的附件类型（可上传图片或 PDF）" in refused.content.decode()
    audio = SimpleUploadedFile("录音.mp3", b"ID3" + b"\x00" * 64, "audio/mpeg")
    assert (
        "不支持的附件类型"
        in client.post(url, {"action": "attach", "session": session.pk, "file": audio}).content.decode()
    )
    settings.ATTACHMENT_MAX_BYTES = 32
    big = client.post(
        url,
        {"action": "attach", "session": session.pk, "file": SimpleUploadedFile("a.png", PNG, "image/png")},
    )
    assert big.status_code == 200 and "附件不能超过" in big.content.decode()
    assert not SessionAttachment.objects.exists() and not any(tmp_path.rglob("*.png"))


def test_an_in_law_living_elsewhere_is_recorded_on_the_register_page_and_then_excludes_through_a_bid(
    road, register, cadre
):
    wang = register.committee[0]
    services.team_form(
        matter=road,
        members=[services.MemberSpec(person=wang, basis="village_committee", reason="村委会委员")],
        formed_on=date(2026, 4, 2),
    )
    services.tender_open(matter=road, title="村道硬化施工", opened_on=date(2026, 4, 3))
    client = client_for(cadre)
    url = f"/deliberation/villages/{LIANHUA}/register/"
    wife = kinship_services.person_upsert(name="胡美", gender="female", region=register.village)
    client.post(url, {"form": "link", "person": wang.pk, "kind": "spouse", "relative": wife.pk})
    assert (
        client.post(
            url, {"form": "link", "person": wife.pk, "kind": "parent", "outsider_name": "胡老汉"}
        ).status_code
        == 302
    )
    father = Person.objects.get(name="胡老汉")
    assert father.region is None
    client.post(url, {"form": "link", "person": wife.pk, "kind": "parent", "relative": ""})  # refused
    brother = kinship_services.person_upsert(name="胡建中", gender="male")
    kinship_services.kinship_link(person=brother, relative=father, kind="parent")
    tender_page = client.get(f"/deliberation/matters/{road.pk}/tender/").content.decode()
    assert "胡建中（外村/外来人员" in tender_page
    client.post(
        f"/deliberation/matters/{road.pk}/tender/",
        {
            "form": "bidder",
            "name": "绍兴恒盛建设有限公司",
            "registered_on": "2026-04-05",
            "person1": brother.pk,
            "role1": "legal_representative",
            "role2": "shareholder",
            "role3": "shareholder",
        },
    )
    member = TeamMember.objects.get(person=wang)
    assert member.status == "excluded" and "胡建中是" in member.status_reason
