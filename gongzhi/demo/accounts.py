"""Demo people: one login per role (through the org services), and the staff of the generated history.

1. ``demo_accounts_ensure`` creates the accounts a visitor logs in with — a clerk, dispatcher,
   handler, liaison, unit head, supervisor, centre leader, mediator, grid worker and administrator
   at village, town, district and department level, plus a citizen — all with one known password.
   They go through ``org.services.staff_create`` / ``membership_grant``, so each has its audit
   events. Re-running changes nothing (existing accounts keep their password).
2. ``history_staff_ensure`` gives every unit that handles cases a few named staff (clerk, handler,
   leader; two more leaders at each town centre for the duty rotation) who appear as the actors
   of the generated history. There are about 1,700 of them, so they are written in bulk with
   their memberships and the same audit events the services write; they cannot log in (unusable
   password).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from gongzhi.core.models import AuditEvent
from gongzhi.demo import people
from gongzhi.org import events as org_events
from gongzhi.org import services as org_services
from gongzhi.org.enums import RegionLevel, Role, UnitKind
from gongzhi.org.models import Membership, Unit, User

DEMO_PASSWORD = "gongzhi-demo-2026"  # noqa: S105 - the demo's published password, printed for visitors

DISTRICT_CENTRE = "330603000000-centre"
TOWN_CENTRE = "330603105000-centre"  # 平水镇
VILLAGE_CENTRE = "330603105210-centre"  # 平水镇王化村
VILLAGE_MEDIATION = "330603105210-mediation"
TOWN_JUSTICE = "330603105000-justice"  # 平水镇司法所
DISTRICT_POLICE = "330603000000-dept-police"
DISTRICT_MEDICAL_MEDIATION = "330603000000-med-medical"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    unit_code: str | None
    roles: tuple[str, ...]
    label: str  # the role shown in the table


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin", "系统管理员", DISTRICT_CENTRE, (Role.ADMINISTRATOR,), "管理员 administrator"),
    DemoAccount(
        "clerk_district", "区中心窗口 周敏", DISTRICT_CENTRE, (Role.INTAKE_CLERK,), "窗口受理 intake clerk"
    ),
    DemoAccount(
        "dispatcher_district", "区中心分流 陈涛", DISTRICT_CENTRE, (Role.DISPATCHER,), "分流 dispatcher"
    ),
    DemoAccount(
        "supervisor_district", "区督办 沈丽萍", DISTRICT_CENTRE, (Role.SUPERVISOR,), "督办 supervisor"
    ),
    DemoAccount(
        "leader_district",
        "区中心主任 金建国",
        DISTRICT_CENTRE,
        (Role.CENTRE_LEADER,),
        "中心领导 centre leader",
    ),
    DemoAccount("liaison_police", "公安分局联络员 徐斌", DISTRICT_POLICE, (Role.LIAISON,), "联络员 liaison"),
    DemoAccount("handler_police", "公安分局承办 吴俊", DISTRICT_POLICE, (Role.HANDLER,), "承办 handler"),
    DemoAccount(
        "head_police", "公安分局负责人 钱志强", DISTRICT_POLICE, (Role.UNIT_HEAD,), "单位负责人 unit head"
    ),
    DemoAccount(
        "mediator_medical",
        "医调委调解员 俞美兰",
        DISTRICT_MEDICAL_MEDIATION,
        (Role.MEDIATOR, Role.LIAISON, Role.HANDLER),
        "调解员 mediator",
    ),
    DemoAccount(
        "clerk_pingshui", "平水镇窗口 王燕", TOWN_CENTRE, (Role.INTAKE_CLERK,), "窗口受理 intake clerk"
    ),
    DemoAccount("dispatcher_pingshui", "平水镇分流 孙伟", TOWN_CENTRE, (Role.DISPATCHER,), "分流 dispatcher"),
    DemoAccount(
        "leader_pingshui",
        "平水镇中心主任 胡海",
        TOWN_CENTRE,
        (Role.CENTRE_LEADER, Role.SUPERVISOR),
        "中心领导 centre leader",
    ),
    DemoAccount(
        "liaison_pingshui_justice", "平水司法所联络员 朱婷", TOWN_JUSTICE, (Role.LIAISON,), "联络员 liaison"
    ),
    DemoAccount(
        "handler_pingshui_justice", "平水司法所承办 傅明", TOWN_JUSTICE, (Role.HANDLER,), "承办 handler"
    ),
    DemoAccount(
        "head_pingshui_justice",
        "平水司法所所长 章华",
        TOWN_JUSTICE,
        (Role.UNIT_HEAD,),
        "单位负责人 unit head",
    ),
    DemoAccount(
        "clerk_wanghua",
        "王化村代办员 宋琴",
        VILLAGE_CENTRE,
        (Role.INTAKE_CLERK, Role.DISPATCHER),
        "窗口受理 intake clerk",
    ),
    DemoAccount(
        "head_wanghua",
        "王化村书记 阮国忠",
        VILLAGE_CENTRE,
        (Role.UNIT_HEAD, Role.LIAISON, Role.HANDLER),
        "单位负责人 unit head (书记)",
    ),
    DemoAccount(
        "mediator_wanghua",
        "王化村调解员 丁秀珍",
        VILLAGE_MEDIATION,
        (Role.MEDIATOR, Role.LIAISON, Role.HANDLER),
        "调解员 mediator",
    ),
    DemoAccount(
        "grid_wanghua", "王化村网格员 邵杰", VILLAGE_CENTRE, (Role.GRID_WORKER,), "网格员 grid worker"
    ),
    DemoAccount("citizen_demo", "李群众", None, (), "群众 citizen"),
)


@dataclass(frozen=True)
class AccountRow:
    username: str
    label: str
    unit: str
    password: str
    created: bool


def demo_accounts_ensure(*, password: str = DEMO_PASSWORD) -> list[AccountRow]:
    """Create the demo logins that are missing and grant their roles; existing ones are left alone."""
    units = {
        unit.code: unit
        for unit in Unit.objects.filter(code__in={a.unit_code for a in DEMO_ACCOUNTS if a.unit_code})
    }
    existing = set(
        User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).values_list(
            "username", flat=True
        )
    )
    rows = []
    for account in DEMO_ACCOUNTS:
        created = account.username not in existing
        unit = units.get(account.unit_code) if account.unit_code else None
        if account.unit_code and unit is None:
            raise LookupError(f"unit {account.unit_code} is missing: load the organisation first")
        if created:
            _create(account, password)
        user = User.objects.get(username=account.username)
        if unit is not None:
            for role in account.roles:
                org_services.membership_grant(user=user, unit=unit, role=role)
        rows.append(
            AccountRow(account.username, account.label, unit.name if unit else "—", password, created)
        )
    return rows


def _create(account: DemoAccount, password: str) -> None:
    if account.username == "admin":
        # The Django admin needs is_staff / is_superuser: the project's own command sets them.
        call_command("createadmin", username="admin", password=password, verbosity=0)
        User.objects.filter(username="admin").update(display_name=account.display_name)
        return
    if not account.roles:
        # org has no citizen service yet: create the account and write the event staff_create writes.
        with transaction.atomic():
            user = User.objects.create_user(
                username=account.username,
                password=password,
                display_name=account.display_name,
                phone="13905751234",
                is_citizen=True,
            )
            org_events.staff_created(user=user, actor=None)
        return
    org_services.staff_create(
        username=account.username,
        display_name=account.display_name,
        password=password,
        check_password_strength=False,
    )


# --- the staff of the generated history ------------------------------------------------------------

HISTORY_PREFIX = "dm."


@dataclass
class HistoryStaff:
    """The people of one unit who act in the generated history."""

    clerk: User | None = None  # centres: 窗口受理 + 分流
    handler: User | None = None  # 联络员 + 承办 (and 调解员 on a committee)
    leader: User | None = None  # centres: 中心领导 + 督办 + 负责人; other units: 单位负责人
    leaders: list[User] = field(default_factory=list)  # town centres: the duty rotation


def _slots(unit: Unit) -> list[tuple[str, tuple[str, ...]]]:
    if unit.kind == UnitKind.FUNCTION_BOARD:
        return []
    if unit.kind == UnitKind.CENTRE:
        slots: list[tuple[str, tuple[str, ...]]] = [
            ("clerk", (Role.INTAKE_CLERK, Role.DISPATCHER)),
            ("handler", (Role.LIAISON, Role.HANDLER)),
            ("leader", (Role.CENTRE_LEADER, Role.SUPERVISOR, Role.UNIT_HEAD)),
        ]
        if unit.level == RegionLevel.TOWN:
            slots += [("leader2", (Role.CENTRE_LEADER,)), ("leader3", (Role.CENTRE_LEADER,))]
        return slots
    handler_roles: tuple[str, ...] = (Role.LIAISON, Role.HANDLER)
    if unit.kind == UnitKind.MEDIATION_COMMITTEE:
        handler_roles += (Role.MEDIATOR,)
    return [("handler", handler_roles), ("leader", (Role.UNIT_HEAD,))]


def _username(unit: Unit, slot: str) -> str:
    return f"{HISTORY_PREFIX}{unit.code}.{slot}"


@transaction.atomic
def history_staff_ensure(*, seed: int = 2026) -> dict[int, HistoryStaff]:
    """The history's staff for every active unit, created in bulk where missing. Idempotent."""
    units = list(Unit.objects.filter(is_active=True).order_by("code"))
    wanted: dict[str, tuple[Unit, str, tuple[str, ...]]] = {}
    for unit in units:
        for slot, roles in _slots(unit):
            wanted[_username(unit, slot)] = (unit, slot, roles)
    users = {u.username: u for u in User.objects.filter(username__startswith=HISTORY_PREFIX)}
    missing = [name for name in wanted if name not in users]
    now = timezone.now()
    if missing:
        rng = random.Random(f"{seed}-staff")
        unusable = make_password(None)
        new_users = [
            User(username=name, display_name=people.person_name(rng), password=unusable, date_joined=now)
            for name in missing
        ]
        User.objects.bulk_create(new_users, batch_size=500)  # both databases return the new ids
        created = {u.username: u for u in new_users}
        users.update(created)
        _bulk_events(
            "user",
            "user.create",
            [
                (
                    u.pk,
                    {
                        "username": u.username,
                        "display_name": u.display_name,
                        "phone": "",
                        "is_citizen": False,
                    },
                )
                for u in created.values()
            ],
            now,
        )
    held = set(
        Membership.objects.filter(user__username__startswith=HISTORY_PREFIX).values_list(
            "user_id", "unit_id", "role"
        )
    )
    new_memberships = []
    for name, (unit, _slot, roles) in wanted.items():
        user = users[name]
        for role in roles:
            if (user.pk, unit.pk, role) not in held:
                new_memberships.append(Membership(user=user, unit=unit, role=role, is_active=True))
    if new_memberships:
        Membership.objects.bulk_create(new_memberships, batch_size=500)
        _bulk_events(
            "membership",
            "membership.grant",
            [
                (m.pk, {"user": m.user_id, "unit": m.unit.code, "role": m.role, "is_active": True})
                for m in new_memberships
            ],
            now,
        )
    staff: dict[int, HistoryStaff] = {}
    for name, (unit, slot, _roles) in wanted.items():
        entry = staff.setdefault(unit.pk, HistoryStaff())
        user = users[name]
        if slot in ("clerk", "handler", "leader"):
            setattr(entry, slot, user)
        if slot.startswith("leader") and unit.kind == UnitKind.CENTRE:
            entry.leaders.append(user)
    return staff


def _bulk_events(subject_type: str, action: str, rows: list[tuple[int, dict[str, Any]]], at: Any) -> None:
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                occurred_at=at,
                actor=None,
                actor_label="演示数据生成",
                subject_type=subject_type,
                subject_id=pk,
                action=action,
                before={},
                after=after,
                reason="演示数据，系统生成",
            )
            for pk, after in rows
        ],
        batch_size=1000,
    )
