"""The demo's case history: a reproducible, labelled year of cases written in bulk.

``history_generate(cases=20000, seed=2026)`` writes ``cases`` cases registered over the last
twelve months (relative to ``now``) with their parties, assignments, returns, extensions,
replies, follow-ups, reviews, handling notes and the complete audit timeline of each. Every case
is labelled as generated: its tracking code starts with ``DM`` and its description ends with
"（演示数据，系统生成）".

Speed: the services take a lock, re-read and write a row per step, far too slow for 20,000
cases; here each case's life is replayed in memory (:mod:`gongzhi.demo.simulation`, which
mirrors every service step by step) and the rows are written with ``bulk_create`` in batches.
Deadlines come from the same :mod:`gongzhi.cases.deadlines` functions, cached per day, and
routing from the same responsibility-list selectors, cached per category and place.

Reproducibility: one ``random.Random(seed)`` draws the registration days and then one seed per
case; each case draws its content (channel, kind, topic, place, people, texts) first from its
own generator, so the same seed and count give the same subjects whatever the date.

Idempotency: generated cases are counted by their ``DM`` prefix; only the missing number is
generated, so running the demo again adds nothing.
"""

from __future__ import annotations

import random
import time
from collections import Counter, defaultdict, deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from tqdm import tqdm

from gongzhi.cases.enums import CaseKind, CaseStatus, Channel, PetitionClass, Rating, Urgency
from gongzhi.cases.models import Case, Party
from gongzhi.cases.services.intake import max_representatives
from gongzhi.core.models import AuditEvent
from gongzhi.core.workdays import SHANGHAI
from gongzhi.demo import people, texts
from gongzhi.demo.accounts import history_staff_ensure
from gongzhi.demo.rows import Row, RowWriter, row_class
from gongzhi.demo.simulation import Batch, CaseRun, MasterRecord, Plan, days, fill, hours
from gongzhi.demo.world import World
from gongzhi.org.enums import RegionLevel
from gongzhi.org.models import Region, Unit

PREFIX = "DM"
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

CHANNEL_WEIGHTS = {
    Channel.CALL: 26,
    Channel.ONLINE: 24,
    Channel.VISIT: 20,
    Channel.VILLAGE_REPORT: 17,
    Channel.LETTER: 7,
    Channel.GRID_REPORT: 6,
}
KIND_WEIGHTS = {
    Channel.LETTER: {CaseKind.PETITION: 55, CaseKind.REQUEST: 20, CaseKind.DISPUTE: 15, CaseKind.EVENT: 10},
    Channel.CALL: {CaseKind.REQUEST: 35, CaseKind.DISPUTE: 30, CaseKind.EVENT: 20, CaseKind.PETITION: 15},
    Channel.VISIT: {CaseKind.DISPUTE: 45, CaseKind.PETITION: 30, CaseKind.REQUEST: 20, CaseKind.EVENT: 5},
    Channel.ONLINE: {CaseKind.REQUEST: 40, CaseKind.EVENT: 20, CaseKind.PETITION: 20, CaseKind.DISPUTE: 20},
    Channel.VILLAGE_REPORT: {CaseKind.DISPUTE: 60, CaseKind.EVENT: 25, CaseKind.REQUEST: 15},
    Channel.GRID_REPORT: {CaseKind.EVENT: 55, CaseKind.DISPUTE: 35, CaseKind.REQUEST: 10},
}
OFFICE_CHANNELS = (Channel.VISIT, Channel.LETTER, Channel.VILLAGE_REPORT, Channel.GRID_REPORT)
VILLAGE_CHANNELS = (Channel.VILLAGE_REPORT, Channel.GRID_REPORT)
# 631 (UNCONFIRMED targets ~60/30/10): how many levels a dispute climbs from where it starts.
DISPUTE_CLIMB: dict[str, tuple[list[int], list[int]]] = {
    RegionLevel.VILLAGE: ([0, 1, 2], [74, 95, 100]),
    RegionLevel.TOWN: ([0, 1], [78, 100]),
}
# (choices, cumulative weights) for rng.choices(..., cum_weights=...)
URGENCY = ([Urgency.NORMAL, Urgency.URGENT, Urgency.CRITICAL], [92, 99, 100])
NOTES = ([0, 1, 2], [55, 85, 100])
RATINGS = ([Rating.SATISFIED, Rating.BASICALLY_SATISFIED, Rating.DISSATISFIED], [72, 93, 100])
REPEAT_SHARE = 0.02
MASTER_WINDOW = timedelta(days=25)


