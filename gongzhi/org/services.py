"""Writes to the organisation: divisions, default units, staff, memberships, duty rosters.

Every function here is keyword-only, runs in one transaction and appends an audit event for each
change it makes (``gongzhi.org.events``). Loaders are idempotent: they match rows by their code
(``update_or_create``), so running them again updates and never duplicates.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from tqdm import tqdm

from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.org import events, selectors
from gongzhi.org.enums import DutyKind, RegionLevel, Role, UnitKind
from gongzhi.org.models import DutyShift, Membership, Region, Unit, User

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_TOWNS_CSV = DATA_DIR / "keqiao_towns.csv"
DEFAULT_VILLAGES_CSV = DATA_DIR / "keqiao_villages_2022.csv"
DEFAULT_UNITS_JSON = DATA_DIR / "default_units.json"

# Suffixes of the statistical names that the short name drops, longest first.
_VILLAGE_SUFFIXES = ("村民委员会", "居民委员会", "村委会", "居委会", "委员会")
_TOWN_SUFFIXES = ("街道", "镇", "乡")


# --- helpers -----------------------------------------------------------------------------------


def _value_for_compare(obj: models.Model, field: str) -> Any:
    """A field's current value, a foreign key by its id so that comparing costs no query."""
    concrete = obj._meta.get_field(field)
    if concrete.is_relation:
        return getattr(obj, f"{field}_id")
    return getattr(obj, field)


