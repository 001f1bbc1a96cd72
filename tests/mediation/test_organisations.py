"""Organisations: the catalogue, composition warnings, studios and their figures; documents;
the dispute-type suggestion and its evaluation command."""

from __future__ import annotations

import csv
import io
from datetime import date

import docx
import pypdf
import pytest
from django.core.management import call_command

from gongzhi.mediation import classifier, selectors, services
from gongzhi.mediation.documents import agreement_render_docx, agreement_render_pdf
from gongzhi.mediation.enums import MemberPosition, OrganisationType, SignerKind, StudioRating
from gongzhi.mediation.models import DisputeType, MediationOrganisation
from tests.conftest import region
from tests.mediation.conftest import dispute_case, dispute_type, register, village_committee

pytestmark = pytest.mark.django_db

REQUIRED = [
    "婚姻家庭",
    "劳动纠纷",
    "交通事故",
    "债权债务",
    "刑事辩护",
    "合同纠纷",
    "房产纠纷",
    "侵权",
    "公司法",
    "医疗纠纷",
    "拆迁安置",
    "行政诉讼",
    "建设工程",
    "知识产权",
    "综合咨询",
    "人身损害",
    "涉外法律",
    "海事海商",
    "消费权益",
    "抵押担保",
    "物业纠纷",
    "邻里纠纷",
    "土地承包/山林权属",
    "欠薪",
]


def test_catalogue_has_every_required_type_and_routes_the_statutory_ones(mediation_loaded):
    names = set(DisputeType.objects.values_list("name", flat=True))
    assert set(REQUIRED) <= names
    assert dispute_type("刑事辩护").is_mediable is False and dispute_type("刑事辩护").statutory_route
    assert dispute_type("行政诉讼").statutory_route == "administrative_reconsideration"
    assert "mediation_medical" in dispute_type("医疗纠纷").committee_functions
    medical = selectors.organisations_for_type(
        dispute_type=dispute_type("医疗纠纷"), region=region("330603105210")
    )
    assert [o.unit.function for o in medical if o.unit] == ["mediation_medical"]
    neighbour = selectors.organisations_for_type(
        dispute_type=dispute_type("邻里纠纷"), region=region("330603105210")
    )
    assert neighbour[0] == village_committee()


def test_committee_warnings_for_size_women_and_terms(mediation_loaded):
    org = village_committee()
    codes = {w.code for w in selectors.organisation_warnings(org, today=date(2026, 11, 30))}
    assert {"member_count", "no_woman", "no_chair", "term_unknown"} <= codes
    register(name="甲", org=org, position=MemberPosition.CHAIR)
    register(name="乙", org=org, gender="female")
    register(name="丙", org=org)
    register(name="丁", org=org, position=MemberPosition.APPOINTED)  # appointed: not a member
    org.term_start, org.term_end = date(2024, 1, 1), date(2028, 1, 1)
    org.save()
    codes = {w.code for w in selectors.organisation_warnings(org, today=date(2026, 11, 30))}
    assert codes == {"term_too_long"}
    org.term_end = date(2026, 6, 30)
    org.save()
    codes = {w.code for w in selectors.organisation_warnings(org, today=date(2026, 11, 30))}
    assert codes == {"term_expired"}


def test_studio_needs_a_namesake_or_theme_and_shows_its_figures(mediation_loaded, village_chair):
    with pytest.raises(Exception) as refused:
        services.organisation_upsert(
            actor=None,
            code="studio-x",
            name="某工作室",
            org_type=OrganisationType.STUDIO,
            region=region("330603000000"),
        )
    assert getattr(refused.value, "code", "") == "studio_needs_name"
    studio = services.organisation_upsert(
        actor=None,
        code="studio-wang",
        name="老王调解工作室",
        org_type=OrganisationType.STUDIO,
        region=region("330603000000"),
        namesake="王某某",
        rating=StudioRating.PROVINCIAL_GOLD,
        is_featured=True,
        specialities=[dispute_type("婚姻家庭")],
    )
    assert studio.is_gold and list(selectors.organisation_list(featured=True)) == [studio]
    figures = selectors.organisation_figures(organisation=studio)
    assert figures.cases == 0 and figures.success_rate is None


def test_agreement_renders_to_pdf_and_word(village_clerk, village_chair, village_members):
    case = dispute_case(village_clerk)
    mediation = services.mediation_from_case(actor=village_clerk, case_id=case.pk)
    services.mediation_accept(actor=village_chair, mediation_id=mediation.pk)
    mediator = village_members[0]
    services.mediator_assign(actor=village_chair, mediation_id=mediation.pk, mediator_id=mediator.pk)
    agreement = services.agreement_draft(
        actor=village_chair,
        mediation_id=mediation.pk,
        facts="屋檐滴水落入邻院。",
        issues="滴水整改。",
        responsibilities="陈小河负主要责任。",
        terms="陈小河十日内加装檐沟。",
        performance_method="自行施工。",
        performance_deadline=date(2026, 12, 31),
    )
    agreement = services.agreement_finalise(actor=village_chair, agreement_id=agreement.pk)
    for party in mediation.parties.all():
        services.agreement_sign(
            actor=village_chair,
            agreement_id=agreement.pk,
            signer_kind=SignerKind.PARTY,
            party_id=party.pk,
            method="fingerprint",
        )
    services.agreement_sign(
        actor=village_chair,
        agreement_id=agreement.pk,
        signer_kind=SignerKind.MEDIATOR,
        mediator_id=mediator.pk,
    )
    services.agreement_sign(
        actor=village_chair, agreement_id=agreement.pk, signer_kind=SignerKind.COMMITTEE_SEAL
    )
    agreement.refresh_from_db()

    pdf = agreement_render_pdf(agreement)
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    for expected in (
        "人民调解协议书",
        "张大山",
        "陈小河",
        "陈小河十日内加装檐沟",
        "一式3份",
        "按指印",
        "李秀英",
        "王化村人民调解委员会",
    ):
        assert expected in text, expected

    word = docx.Document(io.BytesIO(agreement_render_docx(agreement)))
    body = "\n".join(p.text for p in word.paragraphs)
    for expected in (
        "人民调解协议书",
        "各方当事人的责任",
        "陈小河负主要责任",
        "履行方式、时限",
        "2026年12月31日",
    ):
        assert expected in body, expected


