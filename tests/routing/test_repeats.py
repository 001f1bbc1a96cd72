"""重复件: the MinHash/LSH index and the candidates with their reasons."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from gongzhi.org.models import User
from gongzhi.routing import repeats
from gongzhi.routing.models import RepeatBand, RepeatSignature
from gongzhi.routing.tasks import index_case
from tests.cases.helpers import intake
from tests.conftest import PINGSHUI, WANGHUA, ZHUJIA, region

pytestmark = pytest.mark.django_db

STREETLIGHT = "王化村村口到文化礼堂的路灯坏了三盏，晚上出行很不方便，老人孩子摔倒过好几次，希望尽快修好。"
FACTORY = "祝家村后面的印染厂每天半夜排放废气，气味刺鼻，附近居民都睡不好觉，请环保部门查处。"


def test_similar_texts_share_bands_and_unrelated_do_not() -> None:
    a = repeats.signature(STREETLIGHT)
    b = repeats.signature("王化村村口到文化礼堂的路灯坏了三盏，晚上出行不方便，请尽快修好。")
    c = repeats.signature(FACTORY)

    assert repeats.similarity(a, a) == 1.0
    assert repeats.similarity(a, b) > 0.4
    assert repeats.similarity(a, c) < 0.1
    assert set(repeats.band_keys(a)) & set(repeats.band_keys(b))
    assert not set(repeats.band_keys(a)) & set(repeats.band_keys(c))
    assert repeats.band_keys(repeats.signature("12345 abc")) == []


def test_index_add_is_idempotent(village_clerk: User) -> None:
    case = intake(village_clerk, description=STREETLIGHT)

    repeats.repeat_index_add(case)
    repeats.repeat_index_add(case)

    assert RepeatSignature.objects.filter(case_id=case.pk).count() == 1
    terms = repeats.keywords_of(repeats.head_text(repeats.case_text(case)))
    assert 0 < len(terms) <= repeats.KEY_TERMS
    assert RepeatBand.objects.filter(case_id=case.pk).count() == repeats.BANDS + len(terms)


def test_the_same_matter_from_another_person_is_found_with_reasons(village_clerk: User) -> None:
    first = intake(village_clerk, description=STREETLIGHT, reporter_phone="13905751234")
    assert index_case.call(first.pk) is True

    found = repeats.repeat_candidates(
        text="王化村村口到文化礼堂的路灯坏了三盏，晚上出行很不方便，希望尽快修好。",
        region=region(WANGHUA),
        phone="13800000000",
    )

    assert [c.case_id for c in found] == [first.pk]
    reasons = " ".join(found[0].reasons)
    assert "内容相似度" in reasons and "同一村社" in reasons and "共同关键词" in reasons
    assert found[0].tracking_code == first.tracking_code
    assert found[0].score > 0.6


def test_the_same_reporter_is_a_reason_even_with_other_words(village_clerk: User) -> None:
    first = intake(village_clerk, description=STREETLIGHT, reporter_phone="13905751234")
    repeats.repeat_index_add(first)

    found = repeats.repeat_candidates(
        text="村口那几盏灯还是不亮，上次说过的事情没人来管。", region=region(WANGHUA), phone="13905751234"
    )

    assert found and found[0].case_id == first.pk
    assert "同一反映人（联系电话）" in found[0].reasons


def test_unrelated_matter_elsewhere_is_not_suggested(village_clerk: User, stranger_clerk: User) -> None:
    first = intake(village_clerk, description=STREETLIGHT)
    repeats.repeat_index_add(first)

    found = repeats.repeat_candidates(text=FACTORY, region=region(ZHUJIA), phone="13700000000")

    assert found == []


def test_the_case_itself_is_excluded(village_clerk: User) -> None:
    case = intake(village_clerk, description=STREETLIGHT)
    repeats.repeat_index_add(case)

    assert repeats.repeat_candidates(text=STREETLIGHT, region=region(WANGHUA), exclude_case_id=case.pk) == []


def test_rebuild_command_indexes_every_case(village_clerk: User, town_dispatcher: User) -> None:
    intake(village_clerk, description=STREETLIGHT)
    intake(town_dispatcher, description=FACTORY, region=region(PINGSHUI))
    RepeatSignature.objects.all().delete()

    call_command("routing", "repeat-index")

    assert RepeatSignature.objects.count() == 2


def test_a_concluded_matter_is_suggested_at_any_age_and_an_old_closed_one_is_not(village_clerk: User) -> None:
    """浙江省信访条例 art. 20 (5): a matter already 处理终结 is not accepted again, so the window must
    see it whenever it was registered; an old matter that was merely closed stays out."""
    from datetime import timedelta

    from django.utils import timezone

    from gongzhi.cases.enums import CaseStatus
    from gongzhi.cases.models import Case

    final = intake(village_clerk, description=STREETLIGHT, reporter_phone="13905751234")
    closed = intake(village_clerk, description=STREETLIGHT, reporter_phone="13905751234")
    long_ago = timezone.now() - timedelta(days=400)
    Case.objects.filter(pk=final.pk).update(status=CaseStatus.FINAL, registered_at=long_ago)
    Case.objects.filter(pk=closed.pk).update(status=CaseStatus.CLOSED, registered_at=long_ago)
    for case in (final, closed):
        repeats.repeat_index_add(Case.objects.get(pk=case.pk))

    found = repeats.repeat_candidates(text=STREETLIGHT, region=region(WANGHUA), phone="13905751234")

    assert [(c.case_id, c.status) for c in found] == [(final.pk, "final")]
