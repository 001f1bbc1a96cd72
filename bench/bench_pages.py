"""Server time of the main pages over a generated case history (a benchmark, not a test).

    .venv/bin/python bench/bench_pages.py --cases 20000
    .venv/bin/python bench/bench_pages.py --cases 1000000 --lean
    .venv/bin/python bench/bench_pages.py --cases 200000 --lean --only list --count-cap 100000000

Builds (or reuses) a SQLite database under --dir with the Keqiao organisation and the demo
generator's history (``gongzhi.demo.generator.history_generate``; --lean writes only the intake
event of each case's audit trail), then requests each page in-process through Django's test
client as a district-centre leader (who sees everything: the widest scope is the slowest) and as
a town dispatcher. Prints the median and the slowest of --repeat requests per page, in ms.
Server time only: no network, no browser rendering.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=20000)
    parser.add_argument("--lean", action="store_true", help="lean audit trail (for a million cases)")
    parser.add_argument("--dir", default="", help="where the database lives (default var/bench-<cases>)")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--only", default="", help="only the pages whose label contains this text")
    parser.add_argument(
        "--count-cap", type=int, default=0, help="the case lists' count cap (default: the app's 10,000)"
    )
    args = parser.parse_args()
    folder = Path(args.dir or ROOT / "var" / f"bench-{args.cases}")
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["GONGZHI_VAR_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("GONGZHI_TASK_BACKEND", "dummy")
    # Measure the computation: the cockpit otherwise serves its figures from the cache after the
    # first request (GONGZHI_COCKPIT_CACHE_SECONDS, 60 s by default).
    os.environ.setdefault("GONGZHI_COCKPIT_CACHE_SECONDS", "0")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    from gongzhi.cases import access
    from gongzhi.cases.models import Case
    from gongzhi.demo.generator import history_generate
    from gongzhi.org import selectors as org_selectors
    from gongzhi.org import services as org_services
    from gongzhi.org.enums import Role
    from gongzhi.org.models import Region, User
    from gongzhi.routing import services as routing_services

    if not Region.objects.exists():
        org_services.divisions_import()
        org_services.units_load_defaults()
        routing_services.categories_load_defaults()
        routing_services.responsibility_load_defaults()
    started = time.monotonic()
    result = history_generate(cases=args.cases, lean=args.lean, progress=True)
    took = time.monotonic() - started
    print(f"history: {Case.objects.count():,} cases ({result.created:,} generated in {took:.0f} s)")

    def staff(username: str, region_code: str, *roles: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = org_services.staff_create(
                username=username,
                display_name=username,
                password="bench-Passw0rd!",  # noqa: S106 - a local benchmark account
            )
        centre = org_selectors.centre_for_region(region=org_selectors.region_get(code=region_code))
        for role in roles:
            org_services.membership_grant(user=user, unit=centre, role=role)  # type: ignore[arg-type]
        return user

    leader = staff("bench-district", "330603000000", Role.CENTRE_LEADER, Role.DISPATCHER, Role.SUPERVISOR)
    town = staff("bench-town", "330603105000", Role.DISPATCHER, Role.INTAKE_CLERK)
    samples = {
        user.pk: access.case_queryset_for_user(user)
        .filter(status="in_progress")
        .order_by("-registered_at")
        .first()
        for user in (leader, town)
    }
    pages = [
        ("my queue", "/cases/"),
        ("list: all, page 1", "/cases/list/all/"),
        ("list: visits, red", "/cases/list/visit/?warning=red"),
        ("list: text search", "/cases/list/all/?q=路灯"),
        ("list: page 200", "/cases/list/all/?page=200"),
        ("case page", "/cases/{case}/"),
        ("intake form", "/cases/intake/"),
        ("supervision board", "/insights/board/"),
        ("cockpit (30 days)", "/insights/cockpit/"),
        ("cockpit (1 year)", "/insights/cockpit/?period=365"),
        ("export .xlsx (≤10,000 rows)", "/cases/list/all/export.xlsx"),
    ]
    print(f"\n{'page':32} {'district ms (median / max)':>28} {'town ms (median / max)':>26}")
    if args.count_cap:
        from gongzhi.cases.views import _common as case_views

        case_views.COUNT_CAP = args.count_cap
    for label, template in pages:
        if args.only not in label:
            continue
        cells = []
        for user in (leader, town):
            sample = samples[user.pk]
            url = template.format(case=sample.pk if sample else 0)
            client = Client()
            client.force_login(user)
            client.get(url)  # warm caches
            timings = []
            for _ in range(args.repeat):
                begin = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - begin) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            cells.append(f"{statistics.median(timings):8.0f} / {max(timings):6.0f}")
        print(f"{label:32} {cells[0]:>28} {cells[1]:>26}")


if __name__ == "__main__":
    main()
