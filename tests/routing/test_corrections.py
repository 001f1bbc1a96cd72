"""The clerk's corrections are recorded and used at the next training from the instance's cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings

from gongzhi.cases.enums import CaseStatus
from gongzhi.cases.models import Case
from gongzhi.core.models import AuditEvent
from gongzhi.org.models import User
from gongzhi.routing import services
from gongzhi.routing.classifier import training
from gongzhi.routing.models import Category, RoutingCorrection
from tests.cases.helpers import intake
from tests.routing.synthetic import synthetic_messages

pytestmark = pytest.mark.django_db


def _category(name: str) -> Category:
    return Category.objects.filter(name=name, depth=1).get()


def test_a_correction_is_recorded_with_an_audit_event(village_clerk: User) -> None:
    case = intake(village_clerk)
    suggested, chosen = _category("城乡建设"), _category("环境保护")

    correction = services.routing_correction_record(
        case=case, suggested=suggested, chosen=chosen, actor=village_clerk, model_version="v1", source="model"
    )

    assert RoutingCorrection.objects.get() == correction
    event = AuditEvent.objects.get(subject_type="routing_correction", subject_id=correction.pk)
    assert event.after["chosen"] == chosen.code and event.after["is_change"] is True
    assert event.actor == village_clerk


def test_training_from_cases_uses_final_categories_and_corrections(village_clerk: User) -> None:
    environment = _category("环境保护")
    building = _category("城乡建设")
    closed = intake(village_clerk, description="河道污水发黑发臭，请环保部门查处。", category=environment)
    Case.objects.filter(pk=closed.pk).update(status=CaseStatus.CLOSED)
    still_open = intake(village_clerk, description="小区路灯坏了很久没人修。", category=None)
    services.routing_correction_record(
        case=still_open, suggested=environment, chosen=building, actor=village_clerk
    )
    unlabelled = intake(village_clerk, description="没有分类也没有纠正的事项。", category=None)

    examples = training.examples_from_cases()

    assert examples.label_kind == "code"
    by_text = dict(zip(examples.texts, examples.labels[1], strict=True))
    assert any("河道污水" in t and label == environment.code for t, label in by_text.items())
    assert any("路灯" in t and label == building.code for t, label in by_text.items())
    assert not any("没有分类" in t for t in by_text)
    del unlabelled


def test_train_from_cases_end_to_end(village_clerk: User, tmp_path: Path) -> None:
    names = {
        "城乡建设": _category("城乡建设"),
        "环境保护": _category("环境保护"),
        "教育文体": _category("教育文体"),
    }
    for text, label in synthetic_messages(8):
        case = intake(village_clerk, description=text, category=names[label])
        Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)

    with override_settings(ROUTING_MODEL_DIR=tmp_path):
        result = services.classifier_train(examples=training.examples_from_cases(), cross_validate=False)

    assert set(result.model.labels) == {c.code for c in names.values()}
