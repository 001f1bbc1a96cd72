"""REST v1 schemas of the organisation: regions, units, and who the caller is."""

from __future__ import annotations

from ninja import Schema

from gongzhi.api.schemas import Ref


class RegionOut(Schema):
    code: str
    name: str
    short_name: str
    level: str
    parent: str | None
    path: str
    population: int | None


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    function: str
    level: str
    region: Ref
    parent: str | None
    is_active: bool
    phone: str
    address: str


class MembershipOut(Schema):
    unit: Ref
    role: str


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    is_administrator: bool
    via: str
    scopes: list[str]
    memberships: list[MembershipOut]
