"""The mediation cast: 王化村's committee and its chair, 平水镇's committee (hosted by the 司法所),
the district committee, and parties with resident ID numbers in the kinship register."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gongzhi.cases import services as case_services
from gongzhi.cases.models import Case
from gongzhi.core.ids import resident_id_check_char
from gongzhi.kinship import services as kinship_services
from gongzhi.mediation import services
from gongzhi.mediation.enums import MemberPosition
from gongzhi.mediation.models import DisputeType, MediationOrganisation, Mediator
from gongzhi.org import selectors as org_selectors
from gongzhi.org.enums import RegionLevel, Role
from gongzhi.org.models import User
from tests.conftest import PINGSHUI, WANGHUA, MakeStaff, any_category, region


def make_id(birth: str, serial: int) -> str:
    """A resident ID number that passes GB 11643 (serial odd: a man; even: a woman)."""
    first17 = f"330621{birth}{serial:03d}"
    return first17 + resident_id_check_char(first17)


@pytest.fixture
def mediation_loaded(db: None) -> None:
    services.dispute_types_load_defaults()
    services.organisations_load_defaults()


def organisation(code: str) -> MediationOrganisation:
    return MediationOrganisation.objects.get(code=code)


def village_committee() -> MediationOrganisation:
    return organisation(f"{WANGHUA}-mediation")


def town_committee() -> MediationOrganisation:
    return organisation(f"{PINGSHUI}-mediation")


def district_committee() -> MediationOrganisation:
    return organisation("330603000000-mediation")


def dispute_type(name: str) -> DisputeType:
    return DisputeType.objects.get(name=name)


def register(
    *,
    name: str,
    org: MediationOrganisation,
    id_number: str = "",
    gender: str = "male",
    position: str = MemberPosition.MEMBER,
    languages: tuple[str, ...] = ("zh",),
    specialities: tuple[str, ...] = (),
    nationality: str = "中国",
    user: User | None = None,
    **extra: Any,
) -> Mediator:
    return services.mediator_register(
        actor=None,
        name=name,
        id_number=id_number,
        gender=gender,
        home_region=org.region,
        languages=languages,
        specialities=[dispute_type(s) for s in specialities],
        nationality=nationality,
        organisation=org,
        position=position,
        user=user,
        **extra,
    )


@pytest.fixture
def village_chair(mediation_loaded: None, make_staff: MakeStaff) -> User:
    """王化村调委会主任: chairs the committee, signs for and answers the committee's cases."""
    org = village_committee()
    assert org.unit is not None
    user = make_staff(org.unit, Role.UNIT_HEAD, Role.LIAISON, Role.HANDLER, name="王调解")
    register(
        name="王调解",
        org=org,
        id_number=make_id("19700305", 111),
        position=MemberPosition.CHAIR,
        specialities=("邻里纠纷", "婚姻家庭"),
        user=user,
    )
    return user


@pytest.fixture
def village_members(mediation_loaded: None) -> list[Mediator]:
    org = village_committee()
    return [
        register(
            name="李秀英",
            org=org,
            id_number=make_id("19750812", 222),
            gender="female",
            specialities=("邻里纠纷",),
        ),
        register(
            name="赵建国", org=org, id_number=make_id("19680101", 333), specialities=("土地承包/山林权属",)
        ),
    ]


@pytest.fixture
def town_mediator_user(mediation_loaded: None, make_staff: MakeStaff) -> User:
    """平水镇司法所 mediator who also handles cases at the town centre."""
    org = town_committee()
    assert org.host_unit is not None
    user = make_staff(org.host_unit, Role.LIAISON, Role.HANDLER, Role.MEDIATOR, name="镇调解员")
    town_centre = org_selectors.centre_for_region(region=region(PINGSHUI))
    assert town_centre is not None
    for role in (Role.LIAISON, Role.HANDLER):
        from gongzhi.org import services as org_services

        org_services.membership_grant(user=user, unit=town_centre, role=role)
    register(
        name="孙镇调",
        org=org,
        id_number=make_id("19720909", 555),
        position=MemberPosition.CHAIR,
        specialities=("邻里纠纷",),
        user=user,
    )
    return user


@pytest.fixture
def district_mediator_user(mediation_loaded: None, make_staff: MakeStaff) -> User:
    org = district_committee()
    assert org.host_unit is not None
    user = make_staff(org.host_unit, Role.LIAISON, Role.HANDLER, Role.MEDIATOR, name="区调解员")
    district_centre = org_selectors.centre_at_level(region=region(WANGHUA), level=RegionLevel.DISTRICT)
    assert district_centre is not None
    from gongzhi.org import services as org_services

    for role in (Role.LIAISON, Role.HANDLER, Role.DISPATCHER):
        org_services.membership_grant(user=user, unit=district_centre, role=role)
    register(
        name="钱金牌",
        org=org,
        id_number=make_id("19660606", 777),
        position=MemberPosition.CHAIR,
        specialities=("邻里纠纷",),
        user=user,
    )
    return user


APPLICANT_ID = make_id("19800101", 123)
RESPONDENT_ID = make_id("19820202", 245)


def dispute_case(clerk: User, **overrides: Any) -> Case:
    """A neighbours' dispute registered and accepted (not dispatched) at 王化村's window."""
    values: dict[str, Any] = {
        "actor": clerk,
        "channel": "visit",
        "kind": "dispute",
        "subject": "邻居房屋滴水引发纠纷",
        "description": "邻居家新建房屋的屋檐滴水落到我家院子里，双方为通道和滴水多次争吵。",
        "region": region(WANGHUA),
        "category": any_category("仲裁与调解"),
        "reporter_name": "张大山",
        "reporter_phone": "13905751234",
        "parties": [
            case_services.PartyInput(
                name="张大山",
                role="申请人",
                id_number=APPLICANT_ID,
                phone="13905751234",
                address="平水镇王化村12号",
            ),
            case_services.PartyInput(
                name="陈小河",
                role="被申请人",
                id_number=RESPONDENT_ID,
                phone="13905755678",
                address="平水镇王化村14号",
            ),
        ],
    }
    values.update(overrides)
    case = case_services.case_intake(**values)
    return case_services.case_accept(actor=clerk, case_id=case.pk, dispatch=False)


def relatives(child_id: str, parent_id: str, *, child: str, parent: str) -> None:
    """Record in the kinship register that ``parent`` is ``child``'s parent."""
    child_person = kinship_services.person_upsert(name=child, id_number=child_id)
    parent_person = kinship_services.person_upsert(name=parent, id_number=parent_id)
    kinship_services.kinship_link(person=child_person, relative=parent_person, kind="parent")


TODAY = date(2026, 11, 30)
