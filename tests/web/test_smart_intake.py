"""Smart intake on the one-window form: the suggestion panel while the clerk types, the recorded
choice, marking a repeat at intake and merging from the case page (Django test client)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from gongzhi.cases.enums import CaseStatus
from gongzhi.cases.models import Case
from gongzhi.org.enums import Role
from gongzhi.routing import services
from gongzhi.routing.classifier import training
from gongzhi.routing.models import Category, RoutingCorrection
from tests.cases.helpers import intake, reload
from tests.conftest import PINGSHUI, WANGHUA, ZHUJIA, centre, region
from tests.routing.synthetic import synthetic_messages
from tests.web.test_workbench import intake_post

pytestmark = pytest.mark.django_db

LAMP = "平水镇王化村村口到文化礼堂的路灯坏了三盏，晚上出行很不方便，请尽快维修。"
LAMP_AGAIN = "王化村文化礼堂门口那几盏路灯坏了好多天了，晚上走路看不见，希望尽快修好。"


@pytest.fixture
def model_dir(tmp_path: Path):  # type: ignore[no-untyped-def]
    rows = synthetic_messages(30)
    examples = training.Examples(
        texts=[t for t, _ in rows], labels={1: [lab for _, lab in rows]}, label_kind="name", source="test"
    )
    with override_settings(ROUTING_MODEL_DIR=tmp_path):
        services.classifier_train(examples=examples, cross_validate=False)
        yield tmp_path


def _suggest(client: Any, **fields: Any) -> str:
    response = client.post("/cases/picker/suggest", fields)
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_form_asks_for_suggestions_while_typing(as_user: Any, village_clerk: Any) -> None:
    page = as_user(village_clerk).get("/cases/intake/visit/").content.decode()
    assert 'hx-post="/cases/picker/suggest"' in page
    assert "input changed delay:500ms from:#id_description" in page
    assert "#id_address" in page and 'name="repeat_of"' in page


def test_panel_shows_model_category_confidence_alternatives_unit_and_place(
    as_user: Any, village_clerk: Any, model_dir: Path
) -> None:
    building = Category.objects.get(name="城乡建设", depth=1)

    html = _suggest(as_user(village_clerk), subject="路灯坏了", description=LAMP)

    assert 'data-suggestion="model"' in html and building.full_name in html
    assert f'name="suggested_category" value="{building.code}"' in html
    assert 'name="suggestion_source" value="model"' in html and "%" in html and "<meter" in html
    assert "其他可能" in html  # the alternatives, each a pick button
    assert "建议承办" in html and "按建议分类" in html  # unit from the resolved place (王化村)
    assert "属地识别" in html and "平水" in html and "王化" in html
    assert f'data-pick-place-town="{region(PINGSHUI).pk}"' in html
    assert f'data-pick-place-village="{region(WANGHUA).pk}"' in html


def test_panel_without_a_model_shows_the_rule_based_notice(
    as_user: Any, village_clerk: Any, tmp_path: Path
) -> None:
    with override_settings(ROUTING_MODEL_DIR=tmp_path):
        html = _suggest(as_user(village_clerk), subject="燃气", description="小区燃气供应中断三天")
    assert 'data-suggestion="rules"' in html and "尚未训练分类模型" in html and "燃气供应" in html


def test_a_stale_model_falls_back_with_its_notice_and_never_crashes(
    as_user: Any, village_clerk: Any, model_dir: Path
) -> None:
    renamed = Category.objects.get(name="城乡建设", depth=1)
    renamed.full_name = "城乡建设（改）"
    renamed.save()  # the catalogue changed after training

    html = _suggest(as_user(village_clerk), description="小区路灯坏了很久没人修")

    assert 'data-suggestion="rules"' in html and "分类目录在模型训练后已更改" in html


def test_a_missing_model_file_falls_back_too(as_user: Any, village_clerk: Any, model_dir: Path) -> None:
    for path in model_dir.glob("*.joblib"):
        path.unlink()
    html = _suggest(as_user(village_clerk), description="小区路灯坏了很久没人修")
    assert 'data-suggestion="rules"' in html and "模型文件缺失" in html


def test_chosen_category_routes_the_unit_and_says_it_will_be_recorded(
    as_user: Any, village_clerk: Any, model_dir: Path
) -> None:
    environment = Category.objects.get(name="环境保护", depth=1)
    html = _suggest(
        as_user(village_clerk),
        description="小区路灯坏了很久没人修",
        category=environment.pk,
        town=region(PINGSHUI).pk,
        village=region(WANGHUA).pk,
    )
    assert "已改选" in html and "按所选分类" in html and "data-route-unit" in html


def test_panel_lists_repeats_with_reasons_in_scope_only(
    as_user: Any, village_clerk: Any, stranger_clerk: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        mine = intake(village_clerk, subject="路灯坏了", description=LAMP)
        theirs = intake(stranger_clerk, region=region(ZHUJIA), subject="路灯坏了", description=LAMP)

    html = _suggest(
        as_user(village_clerk),
        subject="路灯不亮",
        description=LAMP_AGAIN,
        town=region(PINGSHUI).pk,
        village=region(WANGHUA).pk,
    )

    assert "可能的重复件" in html and mine.tracking_code in html and theirs.tracking_code not in html
    assert "同一村社" in html and "共同关键词" in html
    assert f'data-repeat-of="{mine.pk}"' in html


def test_saving_records_the_accepted_or_corrected_category(as_user: Any, village_clerk: Any) -> None:
    building = Category.objects.get(name="城乡建设", depth=1)
    environment = Category.objects.get(name="环境保护", depth=1)
    client = as_user(village_clerk)
    suggestion = {
        "suggested_category": building.code,
        "suggestion_source": "model",
        "suggestion_version": "20260101-v",
        "suggestion_confidence": "0.7312",
    }

    accepted = client.post("/cases/intake/visit/", intake_post(category=building.pk, **suggestion))
    corrected = client.post("/cases/intake/visit/", intake_post(category=environment.pk, **suggestion))
    no_choice = client.post("/cases/intake/visit/", intake_post(**suggestion))

    assert accepted.status_code == corrected.status_code == no_choice.status_code == 302
    rows = list(RoutingCorrection.objects.order_by("id"))
    assert [(r.suggested, r.chosen) for r in rows] == [(building, building), (building, environment)]
    assert rows[0].model_version == "20260101-v" and rows[0].confidence == pytest.approx(0.7312)
    assert rows[1].actor == village_clerk and rows[1].source == "model"


def test_marking_a_repeat_at_intake_merges_it_into_the_master(
    make_staff: Any, as_user: Any, village_clerk: Any
) -> None:
    master = intake(village_clerk, subject="路灯坏了", description=LAMP)
    window_only = make_staff(centre(WANGHUA), Role.INTAKE_CLERK, name="窗口")

    response = as_user(window_only).post("/cases/intake/visit/", intake_post(repeat_of=master.pk))

    case = Case.objects.exclude(pk=master.pk).get()
    assert response.status_code == 302 and response.url == f"/cases/{case.pk}/receipt"
    assert case.status == CaseStatus.MERGED and case.master_id == master.pk
    receipt = as_user(window_only).get(response.url).content.decode()
    assert f"已作为重复件并入 {master.tracking_code}" in receipt


def test_a_refused_merge_at_intake_still_registers_the_case(
    as_user: Any, village_clerk: Any, stranger_clerk: Any
) -> None:
    theirs = intake(stranger_clerk, region=region(ZHUJIA))
    response = as_user(village_clerk).post("/cases/intake/visit/", intake_post(repeat_of=theirs.pk))
    case = Case.objects.exclude(pk=theirs.pk).get()
    assert case.status == CaseStatus.REGISTERED and case.master_id is None
    assert "未能并案" in as_user(village_clerk).get(response.url).content.decode()


def test_the_case_page_lists_repeats_and_merges_in_one_click(
    as_user: Any, village_clerk: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        master = intake(village_clerk, subject="路灯坏了", description=LAMP)
        repeat = intake(
            village_clerk, subject="路灯不亮", description=LAMP_AGAIN, reporter_phone="13700000000"
        )
    client = as_user(village_clerk)

    page = client.get(f"/cases/{repeat.pk}/").content.decode()
    assert master.tracking_code in page and "本件为其重复件，并入此件" in page
    assert 'name="merge-master" value="' + master.tracking_code + '"' in page

    client.post(
        f"/cases/{repeat.pk}/do/merge",
        {"merge-master": master.tracking_code, "merge-reason": "系统提示重复"},
        HTTP_HX_REQUEST="true",
    )
    assert reload(repeat).status == CaseStatus.MERGED and reload(repeat).master_id == master.pk