def test_keyword_baseline_suggests_without_training(mediation_loaded):
    suggestions = classifier.dispute_type_suggest(text="公司拖欠我们三个月工资，老板一直不结清")
    assert suggestions[0].name == "欠薪" and suggestions[0].dispute_type == dispute_type("欠薪")
    assert classifier.keyword_predict(["小区物业费上涨，电梯坏了没人修"])[0] == "物业纠纷"


def test_evaluate_command_prints_accuracy_macro_f1_and_the_table(tmp_path, mediation_loaded):
    rows = [
        ("邻居家屋檐滴水到我家院子", "邻里纠纷"),
        ("邻居在通道堆放杂物", "邻里纠纷"),
        ("楼上邻居半夜噪音", "邻里纠纷"),
        ("老板拖欠工资三个月", "欠薪"),
        ("工地拖欠农民工工资", "欠薪"),
        ("离职后工资没结清", "欠薪"),
        ("物业费乱收，电梯不修", "物业纠纷"),
        ("小区车库漏水物业不管", "物业纠纷"),
        ("业委会和物业吵起来了", "物业纠纷"),
    ]
    path = tmp_path / "labelled.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        writer.writerows(rows)
    out = io.StringIO()
    call_command(
        "mediation", "evaluate", "--csv", str(path), "--text-col", "text", "--label-col", "label", stdout=out
    )
    printed = out.getvalue()
    assert "accuracy:" in printed and "macro-F1:" in printed and "邻里纠纷" in printed and "欠薪" in printed
    out = io.StringIO()
    call_command(
        "mediation",
        "evaluate",
        "--csv",
        str(path),
        "--text-col",
        "text",
        "--label-col",
        "label",
        "--method",
        "trained",
        "--folds",
        "3",
        stdout=out,
    )
    assert "3-fold" in out.getvalue()
    evaluation = classifier.evaluate([t for t, _ in rows], [label for _, label in rows])
    assert evaluation.accuracy >= 0.8 and 0 <= evaluation.macro_f1 <= 1


def test_trained_model_is_used_once_saved(tmp_path, settings, mediation_loaded):
    settings.GONGZHI = {**settings.GONGZHI, "MEDIATION_DISPUTE_MODEL": str(tmp_path / "m.joblib")}
    model = classifier.train(
        ["拖欠工资", "工资没发", "邻居吵架", "邻居滴水"], ["欠薪", "欠薪", "邻里纠纷", "邻里纠纷"]
    )
    classifier.save(model)
    try:
        top = classifier.dispute_type_suggest(text="工资拖欠")[0]
        assert top.method == "model" and top.name == "欠薪"
    finally:
        classifier.load_saved.cache_clear()
        (tmp_path / "m.joblib").unlink()
        classifier.load_saved.cache_clear()
    assert MediationOrganisation.objects.exists()


def test_every_town_has_its_peoples_mediation_committee_unit_with_the_justice_office_as_secretariat(
    mediation_loaded,
):
    from gongzhi.mediation.services.case_link import organisation_unit
    from gongzhi.org import selectors as org_selectors
    from gongzhi.org.models import Unit

    towns = list(org_selectors.region_list(level="town"))
    committees = Unit.objects.filter(kind="mediation_committee", level="town", function="people_mediation")
    assert committees.count() == len(towns) == 16
    pingshui = MediationOrganisation.objects.get(code="330603105000-mediation")
    assert pingshui.unit == Unit.objects.get(code="330603105000-mediation")
    assert pingshui.unit.name == "平水镇人民调解委员会" and pingshui.org_type == OrganisationType.PEOPLES
    assert pingshui.host_unit is not None and pingshui.host_unit.function == "justice"
    assert organisation_unit(pingshui) == pingshui.host_unit  # the 司法所 holds the committee's cases
    assert selectors.committee_for_level(region=region("330603105210"), level="town") == pingshui
    # one profile per town committee, and a re-run adds nothing
    assert MediationOrganisation.objects.filter(level="town", org_type="peoples").count() == 16
    assert services.organisations_load_defaults()["created"] == 0


def test_a_town_profile_made_before_the_committee_unit_is_linked_to_it(mediation_loaded):
    pingshui = MediationOrganisation.objects.get(code="330603105000-mediation")
    unit = pingshui.unit
    MediationOrganisation.objects.filter(pk=pingshui.pk).update(unit=None, description="管理员修改")
    services.organisations_load_defaults()
    pingshui.refresh_from_db()
    assert pingshui.unit == unit and pingshui.description == "管理员修改"
