"""The deliberation sweep: objections to a publication must be answered within 15 days
(浙江省实施办法 art. 36, ``OBJECTION_ANSWER_DAYS``).

1. ``OBJECTION_REMIND_DAYS`` (3) before the deadline, an unanswered objection sends the village a
   reminder (a notice in its cadres' workbench);
2. past the deadline, still unanswered, it is flagged overdue: a flagged notice to the village,
   shown to the town too.
Each due row is claimed with a conditional UPDATE before anything is done for it, so the sweep
run twice, or twice at once, sends nothing twice.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from gongzhi.deliberation import conf, events
from gongzhi.deliberation.enums import NoticeKind, ObjectionStatus
from gongzhi.deliberation.models import Objection, VillageNotice
from gongzhi.org import selectors as org_selectors

BATCH = 500


@dataclass
class DeliberationSweepResult:
    objection_reminders: int = 0
    objections_overdue: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _local(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y年%m月%d日 %H:%M}"


def _notice(objection: Objection, *, kind: str, title: str, body: str, flagged: bool) -> VillageNotice:
    village = objection.matter.village
    return VillageNotice.objects.create(
        village=village,
        matter=objection.matter,
        objection=objection,
        kind=kind,
        recipient_unit=org_selectors.centre_for_region(region=village),
        title=title[:200],
        body=body,
        is_flagged=flagged,
    )


def _remind(now: datetime) -> int:
    warn = timedelta(days=conf.setting_int("OBJECTION_REMIND_DAYS"))
    due = Objection.objects.filter(
        status=ObjectionStatus.OPEN, due_at__gt=now, due_at__lte=now + warn, reminded_at__isnull=True
    ).values_list("pk", flat=True)[:BATCH]
    count = 0
    for objection_id in list(due):
        with transaction.atomic():
            if not Objection.objects.filter(
                pk=objection_id, status=ObjectionStatus.OPEN, reminded_at__isnull=True
            ).update(reminded_at=now):
                continue
            objection = Objection.objects.select_related("matter__village").get(pk=objection_id)
            _notice(
                objection,
                kind=NoticeKind.OBJECTION_REMINDER,
                title=f"异议待答复：{objection.matter.title}",
                body=(
                    f"{objection.raised_by_name}于{_local(objection.raised_at)}对“{objection.matter.title}”"
                    f"的公开提出异议或询问，应于{_local(objection.due_at)}前书面答复"
                    "（浙江省实施村民委员会组织法办法第三十六条：十五日内答复）。"
                ),
                flagged=False,
            )
            events.matter_event(
                matter=objection.matter,
                action="objection.remind",
                actor=None,
                after={"objection": objection.pk, "due_at": objection.due_at},
            )
            count += 1
    return count


def _flag_overdue(now: datetime) -> int:
    due = Objection.objects.filter(
        status=ObjectionStatus.OPEN, due_at__lt=now, overdue_flagged_at__isnull=True
    ).values_list("pk", flat=True)[:BATCH]
    count = 0
    for objection_id in list(due):
        with transaction.atomic():
            if not Objection.objects.filter(
                pk=objection_id, status=ObjectionStatus.OPEN, overdue_flagged_at__isnull=True
            ).update(overdue_flagged_at=now):
                continue
            objection = Objection.objects.select_related("matter__village").get(pk=objection_id)
            _notice(
                objection,
                kind=NoticeKind.OBJECTION_OVERDUE,
                title=f"异议答复已超期：{objection.matter.title}",
                body=(
                    f"{objection.raised_by_name}对“{objection.matter.title}”提出的异议或询问，"
                    f"答复期限{_local(objection.due_at)}已过，仍未答复。请即答复并说明超期原因；"
                    "镇街同时可见。"
                ),
                flagged=True,
            )
            events.matter_event(
                matter=objection.matter,
                action="objection.overdue",
                actor=None,
                after={"objection": objection.pk, "due_at": objection.due_at},
            )
            count += 1
    return count


def deliberation_sweep_run(*, now: datetime | None = None) -> DeliberationSweepResult:
    """Process everything due at ``now`` once. Running it again changes nothing."""
    now = now or timezone.now()
    result = DeliberationSweepResult()
    result.objection_reminders = _remind(now)
    result.objections_overdue = _flag_overdue(now)
    return result