@dataclass
class GenerationResult:
    requested: int
    existing: int
    created: int = 0
    seconds: float = 0.0
    rows: Counter[str] = field(default_factory=Counter)


def generated_case_count() -> int:
    return Case.objects.filter(tracking_code__startswith=PREFIX).count()


def history_generate(
    *,
    cases: int,
    seed: int = 2026,
    now: datetime | None = None,
    progress: bool = False,
    lean: bool = False,
    batch_size: int = 2000,
) -> GenerationResult:
    """Generate the missing part of a history of ``cases`` cases (see the module docstring).

    ``lean`` writes only the intake event of each case's audit trail (for the 1,000,000-case
    benchmark, whose metric queries never read the trail); every other row is written either way.
    """
    started = time.monotonic()
    now = now or timezone.now()
    existing = generated_case_count()
    result = GenerationResult(requested=cases, existing=existing)
    wanted = cases - existing
    if wanted <= 0:
        return result
    world = World(staff=history_staff_ensure(seed=seed))
    codes: set[str] = set()
    if existing:
        codes = set(
            Case.objects.filter(tracking_code__startswith=PREFIX).values_list("tracking_code", flat=True)
        )
    master_rng = random.Random(seed if not existing else f"{seed}+{existing}")
    registration_days = _registration_days(master_rng, wanted, now)
    writer = _Writer(world, now=now, lean=lean, codes=codes)
    rows = RowWriter()
    batch = Batch(rows)
    bar = tqdm(total=wanted, desc="演示事项 demo cases", unit=" cases", disable=not progress, smoothing=0.1)
    try:
        for day in registration_days:
            writer.case(batch, day, random.Random(master_rng.getrandbits(64)))
            if len(batch) >= batch_size:
                _flush(batch, result.rows)
                bar.update(len(batch))
                batch = Batch(rows)
        if len(batch):
            _flush(batch, result.rows)
            bar.update(len(batch))
    finally:
        bar.close()
        rows.finish()
    result.created = wanted
    result.seconds = time.monotonic() - started
    return result


def _cumulative(weights: Mapping[Any, float]) -> tuple[list[Any], list[float]]:
    items = list(weights)
    totals, total = [], 0.0
    for item in items:
        total += weights[item]
        totals.append(total)
    return items, totals


def _pick(rng: random.Random, table: tuple[Sequence[Any], Sequence[float]]) -> Any:
    return rng.choices(table[0], cum_weights=table[1])[0]


# --- registration days -----------------------------------------------------------------------------


def _registration_days(rng: random.Random, count: int, now: datetime) -> list[date]:
    """``count`` local dates over the last year, sorted: fewer at weekends, more before Spring Festival
    (wage arrears) and in summer (typhoons, noise)."""
    today = now.astimezone(SHANGHAI).date()
    span = [today - timedelta(days=offset) for offset in range(364, -1, -1)]
    weights = []
    for day in span:
        weight = 1.0 if day.weekday() < 5 else (0.3 if day.weekday() == 5 else 0.22)
        if day.month in (1, 2):
            weight *= 1.2
        elif day.month in (7, 8):
            weight *= 1.1
        weights.append(weight)
    cumulative = []
    total = 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)
    return sorted(rng.choices(span, cum_weights=cumulative, k=count))


