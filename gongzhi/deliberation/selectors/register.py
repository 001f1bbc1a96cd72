"""Reads of the village register: roles, counts for each body's 应到, representative checks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet

from gongzhi.deliberation import conf
from gongzhi.deliberation.enums import AttendanceStatus, Membership, VillageRoleKind
from gongzhi.deliberation.models import Attendance, Team, VillageRole
from gongzhi.kinship import selectors as kinship_selectors
from gongzhi.kinship.enums import Gender
from gongzhi.org.models import Region

_MEMBERSHIP_ROLES: dict[str, tuple[str, ...]] = {
    Membership.PARTY_COMMITTEE: (VillageRoleKind.PARTY_COMMITTEE,),
    Membership.TWO_COMMITTEES: (VillageRoleKind.PARTY_COMMITTEE, VillageRoleKind.VILLAGE_COMMITTEE),
    Membership.PARTY_MEMBERS: (VillageRoleKind.PARTY_MEMBER,),
    Membership.REPRESENTATIVES: (VillageRoleKind.REPRESENTATIVE, VillageRoleKind.VILLAGE_COMMITTEE),
}


def village_roles(*, village: Region, kind: str | None = None, active: bool = True) -> QuerySet[VillageRole]:
    queryset = VillageRole.objects.filter(village=village).select_related("person", "person__household")
    if active:
        queryset = queryset.filter(is_active=True)
    if kind is not None:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("kind", "person__name", "pk")


def role_holder_ids(*, village: Region, kinds: tuple[str, ...]) -> set[int]:
    return set(
        VillageRole.objects.filter(village=village, kind__in=kinds, is_active=True).values_list(
            "person_id", flat=True
        )
    )


def adults_count(*, village: Region, on: date) -> int:
    """Registered villagers aged 18 or more on ``on`` (birth date known)."""
    try:
        cutoff = on.replace(year=on.year - 18)
    except ValueError:  # 29 February
        cutoff = on.replace(year=on.year - 18, day=28)
    return kinship_selectors.person_list(region_id=village.pk).filter(birth_date__lte=cutoff).count()


def entitled_count(*, village: Region, membership: str, on: date, team: Team | None = None) -> int | None:
    """A body's 应到 from the register, or ``None`` when the register cannot tell (no entries)."""
    if membership == Membership.TEAM:
        return team.members.filter(status="active").count() if team is not None else None
    if membership == Membership.ADULT_VILLAGERS:
        return adults_count(village=village, on=on) or None
    kinds = _MEMBERSHIP_ROLES.get(membership)
    if kinds is None:
        return None
    return len(role_holder_ids(village=village, kinds=kinds)) or None


def households_count(*, village: Region) -> int:
    return kinship_selectors.household_list(region_id=village.pk).count()


def village_population(*, village: Region) -> int:
    """Registered villagers if the register has any, else the region's recorded population."""
    registered = kinship_selectors.person_list(region_id=village.pk).count()
    return registered or (village.population or 0)


def representatives_minimum(population: int) -> int:
    """浙江省实施办法 art. 19: <500 people → ≥30; 500–999 → ≥40; ≥1,000 → ≥50."""
    if population < 500:
        return 30
    if population < 1000:
        return 40
    return 50


@dataclass(frozen=True)
class RepresentativesCheck:
    population: int
    minimum: int
    representatives: int
    committee_members: int
    women: int
    shared_households: list[str]

    @property
    def short_by(self) -> int:
        return max(0, self.minimum - self.representatives)

    @property
    def representatives_share_ok(self) -> bool:
        """组织法 art. 26: representatives are at least 4/5 of the meeting's members."""
        total = self.representatives + self.committee_members
        return total > 0 and self.representatives * 5 >= total * 4

    @property
    def women_share_ok(self) -> bool:
        """组织法 art. 26: women at least 1/3 of the representatives."""
        return self.representatives > 0 and self.women * 3 >= self.representatives

    @property
    def ok(self) -> bool:
        return (
            self.short_by == 0
            and not self.shared_households
            and self.representatives_share_ok
            and self.women_share_ok
        )


def representatives_check(*, village: Region) -> RepresentativesCheck:
    reps = list(village_roles(village=village, kind=VillageRoleKind.REPRESENTATIVE))
    rep_ids = {r.person_id for r in reps}
    committee = role_holder_ids(village=village, kinds=(VillageRoleKind.VILLAGE_COMMITTEE,)) - rep_ids
    shared = (
        VillageRole.objects.filter(village=village, kind=VillageRoleKind.REPRESENTATIVE, is_active=True)
        .exclude(person__household__isnull=True)
        .values("person__household__code")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    population = village_population(village=village)
    return RepresentativesCheck(
        population=population,
        minimum=representatives_minimum(population),
        representatives=len(reps),
        committee_members=len(committee),
        women=sum(1 for r in reps if r.person.gender == Gender.FEMALE),
        shared_households=sorted(row["person__household__code"] for row in shared),
    )


@dataclass(frozen=True)
class AbsenceFlag:
    role: VillageRole
    consecutive: int


def representatives_absence_flags(*, village: Region) -> list[AbsenceFlag]:
    """浙江省实施办法 art. 22: representatives whose latest recorded meetings are N unexcused
    absences in a row (N = ``REPRESENTATIVE_ABSENCE_LIMIT``, 3)."""
    limit = conf.setting_int("REPRESENTATIVE_ABSENCE_LIMIT")
    reps = {r.person_id: r for r in village_roles(village=village, kind=VillageRoleKind.REPRESENTATIVE)}
    if not reps:
        return []
    rows = (
        Attendance.objects.filter(
            person_id__in=reps.keys(),
            session__step__matter__village=village,
            session__step__body__membership=Membership.REPRESENTATIVES,
        )
        .order_by("person_id", "-session__held_at", "-session_id")
        .values_list("person_id", "status")
    )
    streaks: dict[int, int] = {}
    done: set[int] = set()
    for person_id, status in rows:
        if person_id in done:
            continue
        if status == AttendanceStatus.ABSENT:
            streaks[person_id] = streaks.get(person_id, 0) + 1
        else:
            done.add(person_id)
    return [
        AbsenceFlag(role=reps[person_id], consecutive=count)
        for person_id, count in sorted(streaks.items())
        if count >= limit
    ]
