"""Publications (决议公开 / 实施结果公开) with their publicity period, and villagers' objections.

1. A publication step is the next step of a decided matter; publishing passes it.
2. The result publication waits for the decision's publicity period to end, for every objection
   to be answered, and — for a tender — for the award.
3. Objections are accepted during the publicity period and answered within
   ``OBJECTION_ANSWER_DAYS`` (15 calendar days, 浙江省实施办法 art. 36); ``due_at`` is stored.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongzhi.core.workdays import add_calendar_days, local_date
from gongzhi.deliberation import conf, events
from gongzhi.deliberation.enums import (
    MatterStatus,
    ObjectionStatus,
    PublicationKind,
    StepKind,
    StepStatus,
    TenderStatus,
)
from gongzhi.deliberation.models import MatterStep, Objection, Publication
from gongzhi.deliberation.services._common import invalid, lock_matter, require_previous_passed, state
from gongzhi.kinship.models import Person
from gongzhi.org.models import User


@transaction.atomic
def publication_publish(
    *,
    step: MatterStep,
    title: str,
    content: str,
    published_on: date,
    period_days: int | None = None,
    location: str = "村务公开栏",
    actor: User | None = None,
) -> Publication:
    matter = lock_matter(step.matter)
    step = MatterStep.objects.get(pk=step.pk)
    if step.kind != StepKind.PUBLICATION:
        raise state("not_a_publication", f"“{step.name}”不是公开步骤", "this step is not a publication")
    if step.status != StepStatus.PENDING:
        raise state("step_done", f"“{step.name}”已完成", "this step is already done")
    if matter.status != MatterStatus.DECIDED:
        raise state("matter_not_decided", "事项尚未形成决议，不能公开", "the matter has not been decided")
    previous = require_previous_passed(step)
    if previous is not None and previous.passed_on is not None and published_on < previous.passed_on:
        raise invalid("publish_before_previous", "公开日期早于上一步", "published before the previous step")
    if not title.strip() or not content.strip():
        raise invalid("content_required", "请填写公开标题和内容", "a title and content are required")
    days = conf.setting_int("PUBLICITY_DAYS") if period_days is None else period_days
    if days < 1:
        raise invalid("invalid_period", "公示期至少1日", "the publicity period is at least one day")
    if step.publication_kind == PublicationKind.RESULT:
        earlier = Publication.objects.filter(matter=matter, kind=PublicationKind.DECISION).first()
        if earlier is not None and published_on <= earlier.ends_on:
            raise state(
                "publicity_period_running",
                f"决议公示期至{earlier.ends_on}，期满后方可公开实施结果",
                "the decision's publicity period has not ended",
                ends_on=earlier.ends_on.isoformat(),
            )
        if matter.objections.filter(status=ObjectionStatus.OPEN).exists():
            raise state("objections_open", "尚有未答复的异议", "objections are still unanswered")
        tender = getattr(matter, "tender", None)
        if matter.involves_tender and (tender is None or tender.status != TenderStatus.AWARDED):
            raise state(
                "tender_not_awarded", "招标尚未定标，不能公开实施结果", "the tender has not been awarded"
            )
    publication = Publication.objects.create(
        step=step,
        matter=matter,
        kind=step.publication_kind,
        title=title.strip(),
        content=content.strip(),
        published_on=published_on,
        ends_on=published_on + timedelta(days=days),
        location=location.strip(),
        published_by=actor if actor is not None and actor.pk else None,
    )
    step.status = StepStatus.PASSED
    step.passed_on = published_on
    step.save(update_fields=["status", "passed_on", "updated_at"])
    after = {
        "step": step.order,
        "kind": publication.kind,
        "published_on": published_on,
        "ends_on": publication.ends_on,
    }
    if not matter.steps.filter(status=StepStatus.PENDING).exists():
        matter.status = MatterStatus.COMPLETED
        matter.completed_on = published_on
        matter.save(update_fields=["status", "completed_on", "updated_at"])
        after["matter_status"] = matter.status
    events.matter_event(matter=matter, action="publication.publish", actor=actor, after=after)
    return publication


@transaction.atomic
def objection_raise(
    *,
    publication: Publication,
    name: str,
    content: str,
    phone: str = "",
    person: Person | None = None,
    raised_at: datetime | None = None,
    source: str = "",
    actor: User | None = None,
) -> Objection:
    """A villager's objection or question; accepted while the publication's period runs.

    ``source`` (a hash of the sender's address) marks a submission from the public page; at most
    ``PUBLIC_SUBMISSIONS_PER_HOUR`` are accepted from one source within an hour.
    """
    moment = raised_at or timezone.now()
    matter = lock_matter(publication.matter)
    if not name.strip() or not content.strip():
        raise invalid("content_required", "请填写姓名和异议内容", "a name and the objection are required")
    if source:
        limit = int(getattr(settings, "PUBLIC_SUBMISSIONS_PER_HOUR", 5))
        recent = Objection.objects.filter(source=source, created_at__gte=timezone.now() - timedelta(hours=1))
        if recent.count() >= limit:
            raise state("too_many_submissions", "提交过于频繁，请稍后再试", "too many submissions, try later")
    day = local_date(moment)
    if not publication.published_on <= day <= publication.ends_on:
        raise state(
            "publicity_period_over",
            f"公示期为{publication.published_on}至{publication.ends_on}，已不在公示期内",
            "the publicity period is not running",
        )
    deadline = add_calendar_days(moment, conf.setting_int("OBJECTION_ANSWER_DAYS"))
    objection = Objection.objects.create(
        publication=publication,
        matter=matter,
        raised_by_name=name.strip(),
        raised_by_phone=phone.strip(),
        person=person,
        content=content.strip(),
        source=source,
        raised_at=moment,
        due_at=deadline.at,
    )
    events.matter_event(
        matter=matter,
        action="objection.raise",
        actor=actor,
        after={"objection": objection.pk, "publication": publication.pk, "due_at": deadline.at},
    )
    return objection


@transaction.atomic
def objection_answer(
    *, objection: Objection, answer: str, answered_at: datetime | None = None, actor: User | None = None
) -> Objection:
    """Answer an objection; ``answered_at`` records a reply given earlier on paper (default: now)."""
    lock_matter(objection.matter)
    current = Objection.objects.get(pk=objection.pk)
    if current.status != ObjectionStatus.OPEN:
        raise state("objection_answered", "该异议已答复", "this objection has already been answered")
    if not answer.strip():
        raise invalid("answer_required", "请填写答复内容", "an answer is required", field="answer")
    now = timezone.now()
    if answered_at is not None:
        if answered_at > now or answered_at < current.raised_at:
            raise invalid(
                "invalid_answered_at", "答复时间无效", "the answer time is not valid", field="answered_at"
            )
        now = answered_at
    current.status = ObjectionStatus.ANSWERED
    current.answer = answer.strip()
    current.answered_at = now
    current.answered_by = actor if actor is not None and actor.pk else None
    current.save(update_fields=["status", "answer", "answered_at", "answered_by", "updated_at"])
    events.matter_event(
        matter=current.matter,
        action="objection.answer",
        actor=actor,
        after={"objection": current.pk, "on_time": now <= current.due_at},
    )
    return current
