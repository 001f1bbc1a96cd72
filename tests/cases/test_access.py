"""Scope (issue 2 §2): nobody sees or touches what is not theirs."""

from __future__ import annotations

import pytest

from gongzhi.cases import access, selectors, services
from gongzhi.cases.models import Case
from gongzhi.core.errors import NotFound
from gongzhi.org.enums import Role
from tests.cases.helpers import accepted, intake, reload
from tests.conftest import WANGHUA, WANGTAN, ZHUJIA, centre, district_unit, region

pytestmark = pytest.mark.django_db


def visible_ids(user):
    return set(access.case_queryset_for_user(user).values_list("pk", flat=True))


def test_village_clerk_neither_sees_nor_changes_another_villages_case(village_clerk, stranger_clerk):
    wanghua_case = intake(village_clerk)
    zhujia_case = intake(stranger_clerk, region=region(ZHUJIA))

    assert visible_ids(village_clerk) == {wanghua_case.pk}
    assert visible_ids(stranger_clerk) == {zhujia_case.pk}
    with pytest.raises(NotFound):
        access.case_get_for_user(stranger_clerk, wanghua_case.pk)
    with pytest.raises(NotFound):
        services.case_not_accept(actor=stranger_clerk, case_id=wanghua_case.pk, reason="不是我们村的")
    assert reload(wanghua_case).status == "registered"
    assert selectors.case_list_for_user(user=stranger_clerk).filter(pk=wanghua_case.pk).count() == 0


def test_town_centre_sees_its_villages_and_not_another_town(
    village_clerk, stranger_clerk, town_dispatcher, make_staff
):
    own = {intake(village_clerk).pk, intake(stranger_clerk, region=region(ZHUJIA)).pk}
    wangtan_clerk = make_staff(centre(WANGTAN), Role.INTAKE_CLERK)
    other_town = intake(wangtan_clerk, region=region(WANGTAN))
    assert visible_ids(town_dispatcher) == own
    assert other_town.pk not in visible_ids(town_dispatcher)


def test_district_centre_sees_everything(village_clerk, district_supervisor, make_staff):
    case = intake(village_clerk)
    assert case.pk in visible_ids(district_supervisor)


def test_department_sees_only_cases_assigned_to_it(town_dispatcher, housing_liaison, market_liaison):
    housing_case = accepted(town_dispatcher, unit=district_unit("housing"))
    accepted(town_dispatcher, unit=district_unit("market"))
    assert visible_ids(housing_liaison) == {housing_case.pk}
    assert housing_case.pk not in visible_ids(market_liaison)


def test_accusation_is_never_visible_to_the_accused_unit(
    town_dispatcher, housing_liaison, housing_head, district_supervisor
):
    case = accepted(
        town_dispatcher,
        unit=centre("330603000000"),
        kind="petition",
        petition_class="accusation",
        subject="检举某科室违规收费",
        accused_unit=district_unit("housing"),
    )
    assert case.pk not in visible_ids(housing_liaison)
    assert case.pk not in visible_ids(housing_head)
    assert case.pk in visible_ids(district_supervisor)


def test_citizen_sees_only_their_own_cases(village_clerk, petitioner):
    mine = intake(village_clerk, reporter=petitioner)
    intake(village_clerk)
    assert visible_ids(petitioner) == {mine.pk}


def test_tracking_lookup_needs_the_phone_tail(village_clerk):
    case = intake(village_clerk)
    assert access.case_get_by_tracking(case.tracking_code.lower(), "1234") == case
    for tail in ("", "123", "9999"):
        with pytest.raises(NotFound):
            access.case_get_by_tracking(case.tracking_code, tail)


def test_stranger_sees_nothing(db, make_staff, village_clerk):
    intake(village_clerk)
    from gongzhi.org.models import User

    nobody = User.objects.create_user(username="nobody", password="x" * 12)
    assert visible_ids(nobody) == set()
    assert Case.objects.count() == 1


def test_administrator_sees_all(village_clerk, stranger_clerk, db):
    from gongzhi.org.models import User

    intake(village_clerk)
    intake(stranger_clerk, region=region(ZHUJIA))
    admin = User.objects.create_superuser(username="root", password="x" * 12)
    assert len(visible_ids(admin)) == 2
    assert centre(WANGHUA) is not None
