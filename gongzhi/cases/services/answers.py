"""Answer and after: reply (处理意见书), close (办结), follow-up (回访), 复查/复核, merge (重复件)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongzhi.cases import access, accusations, deadlines, joint
from gongzhi.cases.enums import (
    OPEN_STATUSES,
    AssignmentRole,
    AssignmentStatus,
    CaseKind,
    CaseStatus,
    NoticeKind,
    PetitionClass,
    Rating,
    RatingSource,
    ReplyOutcome,
    ReviewKind,
)
from gongzhi.cases.events import case_event, snapshot
from gongzhi.cases.models import Case, CaseRating, FollowUp, Reply, ReviewRequest
from gongzhi.cases.services._common import lock_case, require_status, require_text
from gongzhi.cases.services.decisions import start_handling_clock
from gongzhi.cases.services.notices import notice_to_reporter
from gongzhi.core.errors import InvalidState, PermissionDenied, ValidationFailed
from gongzhi.org import selectors as org_selectors
from gongzhi.org.enums import Role
from gongzhi.org.models import Unit, User

FOLLOW_UP_ROLES = (Role.INTAKE_CLERK, Role.DISPATCHER, Role.SUPERVISOR, Role.CENTRE_LEADER)
REVIEW_ROLES = (Role.DISPATCHER, Role.CENTRE_LEADER, Role.UNIT_HEAD, Role.SUPERVISOR, Role.HANDLER)


@transaction.atomic
def case_reply(*, actor: User, case_id: int, text: str, outcome: str = "", basis: str = "") -> Reply:
    """答复: the lead unit's one consolidated answer.

    1. For a petition it is the 信访处理意见书: the outcome 支持 / 解释说明 / 不予支持 and its basis
       (信访工作条例 art. 32).
    2. The answer is joint (浙江省 联动办理): the lead may not reply while an active co-unit has
       not answered its sub-task — refused with ``subtasks_open``, naming the units
       (:func:`joint.require_subtasks_answered`); the reply keeps the co-units' sub-answers as
       they stood (``Reply.co_answers``), and the answer documents print them under its text.
    3. The petitioner may ask for 复查 within 30 days of receiving it (art. 35).
    4. Every repeat merged into this case gets the same answer.
    """
    text = require_text(text, field="text", label_zh="答复内容", label_en="answer", min_length=10)
    case = lock_case(actor, case_id)
    require_status(case, [CaseStatus.IN_PROGRESS], action_zh="答复", action_en="reply")
    unit = access.require_case_unit_role(actor, case)
    if case.kind == CaseKind.PETITION:
        if outcome not in ReplyOutcome.values:
            raise ValidationFailed(
                "信访处理意见书须写明处理结果（支持/解释说明/不予支持）",
                "a petition answer needs its outcome",
                code="missing_outcome",
                detail={"field": "outcome"},
            )
        if case.petition_class == PetitionClass.CLAIM:
            basis = require_text(basis, field="basis", label_zh="处理依据", label_en="legal basis")
    elif outcome and outcome not in ReplyOutcome.values:
        raise ValidationFailed(
            "处理结果无效", "unknown outcome", code="invalid_outcome", detail={"field": "outcome"}
        )
    joint.require_subtasks_answered(case)
    now = timezone.now()
    co_answers = joint.answers_snapshot(
        case.assignments.filter(role=AssignmentRole.CO).select_related("unit", "handler")
    )
    reply = Reply.objects.create(
        case=case,
        unit=unit,
        outcome=outcome,
        text=text,
        basis=basis,
        replied_by=actor,
        co_answers=co_answers,
    )
    before = snapshot(case, "status", "replied_at")
    case.status = CaseStatus.REPLIED
    case.replied_at = now
    case.reply_outcome = outcome
    if case.kind == CaseKind.PETITION:
        case.review_window_ends_at = deadlines.review_window(now).at
    case.save()
    case.assignments.filter(role=AssignmentRole.LEAD, is_active=True).update(
        status=AssignmentStatus.ANSWERED, answer=text, answered_at=now
    )
    case_event(
        case=case,
        actor=actor,
        action="case.reply",
        before=before,
        after=snapshot(case, "status", "replied_at", "reply_outcome") | {"reply": reply.pk},
        reason=text,
    )
    title = "信访处理意见书" if case.kind == CaseKind.PETITION else "答复"
    body = _reply_body(case, reply)
    notice_to_reporter(case=case, kind=NoticeKind.REPLY, title=title, body=body)
    for repeat in case.repeats.select_for_update(of=("self",)):
        repeat.replied_at = now
        repeat.reply_outcome = outcome
        repeat.save(update_fields=["replied_at", "reply_outcome", "updated_at"])
        case_event(case=repeat, actor=actor, action="case.reply_from_master", after={"master": case.pk})
        notice_to_reporter(case=repeat, kind=NoticeKind.REPLY, title=title, body=body)
    return reply


def _reply_body(case: Case, reply: Reply) -> str:
    lines = [f"关于您反映的「{case.subject}」，{reply.unit.name}答复如下：", reply.text]
    if reply.co_answers:
        lines += ["协办单位意见：", *joint.answer_lines(reply.co_answers)]
    if reply.outcome:
        lines.append(f"处理结果：{ReplyOutcome(reply.outcome).label}")
    if reply.basis:
        lines.append(f"依据：{reply.basis}")
    if case.kind == CaseKind.PETITION:
        lines.append("如不服本处理意见，可自收到之日起30日内向上一级机关申请复查。")
    return "\n".join(lines)


@transaction.atomic
def case_close(*, actor: User, case_id: int, note: str = "", resolved: bool = True) -> Case:
    """办结: the answered case is closed; it counts as resolved at the level that answered it.

    ``resolved=False`` closes it without resolving it — a dispute whose mediation failed and
    whose parties were pointed to arbitration or the courts: its handling is over, but the 631
    figures (``resolved_level``) must not count it as resolved anywhere.
    """
    case = lock_case(actor, case_id)
    require_status(case, [CaseStatus.REPLIED], action_zh="办结", action_en="close")
    try:
        access.require_case_unit_role(actor, case)
    except PermissionDenied:
        access.require_centre_role(actor, case, (Role.DISPATCHER, Role.CENTRE_LEADER, Role.SUPERVISOR))
    before = snapshot(case, "status", "closed_at")
    case.status = CaseStatus.CLOSED
    case.closed_at = timezone.now()
    case.resolved_level = case.level if resolved else ""
    case.save()
    case_event(
        case=case,
        actor=actor,
        action="case.close",
        before=before,
        after=snapshot(case, "status", "closed_at", "resolved_level") | {"resolved": resolved},
        reason=note,
    )
    return case


def rating_source(case: Case, actor: User | None) -> RatingSource:
    """A rating the reporter gives (the public tracking page, or logged in) is their own; one that
    staff enter is the record of a 回访."""
    if actor is None or (case.reporter_id is not None and case.reporter_id == actor.pk):
        return RatingSource.CITIZEN
    return RatingSource.FOLLOW_UP


def _apply_rating(case: Case, actor: User | None, rating: str, comment: str) -> FollowUp:
    """The one path every rating takes (回访 by staff, the reporter's own rating on any channel).

    1. One rating per answer: the answer being rated is number ``redo_count + 1``.
    2. The rating is appended to the case's rating history (``CaseRating``) and never
       overwritten: a 不满意 that sends the case back for 重新办理 stays counted as the first
       answer's rating when the redo is rated later (docs/metrics.md).
    3. ``Case.rating`` / ``rated_at`` repeat the latest rating, 不满意 included while the redo runs.
    """
    if rating not in Rating.values:
        raise ValidationFailed(
            "请选择满意度", "choose a rating", code="invalid_rating", detail={"field": "rating"}
        )
    require_status(case, [CaseStatus.REPLIED, CaseStatus.CLOSED], action_zh="回访评价", action_en="rate")
    answer_number = case.redo_count + 1
    if case.ratings.filter(answer_number=answer_number).exists():
        raise InvalidState("本次答复已评价", "this answer has been rated already", code="already_rated")
    now = timezone.now()
    comment = comment.strip()
    follow_up = FollowUp.objects.create(case=case, rating=rating, comment=comment, recorded_by=actor)
    history = CaseRating.objects.create(
        case=case,
        answer_number=answer_number,
        rating=rating,
        source=rating_source(case, actor),
        rated_by=actor,
        rated_at=now,
        comment=comment,
    )
    before = snapshot(case, "status", "rating")
    case.rating = rating
    case.rated_at = now
    action = "case.follow_up"
    if rating == Rating.DISSATISFIED:
        # 不满意 → 重新办理: back to the lead unit with a fresh handling period. The 不满意 stays the
        # case's rating until the new answer is rated.
        case.status = CaseStatus.IN_PROGRESS if case.handler_id else CaseStatus.DISPATCHED
        case.redo_count += 1
        case.closed_at = None
        case.resolved_level = ""
        case.replied_at = None
        case.review_window_ends_at = None
        start_handling_clock(case, start=now)
        case.assignments.filter(role=AssignmentRole.LEAD, is_active=True).update(
            status=AssignmentStatus.IN_PROGRESS, due_at=case.due_at
        )
        action = "case.redo"
    case.save()
    case_event(
        case=case,
        actor=actor,
        action=action,
        before=before,
        after=snapshot(case, "status", "rating")
        | {"rating_id": history.pk, "answer_number": answer_number, "source": history.source},
        reason=comment,
    )
    return follow_up


@transaction.atomic
def case_follow_up(*, actor: User, case_id: int, rating: str, comment: str = "") -> FollowUp:
    """回访: staff record the reporter's rating; 不满意 reopens the case for 重新办理."""
    case = lock_case(actor, case_id)
    if case.reporter_id is None or case.reporter_id != actor.pk:
        access.require_centre_role(actor, case, FOLLOW_UP_ROLES)
    return _apply_rating(case, actor, rating, comment)


@transaction.atomic
def case_rate_by_reporter(*, tracking_code: str, phone_tail: str, rating: str, comment: str = "") -> FollowUp:
    """The reporter rates the answer on the public tracking page (code + phone tail)."""
    found = access.case_get_by_tracking(tracking_code, phone_tail)
    case = Case.objects.select_for_update(of=("self",)).get(pk=found.pk)
    return _apply_rating(case, None, rating, comment[:1000])


def review_body(case: Case, *, kind: str, below: Unit | None) -> Unit | None:
    """The body that takes a 复查 or 复核 (信访工作条例 arts. 35–36); None: forwarded outside.

    1. 复查: the centre one level above the lead unit (``below``); 复核: the centre one level above
       the 复查 body (``below`` = the 复查 request's unit), never the 复查 body again.
    2. For an accusation, the first one above that is not the accused or under it (art. 30).
    3. Nothing above inside the system (``below`` is at the district, the top of this
       installation): a 复查 goes to the district centre (the district's own body); a 复核 belongs
       to the city and is forwarded to ``GONGZHI["HIGHER_REVIEW_AUTHORITY"]`` — None here.
    """
    unit = org_selectors.unit_parent_centre(unit=below) if below is not None else None
    while unit is not None and accusations.unit_is_barred(case, unit):
        unit = org_selectors.unit_parent_centre(unit=unit)
    if unit is None and kind == ReviewKind.RE_REVIEW:
        return None
    if unit is None:
        from gongzhi.org.enums import RegionLevel

        unit = org_selectors.centre_at_level(region=case.region, level=RegionLevel.DISTRICT)
    if unit is None:
        raise InvalidState(
            "没有可受理复查的上级机关", "no higher body to review the case", code="no_review_body"
        )
    accusations.require_not_accused(case, unit)
    return unit


def higher_review_authority() -> str:
    """The authority outside the system that takes the 复核 of a district 复查 (a setting)."""
    return str(settings.GONGZHI["HIGHER_REVIEW_AUTHORITY"])


@transaction.atomic
def case_request_review(*, actor: User, case_id: int, reason: str) -> ReviewRequest:
    """复查 then 复核, each asked within 30 days of the previous answer (信访工作条例 arts. 35–36).

    After 复核 the matter is final: the same facts and reasons are not accepted again. The body is
    :func:`review_body`'s; a 复核 with none inside the system is recorded as forwarded to the
    higher authority, and the case stays under review until its outcome is recorded
    (:func:`case_record_external_review`).
    """
    reason = require_text(reason, field="reason", label_zh="申请理由", label_en="reason", min_length=4)
    case = lock_case(actor, case_id)
    if case.kind != CaseKind.PETITION:
        raise InvalidState(
            "只有信访事项可申请复查复核", "only petitions can be reviewed", code="not_a_petition"
        )
    if case.status == CaseStatus.FINAL or case.review_stage == ReviewKind.RE_REVIEW:
        raise InvalidState(
            "该信访事项已终结，不再受理复查复核",
            "the matter is final; no further review",
            code="already_final",
        )
    require_status(
        case, [CaseStatus.REPLIED, CaseStatus.CLOSED], action_zh="申请复查", action_en="request a review"
    )
    if case.reporter_id is None or case.reporter_id != actor.pk:
        access.require_centre_role(actor, case, FOLLOW_UP_ROLES)
    now = timezone.now()
    if case.review_window_ends_at is None or now > case.review_window_ends_at:
        raise InvalidState(
            "已超过30日申请期限",
            "the 30-day window to ask for a review has passed",
            code="review_window_passed",
        )
    if case.review_stage == "":
        kind, below = ReviewKind.REVIEW, case.lead_unit
    else:
        previous = case.review_requests.get(kind=ReviewKind.REVIEW)
        kind, below = ReviewKind.RE_REVIEW, previous.unit
    unit = review_body(case, kind=kind, below=below)
    external_body = higher_review_authority() if unit is None else ""
    request = ReviewRequest.objects.create(
        case=case,
        kind=kind,
        unit=unit,
        external_body=external_body,
        forwarded_at=now if unit is None else None,
        reason=reason,
        due_at=deadlines.review_answer_deadline(now).at,
    )
    before = snapshot(case, "status", "review_stage")
    case.status = CaseStatus.UNDER_REVIEW
    case.review_stage = kind
    case.save()
    case_event(
        case=case,
        actor=actor,
        action=f"case.{kind}_request",
        before=before,
        after=snapshot(case, "status", "review_stage")
        | {"unit": unit.code if unit is not None else "", "due_at": request.due_at}
        | ({"external_body": external_body, "forwarded_at": request.forwarded_at} if external_body else {}),
        reason=reason,
    )
    if external_body:
        notice_to_reporter(
            case=case,
            kind=NoticeKind.REVIEW_OPINION,
            title="复核申请转送告知",
            body=f"您的复核申请已转送{external_body}办理，复核意见以该机关书面答复为准。",
        )
    return request


def _require_other_reviewer(case: Case, actor: User) -> None:
    """The 复核 is decided by someone other than the 复查's answerer (信访工作条例 art. 36)."""
    previous = next((r for r in case.review_requests.all() if r.kind == ReviewKind.REVIEW), None)
    if previous is not None and previous.answered_by_id is not None and previous.answered_by_id == actor.pk:
        raise InvalidState(
            "复查意见的答复人不得再答复复核",
            "whoever answered the review cannot answer the re-review",
            code="same_reviewer",
        )


@transaction.atomic
def case_answer_review(*, actor: User, case_id: int, opinion: str, outcome: str) -> ReviewRequest:
    """复查意见 / 复核意见: the reviewing body answers; after 复核 the matter is final (终结)."""
    opinion = require_text(
        opinion, field="opinion", label_zh="复查复核意见", label_en="opinion", min_length=10
    )
    if outcome not in ReplyOutcome.values:
        raise ValidationFailed(
            "请选择处理结果", "choose the outcome", code="invalid_outcome", detail={"field": "outcome"}
        )
    case = lock_case(actor, case_id)
    require_status(case, [CaseStatus.UNDER_REVIEW], action_zh="答复复查复核", action_en="answer a review")
    request = case.review_requests.select_for_update(of=("self",)).get(kind=case.review_stage)
    if request.unit is None:
        raise InvalidState(
            f"该复核已转送{request.external_body}，请登记其复核意见",
            "this re-review was forwarded outside; record its outcome instead",
            code="external_review",
        )
    access.require_role_in_unit(actor, request.unit, REVIEW_ROLES)
    if request.kind == ReviewKind.RE_REVIEW:
        _require_other_reviewer(case, actor)
    _apply_review_answer(case, request, actor, opinion, outcome)
    return request


def _apply_review_answer(
    case: Case,
    request: ReviewRequest,
    actor: User,
    opinion: str,
    outcome: str,
    extra: dict[str, Any] | None = None,
) -> None:
    """The answer on record: after 复查 a new 30-day window, after 复核 the matter is final (终结,
    浙江省信访条例 art. 24 (3))."""
    now = timezone.now()
    request.opinion = opinion
    request.outcome = outcome
    request.answered_at = now
    request.answered_by = actor
    request.save()
    before = snapshot(case, "status")
    if request.kind == ReviewKind.RE_REVIEW:
        case.status = CaseStatus.FINAL
        case.finalised_at = now
        case.review_window_ends_at = None
    else:
        case.status = CaseStatus.REPLIED
        case.review_window_ends_at = deadlines.review_window(now).at
    case.reply_outcome = outcome
    case.save()
    case_event(
        case=case,
        actor=actor,
        action=f"case.{request.kind}_answer" if request.unit_id else f"case.{request.kind}_record_external",
        before=before,
        after=snapshot(case, "status", "reply_outcome") | (extra or {}),
        reason=opinion,
    )
    title = "复核意见书" if request.kind == ReviewKind.RE_REVIEW else "复查意见书"
    body_name = request.unit.name if request.unit is not None else request.external_body
    notice_to_reporter(
        case=case,
        kind=NoticeKind.REVIEW_OPINION,
        title=title,
        body=f"{body_name}{title}：{opinion}（{ReplyOutcome(outcome).label}）",
    )


@transaction.atomic
def case_record_external_review(
    *, actor: User, case_id: int, received_on: date, outcome: str, text: str
) -> ReviewRequest:
    """The forwarded 复核 came back: district centre staff enter its 复核意见 and the case is final.

    ``received_on`` is the date of the higher authority's document; it cannot be in the future nor
    before the forwarding. Until this is recorded the case stays under review (信访工作条例 art. 36).
    """
    text = require_text(text, field="text", label_zh="复核意见", label_en="opinion", min_length=10)
    if outcome not in ReplyOutcome.values:
        raise ValidationFailed(
            "请选择处理结果", "choose the outcome", code="invalid_outcome", detail={"field": "outcome"}
        )
    case = lock_case(actor, case_id)
    require_status(case, [CaseStatus.UNDER_REVIEW], action_zh="登记复核意见", action_en="record a re-review")
    request = case.review_requests.select_for_update(of=("self",)).get(kind=case.review_stage)
    if request.unit is not None:
        raise InvalidState(
            "该复核由本系统内机关答复，无需登记外部意见",
            "this review is answered inside the system",
            code="not_external_review",
        )
    from gongzhi.org.enums import RegionLevel

    centre = org_selectors.centre_at_level(region=case.region, level=RegionLevel.DISTRICT)
    if centre is None:
        raise InvalidState("没有区级中心", "no district centre", code="no_review_body")
    access.require_role_in_unit(actor, centre, REVIEW_ROLES)
    forwarded_on = timezone.localdate(request.forwarded_at) if request.forwarded_at else None
    if received_on > timezone.localdate() or (forwarded_on is not None and received_on < forwarded_on):
        raise ValidationFailed(
            "复核意见日期须在转送之后且不晚于今天",
            "the opinion's date must be after the forwarding and not in the future",
            code="invalid_received_on",
            detail={"field": "received_on"},
        )
    request.received_on = received_on
    _apply_review_answer(
        case,
        request,
        actor,
        text,
        outcome,
        {"external_body": request.external_body, "received_on": received_on.isoformat()},
    )
    return request


@transaction.atomic
def case_merge(*, actor: User, repeat_id: int, master_id: int, reason: str = "") -> Case:
    """重复件: merge a repeat into its master, so that its reporter gets the master's answer.

    A repeat of a matter that is already final (终结) is not accepted again (信访工作条例 art. 36;
    浙江省信访条例 art. 20 (5)): one not decided yet is only linked (``master`` = the final case) and
    left for the acceptance decision, where ``case_accept`` refuses it (``concluded_matter``) and
    ``case_not_accept`` states the reason; one already accepted is closed as not accepted here.
    Merging is the dispatchers' (分流) decision; a repeat not accepted yet — just registered, as
    when the clerk marks it at intake — may also be merged by the window staff who decide on
    acceptance (``access.INTAKE_ROLES``).
    """
    if repeat_id == master_id:
        raise ValidationFailed(
            "不能与自身并案",
            "a case cannot be merged into itself",
            code="same_case",
            detail={"field": "master_id"},
        )
    first, second = sorted([repeat_id, master_id])  # lock in id order: no deadlock between two merges
    locked = {first: lock_case(actor, first), second: lock_case(actor, second)}
    repeat, master = locked[repeat_id], locked[master_id]
    roles = access.merge_roles(repeat)
    access.require_centre_role(actor, repeat, roles)
    access.require_centre_role(actor, master, roles)
    if repeat.status not in OPEN_STATUSES or repeat.repeats.exists():
        raise InvalidState(
            "该事项不能作为重复件并案", "this case cannot be merged as a repeat", code="not_mergeable"
        )
    if master.master_id is not None or master.status == CaseStatus.MERGED:
        raise InvalidState(
            "主件本身已并入其他事项", "the master is itself merged into another case", code="master_is_repeat"
        )
    # The repeat goes along with the master's handling: never to the accused (信访工作条例 art. 30).
    for assignment in master.assignments.filter(is_active=True).select_related("unit"):
        accusations.require_not_accused(repeat, assignment.unit, field="master_id")
    before = snapshot(repeat, "status", "master")
    repeat.master = master
    if (
        master.status == CaseStatus.FINAL
        and repeat.status == CaseStatus.REGISTERED
        and repeat.accepted_at is None
    ):
        # A re-petition of a concluded matter waits for its acceptance decision, linked to the final
        # case: accept is refused and not-accept offered (decisions.concluded_matter_of).
        repeat.save(update_fields=["master", "updated_at"])
        case_event(
            case=repeat,
            actor=actor,
            action="case.link_concluded",
            before=before,
            after=snapshot(repeat, "status", "master"),
            reason=reason,
        )
        return repeat
    repeat.assignments.filter(is_active=True).update(is_active=False, status=AssignmentStatus.CANCELLED)
    repeat.lead_unit = None
    if master.status == CaseStatus.FINAL:
        repeat.status = CaseStatus.NOT_ACCEPTED
        repeat.decision_reason = "同一事实和理由已处理终结，不再受理"
        repeat.closed_at = timezone.now()
        repeat.save()
        case_event(
            case=repeat,
            actor=actor,
            action="case.not_accept_final",
            before=before,
            after=snapshot(repeat, "status", "master"),
            reason=repeat.decision_reason,
        )
        notice_to_reporter(
            case=repeat,
            kind=NoticeKind.NOT_ACCEPTED,
            title="不予受理告知书",
            body=f"您反映的「{repeat.subject}」{repeat.decision_reason}。",
        )
        return repeat
    repeat.status = CaseStatus.MERGED
    if master.replied_at is not None:
        repeat.replied_at = master.replied_at
        repeat.reply_outcome = master.reply_outcome
    repeat.save()
    case_event(
        case=repeat,
        actor=actor,
        action="case.merge",
        before=before,
        after=snapshot(repeat, "status", "master"),
        reason=reason,
    )
    case_event(
        case=master, actor=actor, action="case.merge_repeat", after={"repeat": repeat.pk}, reason=reason
    )
    last_reply = master.replies.order_by("-created_at").first()
    if master.replied_at is not None and last_reply is not None:
        notice_to_reporter(
            case=repeat, kind=NoticeKind.REPLY, title="答复", body=_reply_body(master, last_reply)
        )
    return repeat
