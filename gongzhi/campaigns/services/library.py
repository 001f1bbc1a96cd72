"""The case library (破题案例集), the trainer pool (课程师资库) and mentoring (青蓝帮带).

1. The owner (or an organiser) writes up a finished project as a case — problem, approach,
   result, what others can reuse — with tags; the organisers publish it into the library.
2. The organisers keep the trainer pool and pair young cadres with experienced chiefs: a mentor
   is a trainer or the owner of an accepted project that solved (or partly solved) its problem.
3. Mentor and mentee (or the organisers) record their check-ins.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from gongzhi.campaigns import access, events
from gongzhi.campaigns.enums import CaseStudyStatus, ProjectOutcome, ProjectStatus
from gongzhi.campaigns.models import Campaign, CaseStudy, MentorCheckIn, Mentorship, Project, Tag, Trainer
from gongzhi.campaigns.services._common import lock_project, require_status, require_text, today
from gongzhi.core.errors import InvalidState, NotFound, PermissionDenied, ValidationFailed
from gongzhi.org.models import User

MAX_TAGS = 8


def _tags(names: list[str]) -> list[Tag]:
    cleaned = []
    for name in names:
        name = name.strip().strip("#＃").strip()[:30]
        if name and name not in cleaned:
            cleaned.append(name)
    if len(cleaned) > MAX_TAGS:
        raise ValidationFailed(
            f"标签不超过{MAX_TAGS}个",
            f"at most {MAX_TAGS} tags",
            code="too_many_tags",
            detail={"field": "tags"},
        )
    return [Tag.objects.get_or_create(name=name)[0] for name in cleaned]


@transaction.atomic
def case_study_write(
    *,
    actor: User,
    project_id: int,
    title: str,
    problem: str,
    approach: str,
    result: str,
    reusable: str,
    tags: list[str],
) -> CaseStudy:
    """Write (or rewrite, while a draft) the case of a finished project."""
    project = lock_project(actor, project_id)
    require_status(
        project,
        (ProjectStatus.COMPLETED, ProjectStatus.EVALUATED),
        action_zh="撰写案例",
        action_en="write up",
    )
    if project.owner_id != actor.pk and not access.roles_for(actor, project.campaign_id).steers:
        raise PermissionDenied(
            "案例由项目负责人或活动组织部门撰写",
            "the owner or the organisers write the case",
            code="not_author",
        )
    fields = {
        "title": require_text(title, field="title", label_zh="案例标题", label_en="title")[:100],
        "problem": require_text(problem, field="problem", label_zh="问题", label_en="problem", min_length=10),
        "approach": require_text(
            approach, field="approach", label_zh="破题做法", label_en="approach", min_length=10
        ),
        "result": require_text(result, field="result", label_zh="破题成效", label_en="result", min_length=5),
        "reusable": require_text(
            reusable, field="reusable", label_zh="可复制经验", label_en="reusable", min_length=5
        ),
    }
    study = CaseStudy.objects.select_for_update(of=("self",)).filter(project=project).first()
    if study is not None and study.status == CaseStudyStatus.PUBLISHED:
        raise InvalidState("案例已入库，不能修改", "a published case cannot change", code="case_published")
    if study is None:
        study = CaseStudy.objects.create(project=project, author=actor, **fields)
        action = "case_study.write"
    else:
        for name, value in fields.items():
            setattr(study, name, value)
        study.save(update_fields=[*fields, "updated_at"])
        action = "case_study.rewrite"
    study.tags.set(_tags(tags))
    events.record(
        subject=project,
        action=action,
        actor=actor,
        after={"case_study": study.pk, "title": study.title, "tags": [t.name for t in study.tags.all()]},
    )
    return study


@transaction.atomic
def case_study_publish(*, actor: User, case_study_id: int) -> CaseStudy:
    """The organisers publish a written case into the library (破题案例集)."""
    study = (
        CaseStudy.objects.select_for_update(of=("self",))
        .select_related("project", "project__campaign")
        .filter(pk=case_study_id)
        .first()
    )
    if study is None:
        raise NotFound("案例", "case study")
    access.require_steering(actor, study.project.campaign)
    if study.status == CaseStudyStatus.PUBLISHED:
        raise InvalidState("案例已入库", "the case is already published", code="case_published")
    study.status = CaseStudyStatus.PUBLISHED
    study.published_at = timezone.now()
    study.published_by = actor
    study.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    events.record(
        subject=study.project, action="case_study.publish", actor=actor, after={"case_study": study.pk}
    )
    return study


@transaction.atomic
def trainer_add(
    *, actor: User, user: User, topics: str, bio: str = "", project: Project | None = None
) -> Trainer:
    """Add someone to the trainer pool (or bring them back with new topics)."""
    access.require_any_organiser(actor)
    if not access.is_staff(user):
        raise ValidationFailed(
            "师资须为工作人员", "trainers are staff", code="not_staff", detail={"field": "user"}
        )
    topics = require_text(topics, field="topics", label_zh="授课主题", label_en="topics")[:200]
    trainer, created = Trainer.objects.update_or_create(
        user=user, defaults={"topics": topics, "bio": bio.strip(), "project": project, "is_active": True}
    )
    events.record(
        subject=trainer,
        action="trainer.add" if created else "trainer.update",
        actor=actor,
        after={"user": user.pk, "topics": topics, "project": project.pk if project else None},
    )
    return trainer


@transaction.atomic
def trainer_retire(*, actor: User, trainer_id: int, reason: str = "") -> Trainer:
    access.require_any_organiser(actor)
    trainer = Trainer.objects.select_for_update(of=("self",)).filter(pk=trainer_id).first()
    if trainer is None:
        raise NotFound("师资", "trainer")
    if trainer.is_active:
        trainer.is_active = False
        trainer.save(update_fields=["is_active", "updated_at"])
        events.record(subject=trainer, action="trainer.retire", actor=actor, reason=reason.strip())
    return trainer


def is_experienced(user: User) -> bool:
    """A trainer, or the owner of an accepted project that solved (or partly solved) its problem."""
    if Trainer.objects.filter(user=user, is_active=True).exists():
        return True
    return Project.objects.filter(
        owner=user,
        status__in=(ProjectStatus.COMPLETED, ProjectStatus.EVALUATED),
        outcome__in=(ProjectOutcome.SOLVED, ProjectOutcome.PARTLY_SOLVED),
    ).exists()


@transaction.atomic
def mentorship_pair(
    *, actor: User, mentor: User, mentee: User, goals: str, started_on: date, campaign: Campaign | None = None
) -> Mentorship:
    """青蓝帮带: pair a young cadre with an experienced chief."""
    access.require_any_organiser(actor)
    if mentor.pk == mentee.pk:
        raise ValidationFailed(
            "导师与学员不能是同一人",
            "mentor and mentee differ",
            code="same_person",
            detail={"field": "mentee"},
        )
    if not access.is_staff(mentee) or not access.is_staff(mentor):
        raise ValidationFailed("导师和学员须为工作人员", "both are staff", code="not_staff")
    if not is_experienced(mentor):
        raise ValidationFailed(
            "导师须为师资库成员或有已验收的破题项目",
            "a mentor is a trainer or owns an accepted project",
            code="mentor_not_experienced",
            detail={"field": "mentor"},
        )
    if Mentorship.objects.filter(mentor=mentor, mentee=mentee, is_active=True).exists():
        raise ValidationFailed("该帮带关系已存在", "this pairing already exists", code="pair_exists")
    goals = require_text(goals, field="goals", label_zh="帮带目标", label_en="goals", min_length=5)
    mentorship = Mentorship.objects.create(
        mentor=mentor, mentee=mentee, goals=goals, started_on=started_on, campaign=campaign
    )
    events.record(
        subject=mentorship,
        action="mentorship.pair",
        actor=actor,
        after={"mentor": mentor.pk, "mentee": mentee.pk, "started_on": started_on},
    )
    return mentorship


def _mentorship_for(actor: User, mentorship_id: int) -> Mentorship:
    mentorship = Mentorship.objects.select_for_update(of=("self",)).filter(pk=mentorship_id).first()
    if mentorship is None or not (
        actor.pk in (mentorship.mentor_id, mentorship.mentee_id) or access.is_any_organiser(actor)
    ):
        raise NotFound("帮带关系", "mentorship")
    return mentorship


@transaction.atomic
def mentorship_check_in(*, actor: User, mentorship_id: int, held_on: date, notes: str) -> MentorCheckIn:
    mentorship = _mentorship_for(actor, mentorship_id)
    if not mentorship.is_active:
        raise InvalidState("帮带关系已结束", "the mentorship has ended", code="mentorship_ended")
    if not mentorship.started_on <= held_on <= today():
        raise ValidationFailed(
            "日期须在帮带开始之后、不晚于今天",
            "the date lies between the start and today",
            code="bad_date",
            detail={"field": "held_on"},
        )
    notes = require_text(notes, field="notes", label_zh="帮带内容", label_en="notes", min_length=5)
    check_in = MentorCheckIn.objects.create(
        mentorship=mentorship, held_on=held_on, notes=notes, recorded_by=actor
    )
    events.record(subject=mentorship, action="mentorship.check_in", actor=actor, after={"held_on": held_on})
    return check_in


@transaction.atomic
def mentorship_end(*, actor: User, mentorship_id: int, ended_on: date, note: str = "") -> Mentorship:
    mentorship = _mentorship_for(actor, mentorship_id)
    if not mentorship.is_active:
        raise InvalidState("帮带关系已结束", "the mentorship has ended", code="mentorship_ended")
    if ended_on < mentorship.started_on:
        raise ValidationFailed(
            "结束日期早于开始日期", "ends before it started", code="bad_date", detail={"field": "ended_on"}
        )
    mentorship.is_active = False
    mentorship.ended_on = ended_on
    mentorship.save(update_fields=["is_active", "ended_on", "updated_at"])
    events.record(
        subject=mentorship, action="mentorship.end", actor=actor, after={"ended_on": ended_on}, reason=note
    )
    return mentorship
