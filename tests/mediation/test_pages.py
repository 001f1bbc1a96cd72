"""The mediation pages through real URLs: board, directory, organisation, mediation page, actions."""

from __future__ import annotations

import pytest
from django.test import Client

from gongzhi.mediation import services
from gongzhi.mediation.enums import MediationStatus
from gongzhi.mediation.models import Mediation, MediatorAssignment
from gongzhi.org.enums import Role
from tests.conftest import ZHUJIA
from tests.mediation.conftest import (
    RESPONDENT_ID,
    dispute_case,
    make_id,
    organisation,
    register,
    relatives,
    village_committee,
)

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def mediation(village_clerk, village_chair, village_members) -> Mediation:
    case = dispute_case(village_clerk)
    return services.mediation_from_case(actor=village_clerk, case_id=case.pk)


@pytest.fixture
def other_village_mediator(mediation_loaded, make_staff):
    zhujia = organisation(f"{ZHUJIA}-mediation")
    assert zhujia.unit is not None
    user = make_staff(zhujia.unit, Role.MEDIATOR, Role.LIAISON, Role.UNIT_HEAD, name="祝家村调解员")
    register(name="祝家村调解员", org=zhujia, id_number=make_id("19710101", 515), user=user)
    return user


def test_the_board_shows_the_committees_new_mediation_and_only_to_its_scope(
    mediation, village_chair, other_village_mediator, petitioner
):
    page = client_for(village_chair).get("/mediation/")
    assert page.status_code == 200
    html = page.content.decode()
    assert mediation.number in html and "新申请待受理" in html and "司法确认申请期即将届满" in html
    assert 'href="/mediation/"' in html  # the nav entry in the workbench shell

    other = client_for(other_village_mediator).get("/mediation/")
    assert other.status_code == 200 and mediation.number not in other.content.decode()
    assert client_for(petitioner).get("/mediation/").status_code == 404
    assert Client().get("/mediation/").status_code == 302  # to the login


def test_the_directory_filters_by_language_speciality_and_studio(village_chair, village_members):
    committee = village_committee()
    foreign = register(name="Ahmed Saleh", org=committee, languages=("ar", "en", "zh"), nationality="也门")
    client = client_for(village_chair)
    html = client.get("/mediation/mediators/", {"language": "ar"}).content.decode()
    assert foreign.name in html and "李秀英" not in html
    html = client.get("/mediation/mediators/", {"speciality": "land_forest"}).content.decode()
    assert "赵建国" in html and "李秀英" not in html
    html = client.get("/mediation/mediators/", {"studio": committee.code}).content.decode()
    assert "王调解" in html and "李秀英" in html


def test_organisation_pages_show_figures_and_committee_warnings(village_chair, petitioner):
    client = client_for(village_chair)
    lonely = organisation(f"{ZHUJIA}-mediation")  # no members registered: breaks art. 8
    html = client.get(f"/mediation/organisations/{lonely.code}/").content.decode()
    assert "委员会由3至9人组成，现有0人" in html and "妇女成员" in html and "调解成功率" in html
    listing = client.get("/mediation/organisations/", {"tab": "village"})
    assert listing.status_code == 200 and lonely.name in listing.content.decode()
    assert client.get("/mediation/organisations/no-such-code/").status_code == 404
    assert client_for(petitioner).get(f"/mediation/organisations/{lonely.code}/").status_code == 404


def test_the_mediation_page_and_an_htmx_action(
    mediation, village_chair, village_members, other_village_mediator
):
    client = client_for(village_chair)
    html = client.get(f"/mediation/{mediation.pk}/").content.decode()
    assert "张大山" in html and "陈小河" in html and "匹配推荐" in html and "受理" in html
    assert "终止调解" not in html  # not offered before acceptance

    stranger = client_for(other_village_mediator)
    assert stranger.get(f"/mediation/{mediation.pk}/").status_code == 404
    assert stranger.post(f"/mediation/{mediation.pk}/act/accept/").status_code == 404
    assert Mediation.objects.get(pk=mediation.pk).status == MediationStatus.APPLIED

    accepted = client.post(f"/mediation/{mediation.pk}/act/accept/", headers={"HX-Request": "true"})
    assert accepted.status_code == 200 and 'id="mediation-body"' in accepted.content.decode()
    assert "<html" not in accepted.content.decode()  # the body only, swapped in place
    assert Mediation.objects.get(pk=mediation.pk).status == MediationStatus.IN_PROGRESS
    assert "终止调解" in accepted.content.decode()

    member = village_members[0]
    assigned = client.post(f"/mediation/{mediation.pk}/act/assign/", {"mediator": member.pk})
    assert assigned.status_code == 302
    assert MediatorAssignment.objects.filter(mediation=mediation, mediator=member, is_active=True).exists()


def test_a_refused_action_shows_why_and_changes_nothing(mediation, village_chair):
    father_id = make_id("19550505", 411)
    father = register(name="陈老伯", org=village_committee(), id_number=father_id, specialities=("邻里纠纷",))
    relatives(RESPONDENT_ID, father_id, child="陈小河", parent="陈老伯")
    services.mediation_accept(actor=village_chair, mediation_id=mediation.pk)
    client = client_for(village_chair)
    html = client.get(f"/mediation/{mediation.pk}/").content.decode()
    assert "陈老伯" in html and "近亲属" in html  # excluded from the suggestions, with the reason
    refused = client.post(
        f"/mediation/{mediation.pk}/act/assign/", {"mediator": father.pk}, headers={"HX-Request": "true"}
    )
    assert refused.status_code == 200
    assert not MediatorAssignment.objects.filter(mediation=mediation).exists()
    terminated = client.post(
        f"/mediation/{mediation.pk}/act/terminate/",
        {"reason": "no_agreement", "routes": []},
        headers={"HX-Request": "true"},
    )
    assert "field-error" in terminated.content.decode()
    assert Mediation.objects.get(pk=mediation.pk).status == MediationStatus.IN_PROGRESS


def test_the_agreement_downloads_from_the_page(mediation, village_chair, village_members):
    services.mediation_accept(actor=village_chair, mediation_id=mediation.pk)
    member = village_members[0]
    services.mediator_assign(actor=village_chair, mediation_id=mediation.pk, mediator_id=member.pk)
    agreement = services.agreement_draft(
        actor=village_chair,
        mediation_id=mediation.pk,
        facts="屋檐滴水。",
        issues="滴水整改。",
        responsibilities="陈小河负责。",
        terms="陈小河加装檐沟。",
        performance_method="自行施工。",
        performance_deadline=mediation.applied_at.date(),
    )
    services.agreement_finalise(actor=village_chair, agreement_id=agreement.pk)
    client = client_for(village_chair)
    html = client.get(f"/mediation/{mediation.pk}/").content.decode()
    assert f"/mediation/agreements/{agreement.pk}/pdf/" in html and "记录签署" in html
    pdf = client.get(f"/mediation/agreements/{agreement.pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(f"/mediation/agreements/{agreement.pk}/docx/").content[:2] == b"PK"
