"""Throughput of the case services: intakes per second, and full lifecycles per second.

    .venv/bin/python bench/bench_lifecycle.py                     # SQLite, temporary file
    .venv/bin/python bench/bench_lifecycle.py --database-url postgres://postgres@127.0.0.1:5432/gongzhi_bench

A benchmark, not a test: it prints figures and asserts nothing. On a fresh database with the
Keqiao organisation (loaded through the services) and the demo's unit staff, one process calls:

1. ``case_intake`` ``--intakes`` times (a town clerk registering cases in the town's villages,
   kinds and categories as in the demo), then
2. ``--lifecycles`` full lifecycles: intake → accept (and dispatch by the responsibility list) →
   sign → reply → close → follow-up, each step a service call by the person with that role.

Every call is its own transaction, writes its audit event and, where the service sends one, its
notice (queued in the database task backend, as in production). Each call starts from a user
without cached memberships, as a fresh web request would. Serial, one connection: this measures
the cost of a service call, not concurrency.
"""

from __future__ import annotations

import random
import time

from _common import (
    arguments,
    bench_database,
    database_version,
    machine,
    median,
    organisation,
    percentile,
    table,
)

TOWN = "330603105000"  # 平水镇
SLOTS = {
    "village": "王化村",
    "town": "平水镇",
    "place": "王化村3组",
    "other": "张建国",
    "company": "绍兴华宇纺织品有限公司",
    "estate": "金湖花园",
    "road": "平水大道",
    "n": "3",
    "months": "2",
    "amount": "2.5万元",
    "count": "6",
}


def main() -> None:
    parser = arguments(__doc__ or "")
    parser.add_argument("--intakes", type=int, default=2000)
    parser.add_argument("--lifecycles", type=int, default=500)
    args = parser.parse_args()
    with bench_database(args.database_url, keep=args.keep, directory=args.dir) as db:
        print(f"database: {db.label} ({database_version()})")
        print(f"machine:  {machine()}")
        print(f"organisation loaded through the services in {organisation():.1f} s")
        run(args.intakes, args.lifecycles)


def run(intakes: int, lifecycles: int) -> None:
    from gongzhi.cases import services
    from gongzhi.cases.enums import CaseKind, PetitionClass, Rating
    from gongzhi.demo import people, texts
    from gongzhi.demo.accounts import history_staff_ensure
    from gongzhi.demo.simulation import fill
    from gongzhi.demo.world import World
    from gongzhi.org.models import Region, User

    world = World(staff=history_staff_ensure())
    town = Region.objects.get(code=TOWN)
    villages = world.villages[town.pk]
    clerk = world.clerk(world.centre_by_region[town.pk])
    topics = [
        t
        for t in world.topics
        if t.kind in (CaseKind.REQUEST, CaseKind.DISPUTE, CaseKind.EVENT)
        or t.petition_class in (PetitionClass.SUGGESTION, PetitionClass.CLAIM)
    ]
    rng = random.Random(2026)

    def fresh(user: User) -> User:
        user.__dict__.pop("_gongzhi_memberships", None)  # as if loaded by a new request
        return user

    def intake() -> object:
        topic = rng.choice(topics)
        name, phone = people.person_name(rng), people.mobile_number(rng)
        parties = []
        if topic.kind == CaseKind.DISPUTE:
            parties = [
                services.PartyInput(name=name, role="申请人", phone=phone),
                services.PartyInput(name=people.person_name(rng), role="被申请人"),
            ]
        return services.case_intake(
            actor=fresh(clerk),
            channel="visit",
            kind=topic.kind,
            petition_class=topic.petition_class,
            subject=fill(topic.subjects[0], SLOTS),
            description="来访反映：" + fill(topic.details[0], SLOTS),
            region=rng.choice(villages),
            category=world.category_by_name[topic.category],
            reporter_name=name,
            reporter_phone=phone,
            parties=parties,
        )

    for _ in range(20):  # warm-up: caches, first queries
        intake()

    durations = []
    started = time.perf_counter()
    for _ in range(intakes):
        t0 = time.perf_counter()
        intake()
        durations.append((time.perf_counter() - t0) * 1000)
    intake_seconds = time.perf_counter() - started

    steps: dict[str, list[float]] = {
        name: [] for name in ("intake", "accept", "sign", "reply", "close", "follow_up")
    }

    def step(name: str, function: object, **kwargs: object) -> object:
        t0 = time.perf_counter()
        result = function(**kwargs)  # type: ignore[operator]
        steps[name].append((time.perf_counter() - t0) * 1000)
        return result

    started = time.perf_counter()
    for _ in range(lifecycles):
        t0 = time.perf_counter()
        case = intake()
        steps["intake"].append((time.perf_counter() - t0) * 1000)
        case = step("accept", services.case_accept, actor=fresh(clerk), case_id=case.pk)  # type: ignore[attr-defined]
        handler = world.handler(case.lead_unit)  # type: ignore[attr-defined]
        step("sign", services.case_sign, actor=fresh(handler), case_id=case.pk)  # type: ignore[attr-defined]
        is_petition = case.kind == CaseKind.PETITION  # type: ignore[attr-defined]
        step(
            "reply",
            services.case_reply,
            actor=fresh(handler),
            case_id=case.pk,  # type: ignore[attr-defined]
            text="经核实，已按规定处理完毕并答复反映人。",
            outcome="explain" if is_petition else "",
            basis=texts.PETITION_BASIS if is_petition else "",
        )
        step("close", services.case_close, actor=fresh(handler), case_id=case.pk)  # type: ignore[attr-defined]
        step(
            "follow_up",
            services.case_follow_up,
            actor=fresh(clerk),
            case_id=case.pk,  # type: ignore[attr-defined]
            rating=Rating.SATISFIED,
        )
    lifecycle_seconds = time.perf_counter() - started

    rows = [
        (
            "case_intake (alone)",
            intakes,
            f"{intake_seconds:.1f}",
            f"{intakes / intake_seconds:.1f}",
            f"{median(durations):.1f}",
            f"{percentile(durations, 0.95):.1f}",
        )
    ]
    for name, values in steps.items():
        rows.append(
            (
                f"  lifecycle step: {name}",
                len(values),
                f"{sum(values) / 1000:.1f}",
                f"{len(values) / (sum(values) / 1000):.1f}",
                f"{median(values):.1f}",
                f"{percentile(values, 0.95):.1f}",
            )
        )
    rows.append(
        (
            "full lifecycle (6 calls)",
            lifecycles,
            f"{lifecycle_seconds:.1f}",
            f"{lifecycles / lifecycle_seconds:.1f}",
            f"{lifecycle_seconds * 1000 / lifecycles:.1f}",
            "",
        )
    )
    print()
    print(table(("operation", "count", "total s", "per second", "median ms", "p95 ms"), rows))


if __name__ == "__main__":
    main()
