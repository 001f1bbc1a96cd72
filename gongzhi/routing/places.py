"""属地: resolving the town and village/community a text talks about.

The gazetteer is built from the stored regions (柯桥区's 16 towns and 341 villages and
communities), each under the names people actually write:

- towns: the full name (平水镇, 柯桥街道) and the short name (平水, 柯桥 — except where the short
  name is also the district's, as 柯桥 is: then it names the district);
- villages: the committee name (王化村委会, 管墅社区居委会), the short name (王化村, 管墅社区,
  余渚), "XX社区" and "XX居委会" for a residents' committee, and the bare stem (王化) as a
  *weak* name that counts only next to its town (so "光明" in "光明正大" resolves nothing);
- a third pass matches "XX村"/"XX社区" by pinyin, for homophones typed or transcribed from
  a call (王华村 → 王化村); such a match is never taken alone when another candidate exists.

When the text names two places that do not nest, or a name that several places share (型塘 is
both 型塘村 and 型塘居委会), the resolution lists the candidates and resolves nothing at that
level: the clerk chooses. Coordinates are not used yet: grids have no geometry in this version.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from pypinyin import lazy_pinyin

from gongzhi.org.enums import RegionLevel
from gongzhi.org.models import Region

STRONG = "strong"
WEAK = "weak"
PINYIN = "pinyin"

_VILLAGE_SUFFIXES = ("社区居委会", "村民委员会", "居民委员会", "村委会", "居委会")
_TOWN_SUFFIXES = ("街道办事处", "街道", "镇", "乡")
_PINYIN_CANDIDATE = re.compile(r"([\u4e00-\u9fff]{2,4})(村|社区)")


@dataclass(frozen=True)
class Alias:
    text: str
    region_id: int
    level: str
    strength: str


@dataclass(frozen=True)
class PlaceCandidate:
    code: str
    name: str
    level: str
    town_code: str | None
    town_name: str | None
    matched: str
    strength: str


@dataclass
class PlaceResolution:
    """The resolved town and village (None where unknown or ambiguous), and every candidate seen."""

    town_code: str | None = None
    town_name: str | None = None
    village_code: str | None = None
    village_name: str | None = None
    is_ambiguous: bool = False
    notice: str = ""
    candidates: list[PlaceCandidate] = field(default_factory=list)

    @property
    def region_code(self) -> str | None:
        """The most specific resolved region (village, else town)."""
        return self.village_code or self.town_code

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "region_code": self.region_code}


@dataclass(frozen=True)
class _Place:
    id: int
    code: str
    name: str
    level: str
    town_id: int | None


@dataclass
class Gazetteer:
    places: dict[int, _Place]
    aliases: dict[str, list[Alias]]
    pattern: re.Pattern[str] | None
    pinyin: dict[str, list[int]]  # village stem pinyin → village ids
    district_names: frozenset[str]


def _strip(name: str, suffixes: tuple[str, ...]) -> tuple[str, str]:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], suffix
    return name, ""


def _pinyin(text: str) -> str:
    return " ".join(lazy_pinyin(text))


def _build(rows: Sequence[tuple[int, str, str, str, str, int | None, str]]) -> Gazetteer:
    places: dict[int, _Place] = {}
    by_code = {code: pk for pk, code, *_ in rows}
    district_names: set[str] = set()
    for pk, code, name, short_name, level, parent_id, _path in rows:
        town_id = parent_id if level == RegionLevel.VILLAGE else (pk if level == RegionLevel.TOWN else None)
        places[pk] = _Place(id=pk, code=code, name=name, level=level, town_id=town_id)
        if level == RegionLevel.DISTRICT:
            district_names.update({name, short_name or name})
    del by_code
    aliases: dict[str, list[Alias]] = {}
    pinyin: dict[str, list[int]] = {}

    def add(text: str, pk: int, level: str, strength: str) -> None:
        if len(text) < 2:
            return
        entries = aliases.setdefault(text, [])
        if not any(a.region_id == pk for a in entries):
            entries.append(Alias(text=text, region_id=pk, level=level, strength=strength))

    for pk, _code, name, short_name, level, _parent, _path in rows:
        if level == RegionLevel.TOWN:
            add(name, pk, level, STRONG)
            short = short_name or _strip(name, _TOWN_SUFFIXES)[0]
            if short not in district_names:
                add(short, pk, level, STRONG)
        elif level == RegionLevel.VILLAGE:
            add(name, pk, level, STRONG)
            stem, suffix = _strip(name, _VILLAGE_SUFFIXES)
            if short_name and short_name != stem:
                add(short_name, pk, level, STRONG)
            if suffix in ("村委会", "村民委员会"):
                village = stem if stem.endswith("村") else stem + "村"
                add(village, pk, level, STRONG)
                stem = village[:-1]
            elif suffix in ("社区居委会", "居委会", "居民委员会"):
                base = stem[:-2] if stem.endswith("社区") else stem
                for form in (f"{base}社区", f"{base}居委会", f"{base}社区居委会"):
                    add(form, pk, level, STRONG)
                stem = base
            add(stem, pk, level, WEAK)
            if len(stem) >= 2:
                pinyin.setdefault(_pinyin(stem), []).append(pk)
    # A name two kinds of place share (a village stem that is also a town's short name) names the town.
    for text, entries in aliases.items():
        if any(a.level == RegionLevel.TOWN for a in entries):
            aliases[text] = [a for a in entries if a.level == RegionLevel.TOWN or a.strength == STRONG]
    ordered = sorted(aliases, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(text) for text in ordered)) if ordered else None
    return Gazetteer(
        places=places,
        aliases=aliases,
        pattern=pattern,
        pinyin=pinyin,
        district_names=frozenset(district_names),
    )


@lru_cache(maxsize=2)
def _gazetteer(stamp: tuple[int, str]) -> Gazetteer:
    rows = list(
        Region.objects.filter(level__in=[RegionLevel.DISTRICT, RegionLevel.TOWN, RegionLevel.VILLAGE])
        .order_by("code")
        .values_list("id", "code", "name", "short_name", "level", "parent_id", "path")
    )
    return _build(rows)


def gazetteer() -> Gazetteer:
    """The gazetteer of the stored regions, rebuilt when regions are added or renamed."""
    latest = Region.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    return _gazetteer((Region.objects.count(), latest.isoformat() if latest else ""))


def _candidate(g: Gazetteer, alias: Alias) -> PlaceCandidate:
    place = g.places[alias.region_id]
    town = g.places.get(place.town_id) if place.town_id else None
    return PlaceCandidate(
        code=place.code,
        name=place.name,
        level=place.level,
        town_code=town.code if town else None,
        town_name=town.name if town else None,
        matched=alias.text,
        strength=alias.strength,
    )


def place_resolve(text: str) -> PlaceResolution:
    """The town and village named in ``text`` (an address, a description, or both joined).

    1. Find every name of the gazetteer in the text, longest first, without overlaps.
    2. Towns: the towns named, plus the towns of the villages named by a strong name.
    3. Villages: strong names; weak ones (a bare stem) only where their town is named too;
       pinyin matches of "XX村/XX社区" only when nothing else names a village.
    4. If a town is named, villages of other towns are dropped when some village is in it.
    5. Exactly one village left → resolved with its town. Several → ambiguous: the candidates
       are listed and only a town they all share is resolved. No village → a single town is
       resolved; several towns → ambiguous.
    """
    g = gazetteer()
    result = PlaceResolution()
    if not text or g.pattern is None:
        return result
    found: list[Alias] = []
    for match in g.pattern.finditer(text):
        found.extend(g.aliases.get(match.group(0), []))
    named_towns = {a.region_id for a in found if a.level == RegionLevel.TOWN}
    strong_villages = [a for a in found if a.level == RegionLevel.VILLAGE and a.strength == STRONG]
    weak_villages = [
        a
        for a in found
        if a.level == RegionLevel.VILLAGE
        and a.strength == WEAK
        and g.places[a.region_id].town_id in named_towns
    ]
    villages = strong_villages + weak_villages
    if not villages:
        villages = _pinyin_matches(g, text, named_towns)
    if named_towns:
        inside = [a for a in villages if g.places[a.region_id].town_id in named_towns]
        if inside:
            villages = inside
    by_village: dict[int, Alias] = {}
    for alias in villages:
        by_village.setdefault(alias.region_id, alias)
    result.candidates = [_candidate(g, a) for a in by_village.values()]
    town_candidates = {tid: a for a in found if a.level == RegionLevel.TOWN for tid in [a.region_id]}
    result.candidates += [_candidate(g, a) for a in town_candidates.values()]
    if len(by_village) == 1:
        village = g.places[next(iter(by_village))]
        town = g.places.get(village.town_id) if village.town_id else None
        result.village_code, result.village_name = village.code, village.name
        if town is not None:
            result.town_code, result.town_name = town.code, town.name
        if named_towns - {village.town_id}:
            result.notice = "文中还提到其他镇街，请核对属地。(Another town is named too: check the locality.)"
        return result
    if len(by_village) > 1:
        result.is_ambiguous = True
        towns = {g.places[pk].town_id for pk in by_village}
        names = "、".join(g.places[pk].name for pk in by_village)
        result.notice = (
            f"可能是以下村社之一：{names}，请选择。(Several villages/communities match: choose one.)"
        )
        if len(towns) == 1:
            town = g.places.get(next(iter(towns)) or 0)
            if town is not None:
                result.town_code, result.town_name = town.code, town.name
        return result
    if len(named_towns) == 1:
        town = g.places[next(iter(named_towns))]
        result.town_code, result.town_name = town.code, town.name
    elif len(named_towns) > 1:
        result.is_ambiguous = True
        names = "、".join(g.places[pk].name for pk in named_towns)
        result.notice = f"文中提到多个镇街：{names}，请选择。(Several towns are named: choose one.)"
    return result


def _pinyin_matches(g: Gazetteer, text: str, named_towns: set[int]) -> list[Alias]:
    """Villages whose stem sounds like the "XX" of an "XX村"/"XX社区" in the text (homophones)."""
    found: list[Alias] = []
    for match in _PINYIN_CANDIDATE.finditer(text):
        word = match.group(1)
        for size in (2, 3, 4):
            if size > len(word):
                break
            stem = word[-size:]
            for pk in g.pinyin.get(_pinyin(stem), []):
                if named_towns and g.places[pk].town_id not in named_towns:
                    continue
                found.append(
                    Alias(
                        text=stem + match.group(2), region_id=pk, level=RegionLevel.VILLAGE, strength=PINYIN
                    )
                )
    return found


def region_at_point(*, latitude: float, longitude: float) -> Region | None:
    """The grid (网格) containing a WGS-84 point — not available yet.

    Regions carry no geometry in this version (grids are not drawn), so there is nothing to
    look a point up in; this returns None, and the caller keeps the text-based resolution.
    When grid polygons exist this is the place for the point-in-polygon lookup.
    """
    return None
