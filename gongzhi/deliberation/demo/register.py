"""The generated village registers and roles of the deliberation demo."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from gongzhi.core.errors import ApplicationError
from gongzhi.core.models import AuditEvent
from gongzhi.core.workdays import SHANGHAI
from gongzhi.deliberation import selectors, services
from gongzhi.deliberation.enums import VillageRoleKind
from gongzhi.kinship import services as kinship_services
from gongzhi.kinship.enums import Gender, LinkKind
from gongzhi.kinship.models import Household, KinshipLink, Person
from gongzhi.org.models import Region

XIALU = "330603114000"
LABEL = "演示数据（系统生成）"
_SURNAMES = "王陈张李沈金俞孙徐周朱傅鲁何高钱吴胡马许"
_MALE = "建国伟明强军华勇忠海林荣根福兴江涛斌杰峰"
_FEMALE = "美英秀芳娟萍丽红燕霞琴玲凤月兰珍梅娣素"


def _name(rng: random.Random, gender: str) -> str:
    pool = _MALE if gender == Gender.MALE else _FEMALE
    return rng.choice(_SURNAMES) + "".join(rng.choice(pool) for _ in range(rng.choice((1, 2))))


def _at(day: date, hour: int = 19) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


@dataclass
class VillageCast:
    village: Region
    people: list[Person]
    heads: list[Person]
    wives: dict[int, Person]  # head id → wife
    representatives: list[Person] = field(default_factory=list)
    committee: list[Person] = field(default_factory=list)
    party_committee: list[Person] = field(default_factory=list)
    party_members: list[Person] = field(default_factory=list)
    police: Person | None = None


# --- registers -------------------------------------------------------------------------------------


def _register(village: Region, rng: random.Random, today: date) -> VillageCast:
    households = Household.objects.bulk_create(
        Household(region=village, code=f"G{i + 1:03d}", address=LABEL) for i in range(rng.randint(110, 170))
    )
    rows: list[tuple[Household, str, str, date, str]] = []  # household, role, gender, birth, name
    for household in households:
        head_born = date(rng.randint(1950, 1985), rng.randint(1, 12), rng.randint(1, 28))
        rows.append((household, "head", Gender.MALE, head_born, ""))
        if rng.random() < 0.9:
            rows.append(
                (household, "wife", Gender.FEMALE, head_born + timedelta(days=rng.randint(-900, 1500)), "")
            )
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            born = head_born + timedelta(days=rng.randint(22 * 365, 35 * 365))
            if born < today - timedelta(days=365):
                rows.append((household, "child", rng.choice(Gender.values), born, ""))
        if rng.random() < 0.2:
            rows.append(
                (
                    household,
                    "elder",
                    rng.choice(Gender.values),
                    head_born - timedelta(days=rng.randint(9500, 12000)),
                    "",
                )
            )
    people = Person.objects.bulk_create(
        Person(name=_name(rng, gender), gender=gender, birth_date=born, household=h, region=village)
        for h, _, gender, born, _ in rows
    )
    by_household: dict[int, dict[str, list[Person]]] = {}
    for (household, role, *_), person in zip(rows, people, strict=True):
        by_household.setdefault(household.pk, {}).setdefault(role, []).append(person)
    links: list[KinshipLink] = []
    heads, wives = [], {}
    for household in households:
        members = by_household[household.pk]
        head = members["head"][0]
        household.head = head
        heads.append(head)
        wife = members.get("wife", [None])[0]
        if wife is not None:
            wives[head.pk] = wife
            first, second = sorted((head, wife), key=lambda p: p.pk)
            links.append(KinshipLink(person=first, relative=second, kind=LinkKind.SPOUSE))
        for child in members.get("child", []):
            links.extend(
                KinshipLink(person=child, relative=p, kind=LinkKind.PARENT) for p in (head, wife) if p
            )
        for elder in members.get("elder", []):
            links.append(KinshipLink(person=head, relative=elder, kind=LinkKind.PARENT))
    # Some wives are daughters of an older couple of the village: in-laws across households.
    couples = [(h, wives[h.pk]) for h in heads if h.pk in wives]
    for _head, wife in couples:
        if rng.random() < 0.25:
            older = [
                c
                for c in couples
                if c[0].birth_date
                and wife.birth_date
                and c[0].birth_date.year <= wife.birth_date.year - 24
                and c[1].birth_date
                and c[1].birth_date.year <= wife.birth_date.year - 20
            ]
            if older:
                father, mother = rng.choice(older)
                links.extend(
                    KinshipLink(person=wife, relative=p, kind=LinkKind.PARENT) for p in (father, mother)
                )
    Household.objects.bulk_update(households, ["head"])
    KinshipLink.objects.bulk_create(links)
    AuditEvent.objects.create(
        occurred_at=timezone.now(),
        actor_label="演示数据",
        subject_type="deliberation_demo",
        subject_id=village.pk,
        action="deliberation_demo.register_load",
        after={"households": len(households), "people": len(people), "links": len(links)},
        reason=LABEL,
    )
    return VillageCast(village=village, people=people, heads=heads, wives=wives)


def _roles(cast: VillageCast, rng: random.Random, start: date) -> None:
    village = cast.village

    def assign(person: Person, kind: str) -> bool:
        try:
            services.village_role_assign(village=village, person=person, kind=kind, started_on=start)
        except ApplicationError:  # a rule refused this person (a relative …): pick another
            return False
        return True

    population = selectors.village_population(village=village)
    wanted = selectors.representatives_minimum(population) + rng.randint(0, 4)
    couples = [h for h in cast.heads if h.pk in cast.wives]
    rng.shuffle(couples)
    committee_heads, rep_heads = couples[:5], couples[5 : 5 + wanted]
    for index, head in enumerate(rep_heads):
        person = cast.wives[head.pk] if index % 5 in (1, 3) else head
        if assign(person, VillageRoleKind.REPRESENTATIVE):
            cast.representatives.append(person)
    for index, head in enumerate(committee_heads):
        person = cast.wives[head.pk] if index == 4 else head  # the committee includes a woman
        assign(person, VillageRoleKind.VILLAGE_COMMITTEE)
        cast.committee.append(person)
    for person in (*cast.committee[:2], cast.wives[committee_heads[1].pk]):
        assign(person, VillageRoleKind.PARTY_COMMITTEE)
        cast.party_committee.append(person)
    adults = [p for p in cast.people if p.birth_date and p.birth_date.year < start.year - 22]
    for person in {*cast.party_committee, *rng.sample(adults, k=min(len(adults), rng.randint(22, 34)))}:
        if assign(person, VillageRoleKind.PARTY_MEMBER):
            cast.party_members.append(person)
    supervisors = 0
    for person in rng.sample(adults, k=len(adults)):
        if supervisors == 3:
            break
        if person not in cast.committee and assign(person, VillageRoleKind.SUPERVISION):
            supervisors += 1
    assign(couples[-1], VillageRoleKind.CLERK)
    police = kinship_services.person_upsert(
        name=_name(rng, Gender.MALE), gender=Gender.MALE, birth_date=date(1985, 6, 1)
    )
    assign(police, VillageRoleKind.COMMUNITY_POLICE)
    cast.police = police
