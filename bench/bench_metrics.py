"""Time of the metric queries over a generated case history (the demo's 20,000 cases, or 1,000,000).

    .venv/bin/python bench/bench_metrics.py                          # 20,000 cases, SQLite
    .venv/bin/python bench/bench_metrics.py --cases 1000000          # a million (lean audit trail)
    .venv/bin/python bench/bench_metrics.py --database-url postgres://postgres@127.0.0.1:5432/gongzhi_bench

A benchmark, not a test. On a fresh database: the Keqiao organisation through the services, then
``--cases`` cases from the demo generator (``gongzhi.demo.generator.history_generate``; from
200,000 cases on with ``--lean``, i.e. only the intake event of each audit trail, unless
``--full``), then ``ANALYZE``. Then each query runs ``--repeat`` times and the table shows the
median and the fastest run in ms, and the cases in the database divided by the median time:

- ``insights.selectors.kpis`` over the last 12 months, district-wide and for one town;
- ``insights.selectors.resolution_shares`` (631) over the last 12 months;
- ``insights.selectors.league_table`` by unit and by town;
- ``cases.selectors.case_list_for_user``: the first page (25) and its count, for a town
  dispatcher (scoped to the town) and for the district dispatcher (everything).
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from _common import (
    analyze,
    arguments,
    bench_database,
    database_version,
    machine,
    median,
    organisation,
    table,
    timed,
)

TOWN = "330603105000"  # 平水镇
PAGE = 25


def main() -> None:
    parser = arguments(__doc__ or "")
    parser.add_argument("--cases", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lean", action="store_true", help="only the intake event of each audit trail")
    parser.add_argument("--full", action="store_true", help="the complete audit trail even for big histories")
    args = parser.parse_args()
    lean = args.lean or (args.cases >= 200_000 and not args.full)
    with bench_database(args.database_url, keep=args.keep, directory=args.dir) as db:
        print(f"database: {db.label} ({database_version()})")
        print(f"machine:  {machine()}")
        print(f"organisation loaded through the services in {organisation():.1f} s")
        generate(args.cases, args.seed, lean)
        queries(args.repeat, args.cases)


def generate(cases: int, seed: int, lean: bool) -> None:
    from gongzhi.demo.generator import history_generate

    started = time.perf_counter()
    result = history_generate(cases=cases, seed=seed, lean=lean, progress=True)
    seconds = time.perf_counter() - started
    rows = sum(result.rows.values())
    trail = " (lean audit trail)" if lean else ""
    print(
        f"generated {result.created} cases{trail}: {rows} rows in {seconds:.0f} s "
        f"= {result.created / seconds:.0f} cases/s, {rows / seconds:.0f} rows/s"
    )
    print("  " + ", ".join(f"{name} {count}" for name, count in result.rows.most_common()))
    started = time.perf_counter()
    analyze()
    print(f"ANALYZE in {time.perf_counter() - started:.1f} s")


def queries(repeat: int, cases: int) -> None:
    from django.utils import timezone

    from gongzhi.cases.selectors import case_list_for_user
    from gongzhi.demo.accounts import history_staff_ensure
    from gongzhi.insights import selectors as insights
    from gongzhi.org.enums import RegionLevel, UnitKind
    from gongzhi.org.models import Region, Unit

    staff = history_staff_ensure()
    town = Region.objects.get(code=TOWN)
    town_dispatcher = staff[Unit.objects.get(kind=UnitKind.CENTRE, region=town).pk].clerk
    district_dispatcher = staff[Unit.objects.get(kind=UnitKind.CENTRE, level=RegionLevel.DISTRICT).pk].clerk
    assert town_dispatcher is not None and district_dispatcher is not None
    end = timezone.now()
    start = end - timedelta(days=365)

    def fresh(user: Any) -> Any:
        user.__dict__.pop("_gongzhi_memberships", None)
        return user

    measures = [
        ("kpis, district, 12 months", lambda: insights.kpis(start=start, end=end)),
        ("kpis, one town, 12 months", lambda: insights.kpis(start=start, end=end, region_path=town.path)),
        ("resolution_shares (631), 12 months", lambda: insights.resolution_shares(start=start, end=end)),
        ("league_table by unit", lambda: insights.league_table(start=start, end=end, by="unit")),
        ("league_table by town", lambda: insights.league_table(start=start, end=end, by="town")),
        (
            "case_list_for_user, town dispatcher, page 1",
            lambda: list(case_list_for_user(user=fresh(town_dispatcher))[:PAGE]),
        ),
        (
            "case_list_for_user, town dispatcher, count",
            lambda: case_list_for_user(user=fresh(town_dispatcher)).count(),
        ),
        (
            "case_list_for_user, district dispatcher, page 1",
            lambda: list(case_list_for_user(user=fresh(district_dispatcher))[:PAGE]),
        ),
        (
            "case_list_for_user, district dispatcher, count",
            lambda: case_list_for_user(user=fresh(district_dispatcher)).count(),
        ),
    ]
    rows = []
    for name, function in measures:
        function()  # warm-up
        durations, result = timed(function, repeat=repeat)
        rows.append(
            (
                name,
                f"{median(durations):.1f}",
                f"{min(durations):.1f}",
                f"{cases / (median(durations) / 1000):,.0f}",
                _summary(result),
            )
        )
    print()
    print(f"{cases} cases, {repeat} runs each:")
    print(table(("query", "median ms", "min ms", "cases/s", "result"), rows))


def _summary(result: object) -> str:
    if isinstance(result, int):
        return str(result)
    if isinstance(result, list):
        if result and hasattr(result[0], "share"):
            return " / ".join(f"{row.share:.0%}" if row.share is not None else "-" for row in result)
        return f"{len(result)} rows"
    if hasattr(result, "intake"):
        return f"intake {result.intake}, on time {result.on_time_rate}"  # type: ignore[attr-defined]
    return type(result).__name__


if __name__ == "__main__":
    main()