def _wanted_for_compare(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


def _changes(current: models.Model, wanted: dict[str, Any]) -> list[str]:
    return [
        field
        for field, value in wanted.items()
        if _value_for_compare(current, field) != _wanted_for_compare(value)
    ]


def _before(current: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {field: events.jsonable(getattr(current, field)) for field in fields}


def _after(wanted: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    return {field: events.jsonable(wanted[field]) for field in fields}


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


# --- divisions ---------------------------------------------------------------------------------


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
                region=region, actor=actor, after={"code": region.code, **_after(wanted, wanted)}
            )
            counts["created"] += 1
        else:
            changed = _changes(current, wanted)
            if not changed:
                loaded[division.code] = current
                counts["unchanged"] += 1
                continue
            before = _before(current, changed)
            old_path = current.path
            region, _ = Region.objects.update_or_create(code=division.code, defaults=wanted)
            if region.path != old_path:
                Region.objects.filter(path__startswith=old_path + "/").update(
                    path=Concat(Value(region.path), Substr("path", len(old_path) + 1))
                )
            events.region_updated(region=region, actor=actor, before=before, after=_after(wanted, changed))
            counts["updated"] += 1
        loaded[division.code] = region
    return {key: counts[key] for key in ("district", "town", "village", "created", "updated", "unchanged")}


# --- default units -----------------------------------------------------------------------------


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
            events.unit_created(unit=unit, actor=actor, after={"code": unit.code, **_after(wanted, wanted)})
            counts["created"] += 1
        else:
            changed = _changes(current, wanted)
            if not changed:
                loaded[item.code] = current
                counts["unchanged"] += 1
                continue
            before = _before(current, changed)
            unit, _ = Unit.objects.update_or_create(code=item.code, defaults=wanted)
            events.unit_updated(unit=unit, actor=actor, before=before, after=_after(wanted, changed))
            counts["updated"] += 1
        loaded[item.code] = unit
    keys = ["created", "updated", "unchanged", *UnitKind.values]
    return {key: counts[key] for key in keys}


# --- staff and roles ---------------------------------------------------------------------------


@transaction.atomic
def staff_create(
    *,
    username: str,
    display_name: str,
    password: str,
    phone: str = "",
    actor: User | None = None,
    check_password_strength: bool = True,
) -> User:
    """Create a staff account; its roles come from memberships (``is_staff``, the admin flag, stays off)."""
    username = username.strip()
    if not username:
        raise ValidationFailed(
            "用户名不能为空", "username is required", code="username_required", detail={"field": "username"}
        )
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationFailed(
            "用户名已存在", "username already taken", code="username_taken", detail={"field": "username"}
        )
    if check_password_strength:
        try:
            validate_password(password, user=User(username=username, display_name=display_name))
        except ValidationError as exc:
            raise ValidationFailed(
                "密码强度不够",
                "password too weak",
                code="weak_password",
                detail={"field": "password", "problems": list(exc.messages)},
            ) from None
    user = User.objects.create_user(
        username=username, password=password, display_name=display_name.strip(), phone=phone.strip()
    )
    events.staff_created(user=user, actor=actor)
    return user


@transaction.atomic
def membership_grant(*, user: User, unit: Unit, role: str, actor: User | None = None) -> Membership:
    """Give ``user`` a role in ``unit``; granting a role already held changes nothing."""
    if role not in Role.values:
        raise ValidationFailed(
            f"未知岗位：{role}", f"unknown role: {role}", code="unknown_role", detail={"field": "role"}
        )
    current = Membership.objects.filter(user=user, unit=unit, role=role).first()
    if current is not None and current.is_active:
        return current
    before = {"is_active": current.is_active} if current is not None else {}
    membership, _ = Membership.objects.update_or_create(
        user=user, unit=unit, role=role, defaults={"is_active": True}
    )
    events.membership_granted(membership=membership, actor=actor, before=before)
    return membership


@transaction.atomic
def membership_revoke(
    *, user: User, unit: Unit, role: str, actor: User | None = None, reason: str = ""
) -> Membership:
    """Withdraw a role; the row stays, inactive, so history keeps its meaning. Revoking twice is a no-op."""
    membership = (
        Membership.objects.select_for_update(of=("self",)).filter(user=user, unit=unit, role=role).first()
    )
    if membership is None:
        raise NotFound("岗位", "membership")
    if not membership.is_active:
        return membership
    membership.is_active = False
    membership.save(update_fields=["is_active", "updated_at"])
    events.membership_revoked(membership=membership, actor=actor, reason=reason)
    return membership


# --- duty roster -------------------------------------------------------------------------------


def _rotation_index(day: date, *, weekdays_only: bool) -> int:
    """A position in the rotation that depends on the date alone, so overlapping runs agree."""
    if not weekdays_only:
        return day.toordinal()
    ordinal = day.toordinal() - 1  # date(1, 1, 1) is a Monday: ordinal 1
    return (ordinal // 7) * 5 + min(ordinal % 7, 4)


@transaction.atomic
def duty_roster_generate(*, unit: Unit, start: date, days: int, actor: User | None = None) -> int:
    """Fill a centre's roster for ``days`` days from ``start``; returns the number of shifts written.

    1. 班子领导轮值: the centre's leaders (role centre_leader, in the order they got the role)
       take turns, one a day. ``GONGZHI["DUTY_ROTATION"]`` = "daily" (default, every calendar
       day) or "weekdays" (Monday–Friday only).
    2. 书记接访日: at a village centre, every ``GONGZHI["RECEPTION_WEEKDAY"]`` (0 = Monday;
       default Tuesday) is the secretary's reception day, given to the centre's unit_head.
    3. One shift per (unit, date, kind): a re-run rewrites only shifts whose person changed.
    """
    if unit.kind != UnitKind.CENTRE:
        raise ValidationFailed(
            "只有社会治理中心排班",
            "only a governance centre has a duty roster",
            code="not_a_centre",
            detail={"unit": unit.code},
        )
    if days < 1 or days > 731:
        raise ValidationFailed(
            "排班天数应为1至731天",
            "days must be between 1 and 731",
            code="bad_days",
            detail={"field": "days"},
        )
    config = getattr(settings, "GONGZHI", {})
    weekdays_only = config.get("DUTY_ROTATION", "daily") == "weekdays"
    reception_weekday = int(config.get("RECEPTION_WEEKDAY", 1))
    leaders = list(selectors.users_with_role(unit=unit, role=Role.CENTRE_LEADER))
    secretary = (
        selectors.users_with_role(unit=unit, role=Role.UNIT_HEAD).first()
        if unit.level == RegionLevel.VILLAGE
        else None
    )
    wanted: dict[tuple[date, str], User] = {}
    for offset in range(days):
        day = start + timedelta(days=offset)
        if leaders and not (weekdays_only and day.weekday() >= 5):
            wanted[(day, DutyKind.LEADER_ON_DUTY)] = leaders[
                _rotation_index(day, weekdays_only=weekdays_only) % len(leaders)
            ]
        if secretary is not None and day.weekday() == reception_weekday:
            wanted[(day, DutyKind.RECEPTION_DAY)] = secretary
    existing = {
        (shift.date, shift.kind): shift
        for shift in DutyShift.objects.filter(
            unit=unit, date__gte=start, date__lt=start + timedelta(days=days)
        )
    }
    written = 0
    for (day, kind), user in sorted(wanted.items()):
        current = existing.get((day, kind))
        if current is not None and current.user_id == user.pk:
            continue
        before = {"user": current.user_id} if current is not None else {}
        shift, created = DutyShift.objects.update_or_create(
            unit=unit, date=day, kind=kind, defaults={"user": user}
        )
        events.duty_shift_set(shift=shift, actor=actor, before=before, created=created)
        written += 1
    return written
