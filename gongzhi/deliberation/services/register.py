"""Writes to the village register's roles, with the statutory composition rules.

1. 村民代表: no two representatives from one household (浙江省实施办法 art. 20); the person
   must be registered in the village with a household.
2. 村务监督委员会 (组织法 art. 32; 浙江省实施办法 art. 30): no 村委会 member, 村文书 or 报账员,
   and none of a 村委会 member's relatives under ``SUPERVISION_COMMITTEE_PREDICATE`` (近亲属).
   Appointing a committee member related to a sitting supervisor is refused for the same reason.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from gongzhi.core.errors import InvalidState, ValidationFailed
from gongzhi.core.i18n import zh
from gongzhi.deliberation import conf, events
from gongzhi.deliberation.enums import VillageRoleKind
from gongzhi.deliberation.models import VillageRole
from gongzhi.kinship import selectors as kinship_selectors
from gongzhi.kinship.enums import Relation
from gongzhi.kinship.models import Person
from gongzhi.org.enums import RegionLevel
from gongzhi.org.models import Region, User

# Roles that outsiders may hold (the community police officer, the legal adviser).
_OUTSIDE_ROLES = (VillageRoleKind.COMMUNITY_POLICE, VillageRoleKind.LEGAL_ADVISER)
_BARRED_FROM_SUPERVISION = (
    VillageRoleKind.VILLAGE_COMMITTEE,
    VillageRoleKind.CLERK,
    VillageRoleKind.BOOKKEEPER,
)


def _holders(village: Region, *kinds: str) -> list[VillageRole]:
    return list(
        VillageRole.objects.filter(village=village, kind__in=kinds, is_active=True).select_related("person")
    )


def _check_supervision(*, village: Region, person: Person, kind: str) -> None:
    predicate = conf.setting_str("SUPERVISION_COMMITTEE_PREDICATE")
    if kind == VillageRoleKind.SUPERVISION:
        barred = [r for r in _holders(village, *_BARRED_FROM_SUPERVISION) if r.person_id == person.pk]
        if barred:
            raise ValidationFailed(
                f"{person.name}任{zh(barred[0].get_kind_display())}，不得兼任村务监督委员会成员",
                "a committee member, clerk or bookkeeper may not sit on the supervision committee",
                code="supervision_incompatible_role",
                detail={"role": barred[0].kind},
            )
        others = [r.person for r in _holders(village, VillageRoleKind.VILLAGE_COMMITTEE)]
    elif kind == VillageRoleKind.VILLAGE_COMMITTEE:
        if any(r.person_id == person.pk for r in _holders(village, VillageRoleKind.SUPERVISION)):
            raise ValidationFailed(
                f"{person.name}是村务监督委员会成员，须先退出方可任村委会成员",
                "a supervision committee member may not also sit on the village committee",
                code="supervision_incompatible_role",
            )
        others = [r.person for r in _holders(village, VillageRoleKind.SUPERVISION)]
    else:
        return
    conflicts = [
        (other, relation)
        for _, other, relation in kinship_selectors.conflicted_people(
            people=[person], against=others, predicate=predicate
        )
        if relation != Relation.SELF
    ]
    if conflicts:
        named = "、".join(
            f"{other.name}（{kinship_selectors.relation_label(rel)}）" for other, rel in conflicts
        )
        raise ValidationFailed(
            f"{person.name}与村委会/监委会成员{named}有亲属关系，不得同时任职",
            "committee members' close relatives may not sit on the supervision committee",
            code="supervision_relative",
            detail={
                "conflicts": [{"person": o.pk, "relation": r} for o, r in conflicts],
                "predicate": predicate,
            },
        )


@transaction.atomic
def village_role_assign(
    *, village: Region, person: Person, kind: str, started_on: date, actor: User | None = None
) -> VillageRole:
    """Record that ``person`` holds ``kind`` in ``village`` from ``started_on``."""
    if kind not in VillageRoleKind.values:
        raise ValidationFailed(f"未知的村级职务：{kind}", f"unknown role {kind}", code="unknown_role")
    if village.level != RegionLevel.VILLAGE:
        raise ValidationFailed("只能在村社登记职务", "roles are held in a village", code="not_a_village")
    if kind not in _OUTSIDE_ROLES and person.region_id != village.pk:
        raise ValidationFailed(
            f"{person.name}不在本村村民登记中",
            "the person is not in this village's register",
            code="not_registered",
        )
    # Lock the village's roles of this kind so two concurrent appointments queue.
    list(
        VillageRole.objects.select_for_update(of=("self",)).filter(village=village, kind=kind, is_active=True)
    )
    if VillageRole.objects.filter(village=village, person=person, kind=kind, is_active=True).exists():
        raise InvalidState(f"{person.name}已任该职务", "the person already holds this role", code="role_held")
    if kind == VillageRoleKind.REPRESENTATIVE:
        if person.household_id is None:
            raise ValidationFailed(
                f"{person.name}尚未登记户籍，无法核对同户代表",
                "a representative must belong to a registered household",
                code="representative_household_required",
            )
        same = (
            VillageRole.objects.filter(
                village=village,
                kind=kind,
                is_active=True,
                person__household_id=person.household_id,
            )
            .select_related("person")
            .first()
        )
        if same is not None:
            raise ValidationFailed(
                f"{person.name}与村民代表{same.person.name}同户，同一户不得有两名村民代表",
                "no two representatives may come from the same household",
                code="representative_same_household",
                detail={"household": person.household_id, "other": same.person_id},
            )
    _check_supervision(village=village, person=person, kind=kind)
    role = VillageRole.objects.create(village=village, person=person, kind=kind, started_on=started_on)
    events.village_role_event(role=role, action="assign", actor=actor)
    return role


@transaction.atomic
def village_role_end(
    *, role: VillageRole, ended_on: date, reason: str, actor: User | None = None
) -> VillageRole:
    """End a role (term over, resignation, 连续三次无故缺席 …); the row stays for the record."""
    if not reason.strip():
        raise ValidationFailed("须说明终止理由", "a reason is required", code="reason_required")
    current = VillageRole.objects.select_for_update(of=("self",)).get(pk=role.pk)
    if not current.is_active:
        raise InvalidState("该职务已终止", "the role has already ended", code="role_ended")
    if ended_on < current.started_on:
        raise ValidationFailed("终止日期早于任职日期", "the end precedes the start", code="invalid_end")
    current.is_active = False
    current.ended_on = ended_on
    current.end_reason = reason.strip()
    current.save(update_fields=["is_active", "ended_on", "end_reason", "updated_at"])
    events.village_role_event(role=current, action="end", actor=actor, reason=reason.strip())
    return current
