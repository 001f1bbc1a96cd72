"""Deliberation teams, the expert pool, declarations of interest, tenders and bidders.

Conflict of interest (the 夏履 admission rule, domain-rules §5.4): with the matter's
``exclusion_predicate`` (default ``recusal_relative``: spouse, lineal, collateral within three
generations, close in-laws):

1. a person related to a registered bidder — or behind a bid themselves — cannot join the team:
   forming the team or adding the member is refused, changing nothing;
2. a bidder registered after the team was formed excludes every active member related to one of
   the people behind it, automatically, with the bidder, the person and the relation on record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gongzhi.core.i18n import zh
from gongzhi.deliberation import events
from gongzhi.deliberation.enums import (
    BidderRole,
    ExpertField,
    MatterStatus,
    MemberBasis,
    MemberStatus,
    StepStatus,
    TenderStatus,
    VillageRoleKind,
)
from gongzhi.deliberation.models import (
    Bidder,
    BidderPerson,
    Expert,
    InterestDeclaration,
    Matter,
    Team,
    TeamMember,
    Tender,
    VillageRole,
)
from gongzhi.deliberation.services._common import invalid, lock_matter, state
from gongzhi.kinship import selectors as kinship_selectors
from gongzhi.kinship.models import Person
from gongzhi.org.enums import RegionLevel
from gongzhi.org.models import Region, User

_BASIS_ROLE: dict[str, str] = {
    MemberBasis.VILLAGE_COMMITTEE: VillageRoleKind.VILLAGE_COMMITTEE,
    MemberBasis.PARTY_COMMITTEE: VillageRoleKind.PARTY_COMMITTEE,
    MemberBasis.SUPERVISION: VillageRoleKind.SUPERVISION,
    MemberBasis.REPRESENTATIVE: VillageRoleKind.REPRESENTATIVE,
    MemberBasis.PARTY_MEMBER: VillageRoleKind.PARTY_MEMBER,
    MemberBasis.COMMUNITY_POLICE: VillageRoleKind.COMMUNITY_POLICE,
}


@dataclass(frozen=True)
class MemberSpec:
    person: Person
    basis: str
    reason: str
    expert: Expert | None = None


@dataclass
class BidderRegistration:
    bidder: Bidder
    excluded: list[TeamMember] = field(default_factory=list)


def _user(actor: User | None) -> User | None:
    return actor if actor is not None and actor.pk else None


# --- expert pool ---------------------------------------------------------------------------------


@transaction.atomic
def expert_register(
    *,
    person: Person,
    field: str,
    region: Region,
    organisation: str = "",
    title: str = "",
    actor: User | None = None,
) -> Expert:
    """Add a person to a town's or village's expert pool (again: reactivate)."""
    if field not in ExpertField.values:
        raise invalid("unknown_expert_field", f"未知的专家领域：{field}", f"unknown field {field}")
    if region.level not in (RegionLevel.TOWN, RegionLevel.VILLAGE):
        raise invalid("expert_pool_level", "专家库按镇街或村社设立", "a pool belongs to a town or a village")
    expert, created = Expert.objects.update_or_create(
        person=person,
        field=field,
        region=region,
        defaults={"organisation": organisation.strip(), "title": title.strip(), "is_active": True},
    )
    events.catalogue_event(
        obj=expert,
        kind="expert",
        action="create" if created else "update",
        actor=actor,
        after={
            "person": person.pk,
            "field": field,
            "region": region.code,
            "organisation": expert.organisation,
        },
    )
    return expert


# --- teams ---------------------------------------------------------------------------------------


def _bidder_people(matter: Matter) -> list[Person]:
    return [
        bp.person
        for bp in BidderPerson.objects.filter(bidder__tender__matter=matter).select_related(
            "person", "bidder"
        )
    ]


def _check_member(matter: Matter, spec: MemberSpec) -> None:
    if not spec.reason.strip():
        raise invalid(
            "member_reason_required",
            f"请说明{spec.person.name}入选议事团的理由",
            "give the reason for each member",
        )
    if spec.basis not in MemberBasis.values:
        raise invalid("unknown_basis", f"未知的入选依据：{spec.basis}", f"unknown basis {spec.basis}")
    role = _BASIS_ROLE.get(spec.basis)
    if role is not None:
        if not VillageRole.objects.filter(
            village=matter.village, person=spec.person, kind=role, is_active=True
        ).exists():
            raise invalid(
                "member_role_missing",
                f"{spec.person.name}不是本村{zh(VillageRoleKind(role).label)}",
                "the person does not hold the role the basis names",
                person=spec.person.pk,
                basis=spec.basis,
            )
    elif spec.basis == MemberBasis.EXPERT:
        expert = spec.expert
        if expert is None or expert.person_id != spec.person.pk or not expert.is_active:
            raise invalid(
                "expert_required", f"{spec.person.name}不在专家库中", "the person is not in the expert pool"
            )
        if expert.region_id not in (matter.village_id, matter.village.parent_id):
            raise invalid(
                "expert_out_of_pool", "该专家不属于本村或本镇专家库", "the expert belongs to another pool"
            )
        if expert.field not in (matter.matter_type.expert_fields or []):
            raise invalid(
                "expert_field_mismatch",
                f"{matter.matter_type.name}不需要{zh(expert.get_field_display())}专家",
                "the expert's field does not match the matter type",
                field=expert.field,
                wanted=list(matter.matter_type.expert_fields or []),
            )
    elif spec.basis == MemberBasis.VILLAGER and spec.person.region_id != matter.village_id:
        raise invalid(
            "not_registered", f"{spec.person.name}不是本村村民", "the person is not a villager here"
        )


def _refuse_conflicts(matter: Matter, people: Sequence[Person]) -> None:
    bidders = _bidder_people(matter)
    if not bidders:
        return
    conflicts = kinship_selectors.conflicted_people(
        people=people, against=bidders, predicate=matter.exclusion_predicate
    )
    if conflicts:
        named = "；".join(
            f"{member.name}与投标关联人{other.name}为{kinship_selectors.relation_label(relation)}"
            for member, other, relation in conflicts
        )
        raise invalid(
            "member_related_to_bidder",
            f"议事团成员不得与投标人有利害关系：{named}",
            "a team member may not be related to a bidder",
            conflicts=[{"member": m.pk, "other": o.pk, "relation": r} for m, o, r in conflicts],
            predicate=matter.exclusion_predicate,
        )


@transaction.atomic
def team_form(
    *, matter: Matter, members: Sequence[MemberSpec], formed_on: date, actor: User | None = None
) -> Team:
    """Form the matter's team: base members from the village's roles, experts matched to the type."""
    matter = lock_matter(matter)
    if matter.status not in (MatterStatus.OPEN, MatterStatus.DECIDED):
        raise state("matter_closed", "该事项已结束议事", "the matter is no longer under deliberation")
    if Team.objects.filter(matter=matter).exists():
        raise state("team_exists", "该事项已组建议事团", "the matter already has a team")
    if not members:
        raise invalid("team_empty", "议事团至少需要一名成员", "a team needs members")
    ids = [spec.person.pk for spec in members]
    if len(set(ids)) != len(ids):
        raise invalid("member_duplicate", "议事团成员有重复", "a person is listed twice")
    for spec in members:
        _check_member(matter, spec)
    _refuse_conflicts(matter, [spec.person for spec in members])
    team = Team.objects.create(
        matter=matter, formed_on=formed_on, predicate=matter.exclusion_predicate, formed_by=_user(actor)
    )
    TeamMember.objects.bulk_create(
        TeamMember(team=team, person=s.person, basis=s.basis, reason=s.reason.strip(), expert=s.expert)
        for s in members
    )
    events.matter_event(
        matter=matter,
        action="team.form",
        actor=actor,
        after={
            "formed_on": formed_on,
            "predicate": team.predicate,
            "members": [
                {"person": s.person.pk, "basis": s.basis, "reason": s.reason.strip()} for s in members
            ],
        },
    )
    return team


@transaction.atomic
def team_member_add(*, team: Team, member: MemberSpec, actor: User | None = None) -> TeamMember:
    matter = lock_matter(team.matter)
    if matter.status not in (MatterStatus.OPEN, MatterStatus.DECIDED):
        raise state("matter_closed", "该事项已结束议事", "the matter is no longer under deliberation")
    if team.members.filter(person=member.person).exists():
        raise state("member_exists", f"{member.person.name}已在议事团中", "already on the team")
    _check_member(matter, member)
    _refuse_conflicts(matter, [member.person])
    created = TeamMember.objects.create(
        team=team,
        person=member.person,
        basis=member.basis,
        reason=member.reason.strip(),
        expert=member.expert,
    )
    events.matter_event(
        matter=matter,
        action="team.member_add",
        actor=actor,
        after={"person": member.person.pk, "basis": member.basis, "reason": created.reason},
    )
    return created


def _set_member_status(member: TeamMember, status: str, reason: str) -> None:
    member.status = status
    member.status_reason = reason
    member.status_changed_at = timezone.now()


@transaction.atomic
def team_member_withdraw(*, member: TeamMember, reason: str, actor: User | None = None) -> TeamMember:
    matter = lock_matter(member.team.matter)
    current = TeamMember.objects.get(pk=member.pk)
    if current.status != MemberStatus.ACTIVE:
        raise state("member_inactive", "该成员已不在议事团中", "the member is no longer active")
    if not reason.strip():
        raise invalid("reason_required", "须说明理由", "a reason is required", field="reason")
    _set_member_status(current, MemberStatus.WITHDRAWN, reason.strip())
    current.save(update_fields=["status", "status_reason", "status_changed_at", "updated_at"])
    events.matter_event(
        matter=matter,
        action="team.member_withdraw",
        actor=actor,
        after={"person": current.person_id},
        reason=reason,
    )
    return current


@transaction.atomic
def interest_declare(
    *,
    member: TeamMember,
    statement: str,
    declared_on: date,
    related_person: Person | None = None,
    recuses: bool = False,
    actor: User | None = None,
) -> InterestDeclaration:
    """Record a member's declaration of interest; a member who recuses leaves the team with it."""
    matter = lock_matter(member.team.matter)
    current = TeamMember.objects.get(pk=member.pk)
    if not statement.strip():
        raise invalid("statement_required", "请填写申报内容", "a statement is required", field="statement")
    declaration = InterestDeclaration.objects.create(
        member=current,
        statement=statement.strip(),
        related_person=related_person,
        recuses=recuses,
        declared_on=declared_on,
        recorded_by=_user(actor),
    )
    if recuses and current.status == MemberStatus.ACTIVE:
        _set_member_status(current, MemberStatus.WITHDRAWN, f"本人申报回避：{statement.strip()}")
        current.save(update_fields=["status", "status_reason", "status_changed_at", "updated_at"])
    events.matter_event(
        matter=matter,
        action="team.interest_declare",
        actor=actor,
        after={
            "person": current.person_id,
            "related_person": related_person.pk if related_person else None,
            "recuses": recuses,
        },
        reason=statement.strip(),
    )
    return declaration