# --- one case ----------------------------------------------------------------------------------


class _Writer:
    """Draws each case's content and plan and replays it into the batch."""

    def __init__(self, world: World, *, now: datetime, lean: bool, codes: set[str]) -> None:
        self.w = world
        self.now = now
        self.lean = lean
        self.codes = codes
        self.district_centre = world.centre_by_region[world.district.pk]
        # Recent accepted cases by place, the masters a repeat can be merged into.
        self.masters: dict[int, deque[MasterRecord]] = defaultdict(deque)
        self.channels = _cumulative(CHANNEL_WEIGHTS)
        self.kinds = {channel: _cumulative(weights) for channel, weights in KIND_WEIGHTS.items()}
        self.topics = {
            kind: _cumulative({t: t.weight for t in topics}) for kind, topics in world.topics_by_kind.items()
        }
        self.towns = _cumulative(dict(zip(world.towns, world.town_weights, strict=True)))

    def case(self, batch: Batch, day: date, rng: random.Random) -> None:
        w = self.w
        channel = _pick(rng, self.channels)
        kind = _pick(rng, self.kinds[channel])
        topic = _pick(rng, self.topics[kind])
        town = _pick(rng, self.towns)
        village: Region | None = rng.choice(w.villages[town.pk])
        if channel not in VILLAGE_CHANNELS and rng.random() < topic.town_share:
            village = None
        is_repeat = rng.random() < REPEAT_SHARE
        content_seed = rng.getrandbits(64)
        registered_at = self._registered_at(day, channel, rng)
        master = self._master_for(village or town, topic, registered_at) if is_repeat else None
        if master is not None:
            topic = master.topic
            channel = master.case.channel if rng.random() < 0.5 else channel
            kind = master.case.kind
            village = master.case.village
            town = master.case.town or town
        region = village or town
        content = random.Random(content_seed)
        case, slots = self._build(
            batch,
            content,
            channel=channel,
            kind=kind,
            topic=topic,
            town=town,
            village=village,
            region=region,
            registered_at=registered_at,
            master=master,
        )
        run = CaseRun(w, batch, case, rng=rng, now=self.now, topic=topic, slots=slots, lean=self.lean)
        run.intake()
        if master is not None:
            run.run_repeat(master, self.district_centre)
            return
        run.run(plan=self._plan(rng, case, topic))
        if case.accepted_at is not None and case.status != CaseStatus.MERGED:
            queue = self.masters[region.pk]
            while queue and queue[0].case.registered_at < registered_at - MASTER_WINDOW:
                queue.popleft()
            queue.append(MasterRecord(case=case, topic=topic, log=run.log, replies=run.replies))

    def _registered_at(self, day: date, channel: str, rng: random.Random) -> datetime:
        if channel in OFFICE_CHANNELS:
            minute = rng.uniform(8.5 * 60, 17 * 60)
        else:
            minute = rng.triangular(6.5 * 60, 23.5 * 60, 10 * 60)
        at = datetime(day.year, day.month, day.day, tzinfo=SHANGHAI) + timedelta(minutes=minute)
        if at >= self.now:
            at = self.now - timedelta(minutes=rng.uniform(1, 90))
        return at

    def _master_for(self, region: Region, topic: texts.Topic, at: datetime) -> MasterRecord | None:
        queue = self.masters.get(region.pk)
        if not queue:
            return None
        while queue and queue[0].case.registered_at < at - MASTER_WINDOW:
            queue.popleft()
        candidates = [m for m in queue if m.case.registered_at < at - timedelta(hours=12)]
        return candidates[-1] if candidates else None

    def _code(self, at: datetime, rng: random.Random) -> str:
        day = at.astimezone(SHANGHAI).strftime("%y%m%d")
        while True:
            code = f"{PREFIX}{day}-" + "".join(rng.choice(_ALPHABET) for _ in range(5))
            if code not in self.codes:
                self.codes.add(code)
                return code

    def _build(
        self,
        batch: Batch,
        rng: random.Random,
        *,
        channel: str,
        kind: str,
        topic: texts.Topic,
        town: Region,
        village: Region | None,
        region: Region,
        registered_at: datetime,
        master: MasterRecord | None,
    ) -> tuple[Any, dict[str, str]]:
        w = self.w
        town_name = town.name
        village_name = village.short_name or village.name if village is not None else ""
        slots = {
            "village": village_name or town.short_name or town_name,
            "town": town_name,
            "place": (
                f"{village_name}{rng.randrange(1, 12)}组"
                if village_name and not village_name.endswith("社区")
                else f"{village_name or town_name}{people.road_name(rng)}附近"
            ),
            "other": people.person_name(rng),
            "company": people.company_name(rng),
            "estate": people.estate_name(rng),
            "road": people.road_name(rng),
            "n": str(rng.randrange(2, 9)),
            "months": str(rng.randrange(2, 9)),
            "amount": f"{rng.randrange(3, 300) / 10:.1f}万元",
            "count": str(rng.randrange(3, 30)),
        }
        # The reporter: anonymous only where the law allows it (not for disputes and claims).
        may_be_anonymous = kind != CaseKind.DISPUTE and topic.petition_class != PetitionClass.CLAIM
        is_anonymous = (
            may_be_anonymous
            and channel in (Channel.ONLINE, Channel.CALL, Channel.LETTER)
            and (rng.random() < 0.12)
        )
        female = rng.random() < 0.45
        name = people.person_name(rng, female=female)
        phone = people.mobile_number(rng)
        id_number = people.resident_id(rng, female=female) if rng.random() < 0.7 else ""
        address = people.address_in(rng, town=town_name, village=village_name or None)
        if master is not None and rng.random() < 0.5:
            name, phone, id_number, address = (
                master.case.reporter_name,
                master.case.reporter_phone,
                master.case.reporter_id_number,
                master.case.reporter_address,
            )
        subject = fill(rng.choice(topic.subjects), slots)
        details = rng.sample(topic.details, k=min(len(topic.details), rng.choice((1, 2, 2, 3))))
        opening = texts.OPENINGS[channel]
        if master is not None:
            subject = master.case.subject
            opening += rng.choice(texts.REPEAT_OPENINGS)
        description = (
            opening
            + "".join(fill(d, slots) for d in details)
            + rng.choice(texts.ASKS)
            + texts.GENERATED_LABEL
        )
        if kind == CaseKind.DISPUTE and not subject.endswith("纠纷") and rng.random() < 0.3:
            subject += "纠纷"
        group_size = 1
        if channel == Channel.VISIT and kind in (CaseKind.PETITION, CaseKind.DISPUTE) and rng.random() < 0.07:
            group_size = rng.choice((3, 4, 5, 6, 8, 12, 15, 20, 30))
        if channel == Channel.GRID_REPORT:
            is_anonymous, name, id_number = False, f"网格员{people.person_name(rng)}", ""
        intake_unit = self._intake_unit(channel, town, village, rng)
        accused = None
        if topic.petition_class == PetitionClass.ACCUSATION and topic.accused:
            if topic.accused == "village" and village is not None:
                accused = w.centre_by_region.get(village.pk)
            else:
                accused = w.function_units.get((town.pk, topic.accused))
        if accused is not None and intake_unit.pk == accused.pk:
            # The accused village does not register an accusation against itself (信访工作条例
            # art. 30): the citizen goes to the town's window.
            intake_unit = w.centre_by_region[town.pk]
        coordinates: tuple[Decimal | None, Decimal | None] = (None, None)
        if channel == Channel.GRID_REPORT or rng.random() < 0.15:
            coordinates = (
                Decimal(f"{rng.uniform(29.86, 30.18):.6f}"),
                Decimal(f"{rng.uniform(120.33, 120.72):.6f}"),
            )
        # Drawn in the order the generator always drew them, so a seed makes the same world.
        tracking = self._code(registered_at, rng)
        urgency = _pick(rng, URGENCY)
        accept_due = w.accept_deadline(registered_at, urgency=urgency)
        case = batch.new(
            Case,
            tracking_code=tracking,
            channel=channel,
            kind=kind,
            petition_class=topic.petition_class,
            status=CaseStatus.REGISTERED,
            urgency=urgency,
            is_first_petition=not is_anonymous and master is None and bool(phone or id_number),
            subject=subject[:200],
            description=description,
            category=w.category_by_name[topic.category],
            is_anonymous=is_anonymous,
            reporter_name="" if is_anonymous else name,
            reporter_phone="" if is_anonymous else phone,
            reporter_id_number="" if is_anonymous else id_number,
            reporter_address="" if is_anonymous else address,
            group_size=group_size,
            region=region,
            town=town,
            village=village,
            region_path=region.path,
            address=people.address_in(rng, town=town_name, village=village_name or None),
            latitude=coordinates[0],
            longitude=coordinates[1],
            intake_unit=intake_unit,
            registered_by=w.clerk(intake_unit),
            registered_at=registered_at,
            accept_due_at=accept_due.at,
            is_accept_due_provisional=accept_due.is_provisional,
            accused_unit=accused,
            created_at=registered_at,
            updated_at=registered_at,
        )
        self._parties(batch, case, rng, slots, topic, group_size)
        return case, slots

    def _intake_unit(self, channel: str, town: Region, village: Region | None, rng: random.Random) -> Unit:
        w = self.w
        r = rng.random()
        if channel in VILLAGE_CHANNELS and village is not None:
            place: Region = village
        elif channel == Channel.VISIT:
            place = village if (village is not None and r < 0.15) else (town if r < 0.75 else w.district)
        elif channel == Channel.LETTER:
            place = town if r < 0.3 else w.district
        else:
            place = town if r < 0.15 else w.district
        return w.centre_by_region[place.pk]

    def _parties(
        self,
        batch: Batch,
        case: Any,
        rng: random.Random,
        slots: dict[str, str],
        topic: texts.Topic,
        group_size: int,
    ) -> None:
        if group_size > 1:
            for index in range(rng.randint(1, max_representatives(group_size))):
                name = case.reporter_name if index == 0 else people.person_name(rng)
                batch.new(
                    Party,
                    case=case,
                    name=name,
                    role="代表",
                    is_representative=True,
                    phone=case.reporter_phone if index == 0 else people.mobile_number(rng),
                    id_number=case.reporter_id_number if index == 0 else "",
                )
        if case.kind != CaseKind.DISPUTE:
            return
        if group_size == 1:
            batch.new(
                Party,
                case=case,
                name=case.reporter_name,
                role="申请人",
                phone=case.reporter_phone,
                id_number=case.reporter_id_number,
                address=case.reporter_address,
            )
        if topic.counterpart == "company":
            batch.new(
                Party,
                case=case,
                name=slots["company"],
                role="被申请人",
                phone=f"0575-8{rng.randrange(10**6, 10**7)}",
            )
        elif topic.counterpart == "estate":
            batch.new(
                Party,
                case=case,
                name=f"{slots['estate']}物业服务中心",
                role="被申请人",
                phone=f"0575-8{rng.randrange(10**6, 10**7)}",
            )
        else:
            batch.new(
                Party,
                case=case,
                name=slots["other"],
                role="被申请人",
                phone=people.mobile_number(rng),
                id_number=people.resident_id(rng) if rng.random() < 0.5 else "",
                address=people.address_in(rng, town=slots["town"], village=slots["village"]),
            )

    def _plan(self, rng: random.Random, case: Any, topic: texts.Topic) -> Plan:
        kind = case.kind
        r = rng.random()
        if r < 0.55:
            delay = hours(rng, 0.2, 4)
        elif r < 0.85:
            delay = hours(rng, 16, 30)
        elif r < 0.98:
            delay = days(rng, 2, 5)
        else:
            delay = days(rng, 8, 12)  # late: the acceptance reminder fires first
        plan = Plan(accept_delay=delay)
        r = rng.random()
        if topic.petition_class == PetitionClass.ACCUSATION and r < 0.2:
            plan.outside = CaseStatus.TRANSFERRED_OUT
        elif kind == CaseKind.DISPUTE or topic.petition_class == PetitionClass.CLAIM:
            if r < 0.05:
                plan.outside = CaseStatus.REDIRECTED
            elif r < 0.07:
                plan.outside = CaseStatus.NOT_ACCEPTED
        elif r < 0.025:
            plan.outside = CaseStatus.NOT_ACCEPTED
        elif r < 0.032:
            plan.outside = CaseStatus.TRANSFERRED_OUT
        plan.start_level = self.w.start_level(case.category, case.region)
        if kind == CaseKind.DISPUTE and plan.start_level in DISPUTE_CLIMB:
            plan.escalations = _pick(rng, DISPUTE_CLIMB[plan.start_level])
        elif plan.start_level != RegionLevel.DISTRICT and rng.random() < 0.04:
            plan.escalations = 1
        if rng.random() < 0.07:
            plan.returns = 2 if rng.random() < 0.15 else 1
            plan.arbitrate = rng.random() < 0.25
        plan.transfer = rng.random() < 0.015
        plan.joint = rng.random() < 0.08
        plan.extension = rng.random() < 0.08
        plan.extension_approved = rng.random() < 0.75
        plan.notes = _pick(rng, NOTES)
        durations: dict[str, float] = {
            CaseKind.REQUEST: 0.5 + rng.expovariate(1 / 5),
            CaseKind.EVENT: 0.3 + rng.expovariate(1 / 4),
            CaseKind.DISPUTE: 1 + rng.expovariate(1 / 9),
            CaseKind.PETITION: 4 + rng.expovariate(1 / 11),
        }
        plan.duration_days = durations[kind]
        r = rng.random()
        plan.late = r < 0.05
        plan.stuck = 0.05 <= r < 0.062
        plan.close_share = 0.7 if kind == CaseKind.PETITION else 0.92
        if rng.random() < 0.8:
            plan.rating = _pick(rng, RATINGS)
        if kind == CaseKind.PETITION and rng.random() < 0.08:
            plan.reviews = 2 if rng.random() < 0.35 else 1
        return plan


