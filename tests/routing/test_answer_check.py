"""答复质量: relevance, completeness and timeliness of a reply."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from gongzhi.routing.answer_check import answer_check

REQUEST = "王化村文化礼堂旁边的砂石场粉尘很大，大货车半夜进出，噪音扰民，请求查处。"
GOOD = (
    "您好！您反映的王化村文化礼堂旁砂石场粉尘、大货车夜间进出噪音问题，经平水镇综合行政执法队于"
    "2026年11月20日现场核查属实，已责令砂石场停产整改，加装喷淋降尘设施，并禁止22时后车辆进出。"
    "依据《中华人民共和国大气污染防治法》第六十九条。如有疑问请联系平水镇执法队，电话0575-84112233。"
)
NOW = datetime.fromisoformat("2026-11-30T09:00:00+08:00")


@pytest.mark.django_db
def test_a_complete_relevant_timely_reply_passes() -> None:
    result = answer_check(request=REQUEST, reply=GOOD, requested_at=NOW - timedelta(days=10), replied_at=NOW)

    assert not result.is_flagged, result.as_dict()
    assert result.missing == []
    assert result.relevance >= 0.5


def test_an_irrelevant_reply_is_flagged_with_the_missing_terms() -> None:
    result = answer_check(request=REQUEST, reply="您好，关于社保卡办理，请携带身份证到社保窗口办理。")

    assert result.is_flagged and "relevance" in result.reasons
    assert "砂石" in result.missing_terms


def test_missing_items_are_listed() -> None:
    result = answer_check(request=REQUEST, reply="您反映的砂石场粉尘问题我们已知悉，会加强管理。")

    assert "政策法规依据" in result.missing and "联系方式" in result.missing
    assert "办理时间（何时办、何时完成）" in result.missing
    assert result.is_flagged and "incomplete" in result.reasons


@pytest.mark.django_db
def test_a_late_reply_is_flagged() -> None:
    result = answer_check(request=REQUEST, reply=GOOD, requested_at=NOW - timedelta(days=45), replied_at=NOW)

    assert "late" in result.reasons and "按期答复" in result.missing


def test_the_case_deadline_wins_over_the_default() -> None:
    result = answer_check(
        request=REQUEST,
        reply=GOOD,
        requested_at=NOW - timedelta(days=10),
        replied_at=NOW,
        due_at=NOW - timedelta(days=1),
    )

    assert "late" in result.reasons
