"""The default units of every level: the specification and loading it."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from tqdm import tqdm

from gongzhi.core.audit import changed_fields
from gongzhi.core.errors import ValidationFailed
from gongzhi.org import events, selectors
from gongzhi.org.enums import RegionLevel, UnitKind
from gongzhi.org.models import Region, Unit, User
from gongzhi.org.services._common import DATA_DIR, values_after

DEFAULT_UNITS_JSON = DATA_DIR / "default_units.json"


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str
    function: str
    level: str
    region: Region
    parent_code: str | None


class _Names(dict[str, str]):
    """Template values; a placeholder with no value becomes empty instead of failing."""

    def __missing__(self, key: str) -> str:
        return ""


def _code_part(key: str) -> str:
    return key.replace("_", "-")


def units_default_specs(*, data: dict[str, Any]) -> list[UnitSpec]:
    """The default units for every district, town and village in the database, parents first."""
    specs: list[UnitSpec] = []
    district_cfg = data.get("district", {})
    town_cfg = data.get("town", {})
    village_cfg = data.get("village", {})
    regions = list(Region.objects.filter(level__in=selectors.LEVEL_ORDER[:3]).select_related("parent"))
    by_code = {region.code: region for region in regions}
    districts = [r for r in regions if r.level == RegionLevel.DISTRICT]
    towns = [r for r in regions if r.level == RegionLevel.TOWN]
    villages = [r for r in regions if r.level == RegionLevel.VILLAGE]

    def names(region: Region) -> dict[str, str]:
        out: dict[str, str] = {}
        for ancestor_code in region.path.split("/"):
            ancestor = by_code.get(ancestor_code)
            if ancestor is None:
                continue
            short = ancestor.short_name or ancestor.name
            # A village is called by its short name (管墅社区, not 管墅社区居委会).
            out[ancestor.level] = short if ancestor.level == RegionLevel.VILLAGE else ancestor.name
            out[f"{ancestor.level}_name"] = ancestor.name
            out[f"{ancestor.level}_short"] = short
        return out

    def spec(
        region: Region, cfg: dict[str, Any], *, kind: str, suffix: str, function: str, parent_code: str | None
    ) -> UnitSpec:
        return UnitSpec(
            code=f"{region.code}-{suffix}",
            name=str(cfg["name"]).format_map(_Names(names(region))),
            kind=kind,
            function=function,
            level=region.level,
            region=region,
            parent_code=parent_code,
        )

    def centre_code(region: Region, cfg: dict[str, Any]) -> str:
        return f"{region.code}-{cfg.get('centre', {}).get('suffix', 'centre')}"

    for district in districts:
        centre_cfg = district_cfg.get("centre")
        if centre_cfg:
            specs.append(
                spec(
                    district,
                    centre_cfg,
                    kind=UnitKind.CENTRE,
                    suffix=centre_cfg.get("suffix", "centre"),
                    function=centre_cfg.get("function", ""),
                    parent_code=None,
                )
            )
        centre = centre_code(district, district_cfg) if centre_cfg else None
        for board in district_cfg.get("function_boards", []):
            specs.append(
                spec(
                    district,
                    board,
                    kind=UnitKind.FUNCTION_BOARD,
                    suffix=board["suffix"],
                    function=board.get("function", ""),
                    parent_code=centre,
                )
            )
        for dept in district_cfg.get("departments", []):
            specs.append(
                spec(
                    district,
                    dept,
                    kind=UnitKind.DEPARTMENT,
                    suffix=dept.get("suffix", f"dept-{_code_part(dept['function'])}"),
                    function=dept["function"],
                    parent_code=centre,
                )
            )
        for committee in district_cfg.get("mediation_committees", []):
            specs.append(
                spec(
                    district,
                    committee,
                    kind=UnitKind.MEDIATION_COMMITTEE,
                    suffix=committee.get("suffix", f"med-{_code_part(committee['key'])}"),
                    function=committee.get("function", f"mediation_{committee['key']}"),
                    parent_code=None,
                )
            )
    district_centre_suffix = district_cfg.get("centre", {}).get("suffix", "centre")
    for town in towns:
        parent_centre = f"{town.parent.code}-{district_centre_suffix}" if town.parent else None
        centre_cfg = town_cfg.get("centre")
        if centre_cfg:
            specs.append(
                spec(
                    town,
                    centre_cfg,
                    kind=UnitKind.CENTRE,
                    suffix=centre_cfg.get("suffix", "centre"),
                    function=centre_cfg.get("function", ""),
                    parent_code=parent_centre,
                )
            )
        centre = centre_code(town, town_cfg) if centre_cfg else parent_centre
        for station in town_cfg.get("stations", []):
            specs.append(
                spec(
                    town,
                    station,
                    kind=UnitKind.STATION,
                    suffix=station.get("suffix", _code_part(station["function"])),
                    function=station["function"],
                    parent_code=centre,
                )
            )
        committee_cfg = town_cfg.get("mediation_committee")
        if committee_cfg:
            specs.append(
                spec(
                    town,
                    committee_cfg,
                    kind=UnitKind.MEDIATION_COMMITTEE,
                    suffix=committee_cfg.get("suffix", "mediation"),
                    function=committee_cfg.get("function", "people_mediation"),
                    parent_code=centre,
                )
            )
    town_centre_suffix = town_cfg.get("centre", {}).get("suffix", "centre")
    for village in villages:
        parent_centre = f"{village.parent.code}-{town_centre_suffix}" if village.parent else None
        centre_cfg = village_cfg.get("centre")
        if centre_cfg:
            specs.append(
                spec(
                    village,
                    centre_cfg,
                    kind=UnitKind.CENTRE,
                    suffix=centre_cfg.get("suffix", "centre"),
                    function=centre_cfg.get("function", ""),
                    parent_code=parent_centre,
                )
            )
        centre = centre_code(village, village_cfg) if centre_cfg else parent_centre
        committee_cfg = village_cfg.get("mediation_committee")
        if committee_cfg:
            specs.append(
                spec(
                    village,
                    committee_cfg,
                    kind=UnitKind.MEDIATION_COMMITTEE,
                    suffix=committee_cfg.get("suffix", "mediation"),
                    function=committee_cfg.get("function", "people_mediation"),
                    parent_code=centre,
                )
            )
    return specs


@transaction.atomic
def units_load_defaults(
    *,
    actor: User | None = None,
    data_path: Path | None = None,
    overwrite: bool = False,
    progress: bool = False,
) -> dict[str, int]:
    """Create the default units (``data/default_units.json``) for every region in the database.

    1. Units are matched by code; missing ones are created, so a re-run never duplicates.
    2. Existing units keep what an administrator changed (name, parent, is_active …) unless
       ``overwrite`` is set, which resets them to the default.
    3. Load the divisions first: units are made only for regions that exist.
    """
    path = data_path or DEFAULT_UNITS_JSON
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValidationFailed(
            f"文件不存在：{path}", f"file not found: {path}", code="file_not_found"
        ) from None
    specs = units_default_specs(data=data)
    existing = {unit.code: unit for unit in Unit.objects.filter(code__in=[s.code for s in specs])}
    loaded: dict[str, Unit] = {}
    counts: Counter[str] = Counter()
    for item in tqdm(specs, desc="单位 units", unit="", disable=not progress):
        counts[item.kind] += 1
        current = existing.get(item.code)
        if current is not None and not overwrite:
            loaded[item.code] = current
            counts["unchanged"] += 1
            continue
        parent = loaded.get(item.parent_code) if item.parent_code else None
        if item.parent_code and parent is None:
            parent = Unit.objects.filter(code=item.parent_code).first()
        wanted: dict[str, Any] = {
            "name": item.name,
            "kind": item.kind,
            "function": item.function,
            "level": item.level,
            "region": item.region,
            "parent": parent,
        }
        if current is None:
            unit, _ = Unit.objects.update_or_create(code=item.code, defaults=wanted)
            events.unit_created(
                unit=unit, actor=actor, after={"code": unit.code, **values_after(wanted, wanted)}
            )
            counts["created"] += 1
        else:
            changed = changed_fields(current, wanted)
            if not changed:
                loaded[item.code] = current
                counts["unchanged"] += 1
                continue
            before = events.snapshot(current, changed)
            unit, _ = Unit.objects.update_or_create(code=item.code, defaults=wanted)
            events.unit_updated(unit=unit, actor=actor, before=before, after=values_after(wanted, changed))
            counts["updated"] += 1
        loaded[item.code] = unit
    keys = ["created", "updated", "unchanged", *UnitKind.values]
    return {key: counts[key] for key in keys}
