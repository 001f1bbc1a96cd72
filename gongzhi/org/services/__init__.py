"""Writes to the organisation: divisions, default units, staff, memberships, duty rosters.

Every function here is keyword-only, runs in one transaction and appends an audit event for each
change it makes (``gongzhi.org.events``). Loaders are idempotent: they match rows by their code
(``update_or_create``), so running them again updates and never duplicates.
"""

from gongzhi.org.services.divisions import (
    DEFAULT_TOWNS_CSV,
    DEFAULT_VILLAGES_CSV,
    Division,
    district_short_name,
    divisions_import,
    divisions_read,
    town_short_name,
    village_short_name,
)
from gongzhi.org.services.roster import duty_roster_generate
from gongzhi.org.services.staff import membership_grant, membership_revoke, staff_create
from gongzhi.org.services.units import DEFAULT_UNITS_JSON, UnitSpec, units_default_specs, units_load_defaults

__all__ = [
    "DEFAULT_TOWNS_CSV",
    "DEFAULT_UNITS_JSON",
    "DEFAULT_VILLAGES_CSV",
    "Division",
    "UnitSpec",
    "district_short_name",
    "divisions_import",
    "divisions_read",
    "duty_roster_generate",
    "membership_grant",
    "membership_revoke",
    "staff_create",
    "town_short_name",
    "units_default_specs",
    "units_load_defaults",
    "village_short_name",
]