# --- writing a batch ---------------------------------------------------------------------------------


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    """As ``cases.events`` stores them: rows by primary key, moments in ISO 8601."""
    out = {}
    for key, value in values.items():
        if isinstance(value, models.Model | Row):
            value = value.pk
        elif isinstance(value, datetime):
            value = value.isoformat()
        out[key] = value
    return out


def _flush(batch: Batch, counts: Counter[str]) -> None:
    rows = batch.rows
    event_row = row_class(AuditEvent)
    labels: dict[int, str] = {}
    events = []
    for subject, at, actor, action, before, after, reason in batch.events:
        label = "系统"
        if actor is not None:
            label = labels.get(actor.pk) or labels.setdefault(actor.pk, str(actor))
        events.append(
            event_row(
                id=rows.next_id(AuditEvent),
                occurred_at=at,
                actor_id=actor.pk if actor is not None else None,
                actor_label=label,
                subject_type="case",
                subject_id=subject.pk,
                action=action,
                before=_jsonable(before),
                after=_jsonable(after),
                reason=reason,
            )
        )
    with transaction.atomic():
        for model, objects in batch.by_model.items():
            counts[model._meta.model_name or ""] += rows.write(model, objects)
        counts["auditevent"] += rows.write(AuditEvent, events)


__all__ = ["PREFIX", "GenerationResult", "generated_case_count", "history_generate"]
