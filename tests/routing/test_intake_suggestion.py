"""The one read the intake form makes while the clerk types: place, category and repeats."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings

from gongzhi.org.models import User
from gongzhi.routing import selectors
from gongzhi.routing.repeats import repeat_index_add
from tests.cases.helpers import intake

pytestmark = pytest.mark.django_db

TEXT = "平水镇王化村村口到文化礼堂的路灯坏了三盏，晚上出行很不方便，请尽快维修。"


def test_intake_suggestion_without_a_model(village_clerk: User, tmp_path: Path) -> None:
    earlier = intake(village_clerk, description=TEXT)
    repeat_index_add(earlier)

    with override_settings(ROUTING_MODEL_DIR=tmp_path):
        data = selectors.intake_suggestion(subject="路灯坏了", description=TEXT, phone="13800000000")

    assert data["place"]["village_name"] == "王化村委会" and data["place"]["town_name"] == "平水镇"
    assert data["category"]["source"] == "rules" and data["category"]["notice"]
    assert [r["case_id"] for r in data["repeats"]] == [earlier.pk]
    assert data["repeats"][0]["reasons"]


def test_answer_review_lists_what_is_missing() -> None:
    data = selectors.answer_review(request=TEXT, reply="已收悉。")

    assert data["is_flagged"] and "联系方式" in data["missing"]
