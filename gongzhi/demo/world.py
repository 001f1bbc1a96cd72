"""What the generator reads once: regions, units, staff, categories, routing and deadlines, cached.

The generator writes tens of thousands of cases, so every answer that the services would compute
per case (the routing of the responsibility list, the working-day deadlines) is computed here with
the very same functions, once per distinct input.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import TypeVar, cast

from django.conf import settings

from gongzhi.cases import deadlines
from gongzhi.core import workdays
from gongzhi.core.conf import urgent_accept_hours
from gongzhi.demo import texts
from gongzhi.demo.accounts import HistoryStaff
from gongzhi.org import selectors as org_selectors
from gongzhi.org.enums import RegionLevel, UnitKind
from gongzhi.org.models import Region, Unit, User
from gongzhi.routing import selectors as routing_selectors
from gongzhi.routing.models import Category, ResponsibilityRule

LEVELS = (RegionLevel.VILLAGE, RegionLevel.TOWN, RegionLevel.DISTRICT)


class World:
    def __init__(self, *, staff: dict[int, HistoryStaff]) -> None:
        regions = list(Region.objects.filter(level__in=LEVELS).order_by("code"))
        self.region_by_id = {region.pk: region for region in regions}
        districts = [r for r in regions if r.level == RegionLevel.DISTRICT]
        if not districts:
            raise LookupError("no district: load the organisation first")
        self.district = districts[0]
        self.towns = [r for r in regions if r.level == RegionLevel.TOWN]
        self.villages: dict[int, list[Region]] = defaultdict(list)
        for region in regions:
            if region.level == RegionLevel.VILLAGE:
                self.villages[region.parent_id].append(region)  # type: ignore[index]
        self.town_weights = [len(self.villages[town.pk]) + 4 for town in self.towns]

        units = list(Unit.objects.filter(is_active=True).order_by("code"))
        self.unit_by_id = {unit.pk: unit for unit in units}
        self.centre_by_region = {u.region_id: u for u in units if u.kind == UnitKind.CENTRE}
        # Units that can take part in joint handling: stations of a town, departments of the district.
        self.partners: dict[int, list[Unit]] = defaultdict(list)
        for unit in units:
            if unit.kind in (UnitKind.STATION, UnitKind.DEPARTMENT):
                self.partners[unit.region_id].append(unit)
        self.function_units: dict[tuple[int, str], Unit] = {}
        for unit in units:
            if unit.function and unit.kind != UnitKind.CENTRE:
                self.function_units.setdefault((unit.region_id, unit.function), unit)
        self.staff = staff

        names = [topic.category for topic in texts.ALL_TOPICS]
        self.category_by_name = {c.full_name: c for c in Category.objects.filter(full_name__in=names)}
        self.topics = [t for t in texts.ALL_TOPICS if t.category in self.category_by_name]
        if not self.topics:
            raise LookupError("no catalogue categories: load the categories first")
        self.topics_by_kind: dict[str, list[texts.Topic]] = defaultdict(list)
        for topic in self.topics:
            self.topics_by_kind[topic.kind].append(topic)

        self._start_level: dict[tuple[int, str], str] = {}
        self._responsible: dict[tuple[int, int, str], Unit | None] = {}
        self._rules: dict[int, dict[str, ResponsibilityRule]] = {}
        self._by_function: dict[tuple[int, str, str], Unit | None] = {}
        self._parent_centre: dict[int, Unit | None] = {}
        self._accept: dict[object, workdays.Deadline] = {}
        self._accept_hours = urgent_accept_hours()
        self._handling: dict[tuple[object, int], workdays.Deadline] = {}
        self._warn: dict[datetime, datetime] = {}
        self._supervise: dict[datetime, datetime] = {}
        self._review_window: dict[object, datetime] = {}
        self._review_answer: dict[object, datetime] = {}
        self._subtask: dict[tuple[datetime, date], datetime] = {}
        self.preset = deadlines.preset()
        self.max_returns = cast(int, settings.GONGZHI["MAX_RETURNS"])

    # --- regions and units -------------------------------------------------------------------------

    def town_of(self, region: Region) -> Region | None:
        if region.level == RegionLevel.TOWN:
            return region
        if region.level == RegionLevel.VILLAGE:
            return self.region_by_id[region.parent_id]  # type: ignore[index]
        return None

    def at_level(self, region: Region, level: str) -> Region | None:
        """The region itself or its ancestor at ``level`` (None if the region is above it)."""
        if region.level == level:
            return region
        if level == RegionLevel.DISTRICT:
            return self.district
        if level == RegionLevel.TOWN:
            return self.town_of(region)
        return None

    def centre_at(self, region: Region, level: str) -> Unit | None:
        ancestor = self.at_level(region, level)
        return self.centre_by_region.get(ancestor.pk) if ancestor is not None else None

    def people(self, unit: Unit) -> HistoryStaff:
        return self.staff[unit.pk]

    def clerk(self, unit: Unit) -> User:
        return _present(self.staff[unit.pk].clerk, unit)

    def handler(self, unit: Unit) -> User:
        return _present(self.staff[unit.pk].handler, unit)

    def leader(self, unit: Unit) -> User:
        return _present(self.staff[unit.pk].leader, unit)

    def parent_centre(self, unit: Unit) -> Unit | None:
        if unit.pk not in self._parent_centre:
            self._parent_centre[unit.pk] = org_selectors.unit_parent_centre(unit=unit)
        return self._parent_centre[unit.pk]

    # --- routing (the same selectors the dispatch service uses, cached) ----------------------------

    def start_level(self, category: Category, region: Region) -> str:
        key = (category.pk, region.level)
        if key not in self._start_level:
            self._start_level[key] = routing_selectors.lowest_competent_level(
                category=category, region=region
            )
        return self._start_level[key]

    def responsible(self, category: Category, region: Region, level: str) -> Unit | None:
        """``routing.selectors.responsible_unit``, its steps cached: rules per category, function units
        per place (a test compares the two)."""
        ancestor = self.at_level(region, level)
        if ancestor is None:
            return None
        key = (category.pk, ancestor.pk, level)
        if key not in self._responsible:
            self._responsible[key] = self._resolve(category, ancestor, level)
        return self._responsible[key]

    def _resolve(self, category: Category, ancestor: Region, level: str) -> Unit | None:
        if category.pk not in self._rules:
            self._rules[category.pk] = routing_selectors.category_rules(category=category)
        rule = self._rules[category.pk].get(level)
        if rule is not None:
            if rule.unit_id is not None and rule.unit is not None and rule.unit.is_active:
                return rule.unit
            if rule.unit_function:
                key = (ancestor.pk, rule.unit_function, level)
                if key not in self._by_function:
                    self._by_function[key] = org_selectors.unit_by_function(
                        region=ancestor, function=rule.unit_function, level=level
                    )
                if self._by_function[key] is not None:
                    return self._by_function[key]
        return self.centre_by_region.get(ancestor.pk)

    # --- deadlines (gongzhi.cases.deadlines, cached per day) ---------------------------------------

    def accept_deadline(self, at: datetime, *, urgency: str) -> workdays.Deadline:
        if urgency in self._accept_hours:  # an hour clock: nothing to cache per day
            return deadlines.accept_deadline(at, urgency=urgency)
        day = workdays.local_date(at)
        if day not in self._accept:
            self._accept[day] = deadlines.accept_deadline(at, urgency=urgency)
        return self._accept[day]

    def handling_deadline(self, base: datetime, days: int) -> workdays.Deadline:
        key = (workdays.local_date(base), days)
        if key not in self._handling:
            self._handling[key] = deadlines.handling_deadline(base, days)
        return self._handling[key]

    def warn_time(self, due_at: datetime) -> datetime:
        if due_at not in self._warn:
            self._warn[due_at] = deadlines.warn_time(due_at)
        return self._warn[due_at]

    def supervise_time(self, due_at: datetime) -> datetime:
        if due_at not in self._supervise:
            self._supervise[due_at] = deadlines.supervise_time(due_at)
        return self._supervise[due_at]

    def review_window(self, at: datetime) -> datetime:
        day = workdays.local_date(at)
        if day not in self._review_window:
            self._review_window[day] = deadlines.review_window(at).at
        return self._review_window[day]

    def review_answer_deadline(self, at: datetime) -> datetime:
        day = workdays.local_date(at)
        if day not in self._review_answer:
            self._review_answer[day] = deadlines.review_answer_deadline(at).at
        return self._review_answer[day]

    def subtask_due(self, due_at: datetime, at: datetime) -> datetime:
        key = (due_at, workdays.local_date(at))
        if key not in self._subtask:
            self._subtask[key] = deadlines.subtask_deadline(due_at, now=at)
        return self._subtask[key]


SWEEP_DELAY = timedelta(seconds=30)
T = TypeVar("T")


def required(value: T | None, what: object) -> T:
    """``value``, or a LookupError naming what is missing from the organisation."""
    if value is None:
        raise LookupError(f"missing in the organisation: {what}")
    return value


def _present(user: User | None, unit: Unit) -> User:
    return required(user, f"staff of {unit.code}")
