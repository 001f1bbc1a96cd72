"""The category classifier: training, prediction, the compiled head, the fallback, corrections."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from django.test import override_settings

from gongzhi.core.models import AuditEvent
from gongzhi.routing import selectors, services
from gongzhi.routing.classifier import model, suggest, training
from gongzhi.routing.classifier.compiled import compile_model
from gongzhi.routing.models import Category, ClassifierModel
from tests.routing.synthetic import synthetic_messages

pytestmark = pytest.mark.django_db


@pytest.fixture
def model_dir(tmp_path: Path):  # type: ignore[no-untyped-def]
    with override_settings(ROUTING_MODEL_DIR=tmp_path / "models"):
        yield tmp_path / "models"


def _examples(per_class: int = 30) -> training.Examples:
    rows = synthetic_messages(per_class)
    return training.Examples(
        texts=[t for t, _ in rows], labels={1: [lab for _, lab in rows]}, label_kind="name", source="test"
    )


def test_train_registers_a_current_model_with_a_file_and_metadata(model_dir: Path) -> None:
    result = services.classifier_train(examples=_examples(), cross_validate=False)

    row = ClassifierModel.objects.get(is_current=True)
    assert row == result.model
    assert sorted(row.labels) == ["城乡建设", "教育文体", "环境保护"]
    assert (model_dir / row.file_name).exists()
    meta = (model_dir / f"{row.version}.json").read_text()
    assert row.taxonomy_hash in meta and "trained_at" in meta
    assert AuditEvent.objects.filter(
        subject_type="classifier_model", action="classifier_model.train"
    ).exists()


def test_suggestion_from_the_model_has_calibrated_probabilities_and_alternatives(model_dir: Path) -> None:
    services.classifier_train(examples=_examples(), cross_validate=False)

    found = suggest.suggest("我们小区的路灯坏了很久没人修，晚上出行不便")

    assert found.source == "model" and found.notice == ""
    assert found.top is not None and found.top.label == "城乡建设"
    assert found.top.category_code == Category.objects.get(name="城乡建设", depth=1).code
    assert len(found.alternatives) == 3
    total = sum(a.probability for a in found.alternatives)
    assert 0.99 <= total <= 1.01
    assert found.alternatives[0].probability >= found.alternatives[1].probability


def test_the_compiled_head_matches_the_stacked_model() -> None:
    rows = synthetic_messages(20)
    texts, labels = [t for t, _ in rows], [lab for _, lab in rows]
    fitted = model.fit(texts, labels, max_df=1.0)  # short texts: let the neighbours use every feature
    head = compile_model(fitted)
    assert fitted.base_.scores(texts[:3])[:, -3:].sum() > 0  # the neighbours' votes take part
    probe = ["河道污水发黑发臭", "幼儿园收费太高", "", "abc 123"]

    expected = fitted.predict_proba(probe)
    classes, got = head.predict_proba(probe)

    assert classes == [str(c) for c in fitted.classes_]
    assert np.allclose(expected, got, atol=1e-6)


def test_the_compiled_head_matches_for_two_classes() -> None:
    rows = [(t, lab) for t, lab in synthetic_messages(20) if lab != "教育文体"]
    fitted = model.fit([t for t, _ in rows], [lab for _, lab in rows])
    probe = ["河道污水发黑发臭", "小区路灯不亮", ""]

    classes, got = compile_model(fitted).predict_proba(probe)

    assert classes == ["城乡建设", "环境保护"]
    assert np.allclose(fitted.predict_proba(probe), got, atol=1e-6)


def test_the_base_scores_are_the_models_own() -> None:
    """The SVM's columns are its decision values; the neighbours' columns are class shares."""
    import scipy.sparse as sp
    from sklearn.svm import LinearSVC

    rows = synthetic_messages(20)
    texts, labels = [t for t, _ in rows], [lab for _, lab in rows]
    # Every word of these short synthetic texts is common, so the neighbours use all features here.
    base = model.fit_base_models(texts, labels, max_df=1.0)
    probe = ["河道污水发黑发臭", "幼儿园收费太高", texts[0]]
    scores = base.scores(probe)
    k = len(base.classes)

    train = sp.csr_matrix(base.features.transform(texts), dtype=np.float64)
    svm = LinearSVC(C=0.5, class_weight="balanced", random_state=0).fit(train, labels)
    assert np.allclose(scores[:, :k], svm.decision_function(base.features.transform(probe)), atol=1e-6)
    votes = scores[:, 2 * k :]
    assert np.allclose(votes.sum(axis=1), 1.0)
    assert base.classes[int(np.argmax(votes[2]))] == labels[0]  # a training text's neighbours agree


def test_without_a_model_the_rules_answer_with_a_notice(model_dir: Path) -> None:
    found = suggest.suggest("河道污水排放，环境保护部门请查处")

    assert found.source == "rules"
    assert found.notice == suggest.NOTICE_NO_MODEL
    assert any(a.category_name and "环境保护" in a.category_name for a in found.alternatives)


def test_a_model_older_than_the_taxonomy_falls_back_to_the_rules(model_dir: Path) -> None:
    services.classifier_train(examples=_examples(), cross_validate=False)
    category = Category.objects.get(name="教育文体", depth=1)
    category.name = "教育和文体"
    category.full_name = "教育和文体"
    category.save(update_fields=["name", "full_name", "updated_at"])

    found = suggest.suggest("幼儿园收费太高")

    assert found.source == "rules" and found.notice == suggest.NOTICE_STALE


def test_a_missing_model_file_falls_back_to_the_rules(model_dir: Path) -> None:
    result = services.classifier_train(examples=_examples(), cross_validate=False)
    (model_dir / result.model.file_name).unlink()

    found = suggest.suggest("幼儿园收费太高")

    assert found.source == "rules" and found.notice == suggest.NOTICE_MISSING_FILE


def test_cross_validation_reports_per_class_figures_and_the_confusion_matrix() -> None:
    rows = synthetic_messages(15)
    evaluation = model.cross_validate([t for t, _ in rows], [lab for _, lab in rows], folds=3)

    figures = evaluation.as_dict()
    assert figures["n"] == 45 and len(figures["fold_macro_f1"]) == 3
    assert {row["label"] for row in figures["per_class"]} == {"城乡建设", "环境保护", "教育文体"}
    assert sum(map(sum, figures["confusion"])) == 45
    assert figures["macro_f1"] > 0.8  # three cleanly separated synthetic topics


def test_training_refuses_too_little_data(model_dir: Path) -> None:
    examples = training.Examples(
        texts=["路灯坏了"] * 3, labels={1: ["城乡建设"] * 3}, label_kind="name", source="t"
    )

    with pytest.raises(services.ValidationFailed):
        services.classifier_train(examples=examples, cross_validate=False)

    assert not ClassifierModel.objects.exists()


def test_category_suggestion_routes_the_unit_for_the_place(model_dir: Path) -> None:
    from tests.conftest import WANGHUA, region

    services.classifier_train(examples=_examples(), cross_validate=False)

    data = selectors.category_suggestion(text="工厂废气刺鼻气味扰民，请环保部门查处", region=region(WANGHUA))

    assert data["source"] == "model"
    assert data["alternatives"][0]["label"] == "环境保护"
    assert data["level"] in {"village", "town", "district"}
    assert data["unit"] is not None and data["unit"]["name"]


def test_activate_switches_the_current_model(model_dir: Path) -> None:
    first = services.classifier_train(examples=_examples(), cross_validate=False).model
    second = services.classifier_train(examples=_examples(), cross_validate=False).model

    services.classifier_activate(version=first.version)

    assert ClassifierModel.objects.get(is_current=True) == first
    assert not ClassifierModel.objects.get(pk=second.pk).is_current
