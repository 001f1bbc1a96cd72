"""The administrative divisions: reading the statistical code lists and importing them."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from tqdm import tqdm

from gongzhi.core.audit import changed_fields
from gongzhi.core.errors import ValidationFailed
from gongzhi.org import events, selectors
from gongzhi.org.enums import RegionLevel
from gongzhi.org.models import Region, User
from gongzhi.org.services._common import DATA_DIR, values_after

DEFAULT_TOWNS_CSV = DATA_DIR / "keqiao_towns.csv"
DEFAULT_VILLAGES_CSV = DATA_DIR / "keqiao_villages_2022.csv"

# Suffixes of the statistical names that the short name drops, longest first.
_VILLAGE_SUFFIXES = ("村民委员会", "居民委员会", "村委会", "居委会", "委员会")
_TOWN_SUFFIXES = ("街道", "镇", "乡")


def _read_csv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return [
                {(k or "").strip(): (v or "").strip() for k, v in row.items()}
                for row in csv.DictReader(handle)
            ]
    except FileNotFoundError:
        raise ValidationFailed(
            f"文件不存在：{path}",
            f"file not found: {path}",
            code="file_not_found",
            detail={"path": str(path)},
        ) from None


def village_short_name(name: str) -> str:
    """管墅社区居委会 → 管墅社区; 西蜀阜村委会 → 西蜀阜村; 余渚居委会 → 余渚; 滨海居民社区 stays."""
    for suffix in _VILLAGE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            short = name[: -len(suffix)]
            # "河塔村委会" is 河塔村's committee: keep the 村 that the suffix swallowed.
            if suffix in ("村委会", "村民委员会") and not short.endswith("村"):
                short += "村"
            return short
    return name


def town_short_name(name: str) -> str:
    """柯桥街道 → 柯桥; 平水镇 → 平水."""
    for suffix in _TOWN_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def district_short_name(name: str) -> str:
    for suffix in ("区", "县", "市"):
        if name.endswith(suffix) and len(name) > 2:
            return name[: -len(suffix)]
    return name


@dataclass(frozen=True)
class Division:
    """One row to load: a district, town or village with its parent's code."""

    code: str
    name: str
    short_name: str
    level: str
    parent_code: str | None
    urban_rural_code: str = ""


def _require_code(code: str, *, path: Path, line: int, column: str) -> str:
    if len(code) != 12 or not code.isdigit():
        raise ValidationFailed(
            f"{path.name} 第{line}行：{column} 应为12位统计用区划代码，实为「{code}」",
            f"{path.name} line {line}: {column} must be a 12-digit statistical code, got {code!r}",
            code="bad_division_code",
            detail={"path": str(path), "line": line, "column": column},
        )
    return code


def _district_code(town_code: str) -> str:
    return town_code[:6] + "000000"


def divisions_read(*, towns_csv: Path | None = None, villages_csv: Path | None = None) -> list[Division]:
    """Parse the NBS town and village files into divisions ordered from the top down.

    Either file may be missing: the villages file names its town and county, the towns file its
    towns. Towns found only in the villages file are taken from there.
    """
    if towns_csv is None and villages_csv is None:
        raise ValidationFailed("没有提供区划文件", "no division file given", code="no_division_file")
    districts: dict[str, str] = {}
    towns: dict[str, tuple[str, str]] = {}  # code → (name, district code)
    villages: list[Division] = []
    if villages_csv is not None:
        for line, row in enumerate(_read_csv(villages_csv), start=2):
            town_code = _require_code(
                row.get("town_code", ""), path=villages_csv, line=line, column="town_code"
            )
            code = _require_code(
                row.get("village_code", ""), path=villages_csv, line=line, column="village_code"
            )
            district_code = row.get("county_code") or _district_code(town_code)
            if row.get("county_name"):
                districts[district_code] = row["county_name"]
            else:
                districts.setdefault(district_code, "")
            towns.setdefault(town_code, (row.get("town_name", ""), district_code))
            name = row.get("village_name", "")
            villages.append(
                Division(
                    code=code,
                    name=name,
                    short_name=village_short_name(name),
                    level=RegionLevel.VILLAGE,
                    parent_code=town_code,
                    urban_rural_code=row.get("urban_rural_code", "")[:3],
                )
            )
    if towns_csv is not None:
        for line, row in enumerate(_read_csv(towns_csv), start=2):
            raw = row.get("town_code_12") or row.get("town_code", "")
            code = _require_code(raw, path=towns_csv, line=line, column="town_code_12")
            district_code = _district_code(code)
            districts.setdefault(district_code, "")
            # The towns file is the authority for town names.
            towns[code] = (row.get("town_name", "") or towns.get(code, ("", ""))[0], district_code)
    result: list[Division] = []
    for code, name in sorted(districts.items()):
        result.append(
            Division(
                code=code,
                name=name,
                short_name=district_short_name(name),
                level=RegionLevel.DISTRICT,
                parent_code=None,
            )
        )
    for code, (name, district_code) in sorted(towns.items()):
        result.append(
            Division(
                code=code,
                name=name,
                short_name=town_short_name(name),
                level=RegionLevel.TOWN,
                parent_code=district_code,
            )
        )
    result.extend(sorted(villages, key=lambda division: division.code))
    for division in result:
        if not division.name and division.level != RegionLevel.DISTRICT:
            raise ValidationFailed(
                f"区划 {division.code} 缺少名称",
                f"division {division.code} has no name",
                code="division_no_name",
            )
    return result


