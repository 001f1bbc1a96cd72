"""Load the Keqiao organisation through the org and routing services (idempotent)."""

from __future__ import annotations

from gongzhi.org import services as org_services
from gongzhi.routing import services as routing_services


def organisation_load(*, progress: bool = False) -> dict[str, dict[str, int]]:
    """Divisions, default units, the category catalogue and the responsibility list.

    Every loader matches rows by code, so a second run writes nothing and appends no events.
    """
    return {
        "divisions": org_services.divisions_import(
            towns_csv=org_services.DEFAULT_TOWNS_CSV,
            villages_csv=org_services.DEFAULT_VILLAGES_CSV,
            progress=progress,
        ),
        "units": org_services.units_load_defaults(progress=progress),
        "categories": routing_services.categories_load_defaults(),
        "responsibility": routing_services.responsibility_load_defaults(),
    }
