"""The village register: representative numbers, one per household, absences, supervision committee."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from gongzhi.core.errors import InvalidState, ValidationFailed
from gongzhi.core.models import AuditEvent
from gongzhi.deliberation import selectors, services
from gongzhi.deliberation.enums import VillageRoleKind
from gongzhi.deliberation.models import VillageRole
from gongzhi.kinship import services as kinship_services
from tests.deliberation.helpers import SHUANGYE, START, build_register, pass_meeting, step

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("population", "minimum"), [(0, 30), (499, 30), (500, 40), (999, 40), (1000, 50), (4200, 50)]
)
def test_zhejiang_minimum_representatives_by_population(population, minimum):
    assert selectors.representatives_minimum(population) == minimum


def _roles() -> tuple[int, int]:
    return VillageRole.objects.count(), AuditEvent.objects.count()


def test_no_two_representatives_from_one_household(register):
    reg = register
    spouse = reg.people[1]  # same household H001 as representative reg.people[0]
    assert reg.people[0] in reg.representatives and spouse.household_id == reg.people[0].household_id
    before = _roles()
    with pytest.raises(ValidationFailed) as refused:
        services.village_role_assign(
            village=reg.village, person=spouse, kind=VillageRoleKind.REPRESENTATIVE, started_on=START
        )
    assert refused.value.code == "representative_same_household"
    assert reg.people[0].name in refused.value.message_zh
    assert _roles() == before


def test_the_register_check_reports_size_shares_and_households(register):
    check = selectors.representatives_check(village=register.village)
    assert check.population == 68 and check.minimum == 30
    assert check.representatives == 30 and check.short_by == 0
    assert check.shared_households == []
    assert check.representatives_share_ok and check.women_share_ok and check.ok


def test_a_village_short_of_representatives_cannot_hold_the_representatives_meeting(catalogue):
    reg = build_register(SHUANGYE, households=33, representatives=28)
    check = selectors.representatives_check(village=reg.village)
    assert check.short_by == 2 and not check.ok
    matter = services.matter_propose(
        village=reg.village,
        matter_type=selectors.matter_type_get(region=reg.village, code="lost_work_allowance"),
        title="误工补贴标准",
        proposed_on=date(2026, 5, 4),
    )
    for order, day in ((1, 5), (2, 6), (3, 11)):
        pass_meeting(matter, order, reg, date(2026, 5, day))
    with pytest.raises(InvalidState) as refused:
        pass_meeting(matter, 4, reg, date(2026, 5, 15))
    assert refused.value.code == "representatives_below_minimum"
    assert "不少于30名" in refused.value.message_zh
    assert step(matter, 4).status == "pending"


def test_three_unexcused_absences_in_a_row_are_flagged(register):
    reg = register
    absentee, excused = reg.representatives[3], reg.representatives[4]
    others = [p for p in reg.representatives + reg.committee if p not in (absentee, excused)]
    day = date(2026, 5, 4)
    for number in range(3):
        matter = services.matter_propose(
            village=reg.village,
            matter_type=selectors.matter_type_get(region=reg.village, code="collective_income_use"),
            title=f"事项{number}",
            proposed_on=day,
        )
        for order, offset in ((1, 1), (2, 2), (3, 7)):
            pass_meeting(matter, order, reg, day + timedelta(days=offset))
        held = day + timedelta(days=11)
        attendance = [(p, "present") for p in others] + [
            (absentee, "absent"),
            (excused, "excused" if number == 1 else "absent"),
        ]
        pass_meeting(matter, 4, reg, held, present=len(others), votes_for=len(others), attendance=attendance)
        flags = selectors.representatives_absence_flags(village=reg.village)
        assert [(f.role.person_id, f.consecutive) for f in flags] == (
            [(absentee.pk, 3)] if number == 2 else []
        )
        day += timedelta(days=20)


def test_attendance_must_agree_with_the_count(register):
    reg = register
    matter = services.matter_propose(
        village=reg.village,
        matter_type=selectors.matter_type_get(region=reg.village, code="collective_income_use"),
        title="事项",
        proposed_on=date(2026, 5, 4),
    )
    with pytest.raises(ValidationFailed) as refused:
        pass_meeting(matter, 1, reg, date(2026, 5, 5), attendance=[(reg.party_committee[0], "present")])
    assert refused.value.code == "attendance_mismatch"


def test_the_supervision_committee_excludes_committee_members_and_their_close_relatives(register):
    reg = register
    chair = reg.committee[0]
    sibling = reg.people[0]  # a representative, made the chair's sister below
    parent = kinship_services.person_upsert(name="老主任父亲", gender="male", birth_date=date(1930, 1, 1))
    kinship_services.kinship_link(person=chair, relative=parent, kind="parent")
    kinship_services.kinship_link(person=sibling, relative=parent, kind="parent")
    cousin_parent = kinship_services.person_upsert(name="叔叔", gender="male", birth_date=date(1935, 1, 1))
    grandfather = kinship_services.person_upsert(name="祖父", gender="male", birth_date=date(1905, 1, 1))
    kinship_services.kinship_link(person=parent, relative=grandfather, kind="parent")
    kinship_services.kinship_link(person=cousin_parent, relative=grandfather, kind="parent")
    cousin = reg.people[3]
    kinship_services.kinship_link(person=cousin, relative=cousin_parent, kind="parent")

    before = _roles()
    for person, code in ((chair, "supervision_incompatible_role"), (sibling, "supervision_relative")):
        with pytest.raises(ValidationFailed) as refused:
            services.village_role_assign(
                village=reg.village, person=person, kind=VillageRoleKind.SUPERVISION, started_on=START
            )
        assert refused.value.code == code
    assert _roles() == before
    # A cousin is not a 近亲属 (民法典 art. 1045): allowed under the default predicate …
    services.village_role_assign(
        village=reg.village, person=cousin, kind=VillageRoleKind.SUPERVISION, started_on=START
    )
    # … and the chair's sister cannot now join the committee while the rule is in force the other way.
    newcomer = reg.people[5]
    kinship_services.kinship_link(person=newcomer, relative=cousin_parent, kind="parent")  # cousin's sibling
    before = _roles()
    with pytest.raises(ValidationFailed) as refused:
        services.village_role_assign(
            village=reg.village, person=newcomer, kind=VillageRoleKind.VILLAGE_COMMITTEE, started_on=START
        )
    assert refused.value.code == "supervision_relative"
    assert _roles() == before


def test_the_supervision_predicate_is_a_setting(register, settings):
    settings.GONGZHI = {**settings.GONGZHI, "SUPERVISION_COMMITTEE_PREDICATE": "recusal_relative"}
    reg = register
    chair = reg.committee[0]
    grandfather = kinship_services.person_upsert(name="祖父", gender="male", birth_date=date(1905, 1, 1))
    parent = kinship_services.person_upsert(name="父", gender="male", birth_date=date(1930, 1, 1))
    uncle = kinship_services.person_upsert(name="叔", gender="male", birth_date=date(1932, 1, 1))
    kinship_services.kinship_link(person=chair, relative=parent, kind="parent")
    for child in (parent, uncle):
        kinship_services.kinship_link(person=child, relative=grandfather, kind="parent")
    cousin = reg.people[3]
    kinship_services.kinship_link(person=cousin, relative=uncle, kind="parent")
    with pytest.raises(ValidationFailed) as refused:
        services.village_role_assign(
            village=reg.village, person=cousin, kind=VillageRoleKind.SUPERVISION, started_on=START
        )
    assert refused.value.code == "supervision_relative" and "堂/表兄弟姐妹" in refused.value.message_zh


def test_roles_end_with_a_reason_and_stay_on_record(register):
    reg = register
    role = VillageRole.objects.get(village=reg.village, person=reg.representatives[0], kind="representative")
    ended = services.village_role_end(
        role=role, ended_on=date(2026, 6, 1), reason="连续三次无故缺席，选区罢免"
    )
    assert not ended.is_active and ended.end_reason.startswith("连续三次")
    with pytest.raises(InvalidState):
        services.village_role_end(role=role, ended_on=date(2026, 6, 2), reason="again")
    # The household may now elect another representative.
    services.village_role_assign(
        village=reg.village,
        person=reg.people[1],
        kind=VillageRoleKind.REPRESENTATIVE,
        started_on=date(2026, 6, 2),
    )
    assert selectors.representatives_check(village=reg.village).representatives == 30