@transaction.atomic
def divisions_import(
    *,
    towns_csv: Path | None = None,
    villages_csv: Path | None = None,
    actor: User | None = None,
    progress: bool = False,
) -> dict[str, int]:
    """Create or update the district, its towns and villages from the NBS files (统计用区划代码).

    1. Rows are matched by code (``update_or_create``): a re-run updates changed names and never
       duplicates; unchanged rows are not written and get no audit event.
    2. ``path`` is rebuilt from the parent's path; if it moved, the region's descendants (grids)
       get the new prefix too.
    3. A district whose name no file gives keeps its stored name (new ones are named by code).
    With neither file given, the Keqiao copies shipped in ``gongzhi/org/data`` are loaded.
    """
    if towns_csv is None and villages_csv is None:
        towns_csv, villages_csv = DEFAULT_TOWNS_CSV, DEFAULT_VILLAGES_CSV
    divisions = divisions_read(towns_csv=towns_csv, villages_csv=villages_csv)
    existing = {region.code: region for region in Region.objects.filter(code__in=[d.code for d in divisions])}
    loaded: dict[str, Region] = {}
    counts: Counter[str] = Counter()
    for division in tqdm(divisions, desc="区划 divisions", unit="", disable=not progress):
        current = existing.get(division.code)
        parent = loaded.get(division.parent_code) if division.parent_code else None
        if division.parent_code and parent is None:
            parent = selectors.region_get(code=division.parent_code)
        name = division.name or (current.name if current else division.code)
        wanted: dict[str, Any] = {
            "name": name,
            "short_name": division.short_name or (current.short_name if current else ""),
            "level": division.level,
            "parent": parent,
            "path": f"{parent.path}/{division.code}" if parent else division.code,
            "urban_rural_code": division.urban_rural_code or (current.urban_rural_code if current else ""),
        }
        counts[division.level] += 1
        if current is None:
            region, _ = Region.objects.update_or_create(code=division.code, defaults=wanted)
            events.region_created(
                region=region, actor=actor, after={"code": region.code, **values_after(wanted, wanted)}
            )
            counts["created"] += 1
        else:
            changed = changed_fields(current, wanted)
            if not changed:
                loaded[division.code] = current
                counts["unchanged"] += 1
                continue
            before = events.snapshot(current, changed)
            old_path = current.path
            region, _ = Region.objects.update_or_create(code=division.code, defaults=wanted)
            if region.path != old_path:
                Region.objects.filter(path__startswith=old_path + "/").update(
                    path=Concat(Value(region.path), Substr("path", len(old_path) + 1))
                )
            events.region_updated(
                region=region, actor=actor, before=before, after=values_after(wanted, changed)
            )
            counts["updated"] += 1
        loaded[division.code] = region
    return {key: counts[key] for key in ("district", "town", "village", "created", "updated", "unchanged")}
