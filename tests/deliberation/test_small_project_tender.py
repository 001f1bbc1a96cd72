"""A small-project tender (小微工程招标) from proposal to the published result, with the automatic
exclusion of a team member whose brother-in-law bids."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from gongzhi.core.errors import InvalidState, ValidationFailed
from gongzhi.deliberation import selectors, services
from gongzhi.deliberation.enums import MatterStatus, MemberBasis, MemberStatus, SessionOutcome
from gongzhi.deliberation.models import Team
from gongzhi.deliberation.services import MemberSpec
from gongzhi.kinship import services as kinship_services
from gongzhi.kinship.models import Person
from tests.conftest import region
from tests.deliberation.helpers import XIALU, at, pass_meeting, snapshot

pytestmark = pytest.mark.django_db


def in_law_family(reg):
    """王建国 sits on the village committee; his wife 陈美's brother 陈刚 runs a building firm."""
    wang = reg.committee[0]
    chen_father = kinship_services.person_upsert(name="陈父", gender="male", birth_date=date(1940, 1, 1))
    chen_mei = kinship_services.person_upsert(name="陈美", gender="female", birth_date=date(1968, 3, 3))
    chen_gang = kinship_services.person_upsert(name="陈刚", gender="male", birth_date=date(1970, 6, 6))
    kinship_services.kinship_link(person=chen_mei, relative=chen_father, kind="parent")
    kinship_services.kinship_link(person=chen_gang, relative=chen_father, kind="parent")
    kinship_services.kinship_link(person=wang, relative=chen_mei, kind="spouse")
    return wang, chen_gang


@pytest.fixture
def engineer(catalogue) -> services.MemberSpec:
    person = kinship_services.person_upsert(name="工程师俞工", gender="male", birth_date=date(1975, 2, 2))
    expert = services.expert_register(
        person=person, field="engineering", region=region(XIALU), organisation="柯桥区建设工程质量站"
    )
    return MemberSpec(
        person=person, basis=MemberBasis.EXPERT, reason="工程专家：审核预算和施工方案", expert=expert
    )


def form_team(matter, reg, engineer, *extra):
    members = [
        MemberSpec(
            person=reg.committee[0], basis=MemberBasis.VILLAGE_COMMITTEE, reason="村委会委员，分管村建"
        ),
        MemberSpec(person=reg.committee[1], basis=MemberBasis.VILLAGE_COMMITTEE, reason="村委会主任"),
        MemberSpec(
            person=reg.representatives[0], basis=MemberBasis.REPRESENTATIVE, reason="受益片区村民代表"
        ),
        MemberSpec(
            person=reg.representatives[1], basis=MemberBasis.REPRESENTATIVE, reason="受益片区村民代表"
        ),
        MemberSpec(person=reg.police, basis=MemberBasis.COMMUNITY_POLICE, reason="社区民警，维护秩序"),
        engineer,
        *extra,
    ]
    return services.team_form(matter=matter, members=members, formed_on=date(2026, 4, 1))


