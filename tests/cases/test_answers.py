from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from gongzhi.cases import services
from gongzhi.cases.enums import CaseStatus, NoticeKind, Rating, RatingSource, ReviewKind
from gongzhi.cases.models import CaseRating
from gongzhi.core.errors import InvalidState, NotFound, ValidationFailed
from gongzhi.core.models import AuditEvent
from gongzhi.org.enums import RegionLevel
from tests.cases.helpers import accepted, intake, reload
from tests.conftest import PINGSHUI, WANGHUA, ZHUJIA, centre, region

pytestmark = pytest.mark.django_db

ANSWER = "经核查，三盏路灯已于本周更换完毕，恢复照明。联系人：王书记 0575-84000000。"


@pytest.fixture
def village_case(village_clerk, village_head, frozen_now):
    case = accepted(village_clerk, unit=centre(WANGHUA))
    return services.case_sign(actor=village_head, case_id=case.pk)


@pytest.fixture
def petition_case(village_clerk, village_head, frozen_now):
    case = accepted(
        village_clerk,
        unit=centre(WANGHUA),
        kind="petition",
        petition_class="claim",
        subject="征地补偿款未足额发放",
    )
    return services.case_sign(actor=village_head, case_id=case.pk)


def test_reply_close_and_satisfied_follow_up(village_case, village_head, village_clerk):
    services.case_reply(actor=village_head, case_id=village_case.pk, text=ANSWER)
    case = services.case_close(actor=village_head, case_id=village_case.pk)
    assert case.status == CaseStatus.CLOSED and case.resolved_level == RegionLevel.VILLAGE
    services.case_follow_up(actor=village_clerk, case_id=case.pk, rating=Rating.SATISFIED, comment="修得很快")
    case = reload(case)
    assert case.rating == Rating.SATISFIED and case.status == CaseStatus.CLOSED
    with pytest.raises(InvalidState):
        services.case_follow_up(actor=village_clerk, case_id=case.pk, rating=Rating.SATISFIED)


def test_reply_refused_before_signing_and_too_short(village_clerk, village_head, frozen_now):
    case = accepted(village_clerk, unit=centre(WANGHUA))
    with pytest.raises(InvalidState):
        services.case_reply(actor=village_head, case_id=case.pk, text=ANSWER)
    services.case_sign(actor=village_head, case_id=case.pk)
    with pytest.raises(ValidationFailed):
        services.case_reply(actor=village_head, case_id=case.pk, text="好的")


def test_petition_reply_is_a_handling_opinion_with_outcome_and_basis(petition_case, village_head):
    with pytest.raises(ValidationFailed) as refused:
        services.case_reply(actor=village_head, case_id=petition_case.pk, text=ANSWER)
    assert refused.value.code == "missing_outcome"
    with pytest.raises(ValidationFailed):
        services.case_reply(actor=village_head, case_id=petition_case.pk, text=ANSWER, outcome="support")
    services.case_reply(
        actor=village_head,
        case_id=petition_case.pk,
        text="补偿款差额已于本月补发到位。",
        outcome="support",
        basis="《土地管理法》第四十八条",
    )
    case = reload(petition_case)
    assert case.status == CaseStatus.REPLIED and case.review_window_ends_at is not None
    notice = case.notices.get(kind=NoticeKind.REPLY)
    assert notice.title == "信访处理意见书" and "支持" in notice.body and "复查" in notice.body


def test_dissatisfied_reopens_for_redo_with_a_fresh_deadline(village_case, village_head, village_clerk):
    services.case_reply(actor=village_head, case_id=village_case.pk, text=ANSWER)
    with time_machine.travel(timedelta(days=3)):
        services.case_follow_up(
            actor=village_clerk, case_id=village_case.pk, rating=Rating.DISSATISFIED, comment="只修了一盏"
        )
    case = reload(village_case)
    assert case.status == CaseStatus.IN_PROGRESS and case.redo_count == 1 and case.replied_at is None
    assert case.follow_ups.get().rating == Rating.DISSATISFIED
    assert case.due_at > village_case.due_at
    services.case_reply(actor=village_head, case_id=case.pk, text=ANSWER)
    services.case_follow_up(actor=village_clerk, case_id=case.pk, rating=Rating.BASICALLY_SATISFIED)
    assert reload(case).rating == Rating.BASICALLY_SATISFIED


