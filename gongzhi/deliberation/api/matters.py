"""Endpoints: matters, meetings, publications, teams, tenders, objections, the public list."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Status

from gongzhi.api.principal import require_scope
from gongzhi.api.schemas import ERRORS, Code
from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.deliberation import access, selectors, services
from gongzhi.deliberation.api._common import (
    READ,
    WRITE,
    _detail,
    _matter,
    _person,
    _step,
    _step_out,
    bidder_out,
    matter_out,
    member_out,
    objection_out,
    publication_out,
    router,
)
from gongzhi.deliberation.models import (
    Expert,
    Matter,
    Publication,
)
from gongzhi.deliberation.schemas import (
    AnswerIn,
    AwardIn,
    BidderIn,
    BidderRegistrationOut,
    DeclarationIn,
    MatterDetailOut,
    MatterIn,
    MatterOut,
    MemberIn,
    MemberOut,
    ObjectionIn,
    ObjectionOut,
    PublicationIn,
    PublicationOut,
    PublicPublicationOut,
    ReasonIn,
    SessionIn,
    SessionOut,
    TeamIn,
    TenderIn,
    TimelineOut,
)
from gongzhi.org import selectors as org_selectors
from gongzhi.org.enums import RegionLevel
from gongzhi.org.models import Region, User

# --- matters -------------------------------------------------------------------------------------


@router.get("/matters", response={200: list[MatterOut], **ERRORS}, summary="matters of a town or village")
def matter_list(
    request: HttpRequest, region: Code, status: str | None = None, matter_type: str | None = None
) -> list[dict[str, Any]]:
    principal = require_scope(request, READ)
    place = access.region_get_for_user(principal.user, region)
    matters = selectors.matter_list(region=place, status=status, matter_type_code=matter_type)[:500]
    return [matter_out(m) for m in matters]


@router.post("/matters", response={201: MatterDetailOut, **ERRORS}, summary="put a matter on the table")
def matter_propose(request: HttpRequest, payload: MatterIn) -> Status[dict[str, Any]]:
    principal = require_scope(request, WRITE)
    village = access.region_get_for_user(principal.user, payload.village)
    try:
        matter_type = selectors.matter_type_get(region=village, code=payload.matter_type)
    except NotFound:
        raise ValidationFailed(
            "事项类型不存在",
            "unknown matter type",
            code="unknown_matter_type",
            detail={"field": "matter_type"},
        ) from None
    matter = services.matter_propose(
        village=village,
        matter_type=matter_type,
        title=payload.title,
        description=payload.description,
        proposed_on=payload.proposed_on,
        budget=payload.budget,
        actor=principal.user,
    )
    return Status(201, _detail(matter))


@router.get("/matters/{matter_id}", response={200: MatterDetailOut, **ERRORS}, summary="one matter in full")
def matter_get(request: HttpRequest, matter_id: int) -> dict[str, Any]:
    principal = require_scope(request, READ)
    return _detail(_matter(principal.user, matter_id))


@router.get("/matters/{matter_id}/timeline", response={200: list[TimelineOut], **ERRORS}, summary="history")
def matter_timeline(request: HttpRequest, matter_id: int) -> list[dict[str, Any]]:
    principal = require_scope(request, READ)
    events = selectors.matter_timeline(matter=_matter(principal.user, matter_id))
    return [
        {
            "id": e.pk,
            "occurred_at": e.occurred_at,
            "action": e.action,
            "actor": e.actor_label,
            "after": e.after,
        }
        | {"reason": e.reason}
        for e in events
    ]


@router.post("/matters/{matter_id}/withdraw", response={200: MatterDetailOut, **ERRORS}, summary="withdraw")
def matter_withdraw(request: HttpRequest, matter_id: int, payload: ReasonIn) -> dict[str, Any]:
    principal = require_scope(request, WRITE)
    matter = services.matter_withdraw(
        matter=_matter(principal.user, matter_id), reason=payload.reason, actor=principal.user
    )
    return _detail(matter)


@router.post(
    "/matters/{matter_id}/steps/{order}/sessions",
    response={201: SessionOut, **ERRORS},
    summary="record a meeting of a step (quorum, notice and vote are checked)",
)
def session_record(
    request: HttpRequest, matter_id: int, order: int, payload: SessionIn
) -> Status[dict[str, Any]]:
    principal = require_scope(request, WRITE)
    matter = _matter(principal.user, matter_id)
    attendance = [(_person(principal.user, a.person, "attendance"), a.status) for a in payload.attendance]
    session = services.session_record(
        step=_step(matter, order),
        held_at=payload.held_at,
        notice_given_on=payload.notice_given_on,
        expected=payload.expected,
        present=payload.present,
        votes_for=payload.votes_for,
        votes_against=payload.votes_against,
        abstentions=payload.abstentions,
        households_expected=payload.households_expected,
        households_present=payload.households_present,
        minutes=payload.minutes,
        attendance=attendance,
        signatures=[services.SignatureSpec(name=s.name, capacity=s.capacity) for s in payload.signatures],
        actor=principal.user,
        require_pass=payload.require_pass,
    )
    step = selectors.matter_detail(matter_id=matter.pk).steps.get(pk=session.step_id)
    return Status(201, next(s for s in _step_out(step)["sessions"] if s["id"] == session.pk))


@router.post(
    "/matters/{matter_id}/steps/{order}/publication",
    response={201: PublicationOut, **ERRORS},
    summary="publish a decision or a result",
)
def publish(
    request: HttpRequest, matter_id: int, order: int, payload: PublicationIn
) -> Status[dict[str, Any]]:
    principal = require_scope(request, WRITE)
    matter = _matter(principal.user, matter_id)
    publication = services.publication_publish(
        step=_step(matter, order),
        title=payload.title,
        content=payload.content,
        published_on=payload.published_on,
        period_days=payload.period_days,
        location=payload.location,
        actor=principal.user,
    )
    return Status(201, publication_out(publication))


# --- team and tender -----------------------------------------------------------------------------


def _member_spec(user: User, matter: Matter, member: MemberIn) -> services.MemberSpec:
    expert = None
    if member.expert is not None:
        expert = Expert.objects.filter(
            pk=member.expert, region_id__in=[matter.village_id, matter.village.parent_id]
        ).first()
        if expert is None:
            raise ValidationFailed(
                "专家不存在", "unknown expert", code="unknown_expert", detail={"field": "expert"}
            )
    return services.MemberSpec(
        person=_person(user, member.person), basis=member.basis, reason=member.reason, expert=expert
    )


@router.post("/matters/{matter_id}/team", response={201: list[MemberOut], **ERRORS}, summary="form the team")
def team_form(request: HttpRequest, matter_id: int, payload: TeamIn) -> Status[list[dict[str, Any]]]:
    principal = require_scope(request, WRITE)
    matter = _matter(principal.user, matter_id)
    team = services.team_form(
        matter=matter,
        members=[_member_spec(principal.user, matter, m) for m in payload.members],
        formed_on=payload.formed_on,
        actor=principal.user,
    )
    return Status(201, [member_out(m) for m in team.members.select_related("person")])


@router.post("/matters/{matter_id}/team/members", response={201: MemberOut, **ERRORS}, summary="add a member")
def team_member_add(request: HttpRequest, matter_id: int, payload: MemberIn) -> Status[dict[str, Any]]:
    principal = require_scope(request, WRITE)
    matter = _matter(principal.user, matter_id)
    team = getattr(matter, "team", None)
    if team is None:
        raise NotFound("议事团", "team")
    member = services.team_member_add(
        team=team, member=_member_spec(principal.user, matter, payload), actor=principal.user
    )
    return Status(201, member_out(member))


@router.post("/members/{member_id}/declarations", response={201: MemberOut, **ERRORS}, summary="利益申报")
def declare(request: HttpRequest, member_id: int, payload: DeclarationIn) -> Status[dict[str, Any]]:
    principal = require_scope(request, WRITE)
    member = access.member_get_for_user(principal.user, member_id)
    services.interest_declare(
        member=member,
        statement=payload.statement,
        declared_on=payload.declared_on,
        related_person=_person(principal.user, payload.related_person, "related_person")
        if payload.related_person
        else None,
        recuses=payload.recuses,
        actor=principal.user,
    )
    member.refresh_from_db()
    return Status(201, member_out(member))


@router.post(
    "/matters/{matter_id}/tender", response={201: MatterDetailOut, **ERRORS}, summary="open the tender"
)
def tender_open(request: HttpRequest, matter_id: int, payload: TenderIn) -> Status[dict[str, Any]]:
    principal = require_scope(request, WRITE)
    matter = _matter(principal.user, matter_id)
    services.tender_open(
        matter=matter,
        title=payload.title,
        opened_on=payload.opened_on,
        budget=payload.budget,
        actor=principal.user,
    )
    return Status(201, _detail(matter))


def _tender(matter: Matter) -> Any:
    tender = getattr(matter, "tender", None)
    if tender is None:
        raise NotFound("招投标", "tender")
    return tender


@router.post(
    "/matters/{matter_id}/tender/bidders",
    response={201: BidderRegistrationOut, **ERRORS},
    summary="register a bidder and the people behind it (related team members are excluded)",
)
def bidder_register(request: HttpRequest, matter_id: int, payload: BidderIn) -> Status[dict[str, Any]]:
    principal = require_scope(request, WRITE)
    matter = _matter(principal.user, matter_id)
    registration = services.bidder_register(
        tender=_tender(matter),
        name=payload.name,
        people=[(_person(principal.user, p.person), p.role) for p in payload.people],
        registered_on=payload.registered_on,
        bid_amount=payload.bid_amount,
        credit_code=payload.credit_code,
        actor=principal.user,
    )
    return Status(
        201,
        {
            "bidder": bidder_out(registration.bidder),
            "excluded": [member_out(m) for m in registration.excluded],
        },
    )


@router.post("/matters/{matter_id}/tender/award", response={200: MatterDetailOut, **ERRORS}, summary="award")
def tender_award(request: HttpRequest, matter_id: int, payload: AwardIn) -> dict[str, Any]:
    principal = require_scope(request, WRITE)
    matter = _matter(principal.user, matter_id)
    tender = _tender(matter)
    bidder = tender.bidders.filter(pk=payload.bidder).first()
    if bidder is None:
        raise ValidationFailed(
            "投标人不存在", "unknown bidder", code="unknown_bidder", detail={"field": "bidder"}
        )
    services.tender_award(
        tender=tender,
        bidder=bidder,
        awarded_on=payload.awarded_on,
        amount=payload.amount,
        note=payload.note,
        actor=principal.user,
    )
    return _detail(matter)


# --- objections ----------------------------------------------------------------------------------


@router.post("/objections", response={201: ObjectionOut, **ERRORS}, summary="record a villager's objection")
def objection_raise(request: HttpRequest, payload: ObjectionIn) -> Status[dict[str, Any]]:
    principal = require_scope(request, WRITE)
    publication = (
        Publication.objects.select_related("matter")
        .filter(access.village_q(principal.user, "matter__village"), pk=payload.publication)
        .first()
    )
    if publication is None:
        raise NotFound("公开事项", "publication")
    objection = services.objection_raise(
        publication=publication,
        name=payload.name,
        content=payload.content,
        phone=payload.phone,
        raised_at=payload.raised_at,
        actor=principal.user,
    )
    return Status(201, objection_out(objection))


@router.post("/objections/{objection_id}/answer", response={200: ObjectionOut, **ERRORS}, summary="answer")
def objection_answer(request: HttpRequest, objection_id: int, payload: AnswerIn) -> dict[str, Any]:
    principal = require_scope(request, WRITE)
    objection = access.objection_get_for_user(principal.user, objection_id)
    return objection_out(
        services.objection_answer(objection=objection, answer=payload.answer, actor=principal.user)
    )


# --- public --------------------------------------------------------------------------------------


@router.get(
    "/public/villages/{code}/publications",
    auth=None,
    response={200: list[PublicPublicationOut], **ERRORS},
    summary="a village's published decisions and results (no login)",
)
def public_publications(request: HttpRequest, code: Code) -> list[dict[str, Any]]:
    try:
        village: Region = org_selectors.region_get(code=code)
    except NotFound:
        raise NotFound("村社", "village") from None
    if village.level != RegionLevel.VILLAGE:
        raise NotFound("村社", "village")
    return [
        {
            **publication_out(p),
            "matter": p.matter.title,
            "matter_type": p.matter.matter_type.name,
            "is_generated": p.matter.is_generated,
        }
        for p in selectors.publication_list_public(village=village, on=timezone.localdate())[:200]
    ]