def test_small_project_tender_from_proposal_to_published_result(register, engineer, clock):
    clock.move_to(at(date(2026, 4, 1), 9))
    reg = register
    wang, chen_gang = in_law_family(reg)
    village = reg.village
    road = selectors.matter_type_get(region=village, code="small_project_tender")
    matter = services.matter_propose(
        village=village,
        matter_type=road,
        title="联华村村道硬化工程",
        proposed_on=date(2026, 4, 1),
        budget=Decimal("380000"),
    )
    assert [s.name for s in matter.steps.order_by("order")] == [
        "村党组织提议",
        "村两委会议商议",
        "党员大会审议",
        "村民代表会议决议",
        "决议公开",
        "实施结果公开",
    ]
    team = form_team(matter, reg, engineer)
    assert team.members.count() == 6 and team.predicate == "recusal_relative"

    # 四议: each meeting passes in order.
    pass_meeting(matter, 1, reg, date(2026, 4, 2))
    pass_meeting(matter, 2, reg, date(2026, 4, 3))
    pass_meeting(matter, 3, reg, date(2026, 4, 7))
    decision = pass_meeting(matter, 4, reg, date(2026, 4, 10), votes_for=30, votes_against=3, abstentions=2)
    assert decision.outcome == SessionOutcome.PASSED
    matter.refresh_from_db()
    assert matter.status == MatterStatus.DECIDED and matter.decided_on == date(2026, 4, 10)

    # The tender opens; 陈刚's firm registers: 王建国 (his brother-in-law) is excluded at once.
    tender = services.tender_open(matter=matter, title="村道硬化工程施工", opened_on=date(2026, 4, 11))
    registration = services.bidder_register(
        tender=tender,
        name="绍兴陈氏建筑有限公司",
        people=[(chen_gang, "legal_representative")],
        registered_on=date(2026, 4, 12),
        bid_amount=Decimal("352000"),
    )
    assert [m.person_id for m in registration.excluded] == [wang.pk]
    member = team.members.get(person=wang)
    assert member.status == MemberStatus.EXCLUDED
    assert member.conflict_relation == "spouse_sibling"
    assert member.conflict_person_id == chen_gang.pk and member.conflict_bidder_id == registration.bidder.pk
    assert "陈刚" in member.status_reason and "配偶的兄弟姐妹" in member.status_reason
    other_bidder = services.bidder_register(
        tender=tender,
        name="柯桥路桥工程队",
        people=[(kinship_services.person_upsert(name="外村老板", gender="male"), "individual")],
        registered_on=date(2026, 4, 12),
        bid_amount=Decimal("361000"),
    )
    assert other_bidder.excluded == []
    assert team.members.filter(status=MemberStatus.ACTIVE).count() == 5

    # 决议公开, an objection answered within its 15 days, the award, 实施结果公开.
    with time_machine.travel(at(date(2026, 4, 13), 9), tick=False):
        published = services.publication_publish(
            step=matter.steps.get(order=5),
            title="关于村道硬化工程的决议公告",
            content="经村民代表会议表决通过，实施村道硬化工程，预算38万元。",
            published_on=date(2026, 4, 13),
        )
        assert published.ends_on == date(2026, 4, 20)
        objection = services.objection_raise(
            publication=published, name="村民老李", content="施工期间能否保障通行？"
        )
        assert objection.due_at.isoformat().startswith("2026-04-28T23:59:59")
        services.objection_answer(objection=objection, answer="分段施工，保留单侧通行。")
    with pytest.raises(InvalidState):
        services.publication_publish(
            step=matter.steps.get(order=6), title="结果", content="已完工", published_on=date(2026, 5, 30)
        )  # not awarded yet
    clock.move_to(at(date(2026, 6, 30), 9))  # the timeline below is in the order of the story
    services.tender_award(tender=tender, bidder=registration.bidder, awarded_on=date(2026, 4, 22))
    result = services.publication_publish(
        step=matter.steps.get(order=6),
        title="村道硬化工程实施结果公开",
        content="工程由绍兴陈氏建筑有限公司承建，已通过验收，决算35.2万元。",
        published_on=date(2026, 6, 30),
    )
    matter.refresh_from_db()
    assert matter.status == MatterStatus.COMPLETED and matter.completed_on == date(2026, 6, 30)
    assert [p.pk for p in selectors.publication_list_public(village=village)] == [result.pk, published.pk]
    actions = [e.action for e in selectors.matter_timeline(matter=matter)]
    assert actions.count("deliberation.session.record") == 4
    assert "deliberation.team.member_exclude" in actions
    assert actions[-1] == "deliberation.publication.publish"


def test_a_member_related_to_a_registered_bidder_cannot_join_the_team(register, engineer):
    reg = register
    wang, chen_gang = in_law_family(reg)
    matter = services.matter_propose(
        village=reg.village,
        matter_type=selectors.matter_type_get(region=reg.village, code="small_project_tender"),
        title="文化礼堂修缮",
        proposed_on=date(2026, 4, 1),
    )
    tender = services.tender_open(matter=matter, title="文化礼堂修缮施工", opened_on=date(2026, 4, 1))
    services.bidder_register(
        tender=tender, name="陈氏建筑", people=[(chen_gang, "shareholder")], registered_on=date(2026, 4, 1)
    )
    before = snapshot(matter)
    with pytest.raises(ValidationFailed) as refused:
        form_team(matter, reg, engineer)
    assert refused.value.code == "member_related_to_bidder"
    assert wang.name in refused.value.message_zh and "陈刚" in refused.value.message_zh
    assert snapshot(matter) == before
    assert not Team.objects.filter(matter=matter).exists()

    # Without him the team forms; adding him afterwards is refused too.
    reg.committee[0] = reg.committee[2]
    team = form_team(matter, reg, engineer)
    before = snapshot(matter)
    with pytest.raises(ValidationFailed) as refused:
        services.team_member_add(
            team=team, member=MemberSpec(person=wang, basis=MemberBasis.VILLAGE_COMMITTEE, reason="分管村建")
        )
    assert refused.value.code == "member_related_to_bidder"
    assert snapshot(matter) == before


