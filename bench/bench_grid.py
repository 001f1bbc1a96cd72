"""Point-in-polygon placement speed: how many report/detection points a second find their grid.

    .venv/bin/python bench/bench_grid.py [--points 200000] [--database-url postgres://…]

Loads the Keqiao organisation and the generated demo grids (grid_demo_load) into a throwaway
database, then times (1) building the STRtree over every grid shape, (2) placing N random points
spread over the district outline in one vectorised query (the target: ≥ 100,000 points/s; times
are CPU seconds of this process, wall clock beside them, since the machine may be shared),
(3) one-at-a-time ``grid_locate`` with the database fetch, as a page would do it.
"""

from __future__ import annotations

import time

from _common import arguments, bench_database, organisation


def main() -> None:
    parser = arguments(__doc__ or "")
    parser.add_argument("--points", type=int, default=200_000)
    args = parser.parse_args()
    with bench_database(args.database_url, keep=args.keep) as db:
        organisation()
        from gongzhi.grid import selectors
        from gongzhi.grid.demo import grid_demo_load, random_points_in_grids

        started = time.perf_counter()
        loaded = grid_demo_load(seed=2026)
        print(f"# {db.label}: demo grids {loaded} in {time.perf_counter() - started:.1f} s")
        started, cpu = time.perf_counter(), time.process_time()
        index = selectors.grid_index()
        print(
            f"index over {len(index)} grid shapes built in {time.process_time() - cpu:.2f} CPU s "
            f"({time.perf_counter() - started:.2f} s wall)"
        )
        lngs, lats = random_points_in_grids(args.points, seed=1)
        started, cpu = time.perf_counter(), time.process_time()
        found = selectors.grid_locate_many(lngs=lngs, lats=lats)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        placed = int((found >= 0).sum())
        print(
            f"bulk: {args.points:,} points in {cpu:.3f} CPU s = {args.points / cpu:,.0f} points per CPU s "
            f"({elapsed:.3f} s wall; {placed:,} inside a grid, the rest outside the demo grids)"
        )
        sample = 2000
        started, cpu = time.perf_counter(), time.process_time()
        for lng, lat in zip(lngs[:sample], lats[:sample], strict=True):
            selectors.grid_locate(lng=float(lng), lat=float(lat))
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(
            f"one at a time with the database fetch: {sample / cpu:,.0f} points per CPU-second "
            f"({sample / elapsed:,.0f}/s wall)"
        )


if __name__ == "__main__":
    main()
