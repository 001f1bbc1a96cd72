"""The last few days of the demo, made through the real services.

The bulk history stops short of the present; these cases are registered over the last few working days
and taken as far as their time allows — accept and dispatch, sign, notes, joint handling,
extension, return and arbitration, escalation, reply, close, follow-up — each step a call of a
``gongzhi.cases.services`` function by a person who holds the role it needs, so the demo also
exercises (and shows) the service path: its notices, its audit events, its routing.

The services read the time from ``django.utils.timezone.now``; :func:`simulated_clock` points that
at a clock the tail moves forward, never past the real present.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone
from tqdm import tqdm

from gongzhi.cases import services
from gongzhi.cases.enums import (
    CaseKind,
    CaseStatus,
    Channel,
    PetitionClass,
    Rating,
    ReplyOutcome,
    ReturnReason,
)
from gongzhi.cases.models import Case
from gongzhi.core import workdays
from gongzhi.core.errors import ApplicationError
from gongzhi.demo import people, texts
from gongzhi.demo.accounts import HISTORY_PREFIX, TOWN_CENTRE, VILLAGE_CENTRE, history_staff_ensure
from gongzhi.demo.simulation import fill, office
from gongzhi.demo.world import required
from gongzhi.org import selectors as org_selectors
from gongzhi.org.enums import RegionLevel, Role, UnitKind
from gongzhi.org.models import Region, Unit, User
from gongzhi.routing.models import Category

TAIL_DAYS = 4
STAGES = {
    "registered": 6,
    "dispatched": 10,
    "signed": 14,
    "noted": 8,
    "joint": 6,
    "extension": 5,
    "returned": 5,
    "escalated": 5,
    "replied": 12,
    "closed": 12,
    "rated": 17,
}


class SimulatedClock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@contextmanager
def simulated_clock(at: datetime) -> Iterator[SimulatedClock]:
    """Make ``timezone.now()`` (services, auto_now fields, audit events) read ``clock.at``."""
    clock = SimulatedClock(at)
    original = timezone.now
    timezone.now = clock
    try:
        yield clock
    finally:
        timezone.now = original


@dataclass
class TailResult:
    created: int = 0
    stages: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


def tail_case_count() -> int:
    """Service-made demo cases: labelled as generated, but with the services' own tracking codes."""
    return (
        Case.objects.filter(description__endswith=texts.GENERATED_LABEL)
        .exclude(tracking_code__startswith="DM")
        .count()
    )


class _People:
    """Who acts for a unit in a role: a demo login where one holds it, else the history's staff."""

    def __init__(self) -> None:
        self._cache: dict[tuple[int, str], User | None] = {}

    def get(self, unit: Unit, *roles: str) -> User:
        for role in roles:
            key = (unit.pk, role)
            if key not in self._cache:
                users = list(org_selectors.users_with_role(unit=unit, role=role))
                demo = [u for u in users if not u.username.startswith(HISTORY_PREFIX)]
                self._cache[key] = (demo or users)[0] if users else None
            found = self._cache[key]
            if found is not None:
                return found
        raise LookupError(f"nobody holds {roles} in {unit.code}")


def tail_generate(
    *,
    count: int = 50,
    seed: int = 2026,
    citizen: User | None = None,
    progress: bool = False,
    now: datetime | None = None,
) -> TailResult:
    real_now = now or timezone.now()
    history_staff_ensure(seed=seed)  # whoever has no demo login acts through the history's staff
    rng = random.Random(f"{seed}-tail")
    result = TailResult()
    staff = _People()
    pingshui = Region.objects.get(code=TOWN_CENTRE.split("-")[0])
    wanghua = Region.objects.get(code=VILLAGE_CENTRE.split("-")[0])
    towns = list(Region.objects.filter(level=RegionLevel.TOWN).order_by("code"))
    villages = list(Region.objects.filter(level=RegionLevel.VILLAGE).order_by("code"))
    district_centre = Unit.objects.get(kind=UnitKind.CENTRE, level=RegionLevel.DISTRICT)
    categories = {
        c.full_name: c for c in Category.objects.filter(full_name__in=[t.category for t in texts.ALL_TOPICS])
    }
    topics = [t for t in texts.ALL_TOPICS if t.category in categories]
    starts = _start_times(rng, count, real_now)
    for index, start in enumerate(tqdm(starts, desc="服务办理 service-path cases", disable=not progress)):
        r = rng.random()
        if r < 0.4:
            village = wanghua
        elif r < 0.7:
            village = rng.choice([v for v in villages if v.parent_id == pingshui.pk])
        else:
            village = rng.choice(villages)
        town = next(t for t in towns if t.pk == village.parent_id)
        topic = rng.choice(topics)
        stage = rng.choices(list(STAGES), list(STAGES.values()))[0]
        try:
            with simulated_clock(start) as clock:
                reached = _one_case(
                    rng,
                    clock,
                    real_now,
                    staff,
                    topic=topic,
                    category=categories[topic.category],
                    town=town,
                    village=village,
                    stage=stage,
                    district_centre=district_centre,
                    citizen=citizen if index % 12 == 0 else None,
                )
            result.created += 1
            result.stages[reached] = result.stages.get(reached, 0) + 1
        except ApplicationError as error:
            result.failures.append(f"{topic.key}/{stage}: {error.code} {error}")
    return result