def test_the_bidder_himself_on_the_team_is_excluded_as_the_same_person(register, engineer):
    reg = register
    matter = services.matter_propose(
        village=reg.village,
        matter_type=selectors.matter_type_get(region=reg.village, code="small_project_tender"),
        title="河道护栏",
        proposed_on=date(2026, 4, 1),
    )
    team = form_team(matter, reg, engineer)
    rep: Person = reg.representatives[0]
    tender = services.tender_open(matter=matter, title="河道护栏", opened_on=date(2026, 4, 2))
    registration = services.bidder_register(
        tender=tender, name=f"{rep.name}个人", people=[(rep, "individual")], registered_on=date(2026, 4, 2)
    )
    assert [m.person_id for m in registration.excluded] == [rep.pk]
    assert team.members.get(person=rep).conflict_relation == "self"


def test_experts_must_match_the_matter_type(register, catalogue):
    reg = register
    lawyer = kinship_services.person_upsert(name="律师蒋律", gender="female", birth_date=date(1982, 8, 8))
    expert = services.expert_register(person=lawyer, field="law", region=region(XIALU))
    matter = services.matter_propose(
        village=reg.village,
        matter_type=selectors.matter_type_get(region=reg.village, code="small_project_tender"),
        title="村口停车场",
        proposed_on=date(2026, 4, 1),
    )
    before = snapshot(matter)
    with pytest.raises(ValidationFailed) as refused:
        services.team_form(
            matter=matter,
            members=[MemberSpec(person=lawyer, basis=MemberBasis.EXPERT, reason="法律把关", expert=expert)],
            formed_on=date(2026, 4, 1),
        )
    assert refused.value.code == "expert_field_mismatch"
    with pytest.raises(ValidationFailed) as refused:
        services.team_form(
            matter=matter,
            members=[MemberSpec(person=reg.people[-1], basis=MemberBasis.REPRESENTATIVE, reason="代表")],
            formed_on=date(2026, 4, 1),
        )
    assert refused.value.code == "member_role_missing"
    assert snapshot(matter) == before
    assert [e.person_id for e in selectors.expert_pool(village=reg.village, fields=["law"])] == [lawyer.pk]


def test_a_member_who_declares_an_interest_and_recuses_leaves_the_team(register, engineer):
    reg = register
    matter = services.matter_propose(
        village=reg.village,
        matter_type=selectors.matter_type_get(region=reg.village, code="small_project_tender"),
        title="路灯改造",
        proposed_on=date(2026, 4, 1),
    )
    team = form_team(matter, reg, engineer)
    member = team.members.get(person=reg.representatives[0])
    services.interest_declare(
        member=member, statement="本人承包了路灯维护业务", declared_on=date(2026, 4, 2), recuses=True
    )
    member.refresh_from_db()
    assert member.status == MemberStatus.WITHDRAWN and "路灯维护" in member.status_reason
    assert member.declarations.count() == 1
    # The team's meeting now expects one member fewer.
    assert (
        selectors.entitled_count(village=reg.village, membership="team", on=date(2026, 4, 3), team=team) == 5
    )


def test_the_award_waits_for_the_decision(register, engineer):
    reg = register
    matter = services.matter_propose(
        village=reg.village,
        matter_type=selectors.matter_type_get(region=reg.village, code="small_project_tender"),
        title="公厕改造",
        proposed_on=date(2026, 4, 1),
    )
    tender = services.tender_open(matter=matter, title="公厕改造", opened_on=date(2026, 4, 1))
    bid = services.bidder_register(
        tender=tender,
        name="某公司",
        people=[(kinship_services.person_upsert(name="某老板"), "legal_representative")],
        registered_on=date(2026, 4, 2),
    )
    before = snapshot(matter)
    with pytest.raises(InvalidState) as refused:
        services.tender_award(tender=tender, bidder=bid.bidder, awarded_on=date(2026, 4, 3))
    assert refused.value.code == "not_decided"
    assert snapshot(matter) == before
    tender.refresh_from_db()
    assert tender.status == "open" and tender.awarded_bidder is None