def test_every_rating_is_kept_with_its_answer_and_who_gave_it(village_case, village_head, village_clerk):
    # given an answer; a rating that is none of the three is refused and records nothing
    services.case_reply(actor=village_head, case_id=village_case.pk, text=ANSWER)
    with pytest.raises(ValidationFailed) as refused:
        services.case_follow_up(actor=village_clerk, case_id=village_case.pk, rating="delighted")
    assert (
        refused.value.code == "invalid_rating" and not CaseRating.objects.filter(case=village_case).exists()
    )
    # when it is rated 不满意 at the 回访
    services.case_follow_up(actor=village_clerk, case_id=village_case.pk, rating=Rating.DISSATISFIED)
    # then the 不满意 stays the case's rating while the redo runs, and is on record
    redo = reload(village_case)
    assert redo.status == CaseStatus.IN_PROGRESS and redo.rating == Rating.DISSATISFIED
    first = CaseRating.objects.get(case=village_case)
    assert (first.answer_number, first.rating, first.source, first.rated_by) == (
        1,
        Rating.DISSATISFIED,
        RatingSource.FOLLOW_UP,
        village_clerk,
    )
    event = AuditEvent.objects.get(subject_type="case", subject_id=village_case.pk, action="case.redo")
    assert event.after["rating_id"] == first.pk and event.after["answer_number"] == 1
    # when the new answer is rated by the reporter on the tracking page
    services.case_reply(actor=village_head, case_id=village_case.pk, text=ANSWER)
    services.case_rate_by_reporter(
        tracking_code=village_case.tracking_code, phone_tail="1234", rating=Rating.SATISFIED
    )
    # then both ratings are kept, and the case shows the latest
    rows = CaseRating.objects.filter(case=village_case).order_by("answer_number")
    assert [(r.answer_number, r.rating, r.source, r.rated_by_id) for r in rows] == [
        (1, Rating.DISSATISFIED, RatingSource.FOLLOW_UP, village_clerk.pk),
        (2, Rating.SATISFIED, RatingSource.CITIZEN, None),
    ]
    case = reload(village_case)
    assert (case.rating, case.rated_at) == (Rating.SATISFIED, rows[1].rated_at)


def test_citizen_rates_through_tracking_code_and_phone_tail(village_case, village_head):
    services.case_reply(actor=village_head, case_id=village_case.pk, text=ANSWER)
    with pytest.raises(NotFound):
        services.case_rate_by_reporter(
            tracking_code=village_case.tracking_code, phone_tail="0000", rating=Rating.SATISFIED
        )
    services.case_rate_by_reporter(
        tracking_code=village_case.tracking_code, phone_tail="1234", rating=Rating.SATISFIED, comment="满意"
    )
    assert reload(village_case).rating == Rating.SATISFIED