def _start_times(rng: random.Random, count: int, now: datetime) -> list[datetime]:
    """Moments in the office hours (8:30–17:30) of the last ``TAIL_DAYS`` working days, before ``now``."""
    windows: list[tuple[datetime, datetime]] = []
    day = workdays.local_date(now)
    while len(windows) < TAIL_DAYS:
        if workdays.is_working_day(day):
            opens = datetime(day.year, day.month, day.day, 8, 30, tzinfo=workdays.SHANGHAI)
            closes = min(opens + timedelta(hours=9), now - timedelta(minutes=30))
            if closes > opens:
                windows.append((opens, closes))
        day -= timedelta(days=1)
    seconds = [(closes - opens).total_seconds() for opens, closes in windows]
    starts = []
    for _ in range(count):
        opens, closes = rng.choices(windows, seconds)[0]
        starts.append(opens + (closes - opens) * rng.random())
    return sorted(starts)


def _one_case(
    rng: random.Random,
    clock: SimulatedClock,
    real_now: datetime,
    staff: _People,
    *,
    topic: texts.Topic,
    category: Category,
    town: Region,
    village: Region,
    stage: str,
    district_centre: Unit,
    citizen: User | None,
) -> str:
    """Take one case through the services as far as ``stage`` (or as far as the present allows)."""
    village_centre = required(org_selectors.centre_for_region(region=village), village)
    town_centre = required(org_selectors.centre_for_region(region=town), town)
    channel = rng.choice((Channel.VILLAGE_REPORT, Channel.VISIT, Channel.CALL, Channel.ONLINE))
    intake_centre = {Channel.VILLAGE_REPORT: village_centre, Channel.VISIT: town_centre}.get(
        channel, district_centre
    )
    clerk = staff.get(intake_centre, Role.INTAKE_CLERK, Role.DISPATCHER)
    slots = {
        "village": village.short_name or village.name,
        "town": town.name,
        "place": f"{village.short_name}村口",
        "other": people.person_name(rng),
        "company": people.company_name(rng),
        "estate": people.estate_name(rng),
        "road": people.road_name(rng),
        "n": str(rng.randrange(2, 9)),
        "months": str(rng.randrange(2, 9)),
        "amount": f"{rng.randrange(3, 300) / 10:.1f}万元",
        "count": str(rng.randrange(3, 30)),
    }
    name = citizen.display_name if citizen else people.person_name(rng)
    phone = citizen.phone if citizen else people.mobile_number(rng)
    parties = []
    if topic.kind == CaseKind.DISPUTE:
        parties = [
            services.PartyInput(name=name, role="申请人", phone=phone),
            services.PartyInput(name=slots["other"], role="被申请人", phone=people.mobile_number(rng)),
        ]
    details = rng.sample(topic.details, k=min(2, len(topic.details)))
    case = services.case_intake(
        actor=clerk,
        channel=channel,
        kind=topic.kind,
        petition_class=topic.petition_class,
        subject=fill(rng.choice(topic.subjects), slots),
        description=texts.OPENINGS[channel]
        + "".join(fill(d, slots) for d in details)
        + texts.GENERATED_LABEL,
        region=village,
        category=category,
        reporter_name=name,
        reporter_phone=phone,
        reporter_id_number=people.resident_id(rng),
        reporter=citizen,
        reporter_address=people.address_in(rng, town=town.name, village=village.short_name),
        address=people.address_in(rng, town=town.name, village=village.short_name),
        parties=parties,
        intake_unit=intake_centre,
    )

    def step(low: float, high: float) -> bool:
        """Move the clock on by a few (office) hours; False when that would pass the present."""
        later = office(clock.at + timedelta(hours=rng.uniform(low, high)), rng)
        if later >= real_now - timedelta(minutes=1):
            return False
        clock.at = later
        return True

    if stage == "registered" or not step(0.3, 4):
        return "registered"
    case = services.case_accept(actor=clerk, case_id=case.pk)
    lead = required(case.lead_unit, "lead unit")
    if stage == "dispatched" or not step(0.5, 6):
        return "dispatched"
    centre = org_selectors.centre_at_level(region=village, level=lead.level) or town_centre
    if stage == "returned" and lead.kind != UnitKind.CENTRE and lead.level != RegionLevel.VILLAGE:
        handler = staff.get(lead, Role.HANDLER, Role.LIAISON)
        services.case_return(
            actor=handler,
            case_id=case.pk,
            reason=rng.choice(ReturnReason.values),
            text=texts.RETURN_TEXTS[ReturnReason.UNCLEAR_AUTHORITY],
        )
        if not step(1, 8):
            return "returned"
        services.case_arbitrate(
            actor=staff.get(centre, Role.DISPATCHER),
            case_id=case.pk,
            unit=lead,
            reason=texts.ARBITRATION_REASONS[0],
        )
        if not step(0.5, 6):
            return "arbitrated"
    liaison = staff.get(lead, Role.LIAISON, Role.HANDLER)
    handler = staff.get(lead, Role.HANDLER, Role.LIAISON)
    case = services.case_sign(actor=liaison, case_id=case.pk, handler=handler)
    if stage == "escalated" and lead.level == RegionLevel.VILLAGE:
        if not step(2, 20):
            return "signed"
        case = services.case_escalate(actor=handler, case_id=case.pk, reason=texts.ESCALATE_REASONS[0])
        lead = required(case.lead_unit, "lead unit")
        if not step(0.5, 6):
            return "escalated"
        handler = staff.get(lead, Role.HANDLER, Role.LIAISON)
        services.case_sign(
            actor=staff.get(lead, Role.LIAISON, Role.HANDLER), case_id=case.pk, handler=handler
        )
        return "escalated"
    if stage == "signed" or not step(1, 12):
        return "signed"
    services.case_add_note(actor=handler, case_id=case.pk, text=rng.choice(texts.NOTES))
    if stage == "noted":
        return "noted"
    if stage == "joint":
        partners = [
            u
            for u in org_selectors.unit_list(region=lead.region)
            if u.kind in (UnitKind.STATION, UnitKind.DEPARTMENT) and u.pk != lead.pk
        ][:2]
        if partners:
            services.case_add_co_units(
                actor=staff.get(centre, Role.DISPATCHER),
                case_id=case.pk,
                tasks=[services.CoUnitTask(unit=u, task=texts.CO_TASKS[0]) for u in partners],
            )
            for unit in partners:
                if not step(0.5, 8):
                    return "joint"
                services.subtask_sign(actor=staff.get(unit, Role.LIAISON, Role.HANDLER), case_id=case.pk)
            if not step(4, 30):
                return "joint"
            services.subtask_answer(
                actor=staff.get(partners[0], Role.LIAISON, Role.HANDLER),
                case_id=case.pk,
                answer=texts.CO_ANSWERS[0],
            )
        return "joint"
    if stage == "extension":
        extension = services.case_request_extension(
            actor=handler, case_id=case.pk, days=15, reason=texts.EXTENSION_REASONS[0]
        )
        if step(2, 20):
            approver = _approver(staff, lead, centre, handler)
            services.case_decide_extension(actor=approver, extension_id=extension.pk, approve=True)
        return "extension"
    if not step(6, 40):
        return "noted"
    outcome = rng.choice(ReplyOutcome.values) if topic.kind == CaseKind.PETITION else ""
    basis = texts.PETITION_BASIS if topic.petition_class == PetitionClass.CLAIM else ""
    services.case_reply(
        actor=handler,
        case_id=case.pk,
        outcome=outcome,
        basis=basis,
        text=fill(rng.choice(topic.replies), slots, unit=lead.name),
    )
    if stage == "replied" or not step(0.5, 8):
        return "replied"
    services.case_close(actor=handler, case_id=case.pk)
    if stage == "closed" or not step(1, 20):
        return "closed"
    rating = rng.choices([Rating.SATISFIED, Rating.BASICALLY_SATISFIED, Rating.DISSATISFIED], [70, 22, 8])[0]
    case = services.case_follow_up(
        actor=clerk, case_id=case.pk, rating=rating, comment=rng.choice(texts.FOLLOW_UP_COMMENTS[rating])
    ).case
    return "redo" if case.status != CaseStatus.CLOSED else "rated"


def _approver(staff: _People, lead: Unit, centre: Unit, requester: User) -> User:
    try:
        head = staff.get(lead, Role.UNIT_HEAD)
        if head.pk != requester.pk:
            return head
    except LookupError:
        pass
    return staff.get(centre, Role.CENTRE_LEADER, Role.SUPERVISOR)