# --- tenders -------------------------------------------------------------------------------------


@transaction.atomic
def tender_open(
    *, matter: Matter, title: str, opened_on: date, budget: Decimal | None = None, actor: User | None = None
) -> Tender:
    matter = lock_matter(matter)
    if not matter.involves_tender:
        raise state("no_tender", f"{matter.matter_type.name}不涉及招投标", "this matter type has no tender")
    if matter.status not in (MatterStatus.OPEN, MatterStatus.DECIDED):
        raise state("matter_closed", "该事项已结束议事", "the matter is no longer under deliberation")
    if Tender.objects.filter(matter=matter).exists():
        raise state("tender_exists", "该事项已发起招标", "the matter already has a tender")
    if not title.strip():
        raise invalid("title_required", "请填写招标名称", "a title is required", field="title")
    tender = Tender.objects.create(matter=matter, title=title.strip(), budget=budget, opened_on=opened_on)
    events.matter_event(
        matter=matter, action="tender.open", actor=actor, after={"title": tender.title, "budget": budget}
    )
    return tender


@transaction.atomic
def bidder_register(
    *,
    tender: Tender,
    name: str,
    people: Sequence[tuple[Person, str]],
    registered_on: date,
    bid_amount: Decimal | None = None,
    credit_code: str = "",
    actor: User | None = None,
) -> BidderRegistration:
    """Register a bidder and the people behind it; related team members are excluded at once."""
    matter = lock_matter(tender.matter)
    tender = Tender.objects.get(pk=tender.pk)
    if tender.status != TenderStatus.OPEN:
        raise state("tender_closed", "招标已结束报名", "the tender is closed")
    if not name.strip():
        raise invalid("name_required", "请填写投标人名称", "a bidder name is required", field="name")
    if not people:
        raise invalid(
            "bidder_people_required",
            "须登记投标人背后的自然人（个人、法定代表人、股东等）",
            "register the natural persons behind the bid",
        )
    if any(role not in BidderRole.values for _, role in people):
        raise invalid("unknown_bidder_role", "未知的投标关联人身份", "unknown role")
    if tender.bidders.filter(name=name.strip()).exists():
        raise state("bidder_exists", f"{name.strip()}已报名", "this bidder is already registered")
    bidder = Bidder.objects.create(
        tender=tender,
        name=name.strip(),
        credit_code=credit_code.strip(),
        bid_amount=bid_amount,
        registered_on=registered_on,
    )
    BidderPerson.objects.bulk_create(
        BidderPerson(bidder=bidder, person=person, role=role) for person, role in dict.fromkeys(people)
    )
    events.matter_event(
        matter=matter,
        action="tender.bidder_register",
        actor=actor,
        after={"bidder": bidder.pk, "name": bidder.name, "people": [[p.pk, r] for p, r in people]},
    )
    registration = BidderRegistration(bidder=bidder)
    team = Team.objects.filter(matter=matter).first()
    if team is None:
        return registration
    active = list(team.members.filter(status=MemberStatus.ACTIVE).select_related("person"))
    by_person = {m.person_id: m for m in active}
    conflicts = kinship_selectors.conflicted_people(
        people=[m.person for m in active],
        against=[p for p, _ in people],
        predicate=matter.exclusion_predicate,
    )
    for person, other, relation in conflicts:
        member = by_person[person.pk]
        if member.status != MemberStatus.ACTIVE:
            continue  # already excluded through another person behind this bid
        label = kinship_selectors.relation_label(relation)
        reason = (
            f"投标人“{bidder.name}”的关联人{other.name}是{person.name}的{label}，"
            f"依{zh(team.get_predicate_display())}自动回避"
        )
        _set_member_status(member, MemberStatus.EXCLUDED, reason)
        member.conflict_bidder = bidder
        member.conflict_person = other
        member.conflict_relation = relation
        member.save(
            update_fields=[
                "status",
                "status_reason",
                "status_changed_at",
                "conflict_bidder",
                "conflict_person",
                "conflict_relation",
                "updated_at",
            ]
        )
        registration.excluded.append(member)
        events.matter_event(
            matter=matter,
            action="team.member_exclude",
            actor=actor,
            after={"person": person.pk, "bidder": bidder.pk, "related": other.pk, "relation": relation},
            reason=reason,
        )
    return registration