def test_review_then_re_review_then_final(
    petition_case, village_head, village_clerk, town_leader, make_staff
):
    from gongzhi.org.enums import Role

    services.case_reply(
        actor=village_head,
        case_id=petition_case.pk,
        text="经核实，补偿已按标准足额发放。",
        outcome="not_support",
        basis="柯桥区征地补偿标准",
    )
    request = services.case_request_review(
        actor=village_clerk, case_id=petition_case.pk, reason="不服处理意见，申请复查"
    )
    assert request.kind == ReviewKind.REVIEW and request.unit == centre(PINGSHUI)
    assert reload(petition_case).status == CaseStatus.UNDER_REVIEW
    with pytest.raises(NotFound):  # a village head has no role in the town centre's review
        services.case_answer_review(
            actor=make_staff(centre(ZHUJIA), Role.UNIT_HEAD),
            case_id=petition_case.pk,
            opinion="复查意见：维持原处理意见。",
            outcome="support",
        )
    services.case_answer_review(
        actor=town_leader,
        case_id=petition_case.pk,
        opinion="复查意见：维持原处理意见，补偿标准无误。",
        outcome="not_support",
    )
    re_review = services.case_request_review(
        actor=village_clerk, case_id=petition_case.pk, reason="不服复查意见，申请复核"
    )
    assert re_review.kind == ReviewKind.RE_REVIEW and re_review.unit == centre("330603000000")
    district_desk = make_staff(centre("330603000000"), Role.DISPATCHER)
    services.case_answer_review(
        actor=district_desk,
        case_id=petition_case.pk,
        opinion="复核意见：维持复查意见，本事项处理终结。",
        outcome="not_support",
    )
    case = reload(petition_case)
    assert case.status == CaseStatus.FINAL and case.finalised_at is not None
    with pytest.raises(InvalidState) as refused:
        services.case_request_review(actor=village_clerk, case_id=case.pk, reason="还想再复核")
    assert refused.value.code == "already_final"


def test_review_window_is_thirty_days(petition_case, village_head, village_clerk):
    services.case_reply(
        actor=village_head,
        case_id=petition_case.pk,
        text="补偿款已足额发放，请查收。",
        outcome="explain",
        basis="征地补偿协议",
    )
    with time_machine.travel(timedelta(days=32)), pytest.raises(InvalidState) as refused:
        services.case_request_review(actor=village_clerk, case_id=petition_case.pk, reason="申请复查")
    assert refused.value.code == "review_window_passed"
    assert reload(petition_case).status == CaseStatus.REPLIED


def test_repeat_gets_the_masters_answer(village_case, village_clerk, village_head):
    repeat = intake(village_clerk, channel="call", reporter_name="赵邻居", reporter_phone="13705750000")
    merged = services.case_merge(
        actor=village_clerk, repeat_id=repeat.pk, master_id=village_case.pk, reason="同一路灯问题"
    )
    assert merged.status == CaseStatus.MERGED and merged.master_id == village_case.pk
    services.case_reply(actor=village_head, case_id=village_case.pk, text=ANSWER)
    repeat = reload(repeat)
    assert repeat.replied_at is not None
    assert ANSWER in repeat.notices.get(kind=NoticeKind.REPLY).body


def test_merge_refusals(village_case, village_clerk, stranger_clerk):
    with pytest.raises(ValidationFailed):
        services.case_merge(actor=village_clerk, repeat_id=village_case.pk, master_id=village_case.pk)
    other = intake(stranger_clerk, region=region(ZHUJIA))
    with pytest.raises(NotFound):
        services.case_merge(actor=village_clerk, repeat_id=other.pk, master_id=village_case.pk)
    assert reload(other).status == CaseStatus.REGISTERED


def test_repeat_of_a_final_matter_is_not_accepted_again(petition_case, village_head, village_clerk):
    services.case_reply(
        actor=village_head,
        case_id=petition_case.pk,
        text="补偿已足额发放，处理完毕。",
        outcome="explain",
        basis="征地补偿协议",
    )
    from gongzhi.cases.services import sweep_run

    with time_machine.travel(timedelta(days=40)):
        assert sweep_run().finalised == 1
        repeat = intake(
            village_clerk, kind="petition", petition_class="claim", subject="征地补偿款未足额发放"
        )
        repeat = services.case_merge(actor=village_clerk, repeat_id=repeat.pk, master_id=petition_case.pk)
        assert repeat.status == CaseStatus.REGISTERED and repeat.master_id == petition_case.pk
        repeat = services.case_not_accept(actor=village_clerk, case_id=repeat.pk)
    assert repeat.status == CaseStatus.NOT_ACCEPTED and "终结" in repeat.decision_reason
