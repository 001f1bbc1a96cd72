"""Smart intake wired into the case lifecycle: every committed intake enters the repeat index
(post-intake hooks), and the API gives the same suggestion as the form and records the choice."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from gongzhi.api.services import keys as key_services
from gongzhi.cases import services as case_services
from gongzhi.cases.models import Case
from gongzhi.org.models import User
from gongzhi.routing import selectors, services
from gongzhi.routing.classifier import training
from gongzhi.routing.models import Category, RepeatBand, RepeatSignature, RoutingCorrection
from tests.api.conftest import INTAKE, Api
from tests.cases.helpers import intake
from tests.conftest import PINGSHUI, WANGHUA, ZHUJIA, centre, region
from tests.routing.synthetic import synthetic_messages

pytestmark = pytest.mark.django_db

LAMP = "平水镇王化村村口到文化礼堂的路灯坏了三盏，晚上出行很不方便，请尽快维修。"
LAMP_AGAIN = "王化村文化礼堂门口那几盏路灯坏了好多天了，晚上走路看不见，希望尽快修好。"


@pytest.fixture(autouse=True)
def _generous_limits(settings: Any) -> None:
    settings.GONGZHI_RATE_LIMIT_PER_IP = 100_000
    settings.GONGZHI_RATE_LIMIT_PER_KEY = 100_000


def _indexed(case: Case) -> bool:
    return RepeatSignature.objects.filter(case_id=case.pk).exists()


def test_a_committed_intake_enters_the_repeat_index_and_the_next_one_finds_it(
    village_clerk: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = intake(village_clerk, subject="路灯坏了", description=LAMP, reporter_phone="13905751234")
    assert len(callbacks) >= 1 and _indexed(first)
    assert RepeatBand.objects.filter(case_id=first.pk).count() > 0

    found = selectors.intake_suggestion(
        subject="路灯不亮", description=LAMP_AGAIN, region=region(WANGHUA), user=village_clerk
    )

    assert [r["case_id"] for r in found["repeats"]][:1] == [first.pk]
    reasons = " ".join(found["repeats"][0]["reasons"])
    assert "同一村社" in reasons and "共同关键词" in reasons

    with django_capture_on_commit_callbacks(execute=True):
        second = intake(
            village_clerk, subject="路灯不亮", description=LAMP_AGAIN, reporter_phone="13700000000"
        )
    assert _indexed(second)
    again = selectors.repeat_suggestions(
        text=LAMP_AGAIN, region=region(WANGHUA), exclude_case_id=second.pk, user=village_clerk
    )
    assert again[0]["case_id"] == first.pk


def test_a_rolled_back_intake_runs_no_hook(
    village_clerk: User, django_capture_on_commit_callbacks: Any
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        intake(village_clerk, description=LAMP)
        raise RuntimeError("the clerk's request failed later")
    assert callbacks == [] and not RepeatSignature.objects.exists() and not Case.objects.exists()


def _boom(case_id: int) -> None:
    raise RuntimeError(f"hook failed for {case_id}")


def test_a_failing_hook_is_logged_and_neither_undoes_the_intake_nor_stops_the_others(
    village_clerk: User, django_capture_on_commit_callbacks: Any, caplog: pytest.LogCaptureFixture
) -> None:
    hooks = [f"{__name__}._boom", "gongzhi.routing.hooks.case_registered"]
    with (
        override_settings(GONGZHI_CASE_INTAKE_HOOKS=hooks),
        caplog.at_level(logging.ERROR),
        django_capture_on_commit_callbacks(execute=True),
    ):
        case = intake(village_clerk, description=LAMP)
    assert Case.objects.filter(pk=case.pk).exists() and _indexed(case)
    assert "post-intake hook" in caplog.text and "_boom" in caplog.text


def test_every_intake_path_is_indexed_rest_and_open311(
    village_clerk: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        created = Api(user=village_clerk).post("/cases", INTAKE)
    assert created.status_code == 201, created.content
    assert _indexed(Case.objects.get(pk=created.json()["id"]))

    _, key = key_services.api_key_create(unit=centre("330603000000"), name="市民App", scopes=["open311"])
    with django_capture_on_commit_callbacks(execute=True):
        posted = Api().client.post(
            "/open311/v2/requests.json",
            {
                "api_key": key,
                "service_code": "010204",
                "address_id": WANGHUA,
                "description": "村口路灯不亮，已经三天了",
                "first_name": "群众",
                "last_name": "李",
                "phone": "13905751234",
            },
        )
    assert posted.status_code == 201, posted.content
    assert _indexed(Case.objects.get(pk=int(posted.json()[0]["service_request_id"])))


def test_repeats_are_only_those_the_asker_may_see(
    village_clerk: User, stranger_clerk: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        theirs = intake(stranger_clerk, region=region(ZHUJIA), description=LAMP, reporter_phone="13905751234")
    everyone = selectors.repeat_suggestions(text=LAMP, phone="13905751234")
    mine = selectors.repeat_suggestions(text=LAMP, phone="13905751234", user=village_clerk)
    assert [r["case_id"] for r in everyone] == [theirs.pk] and mine == []


def _train(model_dir: Path) -> None:
    rows = synthetic_messages(30)
    examples = training.Examples(
        texts=[t for t, _ in rows], labels={1: [lab for _, lab in rows]}, label_kind="name", source="test"
    )
    with override_settings(ROUTING_MODEL_DIR=model_dir):
        services.classifier_train(examples=examples, cross_validate=False)


def test_api_suggest_gives_category_unit_place_and_repeats(
    village_clerk: User, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        earlier = intake(village_clerk, subject="路灯坏了", description=LAMP)
    _train(tmp_path)
    body = {"subject": "路灯不亮", "description": LAMP_AGAIN, "address": "平水镇王化村文化礼堂"}

    with override_settings(ROUTING_MODEL_DIR=tmp_path):
        answer = Api(user=village_clerk).post("/routing/suggest", body)

    assert answer.status_code == 200, answer.content
    data = answer.json()
    building = Category.objects.get(name="城乡建设", depth=1)
    assert data["category"]["source"] == "model" and data["category"]["notice"] == ""
    assert data["category"]["category_code"] == building.code
    assert len(data["category"]["alternatives"]) == 3
    assert data["place"]["village_code"] == WANGHUA and data["place"]["town_code"] == PINGSHUI
    assert data["route"]["basis"] == "suggested" and data["route"]["unit"]["name"]
    assert data["repeats"][0]["case_id"] == earlier.pk and data["repeats"][0]["reasons"]


def test_api_suggest_without_a_model_falls_back_to_the_rules_with_a_notice(
    village_clerk: User, tmp_path: Path
) -> None:
    with override_settings(ROUTING_MODEL_DIR=tmp_path):
        answer = Api(user=village_clerk).post(
            "/routing/suggest", {"description": "燃气供应中断三天了", "region": WANGHUA, "category": "0102"}
        )
    assert answer.status_code == 200, answer.content
    data = answer.json()
    assert data["category"]["source"] == "rules" and data["category"]["notice"]
    assert data["route"]["basis"] == "chosen" and data["route"]["category"]["code"] == "0102"
    unknown = Api(user=village_clerk).post("/routing/suggest", {"description": "x", "region": "nowhere"})
    assert unknown.status_code == 400 and unknown.json()["detail"]["field"] == "region"


def test_api_suggest_needs_the_intake_scope(village_clerk: User) -> None:
    _, key = key_services.api_key_create(unit=centre(WANGHUA), name="只读", scopes=["cases:read"])
    refused = Api(key=key).post("/routing/suggest", {"description": LAMP})
    assert refused.status_code == 403 and refused.json()["detail"]["scope"] == "cases:intake"


def test_api_intake_records_the_choice_against_the_suggestion(village_clerk: User) -> None:
    building = Category.objects.get(name="城乡建设", depth=1)
    chosen = Category.objects.filter(depth=2, parent=building).order_by("code").first()
    assert chosen is not None
    suggestion = {"category": building.code, "source": "model", "model_version": "v1", "confidence": 0.62}

    created = Api(user=village_clerk).post(
        "/cases", INTAKE | {"category": chosen.code, "suggestion": suggestion}
    )

    assert created.status_code == 201, created.content
    correction = RoutingCorrection.objects.get(case_id=created.json()["id"])
    assert correction.suggested == building and correction.chosen == chosen
    assert correction.source == "model" and correction.model_version == "v1" and correction.confidence == 0.62
    assert correction.actor == village_clerk
    assert training.examples_from_cases().texts  # the corrected case is a training example now


def test_a_clerk_at_the_window_may_merge_a_repeat_just_registered(
    make_staff: Any, village_clerk: User
) -> None:
    from gongzhi.org.enums import Role

    window_only = make_staff(centre(WANGHUA), Role.INTAKE_CLERK, name="窗口")
    master = intake(village_clerk, description=LAMP)
    repeat = intake(window_only, description=LAMP_AGAIN)

    merged = case_services.case_merge(actor=window_only, repeat_id=repeat.pk, master_id=master.pk)

    assert merged.status == "merged" and merged.master_id == master.pk


def test_place_names_are_no_key_terms_and_the_reason_names_the_matching_level(
    town_dispatcher: User, django_capture_on_commit_callbacks: Any
) -> None:
    from gongzhi.routing.repeats import keywords_of

    words = keywords_of("平水镇王化村村口路灯坏了三盏")
    assert "路灯" in words and not {"王化", "村村", "平水"} & set(words)

    with django_capture_on_commit_callbacks(execute=True):
        neighbour = intake(town_dispatcher, region=region(ZHUJIA), subject="路灯坏了", description=LAMP)
    found = selectors.repeat_suggestions(text=LAMP_AGAIN, region=region(WANGHUA))
    assert found[0]["case_id"] == neighbour.pk and "同一镇街：平水" in found[0]["reasons"]


def test_the_demo_loader_trains_indexes_and_is_idempotent(village_clerk: User, tmp_path: Path) -> None:
    from gongzhi.cases.enums import CaseStatus
    from gongzhi.routing.demo import routing_demo_load

    names = {name: Category.objects.get(name=name, depth=1) for name in ("城乡建设", "环境保护", "教育文体")}
    for text, label in synthetic_messages(8):
        case = intake(village_clerk, description=text, category=names[label])
        Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)

    with override_settings(ROUTING_MODEL_DIR=tmp_path):
        first = routing_demo_load(seed=1)
        again = routing_demo_load(seed=1)
        suggestion = selectors.intake_suggestion(description="河道污水发黑发臭，请环保部门查处")

    assert "24 cases" in first["classifier"] and first["repeat_index"] == 24
    assert again["classifier"].endswith("kept") and again["repeat_index"] == "up to date"
    assert suggestion["category"]["source"] == "model"
    assert suggestion["category"]["category_code"] == names["环境保护"].code


def test_boilerplate_of_the_instance_is_no_evidence(town_dispatcher: User) -> None:
    """A set phrase in most recent cases (a generated label, a channel's wording) shares no matter."""
    from gongzhi.routing.repeats import PER_KEY_LIMIT, repeat_index_add

    topics = ["河道发臭", "学校收费", "工地噪音", "停车困难", "物业漏水", "菜场卫生", "公交晚点", "网吧"]
    for n in range(PER_KEY_LIMIT + 5):
        case = intake(
            town_dispatcher,
            region=region(ZHUJIA),
            subject=f"{topics[n % len(topics)]}第{n}号",
            description=f"{topics[n % len(topics)]}问题反映第{n}次。（演示数据，系统生成）",
        )
        repeat_index_add(case)

    found = selectors.repeat_suggestions(text="村口垃圾堆放很久没人清运。（演示数据，系统生成）")

    assert all("系统生成" not in " ".join(r["reasons"]) for r in found)
    assert found == []
