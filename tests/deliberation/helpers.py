"""Builders for the deliberation tests: a village register on a real 夏履镇 village."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from gongzhi.core.models import AuditEvent
from gongzhi.deliberation import services
from gongzhi.deliberation.enums import VillageRoleKind
from gongzhi.deliberation.models import Matter, MatterStep, Session, TeamMember
from gongzhi.kinship import services as kinship_services
from gongzhi.kinship.models import Household, Person
from gongzhi.org.models import Region
from tests.conftest import region

XIALU = "330603114000"  # 夏履镇
LIANHUA = "330603114211"  # 夏履镇联华村
SHUANGYE = "330603114226"  # 夏履镇双叶村

START = date(2026, 3, 2)


def at(day: date, hour: int = 19) -> datetime:
    """An evening meeting on ``day``, Asia/Shanghai."""
    return datetime.fromisoformat(f"{day.isoformat()}T{hour:02d}:00:00+08:00")


@dataclass
class Register:
    village: Region
    households: list[Household] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    representatives: list[Person] = field(default_factory=list)
    committee: list[Person] = field(default_factory=list)
    party_committee: list[Person] = field(default_factory=list)
    party_members: list[Person] = field(default_factory=list)
    police: Person | None = None

    def counts(self) -> dict[str, int]:
        two = {p.pk for p in self.committee} | {p.pk for p in self.party_committee}
        reps = {p.pk for p in self.representatives} | {p.pk for p in self.committee}
        return {
            "party_branch": len(self.party_committee),
            "two_committees": len(two),
            "party_members_meeting": len(self.party_members),
            "representatives_meeting": len(reps),
        }


def build_register(
    village_code: str = LIANHUA, *, households: int = 34, representatives: int = 30
) -> Register:
    """``households`` households of two (a man and a woman born 1960–1990); one representative
    from each of the first ``representatives`` households; 5 committee members, 3 on the Party
    committee (2 of them also on the village committee), 12 Party members, a police officer."""
    village = region(village_code)
    reg = Register(village=village)
    for index in range(households):
        household = kinship_services.household_upsert(region=village, code=f"H{index + 1:03d}")
        reg.households.append(household)
        for offset, gender in enumerate(("male", "female")):
            reg.people.append(
                kinship_services.person_upsert(
                    name=f"村民{index + 1:02d}{'甲乙'[offset]}",
                    gender=gender,
                    birth_date=date(1960 + index % 30, 1 + offset, 1),
                    household=household,
                )
            )
    for index in range(representatives):
        person = reg.people[2 * index + (index % 2)]  # alternate men and women: ≥1/3 women
        services.village_role_assign(
            village=village, person=person, kind=VillageRoleKind.REPRESENTATIVE, started_on=START
        )
        reg.representatives.append(person)
    tail = reg.people[2 * representatives :]
    for person in tail[:5]:
        services.village_role_assign(
            village=village, person=person, kind=VillageRoleKind.VILLAGE_COMMITTEE, started_on=START
        )
        reg.committee.append(person)
    for person in [*tail[:2], tail[5]]:
        services.village_role_assign(
            village=village, person=person, kind=VillageRoleKind.PARTY_COMMITTEE, started_on=START
        )
        reg.party_committee.append(person)
    for person in reg.people[1:25:2]:
        services.village_role_assign(
            village=village, person=person, kind=VillageRoleKind.PARTY_MEMBER, started_on=START
        )
        reg.party_members.append(person)
    police = kinship_services.person_upsert(name="社区民警老周", gender="male", birth_date=date(1980, 5, 5))
    services.village_role_assign(
        village=village, person=police, kind=VillageRoleKind.COMMUNITY_POLICE, started_on=START
    )
    reg.police = police
    return reg


def step(matter: Matter, order: int) -> MatterStep:
    return matter.steps.get(order=order)


def pass_meeting(matter: Matter, order: int, reg: Register, day: date, **overrides: Any) -> Session:
    """Pass meeting step ``order`` with everyone present and in favour, notice 3 days earlier."""
    the_step = step(matter, order)
    body = the_step.body
    assert body is not None
    if body.code == "deliberation_team":
        expected = matter.team.members.filter(status="active").count()
    else:
        expected = reg.counts()[body.code]
    values: dict[str, Any] = {
        "step": the_step,
        "held_at": at(day),
        "notice_given_on": day - timedelta(days=body.notice_days) if body.notice_days else None,
        "expected": expected,
        "present": expected,
        "votes_for": expected,
        "minutes": f"{the_step.name}：一致同意。",
    }
    values.update(overrides)
    return services.step_pass(**values)


def snapshot(matter: Matter) -> dict[str, Any]:
    """Everything a refused action must leave as it was."""
    matter.refresh_from_db()
    return {
        "status": matter.status,
        "decided_on": matter.decided_on,
        "steps": list(matter.steps.order_by("order").values_list("status", "passed_on")),
        "sessions": Session.objects.filter(step__matter=matter).count(),
        "members": list(
            TeamMember.objects.filter(team__matter=matter)
            .order_by("pk")
            .values_list("status", "status_reason")
        ),
        "events": AuditEvent.objects.count(),
    }
