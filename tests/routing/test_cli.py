"""``gongzhi routing train / evaluate / predict / models / activate`` on a small synthetic CSV."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from gongzhi.routing.models import ClassifierModel
from tests.routing.synthetic import synthetic_messages, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def labelled(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "labelled.csv", synthetic_messages(20), text_col="内容", label_col="类别")


def run(*args: str, stdin: str = "") -> str:
    out = io.StringIO()
    if stdin:
        import sys

        saved = sys.stdin
        sys.stdin = io.StringIO(stdin)
        try:
            call_command("routing", *args, stdout=out, stderr=io.StringIO())
        finally:
            sys.stdin = saved
    else:
        call_command("routing", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_train_evaluate_predict(labelled: Path, tmp_path: Path) -> None:
    with override_settings(ROUTING_MODEL_DIR=tmp_path / "models"):
        trained = run("train", "--csv", str(labelled), "--text-col", "内容", "--label-col", "类别")
        evaluated = run("evaluate", "--csv", str(labelled), "--text-col", "内容", "--label-col", "类别")
        predicted = run("predict", "--csv", str(labelled), "--text-col", "内容")
        piped = run("predict", stdin="河道污水发黑发臭\n幼儿园收费太高\n")
        listed = run("models")

    assert "cross-validated (stratified 5-fold)" in trained and "macro-F1" in trained
    assert "confusion matrix" in evaluated and "环境保护" in evaluated
    lines = predicted.strip().splitlines()
    assert lines[0].startswith("label,confidence") and len(lines) == 61
    assert ",model," in lines[1]
    assert piped.splitlines()[1].startswith("环境保护,") and piped.splitlines()[2].startswith("教育文体,")
    assert listed.startswith("* ") and ClassifierModel.objects.filter(is_current=True).count() == 1


def test_evaluate_cross_validates_on_the_csv(labelled: Path) -> None:
    out = run(
        "evaluate",
        "--csv",
        str(labelled),
        "--text-col",
        "内容",
        "--label-col",
        "类别",
        "--cv",
        "--folds",
        "3",
    )

    assert "cross-validated, stratified 3-fold, 60 texts" in out and "per fold" in out


def test_evaluate_without_a_model_says_so(labelled: Path, tmp_path: Path) -> None:
    with override_settings(ROUTING_MODEL_DIR=tmp_path / "none"), pytest.raises(CommandError):
        run("evaluate", "--csv", str(labelled), "--text-col", "内容", "--label-col", "类别")


def test_predict_without_a_model_uses_the_rules(tmp_path: Path) -> None:
    with override_settings(ROUTING_MODEL_DIR=tmp_path / "none"):
        out = run("predict", stdin="河道污水排放，环境保护\n")

    assert ",rules," in out


def test_a_missing_column_is_a_clear_error(labelled: Path) -> None:
    with pytest.raises(CommandError, match="text"):
        run("train", "--csv", str(labelled), "--no-cv")
