"""The generated campaign's meetings, case library, trainer pool and mentoring (bulk, labelled)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from gongzhi.campaigns.demo.people import Cast
from gongzhi.campaigns.demo.texts import LABEL, MINUTES, Topic
from gongzhi.campaigns.enums import (
    AgendaSource,
    CaseStudyStatus,
    MeetingKind,
    MeetingStatus,
    ProjectOutcome,
    ProjectStatus,
)
from gongzhi.campaigns.models import (
    AgendaItem,
    CaseStudy,
    Flag,
    HelpRequest,
    Meeting,
    MeetingDecision,
    MentorCheckIn,
    Mentorship,
    Project,
    SharingTalk,
    Tag,
    Trainer,
)
from gongzhi.campaigns.selectors.ranking import target_achievement
from gongzhi.campaigns.services._common import SHANGHAI, month_start, next_month
from gongzhi.org.models import User


def _num(value: object) -> str:
    text = f"{value:f}" if hasattr(value, "as_tuple") else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def meetings(cast: Cast, rng: random.Random, now: datetime, first: date) -> dict[str, int]:
    today = now.astimezone(SHANGHAI).date()
    flags = list(Flag.objects.filter(project__campaign=cast.campaign).select_related("project", "milestone"))
    helps = list(HelpRequest.objects.filter(project__campaign=cast.campaign).select_related("project"))
    finished = list(
        Project.objects.filter(
            campaign=cast.campaign, status__in=(ProjectStatus.COMPLETED, ProjectStatus.EVALUATED)
        ).select_related("owner")
    )
    heads_by_cluster: dict[int, list[User]] = {}
    for unit in cast.units:
        heads_by_cluster.setdefault(cast.cluster_of[unit.pk].pk, []).append(cast.heads[unit.pk])
    held: list[Meeting] = []
    agenda: list[AgendaItem] = []
    decisions: list[MeetingDecision] = []
    talks: list[SharingTalk] = []
    month = month_start(first)
    while True:
        day = month.replace(day=25)
        if day >= today:
            break
        at = datetime.combine(day, time(15), tzinfo=SHANGHAI)
        for cluster in cast.clusters:
            coordinator = cast.coordinators[cluster.pk]
            sharing = month.month % 3 == 0
            kind = MeetingKind.CASE_SHARING if sharing else MeetingKind.MONTHLY
            meeting = Meeting(
                cluster=cluster,
                kind=kind,
                held_on=day,
                place="组织部三楼会议室",
                status=MeetingStatus.HELD,
                title=f"{cluster.name}{day:%Y年%m月}{MeetingKind(kind).label}（演示）",
                created_by=coordinator,
                minutes=(
                    rng.choice(MINUTES) if not sharing else "围绕已破题项目交流做法和经验，形成可复制清单。"
                )
                + LABEL,
                attendance="片组各参与单位负责人、项目负责人",
                recorded_at=at + timedelta(hours=3),
                recorded_by=coordinator,
            )
            held.append(meeting)
            open_flags = [
                f
                for f in flags
                if f.project.cluster_id == cluster.pk
                and f.raised_at <= at
                and (f.resolved_at is None or f.resolved_at > at)
            ]
            items: list[tuple[str, str, Project, Flag | None, HelpRequest | None]] = [
                (AgendaSource.FLAG, f"督导：「{f.project.title}」{f.get_kind_display()}", f.project, f, None)
                for f in open_flags[:6]
            ]
            items += [
                (AgendaSource.HELP, f"帮扶：「{h.project.title}」{h.question}", h.project, None, h)
                for h in helps
                if h.project.cluster_id == cluster.pk
                and h.asked_at <= at
                and (h.answered_at is None or h.answered_at > at)
            ][:3]
            for order, (source, text, project, flag, help_request) in enumerate(items):
                agenda.append(
                    AgendaItem(
                        meeting=meeting,
                        order=order,
                        source=source,
                        text=text[:300],
                        project=project,
                        flag=flag,
                        help_request=help_request,
                    )
                )
            if sharing:
                speakers = [
                    p
                    for p in finished
                    if p.cluster_id == cluster.pk and p.completed_at and p.completed_at < at
                ]
                for project in rng.sample(speakers, min(3, len(speakers))):
                    talks.append(
                        SharingTalk(
                            meeting=meeting,
                            speaker=project.owner,
                            project=project,
                            points=f"「{project.title}」的破题做法：抓住关键环节，部门联动，建立长效机制。{LABEL}",
                        )
                    )
            for _ in range(rng.randint(1, 2) if items else 0):
                source, text, project, _flag, _help = rng.choice(items)
                due = day + timedelta(days=rng.randint(10, 25))
                decision = MeetingDecision(
                    meeting=meeting,
                    text=f"{text[:40]}……限期落实",
                    owner=rng.choice(heads_by_cluster[cluster.pk]),
                    due_on=due,
                    project=project,
                )
                if due < today and rng.random() < 0.85:
                    decision.done_at = datetime.combine(
                        due - timedelta(days=rng.randint(0, 8)), time(17), tzinfo=SHANGHAI
                    )
                    decision.done_note = "已落实"
                elif due < today:
                    decision.reminded_at = datetime.combine(
                        due + timedelta(days=1), time(0, 1), tzinfo=SHANGHAI
                    )
                decisions.append(decision)
        month = next_month(month)
    Meeting.objects.bulk_create(held, batch_size=500)
    for item in agenda:
        item.meeting_id = item.meeting.pk
    for decision in decisions:
        decision.meeting_id = decision.meeting.pk
    for talk in talks:
        talk.meeting_id = talk.meeting.pk
    AgendaItem.objects.bulk_create(agenda, batch_size=1000)
    MeetingDecision.objects.bulk_create(decisions, batch_size=1000)
    SharingTalk.objects.bulk_create(talks, batch_size=1000)
    return {"meetings": len(held), "decisions": len(decisions), "talks": len(talks)}


def library(cast: Cast, rng: random.Random, now: datetime, topics: dict[str, Topic]) -> dict[str, int]:
    evaluated = list(
        Project.objects.filter(
            campaign=cast.campaign,
            status=ProjectStatus.EVALUATED,
            outcome__in=(ProjectOutcome.SOLVED, ProjectOutcome.PARTLY_SOLVED),
        )
        .select_related("owner", "lead_unit")
        .prefetch_related("targets")
        .order_by("-score", "code")
    )
    studies = []
    tag_names: list[list[str]] = []
    for project in evaluated[: max(1, len(evaluated) * 2 // 5)]:
        topic = topics[project.code]
        results = "；".join(
            f"{t.name}由{_num(t.baseline)}{t.unit_label}到{_num(t.current)}{t.unit_label}"
            for t in project.targets.all()
            if t.current is not None
            and target_achievement(baseline=t.baseline, target=t.target, current=t.current) > 0
        )
        published = (project.evaluated_at or now) + timedelta(days=rng.randint(3, 20))
        studies.append(
            CaseStudy(
                project=project,
                title=project.title,
                problem=project.problem,
                approach=topic.approach + LABEL,
                result=(results or "目标基本完成") + "。",
                reusable=f"可复制：{topic.approach[:30]}……形成制度文件和工作清单。",
                status=CaseStudyStatus.PUBLISHED,
                author=project.owner,
                published_at=min(published, now),
                published_by=cast.organiser,
            )
        )
        tag_names.append([*topic.tags, project.category.name])
    CaseStudy.objects.bulk_create(studies)
    tags = {name: Tag.objects.get_or_create(name=name)[0] for names in tag_names for name in names}
    through = CaseStudy.tags.through
    through.objects.bulk_create(
        [
            through(casestudy_id=s.pk, tag_id=tags[n].pk)
            for s, names in zip(studies, tag_names, strict=True)
            for n in names
        ]
    )
    trainers = []
    seen: set[int] = set()
    for project in evaluated:
        if project.owner_id in seen or Trainer.objects.filter(user_id=project.owner_id).exists():
            continue
        seen.add(project.owner_id)
        topic = topics[project.code]
        trainers.append(
            Trainer(
                user=project.owner,
                topics="、".join(topic.tags) + "实务",
                project=project,
                bio=f"{project.lead_unit.name}，负责的「{project.title}」评价{project.score}分。{LABEL}",
            )
        )
        if len(trainers) == 12:
            break
    Trainer.objects.bulk_create(trainers)
    today = now.astimezone(SHANGHAI).date()
    mentees = [chief for chiefs in cast.chiefs.values() for chief in chiefs if chief.pk not in seen]
    pairs, check_ins = [], []
    for trainer in trainers:
        for mentee in rng.sample(mentees, 2):
            mentees.remove(mentee)
            started = today - timedelta(days=rng.randint(40, 240))
            pair = Mentorship(
                mentor=trainer.user,
                mentee=mentee,
                campaign=cast.campaign,
                started_on=started,
                goals="掌握选题、定题、破题方法，独立牵头一个破题项目。" + LABEL,
            )
            pairs.append(pair)
            day = started + timedelta(days=rng.randint(10, 30))
            while day < today:
                check_ins.append(
                    MentorCheckIn(
                        mentorship=pair,
                        held_on=day,
                        recorded_by=mentee,
                        notes=rng.choice(
                            (
                                "一起走访企业，复盘选题思路。",
                                "讨论项目难点，梳理破题路径。",
                                "参加片组例会，学习项目推进方法。",
                            )
                        ),
                    )
                )
                day += timedelta(days=rng.randint(25, 45))
    Mentorship.objects.bulk_create(pairs)
    for check_in in check_ins:
        check_in.mentorship_id = check_in.mentorship.pk
    MentorCheckIn.objects.bulk_create(check_ins)
    return {"case_studies": len(studies), "trainers": len(trainers), "mentorships": len(pairs)}