@transaction.atomic
def tender_award(
    *,
    tender: Tender,
    bidder: Bidder,
    awarded_on: date,
    amount: Decimal | None = None,
    note: str = "",
    actor: User | None = None,
) -> Tender:
    """Award the tender; only after the deciding step passed (the award carries out the decision)."""
    matter = lock_matter(tender.matter)
    tender = Tender.objects.get(pk=tender.pk)
    if tender.status != TenderStatus.OPEN:
        raise state("tender_closed", "招标已结束", "the tender is closed")
    if bidder.tender_id != tender.pk:
        raise invalid("bidder_elsewhere", "该投标人不属于本次招标", "the bidder belongs to another tender")
    decision = matter.steps.filter(is_decision=True).first()
    if decision is None or decision.status != StepStatus.PASSED:
        raise state("not_decided", "村民代表会议/村民会议决议前不能定标", "award only after the decision")
    if decision.passed_on is not None and awarded_on < decision.passed_on:
        raise invalid("award_before_decision", "定标日期早于决议日期", "the award precedes the decision")
    tender.status = TenderStatus.AWARDED
    tender.awarded_bidder = bidder
    tender.awarded_amount = amount if amount is not None else bidder.bid_amount
    tender.awarded_on = awarded_on
    tender.award_note = note.strip()
    tender.save(
        update_fields=["status", "awarded_bidder", "awarded_amount", "awarded_on", "award_note", "updated_at"]
    )
    events.matter_event(
        matter=matter,
        action="tender.award",
        actor=actor,
        after={
            "bidder": bidder.pk,
            "name": bidder.name,
            "amount": tender.awarded_amount,
            "awarded_on": awarded_on,
        },
    )
    return tender
